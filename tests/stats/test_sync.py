"""The sync worker against a real collector on 127.0.0.1."""
from __future__ import annotations

import os
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import func, select

from collector import db
from collector.kiosks import add_kiosk
from kiosk.stats import open_store
from kiosk.stats.simulate import simulate_visits
from kiosk.stats.sync import SyncWorker, backoff_delay, retry_after_seconds
from tests.collector.helpers import DB_KINDS, event_count, event_ids, fresh_engine, free_port, kiosk_config, serve

KIOSK = "test-kiosk-1"


def fill(store, visits=30, seed=1):
    now = time.time()
    simulate_visits(store, visits, start=now - 3 * 86400, end=now, rng=random.Random(seed))
    store.flush()


@pytest.fixture(params=DB_KINDS)
def engine(request, tmp_path):
    engine = fresh_engine(request.param, tmp_path)
    yield engine
    engine.dispose()


def test_sync_once_sends_everything_and_marks_only_acknowledged(engine, tmp_path):
    token = add_kiosk(engine, KIOSK)
    store = open_store(kiosk_config(tmp_path))
    fill(store)
    recorded = store.status()["recorded"]
    with serve(engine) as url:
        worker = SyncWorker(store, store_config := kiosk_config(tmp_path), url=url, token=token, batch_events=100)
        result = worker.sync_once()
        assert result.ok, result.error
        assert (result.sent, result.accepted, result.known, result.pending) == (recorded, recorded, 0, 0)
        assert result.batches == -(-recorded // 100)
        assert event_count(engine) == recorded and store.status()["last_sync"] is not None
        # Forget the acknowledgements (as if they were lost): a resend changes nothing.
        with store._lock:
            store._conn.execute("UPDATE events SET sent_at = NULL")
        again = worker.sync_once()
        assert again.ok and again.accepted == 0 and again.known == recorded
        assert event_count(engine) == recorded
        worker.stop()
    with engine.connect() as conn:
        kiosk = conn.execute(select(db.kiosks)).one()
        assert conn.execute(select(func.count(func.distinct(db.events.c.seq)))).scalar_one() == recorded
    assert kiosk.pending == 0 and kiosk.app_version and kiosk.site == store_config.site.name
    store.close()


def test_batches_are_split_to_stay_under_the_size_cap(tmp_path):
    engine = fresh_engine("sqlite", tmp_path)
    token = add_kiosk(engine, KIOSK)
    store = open_store(kiosk_config(tmp_path))
    for i in range(300):  # random text (as if the privacy setting kept it): ~150 bytes per event once gzipped
        store.record("chatbot.asked", exhibit_id="chatbot",
                     data={"intent": None, "confidence": 0.1, "fallback": True, "language": "fr", "source": "typed",
                           "text": os.urandom(100).hex()})
    store.flush()
    with serve(engine) as url:
        worker = SyncWorker(store, kiosk_config(tmp_path), url=url, token=token, max_batch_bytes=12_000)
        result = worker.sync_once()
    assert result.ok and result.sent == 300 and result.batches >= 4  # one batch without the cap
    assert event_count(engine) == 300 and store.pending_count() == 0
    store.close()


def test_an_event_the_collector_refuses_is_set_aside_and_holds_back_nothing(tmp_path):
    engine = fresh_engine("sqlite", tmp_path)
    token = add_kiosk(engine, KIOSK)
    store = open_store(kiosk_config(tmp_path))
    fill(store, visits=20)
    # An event written by some other (older, buggy) code: the collector's checks refuse it.
    with store._lock:
        store._conn.execute("INSERT INTO events (event_id, kind, wall_time, mono_ns, boot_id, data) "
                            "VALUES ('poison', 'visit_started', 1.0, 1, 'b', '{\"text\": \"a\\u0000b\"}')")
    fill(store, visits=20, seed=2)
    recorded = store.status()["recorded"]
    with serve(engine) as url:
        result = SyncWorker(store, kiosk_config(tmp_path), url=url, token=token, batch_events=200).sync_once()
    assert result.ok and result.rejected == 1 and result.pending == 0
    assert "refused by the collector" in result.summary()
    assert event_count(engine) == recorded - 1 and "poison" not in event_ids(engine)
    status = store.status()
    assert status["rejected"] == 1 and status["pending"] == 0
    (reason,) = store._read("SELECT rejected FROM events WHERE event_id = 'poison'")[0]
    assert "422" in reason and "NUL" in reason
    store.close()


def test_refused_token_keeps_everything_pending_and_says_why(engine, tmp_path):
    add_kiosk(engine, KIOSK)
    store = open_store(kiosk_config(tmp_path))
    fill(store, visits=3)
    with serve(engine) as url:
        result = SyncWorker(store, kiosk_config(tmp_path), url=url, token="wrong").sync_once()
    assert not result.ok and "401" in result.error and "unknown kiosk token" in result.error
    assert store.status()["pending"] == store.status()["recorded"]
    assert "401" in store.status()["last_error"] and event_count(engine) == 0
    store.close()


def test_unreachable_collector_is_an_error_not_a_crash(tmp_path):
    store = open_store(kiosk_config(tmp_path))
    fill(store, visits=2)
    worker = SyncWorker(store, kiosk_config(tmp_path), url=f"http://127.0.0.1:{free_port()}", token="t", timeout=2)
    result = worker.sync_once()
    assert not result.ok and "unreachable" in result.error and result.pending == store.status()["recorded"]
    store.close()


def test_backoff_grows_with_jitter_up_to_the_cap():
    rng = random.Random(3)
    delays = [backoff_delay(n, rng, base=2, cap=300) for n in range(1, 12)]
    for n, d in enumerate(delays, start=1):
        ceiling = min(300, 2 * 2 ** (n - 1))
        assert ceiling / 2 <= d <= ceiling
    assert max(delays) <= 300 and delays[-1] >= 150
    assert len({round(backoff_delay(5, rng), 6) for _ in range(20)}) > 1  # jitter


def test_retry_after_is_read_in_seconds_and_as_a_date():
    assert retry_after_seconds("7") == 7
    assert 50 < retry_after_seconds(time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 60))) <= 61
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


