"""Content releases on the collector: ``collector trust-key`` and ``collector publish`` as
an organiser runs them, and the kiosks' API on a real server (assignment, download with
ranges), over SQLite and a real PostgreSQL."""
from __future__ import annotations

import hashlib
import os

import httpx
import pytest
from sqlalchemy import func, select

from collector import db
from collector.kiosks import add_kiosk
from collector.releases import tables
from contract.releases.keys import SigningKey
from tests.collector.helpers import DB_KINDS, PG_ENV, fresh_engine, serve, sqlite_url
from tests.conftest import run_launch
from tests.releases.helpers import build, make_content, rezip

KIOSKS = {"occ-31-labege-1": ("Labège", "31"), "occ-31-toulouse-1": ("Toulouse", "31"),
          "ara-69-lyon-1": ("Lyon", "69")}


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """An organisers' key (written as `content keygen` writes it), two releases built a
    day apart, and one signed with a key nobody trusts."""
    folder = tmp_path_factory.mktemp("releases")
    run_launch("content", "keygen", str(folder / "org.key"), check=True)
    key = SigningKey.read(folder / "org.key")
    v1 = build(make_content(folder, "2026.12-1"), key, folder / "v1.zip", hours=0)
    v2 = build(make_content(folder, "2026.12-2"), key, folder / "v2.zip", hours=24)
    stranger = build(make_content(folder, "2026.12-9", name="other"), SigningKey.generate(), folder / "x.zip")
    return {"folder": folder, "key": key, "pub": folder / "org.key.pub", "v1": v1, "v2": v2, "stranger": stranger}


@pytest.fixture(params=DB_KINDS)
def collector(request, tmp_path, monkeypatch):
    monkeypatch.setenv(tables.FOLDER_ENV, str(tmp_path / "release-files"))
    engine = fresh_engine(request.param, tmp_path)
    url = sqlite_url(tmp_path) if request.param == "sqlite" else os.environ[PG_ENV]
    tokens = {k: add_kiosk(engine, k) for k in KIOSKS}
    with engine.begin() as conn:  # as their health reports would have set them
        for kiosk_id, (site, dep) in KIOSKS.items():
            conn.execute(db.kiosks.update().where(db.kiosks.c.kiosk_id == kiosk_id).values(site=site, departement=dep))
    yield engine, url, tokens
    engine.dispose()


def launch_collector(db_url, *args):
    return run_launch("collector", *args, "--db", db_url, "--lang", "en")


def stored_releases(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(tables.releases)).scalar_one()


def test_publish_checks_the_signature_against_the_trusted_keys_and_stores_nothing_refused(collector, made, tmp_path):
    engine, db_url, _ = collector
    refused = launch_collector(db_url, "publish", str(made["v1"].path), "--to", "all")
    assert refused.returncode == 1 and "no key is trusted" in refused.stderr
    trusted = launch_collector(db_url, "trust-key", str(made["pub"]))
    assert trusted.returncode == 0 and made["key"].public.key_id in trusted.stdout

    stranger = launch_collector(db_url, "publish", str(made["stranger"].path), "--to", "all")
    assert stranger.returncode == 1 and "does not trust" in stranger.stderr
    tampered = rezip(made["v1"].path, tmp_path / "tampered.zip",
                     lambda n, b: (n, b.replace(b"Myth or fact?", b"Myths or facts")) if n.endswith("mythes.yaml")
                     else (n, b))
    bad = launch_collector(db_url, "publish", str(tampered), "--to", "all")
    assert bad.returncode == 1 and "mythes.yaml: does not match the manifest" in bad.stderr
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(made["v1"].path.read_bytes()[:-100])
    cut = launch_collector(db_url, "publish", str(truncated))
    assert cut.returncode == 1 and "damaged or incomplete" in cut.stderr
    unknown_target = launch_collector(db_url, "publish", str(made["v1"].path), "--to", "nowhere")
    assert unknown_target.returncode == 1 and "'nowhere': not a known kiosk" in unknown_target.stderr
    assert stored_releases(engine) == 0
    assert sorted(p.name for p in tables.release_folder(engine).iterdir()) == []

    ok = launch_collector(db_url, "publish", str(made["v1"].path), "--to", "Labège", "--to", "69")
    assert ok.returncode == 0, ok.stderr
    assert "Release 2026.12-1 published" in ok.stdout and "site Labège, département 69" in ok.stdout
    again = launch_collector(db_url, "publish", str(made["v1"].path))
    assert again.returncode == 0 and "already published" in again.stdout and "Not assigned" in again.stdout
    assert stored_releases(engine) == 1
    stored = tables.release_folder(engine) / f"{made['v1'].manifest.release_id}.zip"
    assert stored.read_bytes() == made["v1"].path.read_bytes()
    french = run_launch("collector", "publish", str(made["v1"].path), "--db", db_url, env={"LANG": "fr_FR.UTF-8"})
    assert "déjà publiée" in french.stdout


