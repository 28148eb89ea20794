"""Hostile and broken requests to the collector's API, on a real server over SQLite and
PostgreSQL: each gets a clear 4xx, writes nothing, and leaves the dashboard readable."""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time

import httpx
import pytest
from sqlalchemy import func, select

from collector import db
from collector.dashboard import exports
from collector.dashboard.users import add_user
from collector.kiosks import add_kiosk
from contract.limits import (MAX_BATCH_JSON_BYTES, MAX_DATA_TEXT, MAX_EVENT_DATA_BYTES, MAX_HEALTH_BYTES,
                             MAX_HEALTH_ERRORS)
from kiosk.stats.store import StatsStore
from kiosk.stats.sync import SyncWorker
from tests.collector.helpers import DB_KINDS, ROOT, event_count, fresh_engine, free_port, kiosk_config, serve
from tests.collector.test_api import KIOSK, make_batch, make_event, post
from tests.dashboard.helpers import PASSWORD, USER, login

PAGES = ["/dashboard/", "/dashboard/exhibits", "/dashboard/exhibits/mythes", "/dashboard/kiosks"]


@pytest.fixture(params=DB_KINDS)
def collector(request, tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_DASHBOARD_REFRESH_S", "0")
    engine = fresh_engine(request.param, tmp_path)
    token = add_kiosk(engine, KIOSK)
    with serve(engine) as url:
        yield engine, url, token
    engine.dispose()


def nothing_written(engine) -> bool:
    with engine.connect() as conn:
        syncs = conn.execute(select(func.count()).select_from(db.syncs)).scalar_one()
        seen = conn.execute(select(db.kiosks.c.last_seen_at).where(db.kiosks.c.kiosk_id == KIOSK)).scalar_one()
    return event_count(engine) == 0 and syncs == 0 and seen is None


def test_two_events_with_one_id_refuse_the_whole_batch(collector):
    engine, url, token = collector
    events = [make_event(i) for i in range(1, 6)]
    events[4]["event_id"] = events[1]["event_id"]
    resp = post(url, token, make_batch(events))
    assert resp.status_code == 422, resp.text
    detail = resp.json()["detail"]
    assert events[1]["event_id"] in detail and "events.1" in detail and "events.4" in detail
    assert nothing_written(engine)


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", "application/json; charset=latin-1",
                                          "application/jsonx"])
def test_a_body_not_declared_as_json_is_refused(collector, content_type):
    engine, url, token = collector
    headers = {"Authorization": f"Bearer {token}", "Content-Encoding": "gzip"}
    if content_type:
        headers["Content-Type"] = content_type
    raw = gzip.compress(json.dumps(make_batch([make_event(1)])).encode())
    resp = httpx.post(url + "/api/v1/events", content=raw, headers=headers, timeout=30)
    assert resp.status_code == 415, resp.text
    assert "application/json" in resp.json()["detail"] and "nothing written" in resp.json()["detail"]
    assert nothing_written(engine)


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "Application/JSON",
                                          'application/json;charset="UTF-8"'])
def test_json_with_its_charset_is_taken(collector, content_type):
    engine, url, token = collector
    resp = post(url, token, make_batch([make_event(1)]), headers={"Content-Type": content_type})
    assert resp.status_code == 200, resp.text
    assert event_count(engine) == 1


