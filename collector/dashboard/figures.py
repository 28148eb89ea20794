"""The exhibit types' figures (declared in their manifests, :mod:`contract.figures`),
computed from the summary tables. The dashboard knows no type: an exhibit's page shows
every section whose kinds the exhibit recorded in the period. Keys, exhibits and
versions are named by the published releases (``names``: a
:class:`collector.dashboard.naming.PageNames`, or None for ids only).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from collector.catalogue import catalogue, manifests
from collector.dashboard.filters import Filters
from collector.dashboard.queries import period_rows
from contract.events import Summary
from contract.exports import Export, all_exports
from contract.figures import Card, Column, Measure, Section, Table

#: rows of a table export (the page shows a table's ``limit``)
EXPORT_LIMIT = 100_000


@cache
def sections() -> tuple[Section, ...]:
    return tuple(section for m in manifests().values() for section in m.figures)


@cache
def exports() -> dict[str, Export]:
    return {e.name: e for e in all_exports(sections())}


def _summary(kind: str) -> Summary:
    model = catalogue().get(kind)
    return model.summary if model is not None else Summary()


@dataclass
class Totals:
    """Summed summary rows: of one kind, or of one key of a kind."""

    n: int = 0
    flag1: int = 0
    flag2: int = 0
    value_sum: float = 0.0
    value_n: int = 0
    versions: set = field(default_factory=set)

    def add(self, n, flag1, flag2, value_sum, value_n) -> None:
        # PostgreSQL's sum() of integers is a NUMERIC (Decimal): figures become int/float here.
        self.n += int(n or 0)
        self.flag1 += int(flag1 or 0)
        self.flag2 += int(flag2 or 0)
        self.value_sum += float(value_sum or 0)
        self.value_n += int(value_n or 0)


def value(measure: Measure, totals: Totals | None, summary: Summary, whole: int = 0):
    """One figure from summed rows; None where it has no meaning (no events, nothing to average)."""
    t = totals or Totals()
    op = measure.op
    if op == "count":
        return t.n
    if op == "average":
        return t.value_sum / t.value_n if t.value_n else None
    if op == "share_of_total":
        return t.n / whole if whole else None
    if op in ("count_true", "share_true", "share_false"):
        column = summary.flag_column(measure.field or "")
        true = getattr(t, column) if column else 0
        if op == "count_true":
            return true
        if not t.n:
            return None
        return true / t.n if op == "share_true" else (t.n - true) / t.n
    raise ValueError(f"not a figure: {op}")


def kind_totals(conn: Connection, f: Filters, exhibit_id: str) -> dict[str, Totals]:
    """Per event kind of this exhibit, its summed summary rows over the period."""
    p = period_rows(f, lambda t: [t.c.exhibit_id == exhibit_id])
    out: dict[str, Totals] = {}
    for kind, *sums in conn.execute(
            select(p.c.kind, func.sum(p.c.n), func.sum(p.c.flag1), func.sum(p.c.flag2), func.sum(p.c.value_sum),
                   func.sum(p.c.value_n)).group_by(p.c.kind)):
        out.setdefault(kind, Totals()).add(*sums)
    return out


@dataclass
class Row:
    key: str
    totals: Totals
    values: dict[str, object]
    #: the key's text (a statement's, an intent's) where a release names it
    text: str | None = None


def key_content(table: Table):
    """Where the text of the table's keys is (its key column's ``content``), or None."""
    return next((c.content for c in table.columns if c.measure.op == "key" and c.content is not None), None)


def table_rows(conn: Connection, f: Filters, table: Table, exhibit_id: str, limit: int | None,
               names=None) -> list[Row]:
    """The table's rows for one exhibit: one per key, sorted, at most ``limit``."""
    summary = _summary(table.kind)
    content = key_content(table)

    def where(t):
        conds = [t.c.kind == table.kind, t.c.exhibit_id == exhibit_id, t.c.key != ""]
        if table.only is not None:
            column = t.c[summary.flag_column(table.only[0]) or "flag1"]
            conds.append(column > 0 if table.only[1] else column == 0)
        return conds

    p = period_rows(f, where)
    per_key: dict[str, Totals] = {}
    for key, version, *sums in conn.execute(
            select(p.c.key, p.c.content_version, func.sum(p.c.n), func.sum(p.c.flag1), func.sum(p.c.flag2),
                   func.sum(p.c.value_sum), func.sum(p.c.value_n)).group_by(p.c.key, p.c.content_version)):
        totals = per_key.setdefault(key, Totals())
        totals.add(*sums)
        if version:
            totals.versions.add(version)
    whole = sum(t.n for t in per_key.values())
    rows = []
    for key, totals in per_key.items():
        text = names.key_text(exhibit_id, totals.versions, content, key) if names and content else None
        values = {c.name: _cell(c, key, totals, summary, whole, exhibit_id, table.kind, names, text)
                  for c in table.columns}
        rows.append(Row(key, totals, values, text))
    if table.order_by:
        def order(row: Row):
            v = row.values[table.order_by]
            missing = v is None
            return (missing, (-v if table.descending else v) if not missing else 0, row.key)
        rows.sort(key=order)
    else:
        rows.sort(key=lambda r: r.key)
    return rows[:limit] if limit is not None else rows


