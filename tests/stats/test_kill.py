"""SIGKILL the kiosk at random moments while it records and syncs, again and again:
in the end the collector holds exactly the events the kiosk had committed. (The long
version: ``bench/stats_kill_soak.py``, 1,000 kills.)"""
from __future__ import annotations

import random

from collector.kiosks import add_kiosk
from tests.collector.helpers import fresh_engine, serve
from tests.stats.kill_harness import KillSoak

KIOSK = "test-kiosk-1"
ROUNDS = 20


def test_sigkill_while_recording_and_syncing_loses_and_duplicates_nothing(tmp_path):
    engine = fresh_engine("sqlite", tmp_path)
    token = add_kiosk(engine, KIOSK)
    with serve(engine) as url:
        soak = KillSoak(tmp_path, engine, url, token, KIOSK, random.Random(1234))
        for _ in range(ROUNDS):
            soak.cycle()
            assert soak.figures.problems == []
        figures = soak.finish()
    assert figures.problems == []
    assert figures.lost == 0 and figures.duplicated == 0
    assert figures.events > ROUNDS and figures.reported <= figures.events
    print(figures.line())
    engine.dispose()