class Busy(BaseHTTPRequestHandler):
    """A collector that is overloaded: 503 with Retry-After."""
    calls: list[float] = []

    def do_POST(self):
        Busy.calls.append(time.monotonic())
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(503)
        self.send_header("Retry-After", "2")
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"detail": "busy"}')

    def log_message(self, *args):
        pass


def test_background_worker_honours_retry_after_then_drains_when_the_collector_answers(engine, tmp_path):
    token = add_kiosk(engine, KIOSK)
    store = open_store(kiosk_config(tmp_path))
    fill(store, visits=5)
    port = free_port()
    busy = ThreadingHTTPServer(("127.0.0.1", port), Busy)
    threading.Thread(target=busy.serve_forever, daemon=True).start()
    Busy.calls = []
    worker = SyncWorker(store, kiosk_config(tmp_path, sync_interval_s=0.2), url=f"http://127.0.0.1:{port}",
                        token=token, backoff_base=0.05, backoff_cap=0.1)
    worker.start()
    deadline = time.monotonic() + 20
    while len(Busy.calls) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    busy.shutdown()
    busy.server_close()
    assert len(Busy.calls) >= 2
    assert Busy.calls[1] - Busy.calls[0] >= 1.9  # Retry-After: 2 beats the 0.1 s backoff
    assert worker.last_result.retry_after == 2
    # The real collector comes up on the same port: the worker, which never gave up, drains.
    with serve(engine, port=port):
        deadline = time.monotonic() + 30
        while store.pending_count() and time.monotonic() < deadline:
            time.sleep(0.1)
    worker.stop()
    assert store.pending_count() == 0
    assert sorted(event_ids(engine)) == sorted(e for (e,) in store._read("SELECT event_id FROM events"))
    store.close()


def test_sync_reports_missing_settings(tmp_path):
    store = open_store(kiosk_config(tmp_path))
    assert "no collector URL" in SyncWorker(store, kiosk_config(tmp_path)).sync_once().error
    assert "no kiosk token" in SyncWorker(store, kiosk_config(tmp_path), url="http://x").sync_once().error
    store.close()


@pytest.mark.parametrize("kind", DB_KINDS)
def test_several_kiosks_syncing_at_once_are_all_counted_once(tmp_path, kind):
    engine = fresh_engine(kind, tmp_path)
    kiosks = []
    for n in range(4):
        cfg = kiosk_config(tmp_path / f"k{n}", kiosk_id=f"kiosk-{n}")
        store = open_store(cfg)
        fill(store, visits=40, seed=n)
        kiosks.append((cfg, store, add_kiosk(engine, f"kiosk-{n}")))
    with serve(engine) as url:
        results = [None] * len(kiosks)

        def run(i, cfg, store, token):
            worker = SyncWorker(store, cfg, url=url, token=token, batch_events=50)
            results[i] = worker.sync_once()
            worker.stop()

        threads = [threading.Thread(target=run, args=(i, *k)) for i, k in enumerate(kiosks)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
    assert all(r is not None and r.ok for r in results), [r and r.error for r in results]
    expected = sum(store.status()["recorded"] for _, store, _ in kiosks)
    assert event_count(engine) == expected == len(set(event_ids(engine)))
    with engine.connect() as conn:
        per_kiosk = dict(conn.execute(select(db.events.c.kiosk_id, func.count()).group_by(db.events.c.kiosk_id)).all())
    assert per_kiosk == {cfg.kiosk_id: store.status()["recorded"] for cfg, store, _ in kiosks}
    for _, store, _ in kiosks:
        store.close()
    engine.dispose()