def test_kiosks_get_their_assignment_and_download_it_with_ranges(collector, made):
    engine, db_url, tokens = collector
    launch_collector(db_url, "trust-key", made["key"].public.text)
    v1, v2 = made["v1"], made["v2"]
    with serve(engine) as url:
        client = httpx.Client(base_url=url, timeout=30)

        def assignment(kiosk_id):
            resp = client.get("/api/v1/release", headers={"Authorization": f"Bearer {tokens[kiosk_id]}"})
            assert resp.status_code == 200, resp.text
            return resp.json()["release"]

        assert client.get("/api/v1/release").status_code == 401
        assert client.get("/api/v1/release", headers={"Authorization": "Bearer nope"}).status_code == 401
        assert assignment("occ-31-labege-1") is None

        assert launch_collector(db_url, "publish", str(v1.path), "--to", "31").returncode == 0
        assert launch_collector(db_url, "publish", str(v2.path), "--to", "kiosk:occ-31-toulouse-1").returncode == 0
        got = {k: (assignment(k) or {}).get("version") for k in KIOSKS}
        assert got == {"occ-31-labege-1": "2026.12-1", "occ-31-toulouse-1": "2026.12-2", "ara-69-lyon-1": None}
        # the latest assignment covering a kiosk wins, whatever its scope
        assert launch_collector(db_url, "publish", str(v1.path), "--to", "all").returncode == 0
        assert {k: assignment(k)["version"] for k in KIOSKS} == dict.fromkeys(KIOSKS, "2026.12-1")

        a = assignment("ara-69-lyon-1")
        data = v1.path.read_bytes()
        assert a["size"] == len(data) and a["sha256"] == hashlib.sha256(data).hexdigest()
        assert a["release_id"] == v1.manifest.release_id and a["url"].endswith(f"/{a['release_id']}/file")
        auth = {"Authorization": f"Bearer {tokens['ara-69-lyon-1']}"}
        whole = client.get(a["url"], headers=auth)
        assert whole.status_code == 200 and whole.content == data
        assert whole.headers["accept-ranges"] == "bytes" and whole.headers["etag"] == f'"{a["sha256"]}"'
        part = client.get(a["url"], headers={**auth, "Range": "bytes=1000-", "If-Range": whole.headers["etag"]})
        assert part.status_code == 206 and part.content == data[1000:]
        assert part.headers["content-range"] == f"bytes 1000-{len(data) - 1}/{len(data)}"
        # If-Range of another file: the whole file, never a piece of a different one
        other = client.get(a["url"], headers={**auth, "Range": "bytes=1000-", "If-Range": '"0000"'})
        assert other.status_code == 200 and other.content == data
        assert client.get(a["url"], headers={**auth, "Range": f"bytes={len(data) + 5}-"}).status_code == 416
        assert client.get(a["url"]).status_code == 401
        # only the release assigned to the kiosk
        assert client.get(f"/api/v1/releases/{v2.manifest.release_id}/file", headers=auth).status_code == 404
        assert client.get("/api/v1/releases/..%2F..%2Fetc/file", headers=auth).status_code == 404

        spec = client.get("/openapi.json").json()
        file_op = spec["paths"]["/api/v1/releases/{release_id}/file"]["get"]
        assert {p["name"] for p in file_op["parameters"]} >= {"release_id", "Range", "If-Range"}
        assert {"200", "206", "401", "404", "416"} <= set(file_op["responses"])
        assignment_op = spec["paths"]["/api/v1/release"]["get"]
        schema = assignment_op["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema["$ref"].endswith("/Assignment")
        assert {"release_id", "version", "size", "sha256", "url"} <= set(
            spec["components"]["schemas"]["AssignedRelease"]["properties"])


def test_a_release_names_its_exhibits_and_their_texts(collector, made):
    """What the dashboard will read: each exhibit's title, version and the texts of its
    statements and intents, the voicebot's through the chatbot it speaks for."""
    engine, db_url, _ = collector
    launch_collector(db_url, "trust-key", str(made["pub"]))
    assert launch_collector(db_url, "publish", str(made["v1"].path)).returncode == 0
    with engine.connect() as conn:
        rows = {r.exhibit_id: r for r in conn.execute(select(tables.release_exhibits))}
    files = made["v1"].manifest.check.exhibit_files
    assert set(rows) == set(files) == {"bienvenue", "mythes", "chatbot", "voicebot"}
    assert {k: r.content_version for k, r in rows.items()} == {k: f.version for k, f in files.items()}
    assert rows["mythes"].title == {"fr": "Mythe ou réalité ?", "en": "Myth or fact?"}
    statements = rows["mythes"].texts["statement"]
    assert statements["ia-remplace-agents"] == {"fr": "L'IA va remplacer les agents de l'Urssaf.",
                                                "en": "AI is going to replace Urssaf staff."}
    assert rows["chatbot"].texts["intent"]["greeting"] == {"fr": "Bonjour !", "en": "Hello!"}
    assert rows["voicebot"].texts["intent"] == rows["chatbot"].texts["intent"]
