"""The Content page's rules, over HTTP on a real server: nothing without a login, a form
posted from another site is refused, a refused upload stores nothing and says why (in
the coordinator's language), an unknown release cannot be assigned."""
from __future__ import annotations

import socket

import httpx
import pytest
from sqlalchemy import func, select

from collector.dashboard.users import add_user
from collector.releases import tables
from contract.releases.keys import SigningKey
from tests.collector.helpers import fresh_engine, serve
from tests.dashboard.helpers import form_token, login
from tests.releases.distribution import trust
from tests.releases.helpers import build, make_content

USER, PASSWORD = "coordinatrice", "une phrase de passe"


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    folder = tmp_path_factory.mktemp("release")
    key = SigningKey.generate()
    return key, build(make_content(folder, "2026.12-1"), key, folder / "v1.zip")


@pytest.fixture
def site(tmp_path, release):
    engine = fresh_engine("sqlite", tmp_path)
    tables.ensure_schema(engine)
    add_user(engine, USER, PASSWORD)
    trust(engine, release[0])
    with serve(engine) as url:
        yield engine, url
    engine.dispose()


def logged_in(url: str) -> httpx.Client:
    """A coordinator's browser on the Content page: logged in, holding the page's form token
    (every form of a session carries the same one)."""
    client = httpx.Client(base_url=url, timeout=30)
    assert login(client, USER, PASSWORD).status_code == 303
    client.token = form_token(client, "/dashboard/releases")
    return client


def raw_request(url: str, head: str) -> str:
    """The status line answered to a request head sent as it is (a client that lies)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(head.encode())
        return sock.recv(4096).decode("latin-1").split("\r\n", 1)[0]


def stored(engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return (conn.execute(select(func.count()).select_from(tables.releases)).scalar_one(),
                conn.execute(select(func.count()).select_from(tables.assignments)).scalar_one())


def test_nothing_without_a_login(site, release):
    engine, url = site
    anonymous = httpx.Client(base_url=url, timeout=30)
    assert anonymous.get("/dashboard/releases").status_code == 303
    with open(release[1].path, "rb") as fh:
        resp = anonymous.post("/dashboard/releases", files={"file": ("v1.zip", fh, "application/zip")},
                              data={"to": "all"})
    assert resp.status_code == 303 and "/dashboard/login" in resp.headers["location"]
    assert anonymous.post("/dashboard/releases/assign", data={"release_id": "x", "to": "all"}).status_code == 303
    assert stored(engine) == (0, 0)


def test_a_form_from_another_site_is_refused(site, release):
    engine, url = site
    client = logged_in(url)
    with open(release[1].path, "rb") as fh:
        resp = client.post("/dashboard/releases", files={"file": ("v1.zip", fh, "application/zip")},
                           data={"csrf_token": client.token, "to": "all"},
                           headers={"Origin": "https://evil.example"})
        assert resp.status_code == 403 and "Formulaire refusé" in resp.text
        fh.seek(0)
        forged = client.post("/dashboard/releases", files={"file": ("v1.zip", fh, "application/zip")},
                             data={"to": "all"})  # a page of another site cannot know the form's token
        assert forged.status_code == 403 and "Formulaire refusé" in forged.text
    assert client.post("/dashboard/releases/assign", data={"to": "all", "release_id": "x"}).status_code == 403
    assert stored(engine) == (0, 0)


def test_refusals_say_why_and_store_nothing(site, release, tmp_path):
    engine, url = site
    client = logged_in(url)
    garbage = client.post("/dashboard/releases", files={"file": ("photo.zip", b"not a zip", "application/zip")},
                          data={"csrf_token": client.token, "to": "all"})
    assert garbage.status_code == 422 and "Refusée" in garbage.text
    empty = client.post("/dashboard/releases", files={"file": ("", b"", "application/zip")},
                        data={"csrf_token": client.token, "to": "all"})
    assert empty.status_code == 400 and "Aucun fichier reçu" in empty.text
    # 600 MB announced: answered before a byte of it is read
    status_line = raw_request(url, "POST /dashboard/releases HTTP/1.1\r\nHost: x\r\n"
                                   f"Cookie: kiosk_dashboard_session={client.cookies['kiosk_dashboard_session']}\r\n"
                                   "Content-Type: multipart/form-data; boundary=x\r\n"
                                   f"Content-Length: {600 * 1024 * 1024}\r\n\r\n")
    assert status_line.startswith("HTTP/1.1 413")
    assert stored(engine) == (0, 0)
    # a site that has not reported yet may be given a release (explicitly named)
    with open(release[1].path, "rb") as fh:
        later_site = client.post("/dashboard/releases", files={"file": ("v1.zip", fh, "application/zip")},
                                 data={"csrf_token": client.token, "to": "site:Nulle-part"})
    assert later_site.status_code == 303 and stored(engine) == (1, 1)
    client.get("/dashboard/lang/en", params={"next": "/dashboard/releases"})
    missing = client.post("/dashboard/releases/assign", data={"csrf_token": client.token,
                                                              "release_id": "20261102T090000Z-00000000",
                                                              "to": "all"})
    assert missing.status_code == 404 and "Unknown release: 20261102T090000Z-00000000" in missing.text
    nobody = client.post("/dashboard/releases/assign", data={"csrf_token": client.token,
                                                             "release_id": release[1].manifest.release_id,
                                                             "to": ""})
    assert nobody.status_code == 400 and "Choose who gets it." in nobody.text
    page = client.get("/dashboard/releases").text
    assert "Content releases" in page and "Versions du contenu" not in page
