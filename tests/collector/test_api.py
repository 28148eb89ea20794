"""The collector's HTTP API on a real server, over SQLite and a real PostgreSQL."""
from __future__ import annotations

import gzip
import json
import time
import uuid

import httpx
import pytest
from sqlalchemy import select

from collector import db
from collector.kiosks import add_kiosk
from collector.totals import totals
from tests.collector.helpers import DB_KINDS, event_count, fresh_engine, serve

KIOSK = "occ-31-labege-1"
BOOT = "4d0e7a4e-1111-2222-3333-444455556666"


@pytest.fixture(params=DB_KINDS)
def collector(request, tmp_path):
    engine = fresh_engine(request.param, tmp_path)
    token = add_kiosk(engine, KIOSK)
    with serve(engine) as url:
        yield engine, url, token
    engine.dispose()


def make_event(seq, *, kind="visit_started", wall=None, mono=None, boot=BOOT, **data):
    if kind == "visit_started" and not data:
        data = {"language": "fr"}
    return {"event_id": uuid.uuid4().hex, "seq": seq, "kind": kind, "exhibit_id": None,
            "content_version": None, "visit_id": "v" + str(seq), "wall_time": wall or time.time(),
            "mono_ns": mono if mono is not None else seq * 1_000_000_000, "boot_id": boot,
            "site": "Labège", "departement": "31", "data": data}


def make_batch(events, *, sent_at=None, sent_mono=None, health=None):
    return {"kiosk_id": KIOSK, "sent_at": sent_at or time.time(),
            "sent_mono_ns": sent_mono if sent_mono is not None else 10**12, "boot_id": BOOT,
            "health": health or {"pending": 0}, "events": events}


def post(url, token, body, *, gz=True, headers=None):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    hdrs = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if gz:
        raw = gzip.compress(raw)
        hdrs["Content-Encoding"] = "gzip"
    hdrs.update(headers or {})
    return httpx.post(url + "/api/v1/events", content=raw, headers=hdrs, timeout=30)


def test_batch_is_written_once_and_a_replay_changes_nothing(collector):
    engine, url, token = collector
    batch = make_batch([make_event(i, language="fr") for i in range(1, 51)])
    first = post(url, token, batch)
    assert first.status_code == 200, first.text
    ids = [e["event_id"] for e in batch["events"]]
    assert sorted(first.json()["accepted"]) == sorted(ids) and first.json()["known"] == []
    again = post(url, token, batch)
    assert again.status_code == 200
    assert again.json()["accepted"] == [] and sorted(again.json()["known"]) == sorted(ids)
    # Half old, half new: only the new ones are written.
    mixed = make_batch(batch["events"][:10] + [make_event(i) for i in range(51, 61)])
    third = post(url, token, mixed).json()
    assert len(third["accepted"]) == 10 and len(third["known"]) == 10
    assert event_count(engine) == 60
    assert totals(engine)["visits"] == 60 and totals(engine)["kiosks"] == 1


def test_typed_columns_and_data_are_stored(collector):
    engine, url, token = collector
    ev = make_event(1, kind="myths.answered", statement_id="replace-agents", answer="myth", correct=True, time_s=4.5)
    ev.update(exhibit_id="mythes", content_version="abc123")
    assert post(url, token, make_batch([ev])).status_code == 200
    with engine.connect() as conn:
        row = conn.execute(select(db.events)).one()
    assert (row.kiosk_id, row.seq, row.kind, row.exhibit_id, row.content_version, row.visit_id) == \
        (KIOSK, 1, "myths.answered", "mythes", "abc123", "v1")
    assert row.data == {"statement_id": "replace-agents", "answer": "myth", "correct": True, "time_s": 4.5}
    assert row.source == "http" and row.site == "Labège" and row.departement == "31"


def test_clock_skew_is_corrected_and_both_times_kept(collector):
    engine, url, token = collector
    skew = 3 * 3600  # the kiosk's clock is three hours late
    now = time.time()
    same_boot = make_event(1, wall=now - skew - 60, mono=10**12 - 60 * 10**9)  # 60 s before sending
    old_boot = make_event(2, wall=now - skew - 86400, mono=5, boot="previous-boot")
    resp = post(url, token, make_batch([same_boot, old_boot], sent_at=now - skew, sent_mono=10**12))
    assert resp.status_code == 200
    with engine.connect() as conn:
        got = {r.seq: r for r in conn.execute(select(db.events))}
    received = got[1].received_at
    assert abs((received - got[1].time).total_seconds() - 60) < 0.01  # from monotonic time
    assert abs((received - got[2].time).total_seconds() - 86400) < 5  # from the batch's clock offset
    assert abs((got[1].time - got[1].wall_time).total_seconds() - skew) < 5
    assert got[1].clock_corrected and got[2].clock_corrected
    assert abs((got[1].received_at - got[1].sent_at).total_seconds() - skew) < 5  # both times kept
    with engine.connect() as conn:
        kiosk = conn.execute(select(db.kiosks)).one()
    assert abs(kiosk.clock_offset_s - skew) < 5


def test_health_report_updates_the_kiosk(collector):
    engine, url, token = collector
    health = {"pending": 1234, "disk_free_mb": 812.5, "app_version": "0.1.0", "uptime_s": 99.0,
              "site": "Labège", "departement": "31", "errors": [{"at": "x", "error": "unreachable"}]}
    assert post(url, token, make_batch([make_event(1)], health=health)).status_code == 200
    with engine.connect() as conn:
        kiosk = conn.execute(select(db.kiosks)).one()
        syncs = conn.execute(select(db.syncs)).all()
    assert (kiosk.pending, kiosk.disk_free_mb, kiosk.app_version, kiosk.errors) == (1234, 812.5, "0.1.0", 1)
    assert kiosk.health["errors"][0]["error"] == "unreachable"
    assert kiosk.last_sync_at is not None and len(syncs) == 1 and syncs[0].accepted == 1


