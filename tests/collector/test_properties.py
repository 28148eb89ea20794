"""Property-based tests of the collector's API (hypothesis): random batches — valid
ones, and valid ones with random parts broken (fields swapped for random JSON, deleted,
duplicated ids, known kinds with random data, non-finite numbers, huge integers, long
texts, wrong media types and encodings) — sent to a real server over SQLite and
PostgreSQL. Never a 5xx; on a 4xx nothing is written (the database is read back); on a
200 the answer lists exactly the batch's ids and the events stored are those.

The default run is a few dozen batches per database; ``pytest -m slow
tests/collector/test_properties.py`` runs hundreds.
"""
from __future__ import annotations

import gzip
import json
import uuid
from datetime import timedelta

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase
from sqlalchemy import func, select

from collector import db
from collector.catalogue import catalogue
from collector.kiosks import add_kiosk
from tests.collector.helpers import DB_KINDS, fresh_engine, serve
from tests.collector.test_api import KIOSK, make_batch, make_event
from tests.conftest import ARTIFACTS

DEFAULT = settings(max_examples=30, deadline=timedelta(seconds=30),
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                          HealthCheck.function_scoped_fixture],
                   database=DirectoryBasedExampleDatabase(str(ARTIFACTS / "hypothesis")))
SLOW = settings(DEFAULT, max_examples=400)

KINDS = sorted(catalogue().kinds)
leaves = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
          | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20)
          | st.sampled_from(["", "\x00", "x" * 1200, "=1+1", "é" * 70, "fr", "myth", "idle"]))
json_values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=12)
ENVELOPE = ["event_id", "seq", "kind", "exhibit_id", "content_version", "visit_id", "wall_time", "mono_ns",
            "boot_id", "site", "departement", "data"]


@st.composite
def events(draw, seq: int) -> dict:
    event = make_event(seq)
    how = draw(st.sampled_from(["valid", "valid", "field", "delete", "kind", "data", "extra"]))
    if how == "field":
        event[draw(st.sampled_from(ENVELOPE))] = draw(json_values)
    elif how == "delete":
        del event[draw(st.sampled_from(ENVELOPE))]
    elif how == "kind":
        event["kind"] = draw(st.sampled_from(KINDS))
        event["data"] = draw(st.dictionaries(st.sampled_from(["language", "duration_s", "reason", "exhibit_type",
                                                               "dwell_s", "statement_id", "answer", "correct",
                                                               "time_s", "intent", "confidence", "fallback",
                                                               "source", "text", "page"]), json_values, max_size=6))
    elif how == "data":
        event["kind"] = draw(st.text(min_size=1, max_size=70))
        event["data"] = draw(st.dictionaries(st.text(max_size=12), json_values, max_size=5))
    elif how == "extra":
        event[draw(st.text(min_size=1, max_size=8))] = draw(json_values)
    return event


@st.composite
def requests(draw) -> tuple[bytes, dict, list]:
    n = draw(st.integers(min_value=0, max_value=6))
    batch_events = [draw(events(i + 1)) for i in range(n)]
    if n > 1 and draw(st.booleans()) and draw(st.booleans()):
        batch_events[-1]["event_id"] = batch_events[0].get("event_id")  # a duplicate id
    batch = make_batch(batch_events)
    if draw(st.integers(0, 5)) == 0:
        batch[draw(st.sampled_from(["sent_at", "sent_mono_ns", "boot_id", "health", "kiosk_id"]))] = draw(json_values)
    if draw(st.integers(0, 5)) == 0:
        batch["health"] = draw(st.dictionaries(st.sampled_from(["pending", "disk_free_mb", "errors", "uptime_s",
                                                                "app_version", "site", "x"]), json_values, max_size=4))
    body = json.dumps(batch, allow_nan=True).encode()
    headers = {"Content-Type": draw(st.sampled_from(["application/json"] * 6 + ["text/plain", ""]))}
    if draw(st.booleans()):
        body = gzip.compress(body)
        headers["Content-Encoding"] = draw(st.sampled_from(["gzip"] * 8 + ["br"]))
    ids = [e.get("event_id") for e in batch_events] if isinstance(batch_events, list) else []
    return body, headers, ids


@pytest.fixture(scope="module", params=DB_KINDS)
def collector(request, tmp_path_factory):
    engine = fresh_engine(request.param, tmp_path_factory.mktemp(f"props-{request.param}"))
    token = add_kiosk(engine, KIOSK)
    with serve(engine) as url, httpx.Client(base_url=url, timeout=60,
                                            headers={"Authorization": f"Bearer {token}"}) as client:
        yield engine, client
    engine.dispose()


def counts(engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return (conn.execute(select(func.count()).select_from(db.events)).scalar_one(),
                conn.execute(select(func.count()).select_from(db.syncs)).scalar_one())


def check_one(engine, client, request) -> None:
    body, headers, ids = request
    before = counts(engine)
    resp = client.post("/api/v1/events", content=body, headers=headers)
    assert resp.status_code < 500, resp.text
    after = counts(engine)
    if resp.status_code != 200:
        assert 400 <= resp.status_code < 500 and isinstance(resp.json()["detail"], str)
        assert after == before, f"{resp.status_code} but something was written: {resp.text}"
        return
    ack = resp.json()
    assert sorted(ack["accepted"] + ack["known"]) == sorted(ids)
    assert after == (before[0] + len(ack["accepted"]), before[1] + 1)


@given(request=requests())
@DEFAULT
def test_random_batches_never_5xx_and_write_nothing_when_refused(collector, request):
    check_one(*collector, request)


@pytest.mark.slow
@given(request=requests())
@SLOW
def test_random_batches_many(collector, request):
    check_one(*collector, request)


def test_a_valid_batch_still_goes_through(collector):
    engine, client = collector
    ev = make_event(1)
    ev["event_id"] = uuid.uuid4().hex
    check_one(engine, client, (json.dumps(make_batch([ev])).encode(), {"Content-Type": "application/json"},
                               [ev["event_id"]]))
