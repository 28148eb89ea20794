"""Dashboard page times on a big store (benchmark, not a test; prints its figures).

    .venv/bin/python bench/dashboard_bench.py --sqlite-events 1000000
    .venv/bin/python bench/dashboard_bench.py --pg-url postgresql://…/kiosk_bench --pg-events 10000000

Fills a fresh collector database with simulated visits (100 kiosks over a year, rows
written by executemany/COPY, not HTTP), builds the summary tables, then times each
page and export through the real app on 127.0.0.1 (logged in), over the whole year,
and the incremental refresh a page pays after a kiosk's sync. The machine's cores are
shared with other work: figures are indicative.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import httpx
from sqlalchemy import func, insert, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dashboard_fill import fill, fill_postgres_fast  # noqa: E402
from collector import db  # noqa: E402
from collector.summary import rollup  # noqa: E402
from collector.dashboard.users import add_user  # noqa: E402
from tests.collector.helpers import serve  # noqa: E402
from tests.dashboard.helpers import login  # noqa: E402

TZ = "Europe/Paris"
RUNS = 3


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def pages(year: str) -> list[tuple[str, str]]:
    return [
        ("overview, a year, all kiosks", f"/dashboard/?{year}"),
        ("overview, a year, one site", f"/dashboard/?{year}&site=Lyon"),
        ("overview, last 30 days", "/dashboard/"),
        ("exhibit: myths quiz, a year", f"/dashboard/exhibits/mythes?{year}"),
        ("exhibit: chatbot, a year", f"/dashboard/exhibits/chatbot?{year}"),
        ("exhibit: voicebot, a year", f"/dashboard/exhibits/voicebot?{year}"),
        ("kiosks", f"/dashboard/kiosks?{year}"),
        ("export days.csv, a year", f"/dashboard/export/days.csv?{year}"),
        ("export statements.csv, a year", f"/dashboard/export/statements.csv?{year}"),
        ("export events.csv, one kiosk, 7 days",
         f"/dashboard/export/events.csv?kiosk=69-lyon-2&start={date.today() - timedelta(days=6)}"),
    ]


def run(label: str, url: str, events: int, kiosks: int, reuse: bool = False) -> None:
    print(f"\n== {label}: {events:,} events, {kiosks} kiosks over 365 days ==", flush=True)
    engine = db.connect(url, create=False)
    if not reuse:
        db.metadata.drop_all(engine)
        db.metadata.create_all(engine)
        started = time.perf_counter()
        if engine.dialect.name == "postgresql" and events >= 100_000:
            written = fill_postgres_fast(engine, events, kiosks=kiosks, days=365)
        else:
            written = fill(engine, events, kiosks=kiosks, days=365)
        print(f"filled {written:,} events in {time.perf_counter() - started:.0f} s", flush=True)
    else:
        for table in (rollup.daily, rollup.hourly, rollup.state):
            table.drop(engine, checkfirst=True)
        db.metadata.create_all(engine)
        with engine.begin() as conn:
            conn.execute(db.users.delete())
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    print(f"summary rebuilt from all events: {timed(lambda: rollup.refresh(engine, TZ, full=True)):.1f} s",
          flush=True)
    with engine.connect() as conn:
        rows = conn.execute(select(func.count()).select_from(db.events)).scalar_one()
        summary = conn.execute(select(func.count()).select_from(rollup.daily)).scalar_one()
    print(f"events table: {rows:,} rows; dash_daily: {summary:,} rows", flush=True)
    add_user(engine, "bench", "bench-password")

    os.environ["KIOSK_DASHBOARD_REFRESH_S"] = "3600"  # pages below read the summary as it is
    year = f"start={date.today() - timedelta(days=364)}&end={date.today()}"
    with serve(engine) as base:
        client = httpx.Client(base_url=base, timeout=600)
        assert login(client, "bench", "bench-password").status_code == 303
        print(f"{'page':40s} {'median':>8s} {'max':>8s}  (of {RUNS} runs, seconds)")
        for name, path in pages(year):
            times = []
            for _ in range(RUNS):
                started = time.perf_counter()
                resp = client.get(path)
                times.append(time.perf_counter() - started)
                assert resp.status_code == 200, (path, resp.status_code, resp.text[:300])
            print(f"{name:40s} {statistics.median(times):8.3f} {max(times):8.3f}", flush=True)

    # A kiosk syncs 500 new events: what the next page pays to bring the summary up to date.
    new_rows = _new_batch(engine, 500)
    print(f"incremental refresh after a sync of {new_rows} events: "
          f"{timed(lambda: rollup.refresh(engine, TZ)):.3f} s", flush=True)
    engine.dispose()


def _new_batch(engine, n: int) -> int:
    from datetime import datetime, timezone

    now = datetime.now(timezone.utc).replace(tzinfo=None)
    rows = [{"event_id": uuid.uuid4().hex, "kiosk_id": "69-lyon-2", "seq": 10**12 + i, "kind": "visit_started",
             "exhibit_id": None, "content_version": None, "visit_id": uuid.uuid4().hex, "site": "Lyon",
             "departement": "69", "time": now, "wall_time": now, "mono_ns": i, "boot_id": "b",
             "clock_corrected": True, "received_at": now, "source": "http", "data": {"language": "fr"},
             **({"sent_at": now} if "sent_at" in db.events.c else {})} for i in range(n)]
    with engine.begin() as conn:
        conn.execute(insert(db.events), rows)
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite-events", type=int, default=1_000_000, help="0: skip SQLite")
    parser.add_argument("--pg-events", type=int, default=10_000_000, help="0: skip PostgreSQL")
    parser.add_argument("--pg-url", default=os.environ.get("KIOSK_BENCH_PG_URL"),
                        help="an EMPTY PostgreSQL database: its tables are dropped (or KIOSK_BENCH_PG_URL)")
    parser.add_argument("--kiosks", type=int, default=100)
    parser.add_argument("--reuse", action="store_true",
                        help="PostgreSQL: keep the events of a previous run, rebuild only the summary")
    args = parser.parse_args()
    print(f"dashboard benchmark on {os.cpu_count()} cores (shared with other work: figures are indicative)")
    if args.sqlite_events:
        with tempfile.TemporaryDirectory() as tmp:
            run("SQLite", f"sqlite:///{tmp}/collector.sqlite3", args.sqlite_events, args.kiosks)
    if args.pg_events:
        if not args.pg_url:
            print("\nPostgreSQL skipped: give --pg-url (an empty database) or KIOSK_BENCH_PG_URL")
        else:
            run("PostgreSQL", args.pg_url, args.pg_events, args.kiosks, reuse=args.reuse)


if __name__ == "__main__":
    main()
