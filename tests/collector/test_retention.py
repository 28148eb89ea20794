"""Retention on a real collector (SQLite and PostgreSQL): raw events older than 25 months
go, the dashboard's figures stay — after the prune, after a full rebuild, after a late
event of a pruned day — and ``collector prune`` / ``collector serve`` do it."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import func, select

from collector import db
from collector.dashboard import queries
from collector.summary import retention, rollup
from collector.dashboard.filters import Filters
from collector.ingest import ingest
from collector.kiosks import add_kiosk
from contract.wire import BundleBatch
from tests.collector.helpers import DB_KINDS, PG_ENV, ROOT, event_count, free_port, fresh_engine, sqlite_url
from tests.dashboard.helpers import TZ, launch

KIOSKS = ("occ-31-labege-1", "ara-69-lyon-1")
MONTHS = 25
TABLES = (rollup.daily, rollup.hourly, rollup.monthly, rollup.hourly_monthly)


def _event(seq: int, when: datetime, kind: str, **data) -> dict:
    return {"event_id": uuid.uuid4().hex, "seq": seq, "kind": kind,
            "exhibit_id": "mythes" if kind == "exhibit_opened" else None, "content_version": "v1",
            "visit_id": f"visit-{seq // 3}", "wall_time": when.replace(tzinfo=timezone.utc).timestamp(),
            "mono_ns": seq, "boot_id": "boot-retention", "site": "Labège", "departement": "31", "data": data}


def send(engine, kiosk_id: str, times: list[datetime], first_seq: int = 1) -> None:
    """One visit (start, exhibit opened, end) at each time, as a USB bundle: kept at the
    kiosk's own time, so events can be placed years back."""
    events, seq = [], first_seq
    for i, when in enumerate(times):
        events += [_event(seq, when, "visit_started", language="fr" if i % 3 else "en"),
                   _event(seq + 1, when + timedelta(minutes=1), "exhibit_opened", exhibit_type="myths"),
                   _event(seq + 2, when + timedelta(minutes=5), "visit_ended", duration_s=300 + i % 50,
                          reason="idle")]
        seq += 3
    batch = BundleBatch.model_validate({"kiosk_id": kiosk_id, "sent_at": time.time(), "sent_mono_ns": seq,
                                        "boot_id": "boot-retention", "events": events})
    ingest(engine, batch, source="usb")


def fill(engine, now: datetime, cutoff: datetime) -> None:
    """Two kiosks, a visit every few days over 31 months, and visits right around the cutoff."""
    for k, kiosk_id in enumerate(KIOSKS):
        add_kiosk(engine, kiosk_id)
        times = [now - timedelta(days=d, hours=3 + (d + k) % 9) for d in range(k, 31 * 31, 4)]
        # the regular visits keep clear of the cutoff's hour, whatever the time of day the
        # test runs: the two visits placed around it are the ones the test counts there
        times = [t for t in times if abs(t - cutoff) > timedelta(hours=2)]
        times += [cutoff - timedelta(minutes=20 + k), cutoff + timedelta(minutes=1 + k)]
        send(engine, kiosk_id, times)


def summary(engine) -> list[list[tuple]]:
    with engine.connect() as conn:
        return [sorted(tuple(_plain(v) for v in r) for r in conn.execute(select(t))) for t in TABLES]


def _plain(value):
    return float(value) if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) else value


def figures(engine, start: date, end: date) -> dict:
    """What the dashboard shows: visits per month (monthly summary) and the overview."""
    m = rollup.monthly
    with engine.connect() as conn:
        per_month = dict(conn.execute(select(m.c.month, func.sum(m.c.n)).where(m.c.kind == "visit_started")
                                      .group_by(m.c.month)).all())
        o = queries.overview(conn, Filters(start, end))
    return {"per_month": {k: int(v) for k, v in per_month.items()}, "visits": o.visits,
            "visits_ended": o.visits_ended, "avg_visit_s": o.avg_visit_s, "opened": o.exhibits_opened,
            "by_day": o.by_day, "by_hour": o.by_hour, "exhibits": o.exhibits}