def _cell(column: Column, key: str, totals: Totals, summary: Summary, whole: int, exhibit_id: str, kind: str,
          names=None, text: str | None = None):
    op = column.measure.op
    if op == "key":
        return key
    if op == "versions":
        return sorted(totals.versions)
    if op == "exhibit_id":
        return exhibit_id
    if op == "kind":
        return kind
    if op == "key_text":
        return text
    if op == "exhibit_title":
        return names.exhibit(exhibit_id, totals.versions) if names else None
    if op == "version_names":
        return names.versions(sorted(totals.versions)) if names else None
    return value(column.measure, totals, summary, whole)


# --- what an exhibit's page shows --------------------------------------------------------

@dataclass
class ShownCard:
    card: Card
    value: object


@dataclass
class ShownTable:
    table: Table
    columns: list[Column]
    rows: list[Row]


@dataclass
class ShownSection:
    section: Section
    cards: list[ShownCard]
    tables: list[ShownTable]


def exhibit_sections(conn: Connection, f: Filters, exhibit_id: str, totals: dict[str, Totals],
                     names=None) -> list[ShownSection]:
    shown = []
    for section in sections():
        if not any(kind in totals for kind in section.kinds()):
            continue
        cards = [ShownCard(c, value(c.measure, totals.get(c.kind), _summary(c.kind))) for c in section.cards]
        tables = [ShownTable(t, [c for c in t.columns if c.label is not None],
                             table_rows(conn, f, t, exhibit_id, t.limit, names)) for t in section.tables]
        shown.append(ShownSection(section, cards, tables))
    return shown


def exports_of(shown: list[ShownSection]) -> list[str]:
    """The exports of the tables shown, once each, in order."""
    return list(dict.fromkeys(t.table.export for s in shown for t in s.tables if t.table.export))


# --- table exports -------------------------------------------------------------------------

def exhibits_with(conn: Connection, f: Filters, kind: str) -> list[str]:
    """Ids of the exhibits that recorded this kind of event over the period."""
    p = period_rows(f, lambda t: [t.c.kind == kind, t.c.exhibit_id.is_not(None)])
    return sorted(r[0] for r in conn.execute(select(p.c.exhibit_id).distinct()))


def export_rows(conn: Connection, f: Filters, export: Export, names=None) -> list[list]:
    """Every row of a table export: each of its tables, each exhibit that recorded its kind."""
    out = []
    for table in export.tables:
        for exhibit_id in exhibits_with(conn, f, table.kind):
            for row in table_rows(conn, f, table, exhibit_id, EXPORT_LIMIT, names):
                out.append([csv_cell(c, row.values[c.name]) for c in table.columns])
    return out


def csv_cell(column: Column, v) -> object:
    if v is None:
        return ""
    if isinstance(v, list):
        return " ".join(v)
    if isinstance(v, float):
        digits = 4 if column.format == "percent" else 1 if column.format == "duration" else 3
        return f"{round(v, digits):g}"
    return v
