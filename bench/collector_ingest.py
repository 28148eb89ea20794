"""Collector ingestion rate over HTTP, on SQLite and on PostgreSQL.

    .venv/bin/python bench/collector_ingest.py [--events 100000] [--clients 1,4] [--pg URL]

Starts ``launch.py collector serve`` in its own process, then posts pre-built gzip
batches of 1,000 events (10 kiosks, as the kiosk's sync sends them) from 1 and from 4
concurrent clients, and prints events written per second. PostgreSQL runs when --pg or
KIOSK_TEST_PG_URL is given (``source deploy/test-postgres.sh`` starts one); its tables
are dropped and recreated. Target: >= 5,000 events/s on each.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "bench"))
from stats_drain import free_port, start_collector  # noqa: E402
from collector.db import connect, metadata  # noqa: E402
from collector.kiosks import add_kiosk  # noqa: E402
from kiosk.stats import wire  # noqa: E402

KIOSKS = 10
BATCH = 1000


def make_bodies(total: int, tokens: dict[str, str]) -> list[tuple[str, bytes]]:
    rng = random.Random(1)
    bodies, seqs = [], {k: 0 for k in tokens}
    now = time.time()
    for b in range(total // BATCH):
        kiosk = list(tokens)[b % KIOSKS]
        events = []
        for _ in range(BATCH):
            seqs[kiosk] += 1
            events.append({
                "event_id": uuid.uuid4().hex, "seq": seqs[kiosk], "kind": "myths.answered",
                "exhibit_id": "mythes", "content_version": "abc123", "visit_id": uuid.uuid4().hex,
                "wall_time": now - rng.uniform(0, 7 * 86400), "mono_ns": seqs[kiosk] * 10**9,
                "boot_id": "bench-boot", "site": "Labège", "departement": "31",
                "data": {"statement_id": f"s{rng.randrange(8)}", "answer": rng.choice(["myth", "fact"]),
                         "correct": rng.random() < 0.6, "time_s": round(rng.uniform(2, 20), 1)}})
        batch = {"kiosk_id": kiosk, "sent_at": now, "sent_mono_ns": 10**15, "boot_id": "bench-boot",
                 "health": {"pending": 0}, "events": events}
        bodies.append((tokens[kiosk], wire.encode(batch)))
    return bodies


def run(db_url: str, label: str, events: int, clients: list[int]) -> None:
    engine = connect(db_url)
    metadata.drop_all(engine)
    metadata.create_all(engine)
    tokens = {f"kiosk-{i:02d}": add_kiosk(engine, f"kiosk-{i:02d}") for i in range(KIOSKS)}
    engine.dispose()
    port = free_port()
    proc = start_collector(db_url, port)
    url = f"http://127.0.0.1:{port}{wire.EVENTS_PATH}"
    try:
        for n in clients:
            bodies = make_bodies(events, tokens)
            chunks = [bodies[i::n] for i in range(n)]
            errors = []

            def post_all(chunk):
                with httpx.Client(timeout=120) as client:
                    for token, body in chunk:
                        r = client.post(url, content=body, headers={
                            "Authorization": f"Bearer {token}", "Content-Encoding": "gzip",
                            "Content-Type": "application/json"})
                        if r.status_code != 200:
                            errors.append(r.status_code)

            threads = [threading.Thread(target=post_all, args=(c,)) for c in chunks]
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.perf_counter() - t0
            print(f"ingest {label}: {len(bodies) * BATCH} events, {n} client(s): {elapsed:.1f} s, "
                  f"{len(bodies) * BATCH / elapsed:.0f} events/s, errors {len(errors)} (target >= 5000/s)")
    finally:
        proc.terminate()
        proc.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", default="1,4")
    parser.add_argument("--pg", default=os.environ.get("KIOSK_TEST_PG_URL"))
    args = parser.parse_args()
    clients = [int(c) for c in args.clients.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{tmp}/collector.sqlite3", "SQLite", args.events, clients)
    if args.pg:
        run(args.pg, "PostgreSQL", args.events, clients)
    else:
        print("ingest PostgreSQL: skipped (no --pg URL or KIOSK_TEST_PG_URL)")


if __name__ == "__main__":
    main()
