"""The statistics commands as a user runs them: ``python launch.py stats|sync|collector …``."""
from __future__ import annotations

import gzip
import json
import os
import sqlite3

import pytest

from collector import db
from collector.kiosks import add_kiosk
from contract import bundles as wire
from tests.collector.helpers import DB_KINDS, PG_ENV, event_count, fresh_engine, serve, sqlite_url, write_config

KIOSK = "test-kiosk-1"


def db_url(kind, tmp_path):
    return sqlite_url(tmp_path) if kind == "sqlite" else os.environ[PG_ENV]


def status(launch, config):
    return json.loads(launch("--config", str(config), "stats", "status", "--json", check=True).stdout)


def test_simulate_status_and_sync_by_hand(launch, tmp_path):
    engine = fresh_engine("sqlite", tmp_path)
    token = add_kiosk(engine, KIOSK)
    config = write_config(tmp_path)
    out = launch("--config", str(config), "stats", "simulate", "--visits", "40", "--seed", "7", check=True).stdout
    info = status(launch, config)
    assert info["kiosk_id"] == KIOSK and info["recorded"] == info["pending"] > 40 * 3
    assert info["last_sync"] is None and f"recorded {info['recorded']} events" in out
    conn = sqlite3.connect(tmp_path / "data" / "stats.sqlite3")
    kinds = {k for (k,) in conn.execute("SELECT DISTINCT kind FROM events")}
    exhibits = {e for (e,) in conn.execute("SELECT DISTINCT exhibit_id FROM events WHERE exhibit_id IS NOT NULL")}
    visits = conn.execute("SELECT count(*) FROM events WHERE kind = 'visit_started'").fetchone()[0]
    conn.close()
    assert {"visit_started", "visit_ended", "exhibit_opened", "exhibit_closed", "myths.answered",
            "chatbot.asked", "voice.utterance"} <= kinds
    assert {"bienvenue", "mythes", "chatbot", "voicebot"} <= exhibits and visits == 40

    with serve(engine) as url:
        proc = launch("--config", str(config), "sync", "--once", "--collector", url, "--token", token)
    assert proc.returncode == 0, proc.stderr
    assert f"{info['recorded']} new" in proc.stdout
    after = status(launch, config)
    assert after["pending"] == 0 and after["last_sync"] is not None
    human = launch("--config", str(config), "stats", "status", check=True).stdout
    assert f"kiosk: {KIOSK}" in human and "pending: 0" in human
    totals = json.loads(launch("--data-dir", str(tmp_path), "collector", "totals", "--json",
                               "--db", sqlite_url(tmp_path), check=True).stdout)
    assert (totals["events"], totals["visits"], totals["kiosks"]) == (info["recorded"], 40, 1)


def test_sync_without_collector_says_so(launch, tmp_path):
    config = write_config(tmp_path)
    proc = launch("--config", str(config), "sync", "--once")
    assert proc.returncode != 0 and "no collector URL" in proc.stderr and "Traceback" not in proc.stderr
    proc = launch("--config", str(config), "sync", "--once", "--collector", "http://127.0.0.1:9", "--token", "t")
    assert proc.returncode == 1 and "unreachable" in proc.stdout


@pytest.mark.parametrize("kind", DB_KINDS)
def test_usb_bundle_imported_twice_changes_nothing(launch, tmp_path, kind):
    engine = fresh_engine(kind, tmp_path)
    url = db_url(kind, tmp_path)
    token = launch("collector", "add-kiosk", KIOSK, "--db", url, check=True).stdout.strip()
    config = write_config(tmp_path, token=token)
    launch("--config", str(config), "stats", "simulate", "--visits", "25", check=True)
    recorded = status(launch, config)["recorded"]
    stick = tmp_path / "usb"
    out = launch("--config", str(config), "stats", "export", "--to", str(stick), check=True).stdout
    (bundle,) = stick.glob("*" + wire.BUNDLE_SUFFIX)
    (stick / (bundle.name + wire.ACK_SUFFIX)).write_text("{}")  # a stray ack proves nothing
    stray = launch("--config", str(config), "stats", "export", "--to", str(stick), check=True).stdout
    assert "confirmed" not in stray and status(launch, config)["pending"] == recorded
    assert str(bundle) in out and f"{recorded} events" in out
    assert status(launch, config)["pending"] == recorded  # only an acknowledgement marks them sent

    first = launch("collector", "import", str(bundle), "--db", url, check=True).stdout
    assert f"{recorded} new events, 0 already known" in first
    second = launch("collector", "import", str(stick), "--db", url, check=True).stdout
    assert f"0 new events, {recorded} already known" in second
    assert event_count(engine) == recorded
    # The collector left an acknowledgement on the stick: the next export marks them sent.
    again = launch("--config", str(config), "stats", "export", "--to", str(stick), check=True).stdout
    assert f"{recorded} events confirmed" in again and "nothing pending" in again
    assert status(launch, config)["pending"] == 0
    totals = json.loads(launch("collector", "totals", "--json", "--db", url, check=True).stdout)
    assert (totals["events"], totals["visits"], totals["kiosks"]) == (recorded, 25, 1)

    # A bundle whose events were altered does not match its signature: nothing imported.
    doc = json.loads(gzip.decompress(bundle.read_bytes()))
    doc["payload"] = doc["payload"].replace('"visit_started"', '"visit_ended"', 1)
    forged = tmp_path / ("forged" + wire.BUNDLE_SUFFIX)
    forged.write_bytes(gzip.compress(json.dumps(doc).encode()))
    proc = launch("collector", "import", str(forged), "--db", url)
    assert proc.returncode == 1 and "signature" in proc.stderr and "Traceback" not in proc.stderr
    junk = tmp_path / ("junk" + wire.BUNDLE_SUFFIX)
    junk.write_bytes(b"not a bundle")
    proc = launch("collector", "import", str(junk), "--db", url)
    assert proc.returncode == 1 and "not a statistics bundle" in proc.stderr
    assert event_count(engine) == recorded
    with engine.connect() as conn:
        assert {r.source for r in conn.execute(db.events.select())} == {"usb"}
    engine.dispose()


def test_collector_commands_give_one_line_errors(launch, tmp_path):
    url = sqlite_url(tmp_path)
    assert launch("collector", "add-kiosk", "k1", "--db", url, check=True).stdout.strip()
    proc = launch("collector", "add-kiosk", "k1", "--db", url)
    assert proc.returncode != 0 and "already exists" in proc.stderr
    rotated = launch("collector", "add-kiosk", "k1", "--rotate", "--db", url, check=True).stdout.strip()
    assert len(rotated) >= 40
    proc = launch("collector", "add-kiosk", "bad id!", "--db", url)
    assert proc.returncode != 0 and "not a kiosk id" in proc.stderr
    proc = launch("collector", "totals", "--db", "postgresql://nobody@127.0.0.1:9/none")
    assert proc.returncode != 0 and "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    human = launch("collector", "totals", "--db", url, check=True).stdout
    assert "events: 0" in human and "kiosks: 1" in human
    default = launch("--data-dir", str(tmp_path / "d"), "collector", "totals", "--json", check=True).stdout
    assert json.loads(default)["events"] == 0 and (tmp_path / "d" / "collector.sqlite3").exists()
