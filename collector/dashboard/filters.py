"""The filters a coordinator chooses (period, site, département, kiosk), read from the
query string; bad values fall back to defaults with a note, never an error page."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

DEFAULT_DAYS = 30
MAX_TEXT = 200
_DEPARTEMENT = re.compile(r"^(\d{2,3}|2[AB])$")


@dataclass(frozen=True)
class Filters:
    start: date
    end: date                      # inclusive
    site: str | None = None
    departement: str | None = None
    kiosk: str | None = None
    notes: tuple[str, ...] = field(default=(), compare=False)  # text keys of what was ignored

    @classmethod
    def from_params(cls, params, tz: str) -> "Filters":
        today = datetime.now(ZoneInfo(tz)).date()
        notes = []
        start = _date(params.get("start"), notes)
        end = _date(params.get("end"), notes)
        end = end or today
        start = start or end - timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            start, end = end, start
        dep = _text(params.get("departement"))
        if dep and not _DEPARTEMENT.match(dep):
            notes.append("note_bad_departement")
            dep = None
        return cls(start, end, _text(params.get("site")), dep, _text(params.get("kiosk")), tuple(notes))

    def where(self, table) -> list:
        """Conditions on a summary table (columns day, site, departement, kiosk_id)."""
        conds = [table.c.day >= self.start.isoformat(), table.c.day <= self.end.isoformat()]
        return conds + self.place(table)

    def where_events(self, table, start_utc: datetime, end_utc: datetime) -> list:
        """Conditions on ``events`` (time in UTC between the period's bounds)."""
        return [table.c.time >= start_utc, table.c.time < end_utc] + self.place(table)

    def place(self, table) -> list:
        conds = []
        if self.site:
            conds.append(table.c.site == self.site)
        if self.departement:
            conds.append(table.c.departement == self.departement)
        if self.kiosk:
            conds.append(table.c.kiosk_id == self.kiosk)
        return conds

    def params(self) -> dict[str, str]:
        out = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        for name in ("site", "departement", "kiosk"):
            if getattr(self, name):
                out[name] = getattr(self, name)
        return out

    def query(self, **extra) -> str:
        return urlencode({**self.params(), **extra})

    def split_by_month(self) -> tuple[tuple[str, str] | None, list[tuple[date, date]]]:
        """The whole calendar months inside the period (first, last as YYYY-MM, or None)
        and the day ranges left at either end."""
        first = self.start if self.start.day == 1 else (self.start.replace(day=1) + timedelta(days=32)).replace(day=1)
        after = self.end + timedelta(days=1)
        last_end = self.end if after.day == 1 else self.end.replace(day=1) - timedelta(days=1)
        if first > last_end:
            return None, [(self.start, self.end)]
        edges = []
        if self.start < first:
            edges.append((self.start, first - timedelta(days=1)))
        if last_end < self.end:
            edges.append((last_end + timedelta(days=1), self.end))
        return (first.isoformat()[:7], last_end.isoformat()[:7]), edges

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    def slug(self) -> str:
        """For file names: the period and the place."""
        parts = [self.start.isoformat(), self.end.isoformat()]
        parts += [re.sub(r"[^A-Za-z0-9_-]+", "-", v) for v in (self.site, self.departement, self.kiosk) if v]
        return "_".join(parts)

    def without_notes(self) -> "Filters":
        return replace(self, notes=())


def _text(value) -> str | None:
    value = (value or "").strip()
    return value[:MAX_TEXT] or None


def _date(value, notes: list) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        notes.append("note_bad_date")
        return None
    if not date(2000, 1, 1) <= parsed <= date(2200, 1, 1):
        notes.append("note_bad_date")
        return None
    return parsed
