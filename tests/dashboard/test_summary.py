"""The summary tables under odd and late data, through the collector's real HTTP API:
texts of unanswered questions, malformed fields, events arriving weeks late."""
from __future__ import annotations

import gzip
import json
import os
import time
import uuid
from datetime import date
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import select

from collector.summary import rollup
from collector.dashboard.filters import Filters
from collector.dashboard.users import add_user
from collector.ingest import ingest
from collector.kiosks import add_kiosk
from contract.wire import Batch
from tests.collector.helpers import DB_KINDS, fresh_engine, serve
from tests.dashboard.helpers import PASSWORD, USER, TZ, local_day, login, read_csv

KIOSK = "occ-34-montpellier-2"
BOOT = "boot-test-summary"
SENT_MONO = 10**17  # three years of uptime: room for events weeks old


class Kiosk:
    """Sends hand-made batches as a kiosk would (same wire format, gzip, bearer token)."""

    def __init__(self, url: str, token: str):
        self.url, self.token, self.seq = url, token, 0

    def event(self, kind, *, exhibit=None, ago_s=60.0, **data) -> dict:
        self.seq += 1
        return {"event_id": uuid.uuid4().hex, "seq": self.seq, "kind": kind, "exhibit_id": exhibit,
                "content_version": "v1" if exhibit else None, "visit_id": f"visit-{self.seq}",
                "wall_time": time.time() - ago_s, "mono_ns": SENT_MONO - int(ago_s * 1e9), "boot_id": BOOT,
                "site": "Montpellier", "departement": "34", "data": data}

    def batch(self, events: list[dict]) -> dict:
        return {"kiosk_id": KIOSK, "sent_at": time.time(), "sent_mono_ns": SENT_MONO, "boot_id": BOOT,
                "health": {"pending": 0}, "events": events}

    def post(self, events: list[dict]) -> httpx.Response:
        return httpx.post(self.url + "/api/v1/events", content=gzip.compress(json.dumps(self.batch(events)).encode()),
                          headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json",
                                   "Content-Encoding": "gzip"}, timeout=30)

    def send(self, events: list[dict]) -> dict:
        body = self.batch(events)
        resp = httpx.post(self.url + "/api/v1/events", content=gzip.compress(json.dumps(body).encode()),
                          headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json",
                                   "Content-Encoding": "gzip"}, timeout=30)
        assert resp.status_code == 200, resp.text
        return resp.json()


