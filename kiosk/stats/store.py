"""The kiosk's durable event log: one SQLite file (WAL, synchronous=FULL).

``record()`` runs on the UI thread, so it only builds a row and puts it on a queue; a
writer thread commits queued rows in transactions. Nothing is deleted before the
collector has acknowledged it (``mark_sent``); acknowledged events are pruned after
``config.stats.keep_confirmed_days``. When the disk is full the writer keeps the rows in
memory, retries, and says so in ``status()`` instead of dropping anything.

Given the event catalogue (``open_store`` passes it), the store checks each event
against its kind: an event that does not match — a bug of the kiosk, which the tests'
strict :class:`kiosk.events.MemorySink` catches first — is logged, dropped and counted
(``status()["invalid"]``, sent in the health report), never allowed to fail a visit.
Data is cleaned by the rules both ends share (:mod:`contract.jsonsafe`), so nothing the
store keeps can be refused by the collector for its form.
"""
from __future__ import annotations

import itertools
import json
import logging
import queue
import re
import shutil
import sqlite3
import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping

from contract import Catalogue, InvalidEvent
from contract.jsonsafe import clean_json, short_text
from contract.limits import DEPARTEMENT_TEXT, MAX_EVENT_DATA_BYTES, SITE_TEXT
from kiosk.stats import clock

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,   -- the per-kiosk sequence number, never reused
    event_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    exhibit_id TEXT,
    content_version TEXT,
    visit_id TEXT,
    wall_time REAL NOT NULL,                 -- seconds since 1970 by the kiosk's clock
    mono_ns INTEGER NOT NULL,                -- CLOCK_MONOTONIC of boot_id
    boot_id TEXT NOT NULL,
    site TEXT,
    departement TEXT,
    data TEXT NOT NULL,                      -- JSON object
    sent_at REAL,                            -- NULL until the collector acknowledged it
    rejected TEXT                            -- why the collector refused it (kept, not resent)
);
CREATE INDEX IF NOT EXISTS events_pending ON events(seq) WHERE sent_at IS NULL;
CREATE INDEX IF NOT EXISTS events_sent ON events(sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_kind ON events(kind, exhibit_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""

COLUMNS = ("event_id", "kind", "exhibit_id", "content_version", "visit_id", "wall_time",
           "mono_ns", "boot_id", "site", "departement", "data")
_INSERT = f"INSERT OR IGNORE INTO events ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
_SET_META = "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"
_KEY = re.compile(r"^[A-Za-z0-9_]{1,64}$")
_RETRY_S = 1.0
_MAX_ERRORS_KEPT = 20


def _iso(ts: float | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, timezone.utc).isoformat(timespec="seconds")


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


class _Meta:
    """A marker put on the queue: write this meta value with the rows before it."""

    def __init__(self, key: str, value: str):
        self.key, self.value = key, value


class _Flush:
    """A marker put on the queue: set once every row queued before it is committed."""

    def __init__(self):
        self.done = threading.Event()


_STOP = object()


class StatsStore:
    def __init__(self, path: Path | str, *, kiosk_id: str, site: str | None = None,
                 departement: str | None = None, keep_confirmed_days: float = 30,
                 disk_low_mb: float = 200, max_db_pages: int | None = None,
                 catalogue: Catalogue | None = None):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.kiosk_id = kiosk_id
        self.site = short_text(site, SITE_TEXT)
        self.departement = short_text(departement, DEPARTEMENT_TEXT)
        #: checks each event's data against its kind (None: record anything)
        self.catalogue = catalogue
        self.keep_confirmed_days = keep_confirmed_days
        self.disk_low_mb = disk_low_mb
        #: an optional size cap of the file, in pages (SQLite then reports "database or disk is full")
        self.max_db_pages = max_db_pages
        self._boot_id = clock.boot_id()
        self._lock = threading.Lock()  # guards self._conn (readers and sync bookkeeping)
        self._conn = connect(self.path)
        self._conn.executescript(SCHEMA)
        columns = {row[1] for row in self._conn.execute("PRAGMA table_info(events)")}
        if "rejected" not in columns:  # a store made by an earlier version
            self._conn.execute("ALTER TABLE events ADD COLUMN rejected TEXT")
        self._conn.execute("CREATE INDEX IF NOT EXISTS events_rejected ON events(seq) WHERE rejected IS NOT NULL")
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._put = itertools.count(1)  # next() is atomic: record() may run on any thread
        self._last_put = 0
        self._committed = 0  # written by the writer thread only
        self._versions: dict[str, str] = {}  # latest content version seen per exhibit
        self._writer_error: str | None = None
        self._invalid = int(self.get_meta("invalid_events") or 0)
        self._closed = False
        self._writer = threading.Thread(target=self._write_loop, name="stats-writer", daemon=True)
        self._writer.start()

    # --- recording (UI thread) ---------------------------------------------------------
    def record(self, kind: str, *, exhibit_id: str | None = None, content_version: str | None = None,
               data: Mapping[str, Any] | None = None, visit_id: str | None = None) -> None:
        self.record_at(clock.wall_time(), kind, exhibit_id=exhibit_id, content_version=content_version,
                       data=data, visit_id=visit_id)

    def record_at(self, wall_time: float, kind: str, *, exhibit_id=None, content_version=None, data=None,
                  visit_id=None, mono_ns: int | None = None, boot_id: str | None = None) -> str:
        """``record`` with a given wall time (synthetic visits); returns the event id."""
        if self._closed:  # a late event at shutdown: say so, never crash the UI
            log.warning("statistics store closed: event %s not recorded", kind)
            return ""
        data = dict(data or {})
        if self.catalogue is not None:
            try:
                self.catalogue.validate(kind, data)
            except InvalidEvent as exc:
                self._drop_invalid(exc)
                return ""
        try:
            cleaned = clean_json(data)
            payload = json.dumps(cleaned, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        except (TypeError, ValueError, RecursionError) as exc:  # keep the event anyway
            cleaned, payload = None, json.dumps({"unserialisable": str(exc)[:200]})
        if cleaned is not None and len(payload.encode()) > MAX_EVENT_DATA_BYTES:  # the collector would refuse it
            self._drop_invalid(InvalidEvent(kind, "", f"data over {MAX_EVENT_DATA_BYTES} bytes once encoded"))
            return ""
        event_id = uuid.uuid4().hex
        row = (event_id, short_text(kind) or "unknown", short_text(exhibit_id), short_text(content_version),
               short_text(visit_id),
               float(wall_time),
               clock.monotonic_ns() if mono_ns is None else int(mono_ns), boot_id or self._boot_id,
               self.site, self.departement, payload)
        if exhibit_id is not None and content_version is not None:
            self._versions[exhibit_id] = content_version
        self._last_put = next(self._put)
        self._queue.put(row)
        return event_id

    def _drop_invalid(self, exc: InvalidEvent) -> None:
        self._invalid += 1
        log.error("statistics: event dropped, it does not match the event catalogue: %s", exc)
        self._queue.put(_Meta("invalid_events", str(self._invalid)))
        self._queue.put(_Meta("last_invalid", str(exc)[:500]))

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything recorded so far is committed to disk."""
        marker = _Flush()
        self._queue.put(marker)
        return marker.done.wait(timeout)

    # --- the writer thread -------------------------------------------------------------
    def _write_loop(self) -> None:
        conn = connect(self.path)
        pending_rows: list[tuple] = []
        pending_meta: dict[str, str] = {}
        markers: list[_Flush] = []
        stop = False
        while True:
            if not pending_rows and not markers:
                item = self._queue.get()
                items = [item]
            else:
                items = []
            while len(items) < 5000:
                try:
                    items.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            for item in items:
                if item is _STOP:
                    stop = True
                elif isinstance(item, _Flush):
                    markers.append(item)
                elif isinstance(item, _Meta):
                    pending_meta[item.key] = item.value
                else:
                    pending_rows.append(item)
            if pending_rows or pending_meta:
                try:
                    if self.max_db_pages:
                        conn.execute(f"PRAGMA max_page_count = {int(self.max_db_pages)}")
                    conn.execute("BEGIN IMMEDIATE")
                    conn.executemany(_INSERT, pending_rows)
                    conn.executemany(_SET_META, list(pending_meta.items()))
                    conn.execute("COMMIT")
                except Exception as exc:  # noqa: BLE001 - the writer thread must outlive any error
                    # Disk full, file locked…: keep the rows and try again; never drop them.
                    try:
                        conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                    self._writer_error = f"statistics not written yet ({len(pending_rows)} waiting): {exc}"
                    log.warning(self._writer_error)
                    if stop:
                        break
                    time.sleep(_RETRY_S)
                    continue
                self._committed += len(pending_rows)
                pending_rows = []
                pending_meta = {}
                self._writer_error = None
            for marker in markers:
                marker.done.set()
            markers = []
            if stop:
                break
        conn.close()

    # --- queries -----------------------------------------------------------------------
    def _read(self, sql: str, params: Iterable = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, tuple(params)).fetchall()

    def get_meta(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str | None) -> None:
        with self._lock:
            self._conn.execute(_SET_META, (key, value))

    def recorded_count(self) -> int:
        rows = self._read("SELECT seq FROM sqlite_sequence WHERE name = 'events'")
        return int(rows[0][0]) if rows else 0

    def pending_count(self) -> int:
        # Two index-only counts: far faster than filtering the table on both columns.
        unsent = self._read("SELECT count(*) FROM events WHERE sent_at IS NULL")[0][0]
        return unsent - self.rejected_count()

    def rejected_count(self) -> int:
        return self._read("SELECT count(*) FROM events WHERE rejected IS NOT NULL AND sent_at IS NULL")[0][0]

    def mark_rejected(self, event_id: str, reason: str) -> None:
        """The collector refuses this event for good (it fails its checks): keep it, stop
        sending it, so it cannot hold back the others."""
        with self._lock:
            self._conn.execute("UPDATE events SET rejected = ? WHERE event_id = ? AND sent_at IS NULL",
                               (reason[:500], event_id))

    def disk_free_mb(self) -> float:
        try:
            return shutil.disk_usage(self.path.parent).free / 1e6
        except OSError:
            return 0.0

    def status(self) -> dict:
        free = self.disk_free_mb()
        last_sync = self.get_meta("last_sync")
        return {
            "kiosk_id": self.kiosk_id,
            "recorded": self.recorded_count(),
            "pending": self.pending_count(),
            "rejected": self.rejected_count(),
            "queued": max(self._last_put - self._committed, 0),
            "last_sync": _iso(float(last_sync)) if last_sync else None,
            "disk_free_mb": round(free, 1),
            "disk_low": free < self.disk_low_mb,
            "last_error": self._writer_error or self.get_meta("last_error"),
            "invalid": self._invalid,
            "last_invalid": self.get_meta("last_invalid"),
            "store_bytes": self.store_bytes(),
        }

    def store_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file())

    def value_counts(self, kind: str, exhibit_id: str | None, key: str,
                     where: Mapping[str, Any] | None = None) -> dict:
        """How often each value of ``data[key]`` occurs in events of this kind and exhibit
        whose data fields equal ``where`` (e.g. what other visitors answered)."""
        for name in [key, *(where or {})]:
            if not _KEY.match(name):
                raise ValueError(f"not a data field name: {name!r}")
        sql = ["SELECT data ->> ?, count(*) FROM events WHERE kind = ?"]
        params: list[Any] = ["$." + key, kind]
        if exhibit_id is None:
            sql.append("AND exhibit_id IS NULL")
        else:
            sql.append("AND exhibit_id = ?")
            params.append(exhibit_id)
        for name, value in (where or {}).items():
            # Compare JSON with JSON so that True matches true and "1" does not match 1.
            sql.append("AND data -> ? = json(?)")
            params += ["$." + name, json.dumps(value)]
        sql.append("AND data ->> ? IS NOT NULL GROUP BY 1")
        params.append("$." + key)
        return {value: count for value, count in self._read(" ".join(sql), params)}

    # --- sync bookkeeping --------------------------------------------------------------
    def pending_events(self, limit: int, after_seq: int = 0) -> list[dict]:
        rows = self._read(
            f"SELECT seq, {', '.join(COLUMNS)} FROM events WHERE sent_at IS NULL AND rejected IS NULL AND seq > ? "
            "ORDER BY seq LIMIT ?", (after_seq, limit))
        events = []
        for row in rows:
            event = dict(zip(("seq", *COLUMNS), row))
            event["data"] = json.loads(event["data"])
            events.append(event)
        return events

    def mark_sent(self, event_ids: Iterable[str], *, at: float | None = None) -> int:
        """The collector acknowledged these ids: they may be pruned later."""
        at = time.time() if at is None else at
        ids = list(event_ids)
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                changed = 0
                for i in range(0, len(ids), 500):
                    chunk = ids[i:i + 500]
                    cur = conn.execute(
                        f"UPDATE events SET sent_at = ? WHERE sent_at IS NULL AND event_id IN "
                        f"({', '.join('?' * len(chunk))})", (at, *chunk))
                    changed += cur.rowcount
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return changed

    def prune(self, *, now: float | None = None) -> int:
        """Delete acknowledged events older than the retention time; never pending ones."""
        now = time.time() if now is None else now
        cutoff = now - self.keep_confirmed_days * 86400
        with self._lock:
            cur = self._conn.execute("DELETE FROM events WHERE sent_at IS NOT NULL AND sent_at <= ?", (cutoff,))
            return cur.rowcount

    def note_sync(self, *, at: float | None = None) -> None:
        self.set_meta("last_sync", repr(time.time() if at is None else at))
        self.set_meta("last_error", None)

    def note_error(self, message: str) -> None:
        """Remember an error for the staff panel and the next health report."""
        self.set_meta("last_error", message)
        errors = self.errors_since_sync()
        errors.append({"at": _iso(time.time()), "error": message})
        self.set_meta("errors", json.dumps(errors[-_MAX_ERRORS_KEPT:]))

    def errors_since_sync(self) -> list[dict]:
        raw = self.get_meta("errors")
        try:
            return list(json.loads(raw)) if raw else []
        except ValueError:
            return []

    def clear_errors(self) -> None:
        self.set_meta("errors", None)

    def content_versions(self) -> dict[str, str]:
        """The latest content version seen per exhibit (for the health report)."""
        return dict(self._versions)

    # --- closing -----------------------------------------------------------------------
    def close(self, timeout: float = 30) -> None:
        """Commit everything queued, then close. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(_STOP)
        self._writer.join(timeout)
        with self._lock:
            self._conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def open_store(config) -> StatsStore:
    """The store of this kiosk: ``config.data_path / "stats.sqlite3"``.

    A damaged file (not a database any more) is moved aside, never deleted, and a new
    store starts so the kiosk keeps counting; the staff panel shows what happened."""
    path = config.data_path / "stats.sqlite3"
    from kiosk.events import kiosk_catalogue

    kwargs = dict(kiosk_id=config.kiosk_id, site=config.site.name, departement=config.site.departement,
                  keep_confirmed_days=config.stats.keep_confirmed_days, disk_low_mb=config.stats.disk_low_mb,
                  catalogue=kiosk_catalogue())
    try:
        return StatsStore(path, **kwargs)
    except sqlite3.DatabaseError as exc:
        if not any(word in str(exc) for word in ("not a database", "malformed")):
            raise
        aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
        for part in sorted(path.parent.glob(path.name + "*")):
            if ".damaged-" not in part.name:
                part.replace(aside.with_name(aside.name + part.name[len(path.name):]))
        log.error("statistics store damaged (%s): moved to %s, starting a new one", exc, aside)
        store = StatsStore(path, **kwargs)
        store.note_error(f"statistics file damaged, kept as {aside.name}; a new one was started")
        return store