def test_limits_per_text_per_event_and_per_health_report(collector):
    engine, url, token = collector
    cases = {
        "text longer than": make_batch([make_event(1, kind="poll.answered", note="é" * (MAX_DATA_TEXT + 1))]),
        "bytes once encoded": make_batch([make_event(1, kind="poll.answered",
                                                     **{f"f{i}": "x" * 900 for i in range(5)})]),
        "health report": make_batch([make_event(1)], health={"pending": 0, **{f"x{i}": "y" * 900 for i in range(80)}}),
        "health.errors": make_batch([make_event(1)], health={"pending": 0, "errors": [
            {"at": "t", "error": "e"}] * (MAX_HEALTH_ERRORS + 1)}),
    }
    for says, batch in cases.items():
        resp = post(url, token, batch)
        assert resp.status_code == 422, (says, resp.text)
        assert says in resp.json()["detail"] and "nothing written" in resp.json()["detail"]
    # Just under every limit: taken.
    fits = make_event(1, kind="poll.answered", note="é" * MAX_DATA_TEXT,
                      **{f"f{i}": "x" * 650 for i in range(3)})
    assert len(json.dumps(fits["data"], ensure_ascii=False, separators=(",", ":")).encode()) <= MAX_EVENT_DATA_BYTES
    health = {"pending": 0, **{f"x{i}": "y" * 900 for i in range(MAX_HEALTH_BYTES // 1000)}}
    resp = post(url, token, make_batch([fits], health=health))
    assert resp.status_code == 200, resp.text
    assert event_count(engine) == 1


def test_a_31_mb_string_is_refused_before_it_is_read_whole(collector):
    engine, url, token = collector
    batch = make_batch([make_event(1, kind="poll.answered", text="x" * 31_000_000)])
    raw = gzip.compress(json.dumps(batch).encode())
    assert len(raw) < 100_000  # 30 KB on the wire
    resp = post(url, token, raw, gz=False, headers={"Content-Encoding": "gzip"})
    assert resp.status_code == 413 and str(MAX_BATCH_JSON_BYTES) in resp.json()["detail"]
    plain = b'{"kiosk_id": "' + b"x" * 4_100_000 + b'"}'
    assert post(url, token, plain, gz=False).status_code == 413
    assert nothing_written(engine)


def test_refused_numbers_leave_the_dashboard_and_its_refresh_working(collector):
    engine, url, token = collector
    literal = json.dumps(make_batch([make_event(1)], health={"pending": 7, "disk_free_mb": 5.0}))
    hostile = [
        literal.replace('"pending": 7', '"pending": 1' + "0" * 30),
        literal.replace('"disk_free_mb": 5.0', '"disk_free_mb": 1' + "0" * 400),
        literal.replace('"disk_free_mb": 5.0', '"disk_free_mb": 1' + "0" * 5000),
        json.dumps(make_batch([make_event(1, kind="myths.answered", statement_id="s", answer="myth",
                                          correct=True, time_s=float("nan"))])),
        json.dumps(make_batch([make_event(1, kind="poll.answered", value=float("inf"))])),
        json.dumps(make_batch([make_event(1)], health={"pending": 0, "uptime_s": float("nan")})),
    ]
    for body in hostile:
        resp = post(url, token, body.encode())
        assert 400 <= resp.status_code < 500, resp.text
        assert isinstance(resp.json()["detail"], str)
    assert nothing_written(engine)
    assert post(url, token, make_batch([make_event(2)])).status_code == 200
    add_user(engine, USER, PASSWORD)
    db_url = engine.url.render_as_string(hide_password=False)
    refresh = subprocess.run([sys.executable, str(ROOT / "launch.py"), "collector", "refresh-dashboard", "--full",
                              "--db", db_url], capture_output=True, text=True, timeout=120)
    assert refresh.returncode == 0, refresh.stderr
    client = httpx.Client(base_url=url, timeout=60)
    assert login(client).status_code == 303
    for page in PAGES:
        assert client.get(page).status_code == 200, page
    for name in exports.COLUMNS:
        assert client.get(f"/dashboard/export/{name}.csv").status_code == 200, name


def test_what_the_kiosk_keeps_the_collector_takes(collector, tmp_path):
    """Data past every limit, and a health report past its own: the kiosk cleans or
    drops them by the shared rules, so its sync is never refused."""
    engine, url, token = collector
    store = StatsStore(tmp_path / "s.sqlite3", kiosk_id=KIOSK)
    store.record("poll.answered", data={"text": "x" * 50_000, "list": ["y" * 2000] * 3})  # texts clipped
    store.record("poll.answered", data={f"k{i}": "z" * 900 for i in range(10)})  # too big: dropped, counted
    store.record("visit_started", data={"language": "fr"})
    for i in range(MAX_HEALTH_ERRORS + 30):
        store.note_error("e" * 5000 + str(i))
    store.flush()
    config = kiosk_config(tmp_path, kiosk_id=KIOSK)
    worker = SyncWorker(store, config, url=url, token=token,
                        health_extra=lambda: {f"extra{i}": "w" * 3000 for i in range(40)})
    result = worker.sync_once()
    assert result.ok and result.rejected == 0, result.summary()
    assert result.accepted == 2 and store.status()["invalid"] == 1
    with engine.connect() as conn:
        stored = conn.execute(select(db.events.c.data).where(db.events.c.kind == "poll.answered")).scalar_one()
    stored = stored if isinstance(stored, dict) else json.loads(stored)
    assert len(stored["text"]) == MAX_DATA_TEXT
    store.close()


def _peak_rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))


def test_hostile_requests_cost_the_server_little_memory(tmp_path):
    """The collector in its own process: its peak memory hardly moves under requests
    that used to cost it 150 MB each (a 31 MB string, 30 KB gzipped)."""
    db_url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    engine = db.connect(db_url)
    token = add_kiosk(engine, KIOSK)
    engine.dispose()
    port = free_port()
    server = subprocess.Popen([sys.executable, str(ROOT / "launch.py"), "collector", "serve", "--port", str(port),
                               "--db", db_url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "KIOSK_COLLECTOR_RETENTION_MONTHS": "0"})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "collector did not start"
            time.sleep(0.2)
        assert post(url, token, make_batch([make_event(1)])).status_code == 200  # warm
        before = _peak_rss_kb(server.pid)
        bomb = gzip.compress(json.dumps(make_batch([make_event(2, kind="poll.answered",
                                                               text="x" * 31_000_000)])).encode())
        for _ in range(5):
            assert post(url, token, bomb, gz=False, headers={"Content-Encoding": "gzip"}).status_code == 413
        growth_mb = (_peak_rss_kb(server.pid) - before) / 1024
        assert growth_mb < 40, f"peak memory grew by {growth_mb:.0f} MB"
    finally:
        server.terminate()
        server.wait(20)