@pytest.fixture(params=DB_KINDS)
def collector(request, tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_DASHBOARD_REFRESH_S", "0")
    engine = fresh_engine(request.param, tmp_path)
    token = add_kiosk(engine, KIOSK)
    add_user(engine, USER, PASSWORD)
    with serve(engine) as url:
        client = httpx.Client(base_url=url, timeout=60)
        assert login(client).status_code == 303
        yield engine, Kiosk(url, token), client
    engine.dispose()


def test_unanswered_questions_listed_only_where_texts_were_stored(collector):
    engine, kiosk, client = collector
    asked = lambda **d: kiosk.event("chatbot.asked", exhibit="chatbot", confidence=0.2, language="fr",  # noqa: E731
                                    source="typed", **d)
    kiosk.send([asked(intent=None, fallback=True, text="Où est la cafétéria ?"),
                asked(intent=None, fallback=True, text="Où est la cafétéria ?"),
                asked(intent=None, fallback=True, text="horaires piscine"),
                asked(intent=None, fallback=True),                       # privacy off on that kiosk: no text
                asked(intent="hours", fallback=False, text="quels horaires"),
                asked(intent="hours", fallback=False)])
    page = client.get("/dashboard/exhibits/chatbot")
    assert page.status_code == 200
    assert "Où est la cafétéria ?</td><td class=\"num\">2<" in page.text
    unanswered = read_csv(client.get("/dashboard/export/unanswered.csv"))
    assert {(r["text"], r["asked"]) for r in unanswered} == {("Où est la cafétéria ?", "2"), ("horaires piscine", "1")}
    intents = read_csv(client.get("/dashboard/export/intents.csv"))
    assert [(r["intent"], r["asked"]) for r in intents] == [("hours", "2")]
    assert 'id="fig-fallback">67\u202f%<' in page.text  # 4 fallbacks of 6


def test_malformed_fields_count_as_missing_and_break_nothing(collector):
    """Today's collector refuses such events (the catalogue); a database filled by an
    earlier one may hold them, and the summary must still read it."""
    engine, kiosk, client = collector
    malformed = [kiosk.event("visit_started", language="fr"),
                 kiosk.event("visit_ended", duration_s=100, reason="idle"),
                 kiosk.event("visit_ended", duration_s="abc", reason="idle"),
                 kiosk.event("visit_ended", duration_s=1e12, reason=["x"]),
                 kiosk.event("visit_ended", duration_s=-5),
                 kiosk.event("myths.answered", exhibit="mythes", statement_id="s1", answer="myth", correct="yes"),
                 kiosk.event("myths.answered", exhibit="mythes", statement_id="s1", answer="myth", correct=True),
                 kiosk.event("myths.answered", exhibit="mythes", statement_id=42, correct=True),
                 kiosk.event("exhibit_closed", exhibit="mythes", exhibit_type="myths", dwell_s=None),
                 kiosk.event("myths.finished", exhibit="mythes", score=3, total=0)]
    refused = kiosk.post(malformed)
    assert refused.status_code == 422 and "events.2" in refused.json()["detail"]
    ingest(engine, Batch.model_validate(kiosk.batch(malformed)))  # as an earlier collector wrote them
    days = read_csv(client.get("/dashboard/export/days.csv"))
    today = [d for d in days if d["visits"] != "0"]
    assert len(today) == 1 and today[0]["visits_ended"] == "4" and float(today[0]["avg_visit_duration_s"]) == 100
    statements = {r["statement_id"]: r for r in read_csv(client.get("/dashboard/export/statements.csv"))}
    assert (statements["s1"]["answers"], statements["s1"]["right_answers"]) == ("2", "1")
    assert statements["42"]["answers"] == "1"  # an id written as a number is kept, as its text
    for page in ("/dashboard/", "/dashboard/exhibits/mythes", "/dashboard/kiosks"):
        assert client.get(page).status_code == 200


def test_late_events_land_in_their_own_day_once(collector):
    engine, kiosk, client = collector
    kiosk.send([kiosk.event("visit_started", language="fr") for _ in range(3)])
    first = read_csv(client.get("/dashboard/export/days.csv"))
    assert sum(int(d["visits"]) for d in first) == 3
    # A kiosk back after six weeks offline sends visits from then (same boot: its
    # monotonic clock places them); replaying the batch changes nothing.
    late = [kiosk.event("visit_started", ago_s=45 * 86400, language="en") for _ in range(2)]
    kiosk.send(late)
    assert kiosk.send(late)["accepted"] == []
    day = local_day(late[0]["wall_time"])
    params = {"start": day, "end": day}
    assert [(d["day"], d["visits"]) for d in read_csv(client.get("/dashboard/export/days.csv", params=params))] \
        == [(day, "2")]
    assert sum(int(d["visits"]) for d in read_csv(client.get("/dashboard/export/days.csv"))) == 3  # the last 30 days
    wide = {"start": local_day(time.time() - 60 * 86400), "end": local_day(time.time())}
    assert sum(int(d["visits"]) for d in read_csv(client.get("/dashboard/export/days.csv", params=wide))) == 5
    # Sixty days hold a whole month: those figures come from the monthly summary.
    assert Filters.from_params(wide, TZ).split_by_month()[0] is not None
    assert sum(int(h["visits"]) for h in read_csv(client.get("/dashboard/export/hours.csv", params=wide))) == 5
    kiosks = read_csv(client.get("/dashboard/export/kiosks.csv", params=wide))
    assert [(k["kiosk_id"], k["visits_in_period"]) for k in kiosks] == [(KIOSK, "5")]
    # What was built bit by bit equals a rebuild from scratch.
    tables = (rollup.daily, rollup.hourly, rollup.monthly, rollup.hourly_monthly)

    def contents():
        with engine.connect() as conn:
            return [sorted(tuple(_plain(v) for v in r) for r in conn.execute(select(t))) for t in tables]

    before = contents()
    assert rollup.refresh(engine, TZ, full=True)["full"]
    assert contents() == before and all(len(rows) >= 2 for rows in before)


def _plain(value):
    return float(value) if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) else value


def test_a_period_splits_into_whole_months_and_days():
    def split(start, end):
        return Filters(date.fromisoformat(start), date.fromisoformat(end)).split_by_month()

    assert split("2026-03-01", "2026-05-31") == (("2026-03", "2026-05"), [])
    assert split("2026-02-27", "2026-05-02") == (
        ("2026-03", "2026-04"), [(date(2026, 2, 27), date(2026, 2, 28)), (date(2026, 5, 1), date(2026, 5, 2))])
    assert split("2026-03-02", "2026-03-30") == (None, [(date(2026, 3, 2), date(2026, 3, 30))])
    assert split("2025-12-15", "2026-01-31") == (("2026-01", "2026-01"), [(date(2025, 12, 15), date(2025, 12, 31))])


def test_add_user_command(tmp_path):
    from tests.dashboard.helpers import launch
    from collector import db
    from collector.dashboard.users import check_password

    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    out = launch("collector", "add-user", "camille", "--password-stdin", "--db", url, input="first password\n")
    assert "camille created" in out.stdout
    for args, stdin, message in (
            (["camille"], "another password\n", "already exists"),
            (["bob"], "short\n", "at least 8 characters"),
            (["bad name!"], "long enough pass\n", "not a user name")):
        proc = launch("collector", "add-user", *args, "--password-stdin", "--db", url, input=stdin, check=False)
        assert proc.returncode != 0 and message in proc.stderr and "Traceback" not in proc.stderr
    launch("collector", "add-user", "camille", "--reset", "--password-stdin", "--db", url, input="second password\n")
    engine = db.connect(url)
    try:
        with engine.connect() as conn:
            stored = conn.execute(select(db.users.c.password_hash)).scalar_one()
        assert stored.startswith("$argon2id$") and "second" not in stored
        assert check_password(engine, "camille", "second password")
        assert not check_password(engine, "camille", "first password")
    finally:
        engine.dispose()
    assert "removed" in launch("collector", "remove-user", "camille", "--db", url).stdout
    assert "no user" in launch("collector", "remove-user", "camille", "--db", url, check=False).stderr
    refreshed = launch("collector", "refresh-dashboard", "--full", "--db", url).stdout
    assert "rebuilt from all events" in refreshed
    assert os.path.exists(tmp_path / "c.sqlite3")
