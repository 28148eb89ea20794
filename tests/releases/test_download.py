"""The kiosk fetches its content release during sync, for real: a collector on
127.0.0.1, the kiosk's statistics store, release store and sync worker. Downloads
resume after a cut link and after a restart, never hold back the events, and what
happened reaches the collector in the health report."""
from __future__ import annotations

import time

import pytest

from collector.releases import tables
from collector.releases.status import kiosk_releases
from contract.releases.keys import SigningKey
from tests.collector.helpers import fresh_engine, serve
from tests.releases.cutting_proxy import CuttingProxy
from tests.releases.distribution import Kiosk, health_of, publish_file, shown_version, trust
from tests.releases.helpers import build, make_content


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("made")
    key = SigningKey.generate()
    return {"key": key, "folder": folder,
            "v1": build(make_content(folder, "2026.12-1"), key, folder / "v1.zip", hours=0),
            "v2": build(make_content(folder, "2026.12-2"), key, folder / "v2.zip", hours=24)}


@pytest.fixture
def collector(tmp_path, made):
    engine = fresh_engine("sqlite", tmp_path)
    tables.ensure_schema(engine)
    trust(engine, made["key"])
    with serve(engine) as url:
        yield engine, url
    engine.dispose()


@pytest.fixture
def kiosks(tmp_path):
    made = []
    yield made
    for k in made:
        k.close()


