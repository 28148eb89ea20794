"""What the dashboard shows of a kind, declared beside the kind: figures on an exhibit's
page, tables and their CSV exports. The collector draws any type's figures from these
declarations; it knows no type.

Every figure is computed from the summary rows of one kind (see
:class:`contract.events.Summary`): how many events, how many with a boolean field true,
the average of the kind's number, per key or in all.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .text import Text

Op = Literal["count", "count_true", "share_true", "share_false", "average", "share_of_total",
             "key", "versions", "exhibit_id", "kind", "key_text", "exhibit_title", "version_names"]
Format = Literal["number", "percent", "duration", "text"]


@dataclass(frozen=True)
class Measure:
    op: Op
    field: str | None = None


#: events
COUNT = Measure("count")
#: the average of the kind's summary number (``Summary.value``)
AVERAGE = Measure("average")
#: this row's events out of the table's (a poll answer's share of the votes)
SHARE_OF_TOTAL = Measure("share_of_total")
#: table columns that are not figures: the row's key, the content versions it was
#: recorded in, and for exports the exhibit and the kind
KEY, VERSIONS, EXHIBIT, KIND = Measure("key"), Measure("versions"), Measure("exhibit_id"), Measure("kind")
#: what the collector reads in the release that produced the figures, in the coordinator's
#: language, empty where it knows no such release: the text of the row's key (the table's
#: key column says where it is, :class:`ContentText`), the exhibit's title, and the
#: human versions (``exhibition.yaml``'s) of the content versions
KEY_TEXT, EXHIBIT_TITLE, VERSION_NAMES = Measure("key_text"), Measure("exhibit_title"), Measure("version_names")


@dataclass(frozen=True)
class ContentText:
    """A key that is a content id (a statement, an intent…), and where its text is in the
    exhibit's YAML, so the dashboard names it by its text, the id beside it. ``items`` is
    the field holding the list of those things, ``id`` the field of an item holding its
    id, ``text`` the fields holding its text, tried in order (a text per language, or a
    list per language whose first element counts). ``linked``: the list is in the
    exhibit this one links to (its type's manifest ``links``: a voicebot speaks the
    intents of the chatbot it names)."""

    kind: str
    items: str
    text: tuple[str, ...]
    id: str = "id"
    linked: bool = False


def count_true(field: str) -> Measure:
    """Events whose boolean ``field`` is true (a flag of the kind's summary)."""
    return Measure("count_true", field)


def share_true(field: str) -> Measure:
    return Measure("share_true", field)


def share_false(field: str) -> Measure:
    return Measure("share_false", field)


@dataclass(frozen=True)
class Card:
    """One figure in a box: a label and a number."""

    kind: str
    measure: Measure
    label: Text
    format: Format = "number"
    #: the element's id on the page (for links and tests), e.g. "fig-fallback"
    html_id: str | None = None


@dataclass(frozen=True)
class Column:
    """A column of a table and of its CSV export. ``name`` is the CSV header, a stable
    interface: add columns at the end, never rename or remove one."""

    name: str
    measure: Measure
    #: what the column means, for docs/coordinators/csv-columns.md
    doc: str
    #: its header on the page; None: in the export only
    label: Text | None = None
    format: Format = "number"
    #: drawn as a bar (a share between 0 and 1)
    bar: bool = False
    #: a row whose value is below this stands out (e.g. a myth most visitors believe)
    low_below: float | None = None
    #: a key column whose keys are content ids: where their text is
    content: ContentText | None = None


@dataclass(frozen=True)
class Table:
    """One row per key of ``kind`` (statement, intent, answer…), over the chosen period."""

    kind: str
    columns: tuple[Column, ...]
    #: a heading above the table (the section's title may say enough)
    title: Text | None = None
    #: keep only the keys whose boolean ``field`` is (True) or is never (False) true
    only: tuple[str, bool] | None = None
    #: sorted by this column (then by key); ``descending`` for the biggest first
    order_by: str | None = None
    descending: bool = False
    #: rows shown on the page (the export has them all)
    limit: int | None = None
    #: said instead of an empty table
    empty: Text | None = None
    #: name of its CSV export (``/dashboard/export/NAME.csv``); tables of several types
    #: may share one export if they have the same columns
    export: str | None = None
    export_label: Text | None = None
    #: what one row of the export is, for docs/coordinators/csv-columns.md
    export_doc: str = ""


@dataclass(frozen=True)
class Section:
    """A block of an exhibit's page, shown when the exhibit recorded one of its kinds."""

    html_id: str
    title: Text | None = None
    intro: Text | None = None
    cards: tuple[Card, ...] = ()
    tables: tuple[Table, ...] = ()

    def kinds(self) -> list[str]:
        return list(dict.fromkeys([c.kind for c in self.cards] + [t.kind for t in self.tables]))


# --- tables that several types share (one export each: the same columns) -------------------

def intents_table(kind: str, intents: ContentText) -> Table:
    """How often each intent was understood, most asked first: for any type whose
    events of ``kind`` have an ``intent`` and a ``fallback`` (typed or spoken questions)."""
    return Table(
        kind,
        title=Text("Intentions les plus demandées", "Intents asked most"),
        columns=(
            Column("exhibit_id", EXHIBIT, "the exhibit"),
            Column("kind", KIND, "the kind of event"),
            Column("intent", KEY, "intent id (as in the content file)", Text("Intention", "Intent"),
                   format="text", content=intents),
            Column("asked", COUNT, "times it was asked and understood", Text("Nombre", "Count")),
            Column("intent_text", KEY_TEXT, "the intent's question in the dashboard's language (its "
                   "`question`, else its first example), from the latest release that produced these "
                   "figures (empty when no published release holds it)"),
            Column("exhibit_title", EXHIBIT_TITLE, "the exhibit's title in the dashboard's language (empty "
                   "when no published release holds it)"),
        ),
        only=("fallback", False), order_by="asked", descending=True, limit=15,
        export="intents", export_label=Text("Intentions", "Intents"),
        export_doc="How often each intent was understood, per exhibit and kind of event.",
    )


def unanswered_table(kind: str, *, title: Text, label: Text, empty: Text) -> Table:
    """The texts not understood, most frequent first (kept only where a privacy setting
    lets the kiosk keep them): the companion of :func:`intents_table`."""
    return Table(
        kind,
        title=title,
        columns=(
            Column("exhibit_id", EXHIBIT, "the exhibit"),
            Column("kind", KIND, "the kind of event"),
            Column("text", KEY, "the question as typed or transcribed (first 200 characters)", label,
                   format="text"),
            Column("asked", COUNT, "times this exact text was asked", Text("Nombre", "Count")),
            Column("exhibit_title", EXHIBIT_TITLE, "the exhibit's title in the dashboard's language (empty "
                   "when no published release holds it)"),
        ),
        only=("fallback", True), order_by="asked", descending=True, limit=50, empty=empty,
        export="unanswered", export_label=Text("Questions sans réponse", "Unanswered questions"),
        export_doc="Questions that were not understood.",
    )
