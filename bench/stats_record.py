"""Kiosk statistics store: time of one ``record()`` call (the UI thread's cost) and disk
used per event.

    .venv/bin/python bench/stats_record.py [--events 20000] [--backlog 100000]

Records events at a visitor-like pace in bursts (as the shell and exhibits do) and
prints p50/p95/p99/max of the call; then fills a store with a 7-day simulated backlog
and prints the SQLite file's bytes per event (WAL checkpointed).
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.events import kiosk_catalogue  # noqa: E402
from kiosk.stats import StatsStore  # noqa: E402
from kiosk.stats.simulate import simulate_visits  # noqa: E402


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def record_latency(folder: Path, events: int) -> None:
    # checked against the event catalogue, as on a kiosk (open_store passes it)
    store = StatsStore(folder / "latency.sqlite3", kiosk_id="bench", site="Labège", departement="31",
                       catalogue=kiosk_catalogue())
    times = []
    rng = random.Random(1)
    for i in range(events):
        data = {"statement_id": f"s{i % 8}", "answer": rng.choice(["myth", "fact"]), "correct": True, "time_s": 4.2}
        t0 = time.perf_counter_ns()
        store.record("myths.answered", exhibit_id="mythes", content_version="abc123", data=data, visit_id="v" * 32)
        times.append(time.perf_counter_ns() - t0)
        if i % 10 == 9:
            time.sleep(0.002)  # a burst of a visit's events, then the UI does something else
    t0 = time.perf_counter()
    store.close()
    ms = [t / 1e6 for t in times]
    print(f"record(): {events} calls  p50 {pct(ms, .5):.3f} ms  p95 {pct(ms, .95):.3f} ms  "
          f"p99 {pct(ms, .99):.3f} ms  max {max(ms):.2f} ms  mean {statistics.fmean(ms):.3f} ms "
          f"(target p95 <= 2 ms); close/flush {time.perf_counter() - t0:.2f} s")


def disk_per_event(folder: Path, backlog: int) -> None:
    path = folder / "disk.sqlite3"
    store = StatsStore(path, kiosk_id="occ-31-labege-1", site="Labège", departement="31")
    now = time.time()
    made = 0
    rng = random.Random(2)
    while made < backlog:
        made += simulate_visits(store, 500, start=now - 7 * 86400, end=now, rng=rng)
    store.flush()
    t0 = time.perf_counter()
    status = store.status()
    t1 = time.perf_counter()
    counts = store.value_counts("myths.answered", "mythes", "statement_id", {"answer": "myth"})
    t2 = time.perf_counter()
    print(f"queries on {made} pending events: status() {(t1 - t0) * 1000:.1f} ms (pending {status['pending']}); "
          f"value_counts() over {sum(counts.values())} matching answers {(t2 - t1) * 1000:.1f} ms")
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    size = sum(p.stat().st_size for p in folder.glob("disk.sqlite3*"))
    print(f"disk: {made} simulated events (7 days) -> {size / 1e6:.1f} MB, {size / made:.0f} bytes per event "
          f"(with indexes; data, ids, times, site)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--backlog", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        record_latency(Path(tmp), args.events)
        disk_per_event(Path(tmp), args.backlog)


if __name__ == "__main__":
    main()
