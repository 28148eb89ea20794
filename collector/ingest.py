"""Writing a checked batch: exactly once per event id, in one transaction.

Clock skew: a kiosk's wall clock may be wrong (no battery clock on a Pi). For a batch
received over HTTP we know the server's receive time and the kiosk's send time, both
in wall and monotonic time. An event from the kiosk's current boot is placed at
``received_at - (sent_mono - event_mono)``: right even if the wall clock was changed
during the boot. An event from an earlier boot gets the wall-clock offset of this
batch. A USB bundle has no trustworthy send time, so its events keep the kiosk's time
(``clock_corrected`` false). Both raw times are kept.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.engine import Engine

from collector import db
from contract.clock import utc_from_timestamp as _utc
from contract.clock import utcnow
from contract.wire import Batch

# SQLite has one writer at a time: queue writers here rather than on its busy timeout.
_sqlite_write_lock = threading.Lock()


@dataclass
class IngestResult:
    accepted: list[str]
    known: list[str]
    received_at: datetime


_COLUMNS = [c.name for c in db.events.columns if c.name != "id"]
_SQLITE_INSERT = (f"INSERT OR IGNORE INTO events ({', '.join(_COLUMNS)}) "
                  f"VALUES ({', '.join('?' * len(_COLUMNS))})")


def _copy_insert_postgres(conn, rows: list[dict]) -> list[str]:
    """PostgreSQL: COPY the batch into a temporary table, then one INSERT … SELECT …
    ON CONFLICT DO NOTHING. Several times faster than a many-valued INSERT, same rule:
    an id already known is skipped, and the ids written are returned."""
    from psycopg.types.json import Jsonb

    cols = ", ".join(_COLUMNS)
    cur = conn.connection.driver_connection.cursor()
    try:
        cur.execute(f"CREATE TEMP TABLE incoming_events ON COMMIT DROP AS SELECT {cols} FROM events WITH NO DATA")
        with cur.copy(f"COPY incoming_events ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([Jsonb(row[c]) if c == "data" else row[c] for c in _COLUMNS])
        cur.execute(f"INSERT INTO events ({cols}) SELECT {cols} FROM incoming_events "
                    "ON CONFLICT (event_id) DO NOTHING RETURNING event_id")
        return [r[0] for r in cur.fetchall()]
    finally:
        cur.close()


def _insert_sqlite(conn, rows: list[dict]) -> list[str]:
    """SQLite: the ids not yet known, then INSERT OR IGNORE through the driver's
    executemany (twice as fast as the generic path). Writers are serialised (the lock
    above, and SQLite's own lock across processes); the unique constraint makes the
    write exactly-once even if another process slipped in between."""
    raw = conn.connection.driver_connection
    ids = [r["event_id"] for r in rows]
    known: set[str] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        known.update(r[0] for r in raw.execute(
            f"SELECT event_id FROM events WHERE event_id IN ({', '.join('?' * len(chunk))})", chunk))
    new, seen = [], set(known)
    for row in rows:
        if row["event_id"] not in seen:
            seen.add(row["event_id"])
            new.append(row)
    if new:
        raw.executemany(_SQLITE_INSERT, [tuple(_sqlite_value(c, r[c]) for c in _COLUMNS) for r in new])
    return [r["event_id"] for r in new]


def _sqlite_value(column: str, value):
    # The formats SQLAlchemy uses for these types on SQLite, so both paths read alike.
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    if column == "data":
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, bool):
        return int(value)
    return value


def event_rows(batch: Batch, *, source: str, received_at: datetime) -> list[dict]:
    corrected = source == "http"
    sent_at = _utc(batch.sent_at)
    offset = received_at - sent_at
    rows = []
    for ev in batch.events:
        wall = _utc(ev.wall_time)
        if not corrected:
            when = wall
        elif ev.boot_id == batch.boot_id and ev.mono_ns <= batch.sent_mono_ns:
            when = received_at - timedelta(microseconds=(batch.sent_mono_ns - ev.mono_ns) // 1000)
        else:
            when = wall + offset
        rows.append({
            "event_id": ev.event_id, "kiosk_id": batch.kiosk_id, "seq": ev.seq, "kind": ev.kind,
            "exhibit_id": ev.exhibit_id, "content_version": ev.content_version, "visit_id": ev.visit_id,
            "site": ev.site, "departement": ev.departement, "time": when, "wall_time": wall, "sent_at": sent_at,
            "mono_ns": ev.mono_ns, "boot_id": ev.boot_id, "clock_corrected": corrected,
            "received_at": received_at, "source": source, "data": ev.data,
        })
    return rows


def _health_values(batch: Batch, received_at: datetime, source: str) -> dict:
    health = batch.health
    report = health.reported()
    values: dict = {"last_seen_at": received_at}
    if source == "http":
        values["clock_offset_s"] = (received_at - _utc(batch.sent_at)).total_seconds()
    if health.pending is not None:
        values["pending"] = health.pending
    if len(report) > 1:  # the full report (first batch of a round), not just the pending count
        values["health"] = report
        for column in ("disk_free_mb", "app_version", "content_version", "uptime_s", "site", "departement"):
            value = getattr(health, column)
            if value is not None:
                values[column] = value
        values["errors"] = len(health.errors or [])
    return values


def ingest(engine: Engine, batch: Batch, *, source: str = "http",
           received_at: datetime | None = None) -> IngestResult:
    """Write the batch's new events and the kiosk's health; one transaction."""
    received_at = received_at or utcnow()
    rows = event_rows(batch, source=source, received_at=received_at)
    lock = _sqlite_write_lock if db.is_sqlite(engine) else None
    if lock:
        lock.acquire()
    try:
        with engine.begin() as conn:
            accepted: list[str] = []
            if rows and engine.dialect.name == "postgresql":
                accepted = _copy_insert_postgres(conn, rows)
            elif rows:
                accepted = _insert_sqlite(conn, rows)
            accepted_set = set(accepted)
            known = [r["event_id"] for r in rows if r["event_id"] not in accepted_set]
            values = _health_values(batch, received_at, source)
            values["last_sync_at"] = received_at
            conn.execute(update(db.kiosks).where(db.kiosks.c.kiosk_id == batch.kiosk_id).values(**values))
            conn.execute(db.syncs.insert().values(
                kiosk_id=batch.kiosk_id, received_at=received_at, source=source,
                accepted=len(accepted), known=len(known), pending=values.get("pending")))
    finally:
        if lock:
            lock.release()
    return IngestResult(accepted, known, received_at)
