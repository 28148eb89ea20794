"""SIGKILL the kiosk at random moments while it records and syncs, again and again:
in the end the collector holds exactly the events the kiosk had committed."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import func, select

from collector import db
from collector.kiosks import add_kiosk
from kiosk.stats import open_store
from kiosk.stats.sync import SyncWorker
from tests.collector.helpers import event_ids, fresh_engine, kiosk_config, serve, write_config

KIOSK = "test-kiosk-1"
HERE = Path(__file__).resolve().parent
ROUNDS = 20


def store_rows(path: Path) -> tuple[set[str], set[str]]:
    """(all event ids, ids marked sent) as a fresh process would find them."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute("SELECT event_id, sent_at FROM events").fetchall()
    finally:
        conn.close()
    return {e for e, _ in rows}, {e for e, sent in rows if sent is not None}


def run_and_kill(config: Path, url: str, token: str, rng: random.Random) -> set[str]:
    """Start the kiosk process, let it work for a random while, SIGKILL it; returns the
    ids it had reported committed."""
    proc = subprocess.Popen([sys.executable, str(HERE / "kiosk_process.py"), str(config), url, token],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    committed: set[str] = set()
    ready = threading.Event()

    def read():
        for line in proc.stdout:
            words = line.split()
            if words[:1] == ["ready"]:
                ready.set()
            elif words[:1] == ["committed"] and line.endswith("\n"):
                committed.update(words[1:])

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert ready.wait(60), proc.stderr.read() if proc.poll() is not None else "kiosk process did not start"
    time.sleep(rng.uniform(0.05, 1.5))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    reader.join(10)
    assert proc.returncode == -signal.SIGKILL
    return committed


def test_sigkill_while_recording_and_syncing_loses_and_duplicates_nothing(tmp_path):
    engine = fresh_engine("sqlite", tmp_path)
    token = add_kiosk(engine, KIOSK)
    config = write_config(tmp_path, kiosk_id=KIOSK, sync_interval_s=0.05)
    store_path = tmp_path / "data" / "stats.sqlite3"
    rng = random.Random(1234)
    reported: set[str] = set()
    with serve(engine) as url:
        for _ in range(ROUNDS):
            reported |= run_and_kill(config, url, token, rng)
            stored, sent = store_rows(store_path)
            # Every event reported committed survived the kill…
            assert reported <= stored
            # …and nothing is marked sent that the collector does not hold.
            assert sent <= set(event_ids(engine))
        # A last, peaceful sync: the kiosk's whole log reaches the collector.
        cfg = kiosk_config(tmp_path, kiosk_id=KIOSK)
        store = open_store(cfg)
        assert SyncWorker(store, cfg, url=url, token=token).sync_once().ok
        store.close()
    stored, sent = store_rows(store_path)
    collected = event_ids(engine)
    assert sent == stored and len(stored) > ROUNDS
    assert len(collected) == len(set(collected)) and set(collected) == stored
    with engine.connect() as conn:
        seqs = conn.execute(select(func.count(func.distinct(db.events.c.seq)))).scalar_one()
        resent = conn.execute(select(func.sum(db.syncs.c.known))).scalar_one()
    assert seqs == len(stored)
    print(f"{ROUNDS} kills, {len(stored)} events, {len(reported)} reported committed, {resent} resent after a kill")
    engine.dispose()