def event_times(engine) -> list[datetime]:
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(select(db.events.c.time))]


@pytest.fixture(params=DB_KINDS)
def engine(request, tmp_path):
    engine = fresh_engine(request.param, tmp_path)
    rollup.ensure_schema(engine)
    yield engine
    engine.dispose()


def test_cutoff_is_the_local_midnight_after_the_limit():
    assert retention.months_before(date(2026, 3, 31), 25) == date(2024, 2, 29)
    assert retention.months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)
    # 25 months before 2026-11-24 03:10 in Paris is 2024-10-24 03:10: that whole day goes too.
    cutoff, first_kept = retention.cutoff_for(datetime(2026, 11, 24, 2, 10), 25, "Europe/Paris")
    assert (cutoff, first_kept) == (datetime(2024, 10, 24, 22, 0), date(2024, 10, 25))
    # At local midnight exactly (1 July in Paris), nothing younger than the limit goes.
    assert retention.cutoff_for(datetime(2026, 6, 30, 22, 0), 25, "Europe/Paris")[1] == date(2024, 6, 1)


def test_prune_deletes_old_raw_events_and_keeps_the_dashboards_figures(engine):
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    cutoff, first_kept = retention.cutoff_for(now, MONTHS, TZ)
    fill(engine, now, cutoff)
    before_times = event_times(engine)
    assert min(before_times) < now - timedelta(days=29 * 31) and sum(t < cutoff for t in before_times) > 200
    start, end = (now - timedelta(days=32 * 31)).date(), now.date()
    rollup.refresh(engine, TZ)
    expected, expected_summary = figures(engine, start, end), summary(engine)
    assert len(expected["per_month"]) >= 31 and expected["visits"] == len(before_times) // 3

    result = retention.prune(engine, months=MONTHS, now=now, tz=TZ, batch=100)  # several batches
    assert (result.cutoff, result.first_kept_day) == (cutoff, first_kept)
    kept = event_times(engine)
    assert result.deleted == sum(t < cutoff for t in before_times) == len(before_times) - len(kept)
    assert min(kept) >= cutoff and sorted(kept) == sorted(t for t in before_times if t >= cutoff)
    limit = datetime.combine(retention.months_before(now.date(), MONTHS), now.time())
    assert not [t for t in kept if t < limit]           # nothing older than 25 months
    assert sum(cutoff <= t < cutoff + timedelta(hours=1) for t in kept) == 6  # the 2 visits just after
    assert figures(engine, start, end) == expected and summary(engine) == expected_summary

    # A full rebuild recomputes only the days that still have their raw events.
    assert rollup.refresh(engine, TZ, full=True)["full"]
    assert summary(engine) == expected_summary and figures(engine, start, end) == expected
    # Pruning again deletes nothing and changes nothing.
    again = retention.prune(engine, months=MONTHS, now=now, tz=TZ)
    assert again.deleted == 0 and again.cutoff == cutoff and summary(engine) == expected_summary


def test_a_late_event_of_a_pruned_day_changes_no_figures(engine):
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    cutoff, _ = retention.cutoff_for(now, MONTHS, TZ)
    fill(engine, now, cutoff)
    retention.prune(engine, months=MONTHS, now=now, tz=TZ)
    expected = summary(engine)
    # A kiosk whose clock lost two years hands in a bundle: its visits land in pruned days.
    send(engine, KIOSKS[0], [cutoff - timedelta(days=40), now - timedelta(days=31 * 30)], first_seq=10**6)
    rollup.refresh(engine, TZ)
    assert summary(engine) == expected
    assert rollup.refresh(engine, TZ, full=True)["full"] and summary(engine) == expected
    assert retention.prune(engine, months=MONTHS, now=now, tz=TZ).deleted == 6
    # A shorter retention later moves the cutoff on; a longer one never moves it back.
    shorter = retention.prune(engine, months=24, now=now, tz=TZ)
    assert shorter.deleted > 0 and min(event_times(engine)) >= shorter.cutoff
    assert retention.prune(engine, months=MONTHS, now=now, tz=TZ).deleted == 0
    with engine.connect() as conn:
        assert rollup.first_kept_day(conn, TZ) == shorter.first_kept_day


