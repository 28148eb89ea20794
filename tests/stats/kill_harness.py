"""SIGKILL a recording and syncing kiosk again and again (``kiosk_process.py``), then
let it finish its sync in peace, and count: events the kiosk committed, lost (committed
but missing from its store or from the collector), duplicated (an event id, or a
kiosk sequence number, held twice by the collector) and resent (batches the collector
had already written, sent again because the kill came before the kiosk marked them).

Shared by ``tests/stats/test_kill.py`` (a few dozen kills) and ``bench/stats_kill_soak.py``
(1,000 and more).
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from collector import db
from kiosk.stats import open_store
from kiosk.stats.sync import SyncWorker
from tests.collector.helpers import event_ids, kiosk_config, write_config

HERE = Path(__file__).resolve().parent
#: a kill's checks read only what changed; every so many cycles, the whole store
FULL_CHECK_EVERY = 50


def _chunks(ids: set[str], size: int = 500):
    items = sorted(ids)
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _present(path: Path, ids: set[str]) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for chunk in _chunks(ids) for r in conn.execute(
            f"SELECT event_id FROM events WHERE event_id IN ({', '.join('?' * len(chunk))})", chunk)}
    finally:
        conn.close()


def _sent_since(path: Path, since: float) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT event_id FROM events WHERE sent_at >= ?", (since,))}
    finally:
        conn.close()


def _held(engine, ids: set[str]) -> set[str]:
    with engine.connect() as conn:
        return {r[0] for chunk in _chunks(ids) for r in conn.execute(
            select(db.events.c.event_id).where(db.events.c.event_id.in_(chunk)))}


def store_rows(path: Path) -> tuple[set[str], set[str]]:
    """(all event ids, ids marked sent) as a fresh process would find them."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute("SELECT event_id, sent_at FROM events").fetchall()
    finally:
        conn.close()
    return {e for e, _ in rows}, {e for e, sent in rows if sent is not None}


@dataclass
class SoakFigures:
    cycles: int = 0
    events: int = 0
    reported: int = 0
    lost: int = 0
    duplicated: int = 0
    resent: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.cycles} kills, {self.events} events on the kiosk, {self.reported} reported committed; "
                f"lost {self.lost}, duplicated {self.duplicated}, resent {self.resent}")


class KillSoak:
    def __init__(self, tmp: Path, engine, url: str, token: str, kiosk_id: str, rng: random.Random,
                 longest_s: float = 1.5) -> None:
        self.tmp, self.engine, self.url, self.token, self.kiosk_id = tmp, engine, url, token, kiosk_id
        self.rng, self.longest_s = rng, longest_s
        self.config = write_config(tmp, kiosk_id=kiosk_id, sync_interval_s=0.05)
        self.store_path = tmp / "data" / "stats.sqlite3"
        self.reported: set[str] = set()
        self.figures = SoakFigures()

    def run_and_kill(self) -> set[str]:
        """Start the kiosk process, let it work for a random while, SIGKILL it; returns
        the ids it had reported committed."""
        proc = subprocess.Popen([sys.executable, str(HERE / "kiosk_process.py"), str(self.config), self.url,
                                 self.token], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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
        time.sleep(self.rng.uniform(0.05, self.longest_s))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
        reader.join(10)
        proc.stderr.close()
        assert proc.returncode == -signal.SIGKILL
        return committed

    def cycle(self) -> None:
        """One kill, then the checks on what changed: the ids reported in this cycle are
        in the store, the ids marked sent since the last cycle are at the collector (the
        whole store is checked every ``FULL_CHECK_EVERY`` cycles and by :meth:`finish`)."""
        since = time.time() - 1
        committed = self.run_and_kill()
        self.reported |= committed
        self.figures.cycles += 1
        if self.figures.cycles % FULL_CHECK_EVERY == 0:
            stored, sent = store_rows(self.store_path)
            missing, not_held = self.reported - stored, sent - set(event_ids(self.engine))
        else:
            missing = committed - _present(self.store_path, committed)
            newly_sent = _sent_since(self.store_path, since)
            not_held = newly_sent - _held(self.engine, newly_sent)
        if missing:  # reported committed, gone after the kill
            self.figures.problems.append(f"cycle {self.figures.cycles}: {len(missing)} committed events lost")
        if not_held:
            self.figures.problems.append(f"cycle {self.figures.cycles}: {len(not_held)} events marked "
                                         "sent that the collector does not hold")

    def finish(self) -> SoakFigures:
        """A last, peaceful sync; then the figures."""
        cfg = kiosk_config(self.tmp, kiosk_id=self.kiosk_id)
        store = open_store(cfg)
        result = SyncWorker(store, cfg, url=self.url, token=self.token).sync_once()
        store.close()
        if not result.ok:
            self.figures.problems.append(f"last sync: {result.error}")
        stored, sent = store_rows(self.store_path)
        collected = event_ids(self.engine)
        with self.engine.connect() as conn:
            seqs = conn.execute(select(func.count(func.distinct(db.events.c.seq)))).scalar_one()
            resent = conn.execute(select(func.sum(db.syncs.c.known))).scalar_one() or 0
        f = self.figures
        f.events, f.reported, f.resent = len(stored), len(self.reported), int(resent)
        f.lost = len((self.reported | stored) - set(collected)) + len(self.reported - stored)
        f.duplicated = (len(collected) - len(set(collected))) + (len(collected) - seqs)
        if sent != stored:
            f.problems.append(f"{len(stored - sent)} events still pending after the last sync")
        if set(collected) - stored:
            f.problems.append(f"{len(set(collected) - stored)} events at the collector that the kiosk never had")
        return f
