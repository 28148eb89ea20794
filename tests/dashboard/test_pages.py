"""The dashboard against a collector filled through the real sync (SQLite and PostgreSQL):
pages and exports give the figures the kiosks recorded, and nothing without a login."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import update

from collector import db
from collector.dashboard import exports
from collector.dashboard.formatting import number
from collector.dashboard.users import open_session
from tests.dashboard.helpers import (KIOSKS, NEVER_SYNCED, PASSWORD, USER, expected_intents, expected_statements,
                                     local_day, login, logout, read_csv)

PAGES = ["/dashboard/", "/dashboard/exhibits", "/dashboard/exhibits/mythes", "/dashboard/kiosks"]


def test_nothing_without_a_session(filled):
    anonymous = filled.client(logged_in=False)
    for page in PAGES:
        resp = anonymous.get(page)
        assert resp.status_code == 303 and resp.headers["location"].startswith("/dashboard/login?next=")
    for name in exports.COLUMNS:
        resp = anonymous.get(f"/dashboard/export/{name}.csv")
        assert resp.status_code == 401 and "," not in resp.text
    forged = httpx.Client(base_url=filled.url, cookies={"kiosk_dashboard_session": "made-up"})
    assert forged.get("/dashboard/").status_code == 303
    assert forged.get("/dashboard/export/events.csv").status_code == 401


def test_login_refused_for_a_wrong_password_or_user(filled):
    client = filled.client(logged_in=False)
    for user, password in ((USER, "not the password"), ("nobody", PASSWORD), (USER, "")):
        resp = login(client, user, password)
        assert resp.status_code in (401, 422)
        assert "kiosk_dashboard_session" not in resp.cookies
    assert client.get("/dashboard/").status_code == 303
    page = login(client, USER, "wrong password!")
    assert "Identifiant ou mot de passe incorrect" in page.text


def test_logout_and_expiry_end_the_session(filled):
    client = filled.client()
    assert client.get("/dashboard/").status_code == 200
    token = client.cookies["kiosk_dashboard_session"]
    assert logout(client).status_code == 303
    replay = httpx.Client(base_url=filled.url, cookies={"kiosk_dashboard_session": token})
    assert replay.get("/dashboard/").status_code == 303
    expired = open_session(filled.engine, USER, timedelta(seconds=-1))
    late = httpx.Client(base_url=filled.url, cookies={"kiosk_dashboard_session": expired})
    assert late.get("/dashboard/kiosks").status_code == 303
    assert late.get("/dashboard/export/kiosks.csv").status_code == 401


def test_overview_and_day_figures_are_the_kiosks_events(filled):
    client = filled.client()
    visits = sum(len(k.of("visit_started")) for k in filled.kiosks)
    opened = sum(len(k.of("exhibit_opened")) for k in filled.kiosks)
    page = client.get("/dashboard/")
    assert page.status_code == 200
    assert re.search(rf'id="fig-visits">{re.escape(number(visits))}<', page.text)
    assert re.search(rf'id="fig-opened">{re.escape(number(opened))}<', page.text)
    assert "/dashboard/static/chart.umd.min.js" in page.text and "cdn" not in page.text.lower()

    days = read_csv(client.get("/dashboard/export/days.csv"))
    assert list(days[0]) == exports.COLUMNS["days"]
    assert sum(int(d["visits"]) for d in days) == visits
    assert sum(int(d["exhibits_opened"]) for d in days) == opened
    durations = defaultdict(list)
    for k in filled.kiosks:
        for r in k.of("visit_ended"):
            durations[local_day(r["wall_time"])].append(r["data"]["duration_s"])
    for d in days:
        if d["day"] in durations:
            expected = sum(durations[d["day"]]) / len(durations[d["day"]])
            assert abs(float(d["avg_visit_duration_s"]) - expected) < 0.06
        else:
            assert d["avg_visit_duration_s"] == "" and d["visits"] == "0"
    hours = read_csv(client.get("/dashboard/export/hours.csv"))
    assert [int(h["hour"]) for h in hours] == list(range(24))
    assert sum(int(h["visits"]) for h in hours) == visits


def test_filters_by_site_and_kiosk(filled):
    client = filled.client()
    labege, lyon = filled.kiosks
    by_site = read_csv(client.get("/dashboard/export/days.csv", params={"site": "Lyon"}))
    assert sum(int(d["visits"]) for d in by_site) == len(lyon.of("visit_started"))
    by_dep = read_csv(client.get("/dashboard/export/exhibits.csv", params={"departement": "31"}))
    assert sum(int(e["opened"]) for e in by_dep) == len(labege.of("exhibit_opened"))
    events = read_csv(client.get("/dashboard/export/events.csv", params={"kiosk": lyon.kiosk_id}))
    assert {e["event_id"] for e in events} == {r["event_id"] for r in lyon.rows}
    assert {e["site"] for e in events} == {"Lyon"}
    # A period without visits, and unreadable values, give an empty page, not an error.
    empty = client.get("/dashboard/", params={"start": "2001-01-01", "end": "2001-01-31"})
    assert empty.status_code == 200 and 'id="fig-visits">0<' in empty.text
    odd = client.get("/dashboard/", params={"start": "yesterday", "departement": "<script>"})
    assert odd.status_code == 200 and "Date illisible" in odd.text and "<script>" not in odd.text
    unknown = client.get("/dashboard/exhibits/%3Cb%3Enope")
    assert unknown.status_code == 200 and "<b>nope" not in unknown.text and "&lt;b&gt;nope" in unknown.text


def test_events_export_has_every_event_once(filled):
    client = filled.client()
    resp = client.get("/dashboard/export/events.csv")
    assert "attachment" in resp.headers["content-disposition"]
    rows = read_csv(resp)
    assert list(rows[0]) == exports.COLUMNS["events"]
    expected = {r["event_id"]: r for k in filled.kiosks for r in k.rows}
    assert len(rows) == len(expected) and {r["event_id"] for r in rows} == set(expected)
    sample = rows[len(rows) // 2]
    assert sample["kind"] == expected[sample["event_id"]]["kind"]


def test_myths_share_of_right_answers_per_statement(filled):
    client = filled.client()
    expected = expected_statements(filled.kiosks)
    rows = read_csv(client.get("/dashboard/export/statements.csv"))
    got = {(r["exhibit_id"], r["statement_id"]): (int(r["answers"]), int(r["right_answers"])) for r in rows}
    assert got == expected
    exhibit = next(iter(expected))[0]
    page = client.get(f"/dashboard/exhibits/{exhibit}")
    assert page.status_code == 200
    # Least understood first: the order of the page follows the share of right answers.
    shares = sorted(((right / answers, sid) for (ex, sid), (answers, right) in expected.items() if ex == exhibit))
    positions = [page.text.index(f"<td>{sid}</td>") for _, sid in shares]
    assert positions == sorted(positions)


def test_chatbot_and_voicebot_figures(filled):
    client = filled.client()
    rows = read_csv(client.get("/dashboard/export/intents.csv"))
    for kind in ("chatbot.asked", "voice.utterance"):
        got = Counter({(r["exhibit_id"], r["intent"]): int(r["asked"]) for r in rows if r["kind"] == kind})
        assert got == expected_intents(filled.kiosks, kind)
    asked = [r for k in filled.kiosks for r in k.of("chatbot.asked")]
    chatbot = asked[0]["exhibit_id"]
    fallbacks = sum(r["data"]["fallback"] for r in asked if r["exhibit_id"] == chatbot)
    total = sum(1 for r in asked if r["exhibit_id"] == chatbot)
    page = client.get(f"/dashboard/exhibits/{chatbot}")
    share = f"{number(fallbacks / total * 100)}\u202f%"
    assert f'id="fig-fallback">{share}<' in page.text
    # The simulated kiosks keep no text (privacy default): the page says why none is listed.
    assert "réglage de confidentialité" in page.text
    assert read_csv(client.get("/dashboard/export/unanswered.csv")) == []
    utter = [r for k in filled.kiosks for r in k.of("voice.utterance")]
    voice = client.get(f"/dashboard/exhibits/{utter[0]['exhibit_id']}")
    recognised = sum(r["data"]["recognised"] for r in utter) / len(utter)
    assert f"{number(recognised * 100)}\u202f%" in voice.text


def test_kiosks_page_shows_health_and_silent_kiosks(filled):
    client = filled.client()
    rows = {r["kiosk_id"]: r for r in read_csv(client.get("/dashboard/export/kiosks.csv"))}
    assert set(rows) == set(KIOSKS) | {NEVER_SYNCED}
    for kiosk in filled.kiosks:
        row = rows[kiosk.kiosk_id]
        assert (row["site"], row["departement"]) == KIOSKS[kiosk.kiosk_id][:2]
        assert row["pending"] == "0" and row["silent"] == "false" and row["app_version"]
        assert int(row["visits_in_period"]) == len(kiosk.of("visit_started")) and float(row["disk_free_mb"]) > 0
    assert rows[NEVER_SYNCED]["silent"] == "true" and rows[NEVER_SYNCED]["last_seen_utc"] == ""
    # Lyon's kiosk last heard of three days ago: silent after 24 h, not after 100 h.
    lyon = filled.kiosks[1].kiosk_id
    with filled.engine.begin() as conn:
        seen = conn.execute(db.kiosks.select().where(db.kiosks.c.kiosk_id == lyon)).one().last_seen_at
        conn.execute(update(db.kiosks).where(db.kiosks.c.kiosk_id == lyon)
                     .values(last_seen_at=seen - timedelta(days=3)))
    try:
        page = client.get("/dashboard/kiosks")
        assert re.search(rf'<tr class="silent" data-kiosk="{lyon}">', page.text)
        assert re.search(rf'<tr class="" data-kiosk="{filled.kiosks[0].kiosk_id}">', page.text)
        relaxed = client.get("/dashboard/kiosks", params={"silent_h": "100"})
        assert re.search(rf'<tr class="" data-kiosk="{lyon}">', relaxed.text)
        assert read_csv(client.get("/dashboard/export/kiosks.csv", params={"silent_h": "100"}))
    finally:
        with filled.engine.begin() as conn:
            conn.execute(update(db.kiosks).where(db.kiosks.c.kiosk_id == lyon).values(last_seen_at=seen))


def test_pages_render_in_english_too(filled):
    client = filled.client()
    assert client.get("/dashboard/lang/en", params={"next": "/dashboard/kiosks"}).status_code == 303
    page = client.get("/dashboard/kiosks")
    assert "Kiosk health" in page.text and "État des bornes" not in page.text
    # Never sent elsewhere after switching language or logging in.
    assert client.get("/dashboard/lang/fr", params={"next": "https://evil.example/"}).headers["location"] == "/dashboard/"


def test_csv_columns_are_documented():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "coordinators" / "csv-columns.md").read_text()
    for name, columns in exports.COLUMNS.items():
        section = re.search(rf"^## `{name}\.csv`\n(.*?)(?=^## |\Z)", doc, re.S | re.M)
        assert section, f"{name}.csv is not documented"
        documented = re.findall(r"^\| `([a-z_]+)` \|", section.group(1), re.M)
        assert documented == columns, f"{name}.csv: documented {documented}, exported {columns}"
