"""Drain time of a kiosk's 7-day backlog (100,000 events) to a collector on loopback.

    .venv/bin/python bench/stats_drain.py [--events 100000] [--db URL]

Fills a kiosk store with simulated visits, starts ``launch.py collector serve`` in its
own process (SQLite under a temporary folder unless --db), then times one
``SyncWorker.sync_once()`` until nothing is pending. Target: <= 30 s.
"""
from __future__ import annotations

import argparse
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from collector.db import connect, metadata  # noqa: E402
from collector.kiosks import add_kiosk  # noqa: E402
from kiosk.config import KioskConfig  # noqa: E402
from kiosk.stats import open_store  # noqa: E402
from kiosk.stats.simulate import simulate_visits  # noqa: E402
from kiosk.stats.sync import SyncWorker  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_collector(db_url: str, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, str(ROOT / "launch.py"), "collector", "serve", "--db", db_url,
                             "--port", str(port)], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health").status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("collector did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", default=None, help="collector database URL (default: SQLite in a temp folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db_url = args.db or f"sqlite:///{tmp / 'collector.sqlite3'}"
        engine = connect(db_url)
        if args.db:
            metadata.drop_all(engine)
            metadata.create_all(engine)
        token = add_kiosk(engine, "occ-31-labege-1")
        engine.dispose()
        config = KioskConfig.model_validate({"kiosk_id": "occ-31-labege-1", "staff_pin_hash": "x",
                                             "data_dir": str(tmp / "kiosk")})
        store = open_store(config)
        now, made, rng = time.time(), 0, random.Random(3)
        while made < args.events:
            made += simulate_visits(store, 200, start=now - 7 * 86400, end=now, rng=rng)
        store.flush()
        port = free_port()
        collector = start_collector(db_url, port)
        try:
            worker = SyncWorker(store, config, url=f"http://127.0.0.1:{port}", token=token)
            # Meanwhile the UI keeps recording (one event every 20 ms): how long does it wait?
            latencies, done = [], threading.Event()

            def ui():
                while not done.is_set():
                    t = time.perf_counter_ns()
                    store.record("info.page_viewed", exhibit_id="bienvenue", data={"page": 1})
                    latencies.append((time.perf_counter_ns() - t) / 1e6)
                    time.sleep(0.02)

            ui_thread = threading.Thread(target=ui)
            ui_thread.start()
            t0 = time.perf_counter()
            result = worker.sync_once()
            elapsed = time.perf_counter() - t0
            done.set()
            ui_thread.join()
            worker.stop()
        finally:
            collector.terminate()
            collector.wait(30)
        store.close()
        kind = db_url.split(":", 1)[0]
        print(f"drain: {result.sent} events in {result.batches} batches to a {kind} collector on loopback: "
              f"{elapsed:.1f} s ({result.sent / elapsed:.0f} events/s), pending after {result.pending}, "
              f"error {result.error} (target <= 30 s)")
        latencies.sort()
        print(f"record() during the drain: {len(latencies)} calls, p95 {latencies[int(len(latencies) * .95)]:.3f} ms, "
              f"max {latencies[-1]:.2f} ms")


if __name__ == "__main__":
    main()
