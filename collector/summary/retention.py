"""Retention: the collector keeps raw events at most ``months`` calendar months (25 by
default, the ceiling the CNIL sets for audience measurement); the dashboard's summary
tables keep their figures.

:func:`prune` first brings the summary tables up to date, marks the cutoff (so no later
refresh, not even a full rebuild, recomputes the pruned days from the few raw events
left), then deletes the older events in batches of :data:`BATCH` rows, one short
transaction each, so a big PostgreSQL table is never locked for long. The cutoff is a
local midnight (the dashboard's zone): whole days go, and a day's summary is never
recomputed from half its events. ``collector serve`` prunes at start-up, then daily.
"""
from __future__ import annotations

import calendar
import logging
import os
import threading
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine

from collector import db
from collector.summary import rollup

DEFAULT_MONTHS = 25
MONTHS_ENV = "KIOSK_COLLECTOR_RETENTION_MONTHS"
BATCH = 5000
DAY_S = 86400.0

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PruneResult:
    deleted: int           # raw events deleted
    cutoff: datetime       # naive UTC: the events before this instant are gone
    first_kept_day: date   # its local date (the dashboard's zone)

    def line(self) -> str:
        return (f"retention: {self.deleted} raw events before {self.first_kept_day.isoformat()} deleted "
                f"(the dashboard keeps their figures)")


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day if shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def cutoff_for(now: datetime, months: int, tz: str) -> tuple[datetime, date]:
    """The first local midnight at or after ``now`` minus ``months`` months (naive UTC), and its date.
    Rounded up, not down: nothing older than the limit is ever kept."""
    aware = now if now.tzinfo else now.replace(tzinfo=timezone.utc)
    local = aware.astimezone(ZoneInfo(tz))
    back = months_before(local.date(), months)
    first_kept = back if local.time() == time(0) else back + timedelta(days=1)
    return rollup.utc_bounds(first_kept, tz)[0], first_kept


def prune(engine: Engine, *, months: int = DEFAULT_MONTHS, now: datetime | None = None,
          tz: str = rollup.DEFAULT_TZ, batch: int = BATCH) -> PruneResult:
    """Summarise, then delete the raw events older than ``months`` calendar months."""
    if months < 1:
        raise ValueError(f"a retention of {months} months keeps nothing")
    rollup.ensure_schema(engine)
    rollup.refresh(engine, tz)
    cutoff, first_kept = cutoff_for(now or datetime.now(timezone.utc), months, tz)
    with rollup.summary_transaction(engine) as conn:  # marked first: a crash mid-way loses nothing
        rollup.mark_pruned_before(conn, cutoff)
    ev, deleted = db.events, 0
    while True:
        with rollup.summary_transaction(engine) as conn:
            oldest = select(ev.c.id).where(ev.c.time < cutoff).limit(batch).scalar_subquery()
            count = conn.execute(delete(ev).where(ev.c.id.in_(oldest))).rowcount
        deleted += count
        if count < batch:
            return PruneResult(deleted, cutoff, first_kept)


def months_from_env(env=None) -> int:
    """``KIOSK_COLLECTOR_RETENTION_MONTHS`` (25 when unset; 0 turns pruning off)."""
    value = (os.environ if env is None else env).get(MONTHS_ENV, "").strip()
    if not value:
        return DEFAULT_MONTHS
    if not value.isdigit():
        raise ValueError(f"{MONTHS_ENV}={value!r} is not a whole number of months (0: never prune)")
    return int(value)


def start_daily(engine: Engine, months: int, tz: str, *, every_s: float = DAY_S) -> threading.Event:
    """Prune now and then every ``every_s`` in a background thread; set the returned event
    to stop it. A failure (database down…) is logged and retried next time, never raised."""
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            try:
                log.warning("%s", prune(engine, months=months, tz=tz).line())
            except Exception as exc:  # noqa: BLE001  the server must keep serving
                message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                log.error("retention: pruning failed, retried in %.0f h: %s", every_s / 3600, message)
            stop.wait(every_s)

    threading.Thread(target=run, name="collector-retention", daemon=True).start()
    return stop
