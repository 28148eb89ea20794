"""Fill a collector database with many simulated events, fast (for the dashboard benchmark).

The visits come from the kiosk's own simulator (``kiosk.stats.simulate``), spread over
many kiosks, sites and départements; the rows go straight into ``events`` — with
``executemany`` on SQLite and ``COPY`` on PostgreSQL — not through HTTP: the point is
the dashboard's read side, the ingestion has its own benchmark.
"""
from __future__ import annotations

import json
import random
import time
import uuid
from datetime import datetime, timezone

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from collector import db
from kiosk import PROJECT_ROOT
from kiosk.stats.simulate import content_from_folder, simulate_visits

SITES = [("Labège", "31"), ("Montpellier", "34"), ("Lyon", "69"), ("Lille", "59"), ("Rennes", "35"),
         ("Nantes", "44"), ("Strasbourg", "67"), ("Marseille", "13"), ("Bordeaux", "33"), ("Paris", "75")]


class _Rows:
    """Stands in for the kiosk's store: simulate_visits records into it."""

    def __init__(self, kiosk_id: str, site: str, departement: str):
        self.kiosk_id, self.site, self.departement = kiosk_id, site, departement
        self.rows: list[dict] = []

    def record_at(self, t, kind, *, exhibit_id, content_version, data, visit_id, mono_ns, boot_id):
        when = datetime.fromtimestamp(t, timezone.utc).replace(tzinfo=None)
        self.rows.append({
            "event_id": uuid.uuid4().hex, "kiosk_id": self.kiosk_id, "seq": mono_ns, "kind": kind,
            "exhibit_id": exhibit_id, "content_version": content_version, "visit_id": visit_id,
            "site": self.site, "departement": self.departement, "time": when, "wall_time": when,
            "mono_ns": mono_ns, "boot_id": boot_id, "clock_corrected": True, "received_at": when,
            "source": "http", "data": data, **({"sent_at": when} if "sent_at" in db.events.c else {})})


def kiosk_batches(events: int, kiosks: int, days: float, seed: int = 1):
    """Yields lists of event rows (one kiosk's share at a time) until about ``events``."""
    rng = random.Random(seed)
    now = time.time()
    content = content_from_folder(PROJECT_ROOT / "exhibits")  # the shipped exhibits: mythes, chatbot…
    per_kiosk = events // kiosks
    for k in range(kiosks):
        site, dep = SITES[k % len(SITES)]
        store = _Rows(f"{dep}-{site.lower()}-{k}", site, dep)
        made = 0
        # about 19 events per simulated visit; top up until this kiosk has its share
        while made < per_kiosk:
            visits = max(1, (per_kiosk - made) // 19)
            made += simulate_visits(store, min(visits, 20000), start=now - days * 86400, end=now, rng=rng,
                                    content=content)
            yield store.rows
            store.rows = []


def fill(engine: Engine, events: int, *, kiosks: int = 100, days: float = 365, seed: int = 1) -> int:
    """Insert about ``events`` simulated events; returns how many were written."""
    written, seen = 0, {}
    for rows in kiosk_batches(events, kiosks, days, seed):
        if engine.dialect.name == "postgresql":
            _copy(engine, rows)
        else:
            with engine.begin() as conn:
                conn.execute(insert(db.events), rows)
        written += len(rows)
        seen[rows[0]["kiosk_id"]] = (rows[0]["site"], rows[0]["departement"], rows[-1]["time"])
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    with engine.begin() as conn:
        conn.execute(insert(db.kiosks), [
            {"kiosk_id": k, "token_hash": uuid.uuid4().hex, "created_at": now, "site": site, "departement": dep,
             "last_seen_at": last, "last_sync_at": last, "pending": 0, "disk_free_mb": 5000.0,
             "app_version": "0.1.0", "content_version": "sim-1", "errors": 0}
            for k, (site, dep, last) in seen.items()])
    return written


def _copy(engine: Engine, rows: list[dict]) -> None:
    columns = list(rows[0])
    raw = engine.raw_connection()
    try:
        cur = raw.driver_connection.cursor()
        with cur.copy(f"COPY events ({', '.join(columns)}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row([json.dumps(r[c]) if c == "data" else r[c] for c in columns])
        raw.driver_connection.commit()
    finally:
        raw.close()


def fill_postgres_fast(engine: Engine, events: int, *, kiosks: int = 100, days: float = 365, copies: int = 10,
                       seed: int = 1) -> int:
    """PostgreSQL, tens of millions: ``events / copies`` simulated events by COPY, then
    ``INSERT … SELECT … CROSS JOIN generate_series`` makes ``copies - 1`` more kiosks of
    each (new ids, same days and density). Secondary indexes are dropped while loading
    and rebuilt after, as one would for a bulk load."""
    from sqlalchemy import text

    base_kiosks = max(1, kiosks // copies)
    indexes = [ix for ix in db.events.indexes]
    with engine.begin() as conn:
        for ix in indexes:
            conn.execute(text(f"DROP INDEX IF EXISTS {ix.name}"))
    fill(engine, events // copies, kiosks=base_kiosks, days=days, seed=seed)
    columns = [c.name for c in db.events.columns if c.name != "id"]
    renamed = {"event_id": "md5(event_id || ':' || g)", "kiosk_id": "kiosk_id || '-c' || g",
               "visit_id": "md5(visit_id || ':' || g)"}
    select_list = ", ".join(renamed.get(c, c) for c in columns)
    with engine.begin() as conn:
        conn.execute(text(f"INSERT INTO events ({', '.join(columns)}) SELECT {select_list} "
                          f"FROM events CROSS JOIN generate_series(1, {copies - 1}) AS g"))
        conn.execute(text(
            "INSERT INTO kiosks (kiosk_id, token_hash, created_at, site, departement, last_seen_at, last_sync_at, "
            "pending, disk_free_mb, app_version, content_version, errors) "
            "SELECT kiosk_id || '-c' || g, md5(token_hash || g), created_at, site, departement, last_seen_at, "
            f"last_sync_at, pending, disk_free_mb, app_version, content_version, errors "
            f"FROM kiosks CROSS JOIN generate_series(1, {copies - 1}) AS g"))
    with engine.begin() as conn:
        for ix in indexes:
            ix.create(conn)
        conn.execute(text("ANALYZE events"))
        return conn.execute(text("SELECT count(*) FROM events")).scalar_one()