def _db_url(engine, tmp_path) -> str:
    return sqlite_url(tmp_path) if engine.dialect.name == "sqlite" else os.environ[PG_ENV]


def test_prune_command(engine, tmp_path):
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    cutoff, first_kept = retention.cutoff_for(now, MONTHS, TZ)
    fill(engine, now, cutoff)
    old = sum(t < cutoff for t in event_times(engine))
    url = _db_url(engine, tmp_path)
    out = launch("collector", "prune", "--db", url).stdout.strip()
    assert re.fullmatch(rf"retention: {old} raw events before {first_kept.isoformat()} deleted "
                        r"\(the dashboard keeps their figures\)", out), out
    assert launch("collector", "prune", "--db", url).stdout.startswith("retention: 0 raw events before")
    short = launch("collector", "prune", "--db", url, "--months", "12").stdout
    assert int(short.split()[1]) > 0 and min(event_times(engine)) >= retention.cutoff_for(now, 12, TZ)[0]
    for args, env, message in ((["--months", "0"], {}, "Invalid value for '--months'"),
                               ([], {retention.MONTHS_ENV: "two"}, "is not a whole number of months"),
                               ([], {retention.MONTHS_ENV: "0"}, "pruning is off")):
        proc = subprocess.run([sys.executable, str(ROOT / "launch.py"), "collector", "prune", "--db", url, *args],
                              cwd=ROOT, capture_output=True, text=True, timeout=120, env={**os.environ, **env})
        assert proc.returncode != 0 and message in proc.stderr and "Traceback" not in proc.stderr


def _serve(url: str, months: str, tmp_path):
    port = free_port()
    log = open(tmp_path / f"serve-{months}.log", "w+")
    proc = subprocess.Popen([sys.executable, str(ROOT / "launch.py"), "collector", "serve", "--port", str(port),
                             "--db", url], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, retention.MONTHS_ENV: months})
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=5).status_code == 200:
                return proc, log
        except httpx.HTTPError:
            pass
        assert proc.poll() is None and time.monotonic() < deadline, log.seek(0) or log.read()
        time.sleep(0.2)


def _stop(proc, log) -> str:
    proc.terminate()
    proc.wait(30)
    log.seek(0)
    return log.read()


def test_serve_prunes_at_start_up_unless_turned_off(engine, tmp_path):
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    cutoff, first_kept = retention.cutoff_for(now, MONTHS, TZ)
    fill(engine, now, cutoff)
    total = event_count(engine)
    url = _db_url(engine, tmp_path)
    proc, log = _serve(url, "0", tmp_path)
    assert event_count(engine) == total
    assert "raw events kept forever" in _stop(proc, log)
    proc, log = _serve(url, str(MONTHS), tmp_path)
    try:
        deadline = time.monotonic() + 120
        while min(event_times(engine)) < cutoff:
            assert time.monotonic() < deadline, "the collector did not prune at start-up"
            time.sleep(0.2)
        while f"before {first_kept.isoformat()} deleted" not in (log.seek(0) or log.read()):
            assert time.monotonic() < deadline, "the prune was not logged"
            time.sleep(0.2)
    finally:
        output = _stop(proc, log)
    assert f"raw events kept {MONTHS} months" in output and "Traceback" not in output


def test_a_failing_prune_is_logged_and_retried(tmp_path, caplog):
    # A database the collector cannot write: a folder where the SQLite file should be.
    (tmp_path / "collector.sqlite3").mkdir()
    broken = db.connect(sqlite_url(tmp_path), create=False)
    stop = retention.start_daily(broken, MONTHS, TZ, every_s=0.05)
    try:
        deadline = time.monotonic() + 30
        while len([r for r in caplog.records if "pruning failed" in r.getMessage()]) < 2:
            assert time.monotonic() < deadline, caplog.text
            time.sleep(0.05)
    finally:
        stop.set()
        broken.dispose()
    failure = next(r for r in caplog.records if "pruning failed" in r.getMessage())
    assert failure.levelname == "ERROR" and "\n" not in failure.getMessage()
