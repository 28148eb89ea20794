"""Sync through a faulty network: every event arrives exactly once all the same."""
from __future__ import annotations

import random
import time

import pytest
from sqlalchemy import func, select

from collector import db
from collector.kiosks import add_kiosk
from kiosk.stats import open_store
from kiosk.stats.simulate import simulate_visits
from kiosk.stats.sync import SyncWorker
from tests.collector.helpers import DB_KINDS, event_ids, fresh_engine, free_port, kiosk_config, serve
from tests.stats.faulty_proxy import FaultyProxy

KIOSK = "test-kiosk-1"


@pytest.mark.parametrize("kind", DB_KINDS)
def test_drops_cuts_and_delays_lose_nothing_and_duplicate_nothing(tmp_path, kind):
    engine = fresh_engine(kind, tmp_path)
    token = add_kiosk(engine, KIOSK)
    store = open_store(kiosk_config(tmp_path))
    now = time.time()
    simulate_visits(store, 120, start=now - 86400, end=now, rng=random.Random(5))
    store.flush()
    port = free_port()
    with serve(engine, port=port):
        proxy = FaultyProxy(port, seed=11, drop=0.3)
        worker = SyncWorker(store, kiosk_config(tmp_path), url=proxy.url, token=token, batch_events=40, timeout=5)
        attempts = failures = known = 0
        deadline = time.monotonic() + 150  # typically ~8 s; a bound, not a timing
        result = None
        while not (result and result.ok and attempts > 20) and time.monotonic() < deadline:
            attempts += 1
            result = worker.sync_once()
            failures += not result.ok
            known += result.known
            if attempts <= 20:  # events keep arriving while the network misbehaves
                store.record("visit_started", data={"language": "fr"}, visit_id=f"late{attempts}")
                store.flush()
        print(f"{attempts} attempts, {failures} failed, {known} resent, faults {dict(proxy.faults)}")
        assert result.ok, result.error
        proxy.enabled = False  # a last clean round for the events recorded meanwhile
        assert worker.sync_once().ok
        worker.stop()
        proxy.close()
    stored = [e for (e,) in store._read("SELECT event_id FROM events")]
    assert store.pending_count() == 0
    collected = event_ids(engine)
    assert len(collected) == len(set(collected)) == len(stored)
    assert set(collected) == set(stored)
    with engine.connect() as conn:
        assert conn.execute(select(func.count(func.distinct(db.events.c.seq)))).scalar_one() == len(stored)
    # The faults really happened, including acknowledgements lost after the collector wrote.
    assert failures > 0 and known > 0
    # (Which faults hit depends on thread timing; these two come by the dozen in every run.)
    assert proxy.faults["cut_response"] and proxy.faults["delay"], proxy.faults
    store.close()
    engine.dispose()
