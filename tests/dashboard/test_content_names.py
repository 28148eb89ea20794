"""The dashboard speaks content, not ids: once the release that produced the figures is
published on the collector, exhibits, statements and intents are named by their text in
the coordinator's language (the id beside it) and content versions by their human
version, on the pages and in the exports; a version no published release holds keeps
its id."""
from __future__ import annotations

import pytest
import yaml
from markupsafe import escape
from sqlalchemy import select, update

from collector import db
from collector.releases import tables
from contract.releases.keys import SigningKey
from tests.dashboard.helpers import read_csv
from tests.releases.distribution import publish_file, trust
from tests.releases.helpers import ROOT, build, make_content

MYTHS = yaml.safe_load((ROOT / "exhibits" / "mythes.yaml").read_text(encoding="utf-8"))
CHATBOT = yaml.safe_load((ROOT / "exhibits" / "chatbot.yaml").read_text(encoding="utf-8"))
SHIPPED_VERSION = yaml.safe_load((ROOT / "exhibits" / "exhibition.yaml").read_text(encoding="utf-8"))["version"]


def cell(text: str) -> str:
    """As the page writes it (Jinja escapes)."""
    return str(escape(text))


@pytest.fixture
def release_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(tables.FOLDER_ENV, str(tmp_path / "release-files"))


def test_figures_are_named_by_the_release_that_produced_them(filled, release_folder, tmp_path):
    client = filled.client()
    statement = MYTHS["items"][0]
    sid, text_fr, text_en = statement["id"], statement["statement"]["fr"], statement["statement"]["en"]
    myths = client.get("/dashboard/exhibits/mythes").text
    # No release published: ids, honestly.
    assert f"<td>{sid}</td>" in myths and cell(text_fr) not in myths
    before = {r["statement_id"]: r for r in read_csv(client.get("/dashboard/export/statements.csv"))}
    assert before[sid]["statement_text"] == "" and before[sid]["content_version_names"] == before[sid][
        "content_versions"]
    versions = before[sid]["content_versions"]

    # The kiosks showed the shipped content; its release is published.
    key = SigningKey.generate()
    trust(filled.engine, key)
    shipped = build(make_content(tmp_path, SHIPPED_VERSION), key, tmp_path / "shipped.zip")
    publish_file(filled.engine, shipped.path, targets=[])
    # A later release rewords the statement: not the text the agents answered.
    later = make_content(tmp_path, "2027.01-1", name="later")
    mythes = later / "mythes.yaml"
    mythes.write_text(mythes.read_text(encoding="utf-8").replace(text_fr, "Une autre formulation."),
                      encoding="utf-8")
    publish_file(filled.engine, build(later, key, tmp_path / "later.zip", hours=500).path, targets=[])

    myths = client.get("/dashboard/exhibits/mythes").text
    assert f'{cell(text_fr)} <span class="small id">({sid})</span>' in myths
    assert "Une autre formulation" not in myths
    assert f"{cell(MYTHS['title']['fr'])} <span class=\"small id\">(mythes)</span>" in myths
    assert f'<td class="small">{SHIPPED_VERSION}</td>' in myths and versions not in myths
    exhibits = client.get("/dashboard/exhibits").text
    assert f"{cell(MYTHS['title']['fr'])}</a> <span class=\"small id\">(mythes)</span>" in exhibits

    rows = {r["statement_id"]: r for r in read_csv(client.get("/dashboard/export/statements.csv"))}
    assert rows[sid]["statement_text"] == text_fr and rows[sid]["exhibit_title"] == MYTHS["title"]["fr"]
    assert rows[sid]["content_versions"] == versions and rows[sid]["content_version_names"] == SHIPPED_VERSION
    assert all(r["statement_text"] for r in rows.values())

    # In English, in English; the voicebot's intents are its chatbot's.
    assert client.get("/dashboard/lang/en", params={"next": "/dashboard/"}).status_code == 303
    assert f'{cell(text_en)} <span class="small id">({sid})</span>' in client.get("/dashboard/exhibits/mythes").text
    questions = {i["id"]: i.get("question", {}).get("en") or i["examples"]["en"][0] for i in CHATBOT["intents"]}
    intents = read_csv(client.get("/dashboard/export/intents.csv"))
    assert {r["kind"] for r in intents} == {"chatbot.asked", "voice.utterance"}
    for r in intents:
        assert r["intent_text"] == questions[r["intent"]], r
    assert {r["exhibit_title"] for r in intents} == {"Talk to the mini-chatbot", "Talk to the voicebot"}
    assert {r["exhibit_title"] for r in read_csv(client.get("/dashboard/export/exhibits.csv"))} >= {
        "Myth or fact?", "Talk to the voicebot"}
    events = read_csv(client.get("/dashboard/export/events.csv"))
    names = {(r["exhibit_id"], r["content_version_name"]) for r in events if r["content_version"]}
    # the quiz changed in the later release; the other files are in both (which one is unknown)
    assert names == {("mythes", SHIPPED_VERSION), *((e, f"{SHIPPED_VERSION} – 2027.01-1")
                                                    for e in ("bienvenue", "chatbot", "voicebot"))}
    # a running kiosk reports the version of each exhibit it shows (the simulated ones did not run)
    kiosk_id = filled.kiosks[0].kiosk_id
    with filled.engine.begin() as conn:
        health = conn.execute(select(db.kiosks.c.health).where(db.kiosks.c.kiosk_id == kiosk_id)).scalar()
        conn.execute(update(db.kiosks).where(db.kiosks.c.kiosk_id == kiosk_id).values(
            health={**health, "content_versions": {"mythes": versions, "quiz-2": "0123456789"}}))
    kiosks = client.get("/dashboard/kiosks").text
    assert f"mythes {SHIPPED_VERSION}<br>quiz-2 0123456789" in kiosks
    client.get("/dashboard/lang/fr", params={"next": "/dashboard/"})