def wait_for(condition, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_assigned_release_is_downloaded_installed_shown_between_visits_and_reported(collector, made, kiosks,
                                                                                        tmp_path):
    engine, url = collector
    kiosk = Kiosk.make(tmp_path, engine, "occ-31-labege-1", url, [made["key"]])
    kiosks.append(kiosk)
    assert kiosk.sync().ok and kiosk.worker.releases.report() is None  # nothing assigned yet

    publish_file(engine, made["v1"].path)
    kiosk.visit()
    result = kiosk.sync()
    assert result.ok and result.accepted == 2
    assert kiosk.manager.ready_release().release_id == made["v1"].manifest.release_id
    assert kiosk.manager.state().current is None  # shown only between visits, by the supervisor
    assert list(kiosk.manager.store.incoming_dir().glob("*.zip*")) == []  # the download is not kept

    kiosk.sync()  # the next report: downloaded and waiting for the attract screen
    health = health_of(engine, kiosk.kiosk_id)
    assert health["download"]["state"] == "installed" and health["download"]["received"] == made["v1"].size
    assert health["release"]["ready"]["version"] == "2026.12-1"
    with engine.connect() as conn:
        status = {s.kiosk_id: s for s in kiosk_releases(conn, "fr")}[kiosk.kiosk_id]
    assert status.next == "2026.12-1 — en attente de l'écran d'accueil" and status.failure is None

    kiosk.between_visits()
    kiosk.sync()
    assert shown_version(engine, kiosk.kiosk_id) == "2026.12-1"
    with engine.connect() as conn:
        status = {s.kiosk_id: s for s in kiosk_releases(conn, "en")}[kiosk.kiosk_id]
    assert status.shown == "2026.12-1" and status.up_to_date and status.next is None
    assert kiosk.worker.releases.poll(kiosk.worker._client) == "current"  # nothing more to fetch


def test_a_download_cut_partway_resumes_where_it_stopped(collector, made, kiosks, tmp_path):
    engine, url = collector
    size = made["v1"].size
    port = int(url.rsplit(":", 1)[1])
    proxy = CuttingProxy(port, cut_after=size // 3, cuts=2)  # twice, a third of the file gets through
    kiosk = Kiosk.make(tmp_path, engine, "occ-31-labege-1", proxy.url, [made["key"]])
    kiosks.append(kiosk)
    publish_file(engine, made["v1"].path)
    assert kiosk.sync().ok
    assert proxy.cut == 2 and len(proxy.ranges) == 3
    starts = [int(r.split("=")[1].rstrip("-")) if r else 0 for r in proxy.ranges]
    assert starts[0] == 0 and 0 < starts[1] < starts[2] < size  # never from the start again
    assert kiosk.manager.ready_release().release_id == made["v1"].manifest.release_id
    proxy.close()


def test_a_download_stopped_at_shutdown_resumes_after_the_restart(collector, made, kiosks, tmp_path):
    engine, url = collector
    port = int(url.rsplit(":", 1)[1])
    proxy = CuttingProxy(port, delay_s=0.05, chunk=4096)  # a slow link: about 80 KB/s
    kiosk = Kiosk.make(tmp_path, engine, "occ-31-labege-1", proxy.url, [made["key"]])
    kiosks.append(kiosk)
    publish_file(engine, made["v1"].path)
    kiosk.sync(wait=False)
    part = kiosk.manager.store.incoming_dir() / f"{made['v1'].manifest.release_id}.zip.part"
    wait_for(lambda: part.exists() and part.stat().st_size > 20_000, "part of the file")
    started = time.monotonic()
    kiosk.restart()  # the worker's stop() stops the download
    assert time.monotonic() - started < 5 and not kiosk.worker.releases.busy
    kept = part.stat().st_size
    assert 0 < kept < made["v1"].size
    assert kiosk.worker.releases.report()["state"] == "interrupted"

    proxy.delay_s = 0
    assert kiosk.sync().ok
    assert proxy.ranges[-1] == f"bytes={kept}-"
    assert kiosk.manager.ready_release().release_id == made["v1"].manifest.release_id
    proxy.close()


def test_events_are_never_held_back_by_a_download(collector, made, kiosks, tmp_path):
    engine, url = collector
    port = int(url.rsplit(":", 1)[1])
    proxy = CuttingProxy(port, delay_s=0.2, chunk=2048)  # the file crawls (10 KB/s); events pass freely
    kiosk = Kiosk.make(tmp_path, engine, "occ-31-labege-1", proxy.url, [made["key"]])
    kiosks.append(kiosk)
    publish_file(engine, made["v1"].path)
    kiosk.visit()
    first = kiosk.sync(wait=False)
    assert first.ok and first.accepted == 2 and kiosk.worker.releases.busy
    wait_for(lambda: kiosk.worker.releases.report()["received"] > 0, "the first bytes")
    for _ in range(3):  # rounds go on while the download runs
        kiosk.visit()
        result = kiosk.sync(wait=False)
        assert result.ok and result.accepted == 2 and kiosk.worker.releases.busy
    health = health_of(engine, kiosk.kiosk_id)["download"]
    assert health["state"] == "downloading" and 0 < health["received"] < made["v1"].size
    proxy.delay_s = 0
    assert kiosk.worker.releases.wait(60)
    assert kiosk.manager.ready_release() is not None
    proxy.close()


def test_a_file_that_does_not_match_is_not_installed_and_the_failure_is_reported(collector, made, kiosks,
                                                                                  tmp_path):
    engine, url = collector
    kiosk = Kiosk.make(tmp_path, engine, "occ-31-labege-1", url, [made["key"]])
    kiosks.append(kiosk)
    published = publish_file(engine, made["v1"].path)
    stored = tables.release_folder(engine) / f"{published.manifest.release_id}.zip"
    data = bytearray(stored.read_bytes())
    data[len(data) // 2] ^= 0xFF  # the collector's disk damaged it after publishing
    stored.write_bytes(bytes(data))
    kiosk.sync()
    assert kiosk.manager.state().ready is None
    kiosk.sync()
    download = health_of(engine, kiosk.kiosk_id)["download"]
    assert download["state"] == "failed" and download["error"]["key"] == "download.mismatch"
    with engine.connect() as conn:
        status = {s.kiosk_id: s for s in kiosk_releases(conn, "fr")}[kiosk.kiosk_id]
    assert status.failure.startswith("le fichier téléchargé ne correspond pas")


def test_releases_the_kiosk_would_refuse_are_reported_without_being_fetched_again(collector, made, kiosks,
                                                                                   tmp_path):
    engine, url = collector
    port = int(url.rsplit(":", 1)[1])
    proxy = CuttingProxy(port)
    stranger = SigningKey.generate()
    trust(engine, stranger)  # the collector trusts a key this kiosk does not
    other = build(make_content(tmp_path, "2026.12-5"), stranger, tmp_path / "other.zip", hours=48)
    kiosk = Kiosk.make(tmp_path, engine, "occ-31-labege-1", proxy.url, [made["key"]])
    kiosks.append(kiosk)

    publish_file(engine, other.path)
    kiosk.sync()
    kiosk.sync()
    download = health_of(engine, kiosk.kiosk_id)["download"]
    assert download["state"] == "refused" and download["error"]["key"] == "sig.unknown_key"
    assert kiosk.manager.state().ready is None and len(proxy.ranges) == 1  # not fetched at each sync

    # v2 shown, then taken off by staff: neither v2 again nor the older v1 is downloaded
    publish_file(engine, made["v2"].path)
    kiosk.sync()
    kiosk.between_visits()
    kiosk.manager.rollback()
    fetched = len(proxy.ranges)
    kiosk.sync()
    kiosk.sync()
    assert health_of(engine, kiosk.kiosk_id)["download"]["error"]["key"] == "order.withdrawn"
    kiosk.manager.install(made["v2"].path, allow_older=True)  # staff put it back on purpose
    kiosk.between_visits()
    publish_file(engine, made["v1"].path)
    kiosk.sync()
    kiosk.sync()
    download = health_of(engine, kiosk.kiosk_id)["download"]
    assert download["error"]["key"] == "order.older" and download["version"] == "2026.12-1"
    assert len(proxy.ranges) == fetched
    assert shown_version(engine, kiosk.kiosk_id) == "2026.12-2"
    proxy.close()
