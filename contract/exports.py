"""The dashboard's CSV exports: their names and columns, a stable interface (add columns
at the end, never rename or remove one). The shell's exports are declared here; an
exhibit type's tables bring theirs (:class:`contract.figures.Table`). The column
reference ``docs/coordinators/csv-columns.md`` is generated from both.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .figures import Column, Section, Table
from .text import Text


#: A text cell starting with one of these is a formula to a spreadsheet (OWASP's "CSV
#: injection" list, with the full-width forms some spreadsheets also read): the export
#: writes it after a single quote, which the spreadsheet shows as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def neutralise_cell(value):
    """A cell as the CSV writes it: a text that a spreadsheet would run as a formula gets
    a leading ``'``; numbers (and texts that are plain numbers, such as ``-3.5``) stay."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.match(value):
        return "'" + value
    return value


@dataclass(frozen=True)
class Export:
    name: str
    label: Text
    #: what one row is (Markdown), for the column reference
    doc: str
    #: (column, meaning)
    columns: tuple[tuple[str, str], ...]
    #: the tables it is made of (exhibit types' exports); empty for the shell's own
    tables: tuple[Table, ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [name for name, _ in self.columns]


EVENTS = Export("events", Text("Événements bruts", "Raw events"),
                "One row per event received by the collector (raw data, for your own analyses).", (
    ("event_id", "unique id of the event (the same on the kiosk and the collector)"),
    ("kiosk_id", "kiosk that recorded it"),
    ("seq", "the kiosk's sequence number"),
    ("kind", "event kind (all of them, with their fields, in the [privacy register](privacy-register.md))"),
    ("exhibit_id", "exhibit concerned (empty for visit events)"),
    ("content_version", "version of that exhibit's content when the event happened"),
    ("visit_id", "anonymous visit id (random, one per visit)"),
    ("site", "site where the kiosk stood"),
    ("departement", "its département"),
    ("time_utc", "when it happened (kiosk clock corrected by the collector), UTC"),
    ("wall_time_utc", "the kiosk's own clock, as sent, UTC"),
    ("received_at_utc", "when the collector received it, UTC"),
    ("clock_corrected", "`true` when `time_utc` was corrected from the sync times, `false` for USB bundles"),
    ("source", "`http` (network sync) or `usb` (bundle imported by hand)"),
    ("data_json", "the event's own fields, as JSON (e.g. `{\"statement_id\": …, \"correct\": true}`)"),
    ("content_version_name", "`content_version` as `exhibition.yaml` names it (`version`), from the published "
                             "release(s) holding that exhibit at that version; the version itself where none does"),
))

DAYS = Export("days", Text("Chiffres par jour", "Figures per day"), "One row per local day of the period.", (
    ("day", "local date, `YYYY-MM-DD`"),
    ("visits", "visits started"),
    ("visits_ended", "visits ended (by idle timeout or return to the attract screen)"),
    ("avg_visit_duration_s", "average duration of the visits ended that day, seconds"),
    ("exhibits_opened", "exhibits opened"),
))

HOURS = Export("hours", Text("Chiffres par heure", "Figures per hour"),
               "One row per hour of the day (0–23, local time), summed over the period.", (
    ("hour", "local hour, 0 to 23 (`10` = from 10:00 to 10:59)"),
    ("visits", "visits started in that hour"),
    ("exhibits_opened", "exhibits opened in that hour"),
))

EXHIBITS = Export("exhibits", Text("Modules", "Exhibits"), "One row per exhibit.", (
    ("exhibit_id", "exhibit id (as in the content files)"),
    ("exhibit_type", "its type"),
    ("opened", "times it was opened"),
    ("closed", "times it was closed (with a dwell time)"),
    ("avg_dwell_s", "average time spent in it, seconds"),
    ("exhibit_title", "its title in the dashboard's language, from the latest published release it was opened "
                      "in during the period (empty when none holds it)"),
))

KIOSKS = Export("kiosks", Text("Bornes", "Kiosks"),
                "Kiosk health, from each kiosk's latest sync (the place filters apply; the period only to "
                "`visits_in_period`).", (
    ("kiosk_id", "kiosk id"),
    ("site", "site (from its last health report)"),
    ("departement", "département"),
    ("last_seen_utc", "last time it contacted the collector, UTC (empty: never)"),
    ("last_sync_utc", "last batch accepted, UTC"),
    ("pending", "events it still had to send at its last sync"),
    ("app_version", "kiosk software version"),
    ("content_versions", "content version per exhibit, `exhibit=version`, space-separated"),
    ("disk_free_mb", "free disk space, MB"),
    ("disk_low", "`true` when the kiosk reported its disk nearly full"),
    ("errors", "errors it reported since its previous sync"),
    ("last_error", "the latest of those errors"),
    ("visits_in_period", "visits it recorded during the chosen period"),
    ("silent", "`true` when not heard from for longer than the threshold (`silent_h`, default "
               "`KIOSK_DASHBOARD_SILENT_HOURS` = 24 h)"),
))

SHELL_BEFORE: tuple[Export, ...] = (EVENTS, DAYS, HOURS, EXHIBITS)
SHELL_AFTER: tuple[Export, ...] = (KIOSKS,)


def table_exports(sections: Iterable[Section]) -> list[Export]:
    """The exports the exhibit types' tables declare, one per name, in order; tables
    sharing a name must have the same columns."""
    grouped: dict[str, list[Table]] = {}
    for section in sections:
        for table in section.tables:
            if table.export:
                grouped.setdefault(table.export, []).append(table)
    out = []
    for name, tables in grouped.items():
        first = tables[0]
        columns = tuple((c.name, c.doc) for c in first.columns)
        for other in tables[1:]:
            if tuple((c.name, c.doc) for c in other.columns) != columns:
                raise ValueError(f"export {name!r}: tables of {first.kind} and {other.kind} differ in columns")
        out.append(Export(name, first.export_label or Text(name, name), first.export_doc, columns, tuple(tables)))
    return out


def all_exports(sections: Iterable[Section]) -> list[Export]:
    exports = [*SHELL_BEFORE, *table_exports(sections), *SHELL_AFTER]
    names = [e.name for e in exports]
    if len(set(names)) != len(names):
        raise ValueError(f"two exports share a name: {names}")
    return exports


__all__ = ["Column", "Export", "FORMULA_STARTS", "all_exports", "neutralise_cell", "table_exports"]