@pytest.mark.parametrize("auth", [None, "Bearer", "Bearer not-a-token", "Basic abc"])
def test_a_request_without_a_valid_token_is_refused(collector, auth):
    engine, url, token = collector
    headers = {"Authorization": auth} if auth is not None else {}
    raw = gzip.compress(json.dumps(make_batch([make_event(1)])).encode())
    resp = httpx.post(url + "/api/v1/events", content=raw,
                      headers={"Content-Encoding": "gzip", **headers})
    assert resp.status_code == 401 and "token" in resp.json()["detail"]
    assert event_count(engine) == 0


def test_another_kiosks_batch_is_refused(collector):
    engine, url, token = collector
    add_kiosk(engine, "other-kiosk")
    batch = make_batch([make_event(1)])
    batch["kiosk_id"] = "other-kiosk"
    resp = post(url, token, batch)
    assert resp.status_code == 403 and event_count(engine) == 0


def test_partially_invalid_batch_is_refused_whole(collector):
    engine, url, token = collector
    events = [make_event(i) for i in range(1, 11)]
    events[7]["wall_time"] = "yesterday"
    resp = post(url, token, make_batch(events))
    assert resp.status_code == 422
    assert "events.7.wall_time" in resp.json()["detail"] and "nothing written" in resp.json()["detail"]
    events[7] = make_event(8)
    events[3]["surprise"] = 1  # unknown field
    assert post(url, token, make_batch(events)).status_code == 422
    events[3] = make_event(4, kind="k" * 65)
    assert post(url, token, make_batch(events)).status_code == 422
    events[3] = make_event(4, text="a\u0000b")  # PostgreSQL's JSONB would choke on it
    assert post(url, token, make_batch(events)).status_code == 422
    assert event_count(engine) == 0


def test_a_known_kind_with_a_wrong_field_refuses_the_batch_naming_event_and_field(collector):
    engine, url, token = collector
    events = [make_event(i) for i in range(1, 6)]
    events[3] = make_event(4, kind="myths.answered", statement_id="s1", answer="myth", correct="yes", time_s=2.0)
    resp = post(url, token, make_batch(events))
    assert resp.status_code == 422
    detail = resp.json()["detail"]
    assert "nothing written" in detail and "events.3" in detail and events[3]["event_id"] in detail
    assert "myths.answered: data.correct" in detail
    events[3] = make_event(4, kind="visit_ended", duration_s=-5, reason="idle")  # out of range
    assert "data.duration_s" in post(url, token, make_batch(events)).json()["detail"]
    assert event_count(engine) == 0


def test_a_newer_kiosks_kinds_and_fields_are_kept(collector):
    engine, url, token = collector
    unknown = make_event(1, kind="poll.answered", answer="oui", anything={"nested": [1, 2]})
    newer_field = make_event(2, kind="visit_started", language="fr", screen="portrait")
    resp = post(url, token, make_batch([unknown, newer_field]))
    assert resp.status_code == 200, resp.text
    assert len(resp.json()["accepted"]) == 2
    with engine.connect() as conn:
        stored = {r.kind: r.data for r in conn.execute(select(db.events))}
    assert stored == {"poll.answered": {"answer": "oui", "anything": {"nested": [1, 2]}},
                      "visit_started": {"language": "fr", "screen": "portrait"}}


@pytest.mark.parametrize("where, bad", [
    ("data", float("nan")), ("data", float("inf")), ("data", 2**64), ("health", float("nan")),
    ("health", 10**30),
])
def test_non_finite_numbers_and_absurd_integers_are_refused(collector, where, bad):
    engine, url, token = collector
    event = make_event(1, kind="poll.answered", value=bad) if where == "data" else make_event(1)
    batch = make_batch([event], health={"pending": 0, "disk_free_mb": bad} if where == "health" else None)
    raw = json.dumps(batch).encode()  # Python writes NaN and Infinity, as a broken sender would
    resp = post(url, token, raw)
    assert resp.status_code == 422, resp.text
    assert ("health" if where == "health" else "events.0.data") in resp.json()["detail"]
    assert event_count(engine) == 0


@pytest.mark.parametrize("body, gz, status", [
    (b"{not json", True, 400),
    (b"\x1f\x8b\x08\x00garbage", False, 400),  # claims gzip below, is not
    (b"[]", True, 422),
])
def test_malformed_bodies_are_refused_with_a_clear_message(collector, body, gz, status):
    engine, url, token = collector
    headers = {} if gz else {"Content-Encoding": "gzip"}
    resp = post(url, token, body, gz=gz, headers=headers)
    assert resp.status_code == status
    assert isinstance(resp.json()["detail"], str) and event_count(engine) == 0


def test_oversized_batches_are_refused(collector):
    engine, url, token = collector
    too_many = make_batch([make_event(i) for i in range(1, 5002)])
    assert post(url, token, too_many).status_code == 422
    bomb = gzip.compress(b'{"kiosk_id": "' + b"x" * 40_000_000 + b'"}')
    resp = post(url, token, bomb, gz=False, headers={"Content-Encoding": "gzip"})
    assert resp.status_code == 413
    huge = b"x" * 5_000_000
    assert post(url, token, huge, gz=False).status_code == 413
    assert event_count(engine) == 0


def test_openapi_describes_the_api(collector):
    _, url, _ = collector
    spec = httpx.get(url + "/openapi.json").json()
    op = spec["paths"]["/api/v1/events"]["post"]
    assert "events" in json.dumps(op["requestBody"]) and "accepted" in json.dumps(spec["components"])
