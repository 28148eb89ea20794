"""The staff panels' release models without a window: a folder stands for a USB stick,
real release files, a real store, and the desk's real threads (results pumped as the
UI clock would)."""
from __future__ import annotations

import shutil
import time

import pytest

from kiosk.releases import rollback_panel, usb_panel
from kiosk.releases.desk import ReleaseDesk
from contract.releases.keys import SigningKey
from kiosk.releases.rollback_panel import RollbackPanel, rollback_offer
from kiosk.releases.usb_panel import UsbPanel, stick_name
from tests.releases.helpers import build, make_content, make_manager, rezip


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """Three releases signed by the organisers' key, built a day apart, and a copy of the
    second changed after signing."""
    key = SigningKey.generate()
    folder = tmp_path_factory.mktemp("made")
    files = {v: build(make_content(folder, f"2026.11-{v}"), key, folder / f"expo-v{v}.zip", hours=24 * v).path
             for v in (1, 2, 3)}
    files["tampered"] = rezip(files[2], folder / "expo-v2-abimee.zip",
                              lambda n, b: (n, b.replace(b"Mythe", b"Myth!")) if n == "exhibits/mythes.yaml" else (n, b))
    return key, files, make_content(folder, "builtin")


@pytest.fixture
def kiosk_side(tmp_path, made):
    """(manager, stick folder, desk): a kiosk that shows version 2, and an empty stick."""
    key, files, builtin = made
    manager = make_manager(tmp_path / "data", [key], builtin)
    manager.install(files[2])
    manager.switch_now()
    stick = tmp_path / "media" / "pi" / "EXPO"
    stick.mkdir(parents=True)
    desk = ReleaseDesk(manager, [str(tmp_path / "media" / "*" / "*")], lock_timeout=0.3)
    return manager, stick, desk


def settle(desk: ReleaseDesk, done, timeout: float = 60) -> None:
    """Pump the desk's results on this thread (the UI thread's part) until ``done()``."""
    end = time.monotonic() + timeout
    while not done():
        desk.pump()
        assert time.monotonic() < end, "the desk's work did not finish"
        time.sleep(0.01)


def listed(desk: ReleaseDesk) -> UsbPanel:
    """The USB panel once staff opened it and the sticks were read."""
    panel = UsbPanel(desk)
    panel.search()
    settle(desk, lambda: panel.state == usb_panel.LIST)
    return panel


def test_the_sticks_are_read_off_the_ui_thread_and_every_release_judged(kiosk_side, made):
    manager, stick, desk = kiosk_side
    _key, files, _builtin = made
    for name in (1, 2, 3, "tampered"):
        shutil.copy(files[name], stick / files[name].name)
    (stick / "photos.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty ZIP: not a release
    changes = []
    panel = UsbPanel(desk, on_change=lambda: changes.append(panel.state))
    panel.search()
    assert panel.state == usb_panel.SEARCHING and panel.offers == []  # the UI goes on meanwhile
    settle(desk, lambda: panel.state == usb_panel.LIST)
    assert changes == [usb_panel.SEARCHING, usb_panel.LIST]
    assert panel.shown_version == "2026.11-2"
    by_file = {o.path.name: o for o in panel.offers}
    assert [o.path.name for o in panel.offers] == ["expo-v3.zip", "expo-v2-abimee.zip", "expo-v2.zip", "expo-v1.zip"]
    newer, tampered, shown, older = (by_file[n] for n in ("expo-v3.zip", "expo-v2-abimee.zip", "expo-v2.zip",
                                                          "expo-v1.zip"))
    assert (newer.status, newer.version, newer.stick, newer.installable) == ("newer", "2026.11-3", "EXPO", True)
    assert newer.built.isoformat() == "2026-11-05T09:00:00+00:00" and newer.exhibits >= 4 and newer.files > 10
    assert (shown.status, shown.installable) == ("shown", False)
    assert (older.status, older.version, older.needs_confirmation) == ("older", "2026.11-1", True)
    assert tampered.status == "refused" and not tampered.installable
    assert tampered.reason.release_message and tampered.reason.key == "file.mismatch"
    assert tampered.reason.values["path"] == "mythes.yaml"
    assert not panel.choose(tampered) and panel.state == usb_panel.LIST
    assert manager.state().ready is None, "looking installs nothing"


def test_a_newer_release_installs_with_progress_and_waits_to_be_shown(kiosk_side, made):
    manager, stick, desk = kiosk_side
    shutil.copy(made[1][3], stick / "expo-v3.zip")
    panel = listed(desk)
    phases = []
    panel.on_change = lambda: phases.append((panel.state, panel.phase, panel.files_done))
    assert panel.choose(panel.offers[0])
    assert panel.state == usb_panel.INSTALLING and panel.busy
    panel.search()  # staff touch "search again" meanwhile: the install goes on
    assert panel.state == usb_panel.INSTALLING
    settle(desk, lambda: panel.state != usb_panel.INSTALLING)
    assert panel.state == usb_panel.DONE, panel.failure
    assert panel.installed.content_version == "2026.11-3"
    seen = [p for s, p, _n in phases if s == usb_panel.INSTALLING]
    assert seen[0] == "verifying" and "extracting" in seen and "checking" in seen
    assert max(n for _s, _p, n in phases) == panel.files_total == panel.offers[0].files
    state = manager.state()
    assert manager.store.manifest(state.ready).content_version == "2026.11-3"
    assert manager.shown().content_version == "2026.11-2", "shown only between visits"
    panel.search()  # back to the list: the same file now waits to be shown
    settle(desk, lambda: panel.state == usb_panel.LIST)
    assert panel.offers[0].status == "waiting" and not panel.offers[0].installable


def test_an_older_release_goes_on_only_after_a_confirmation_as_a_rollback(kiosk_side, made):
    manager, stick, desk = kiosk_side
    shutil.copy(made[1][1], stick / "expo-v1.zip")
    panel = listed(desk)
    older = panel.offers[0]
    assert panel.choose(older) and panel.state == usb_panel.CONFIRM
    panel.cancel()
    assert panel.state == usb_panel.LIST and manager.state().ready is None
    panel.choose(older)
    panel.confirm()
    settle(desk, lambda: panel.state != usb_panel.INSTALLING)
    assert panel.state == usb_panel.DONE, panel.failure
    assert manager.store.manifest(manager.state().ready).content_version == "2026.11-1"


def test_a_stick_pulled_out_or_a_busy_store_fails_in_words_and_changes_nothing(kiosk_side, made):
    manager, stick, desk = kiosk_side
    shutil.copy(made[1][3], stick / "expo-v3.zip")
    panel = listed(desk)
    (stick / "expo-v3.zip").unlink()  # the stick is pulled out before staff touch it
    panel.choose(panel.offers[0])
    settle(desk, lambda: panel.state != usb_panel.INSTALLING)
    assert panel.state == usb_panel.FAILED
    assert (panel.failure.key, panel.failure.release_message) == ("file.missing", True)
    assert manager.state().ready is None and manager.shown().content_version == "2026.11-2"

    shutil.copy(made[1][3], stick / "expo-v3.zip")
    panel.search()
    settle(desk, lambda: panel.state == usb_panel.LIST)
    with manager.store.lock():  # a download being installed holds the store
        panel.choose(panel.offers[0])
        settle(desk, lambda: panel.state != usb_panel.INSTALLING)
    assert panel.state == usb_panel.FAILED
    assert (panel.failure.key, panel.failure.release_message) == ("releases.busy", False)
    assert manager.state().ready is None


def test_no_stick_an_empty_list(tmp_path, made):
    key, _files, builtin = made
    desk = ReleaseDesk(make_manager(tmp_path / "data", [key], builtin), [str(tmp_path / "media" / "*" / "*")])
    panel = listed(desk)
    assert panel.offers == [] and panel.shown_version is None


def test_the_stick_is_named_by_the_folder_it_is_mounted_on(tmp_path):
    folders = ["/media/*/*", "/run/media/*/*"]
    assert stick_name(tmp_path / "x.zip", ["/nowhere/*"]) == tmp_path.name
    from pathlib import Path

    assert stick_name(Path("/media/pi/EXPO/anciennes/v1.zip"), folders) == "EXPO"
    assert stick_name(Path("/run/media/system/CLE_2/v1.zip"), folders) == "CLE_2"


def test_back_to_the_previous_version(tmp_path, made):
    key, files, builtin = made
    manager = make_manager(tmp_path / "data", [key], builtin)
    desk = ReleaseDesk(manager, [])
    assert rollback_offer(None).why_not == rollback_panel.NO_RELEASES
    panel = RollbackPanel(desk)
    assert not panel.offer.available and panel.offer.why_not == rollback_panel.NOTHING_INSTALLED
    assert not panel.ask() and panel.state == rollback_panel.IDLE

    manager.install(files[1])
    panel.refresh()
    assert panel.offer.why_not == rollback_panel.RELEASE_WAITING and panel.offer.waiting_version == "2026.11-1"
    manager.switch_now()
    panel.refresh()
    assert panel.offer.available and panel.offer.target_version is None  # the kiosk's own content folder
    manager.install(files[2])
    manager.switch_now()
    panel.refresh()
    assert (panel.offer.shown_version, panel.offer.target_version) == ("2026.11-2", "2026.11-1")
    assert panel.offer.target_built.isoformat() == "2026-11-03T09:00:00+00:00"

    assert panel.ask() and panel.state == rollback_panel.CONFIRM
    panel.cancel()
    assert panel.state == rollback_panel.IDLE and manager.shown().content_version == "2026.11-2"
    panel.ask()
    panel.confirm()
    assert panel.state == rollback_panel.WORKING
    settle(desk, lambda: panel.state != rollback_panel.WORKING)
    assert panel.state == rollback_panel.DONE and panel.back_to == "2026.11-1"
    assert manager.shown().content_version == "2026.11-1"
    assert manager.content_to_load() == manager.store.content_dir(manager.state().current)
    assert panel.offer.available and panel.offer.target_version is None  # further back: the folder

    with manager.store.lock():
        panel.ask()
        desk.lock_timeout = 0.2
        panel.confirm()
        settle(desk, lambda: panel.state != rollback_panel.WORKING)
    assert panel.state == rollback_panel.FAILED and panel.failure.key == "releases.busy"
    assert manager.shown().content_version == "2026.11-1"


def test_a_full_disk_refuses_the_release_in_words_and_changes_nothing(tmp_path, made):
    key, files, builtin = made
    # the disk must keep more room free than it has: the release cannot fit
    manager = make_manager(tmp_path / "data", [key], builtin, disk_margin=1 << 60)
    stick = tmp_path / "media" / "pi" / "EXPO"
    stick.mkdir(parents=True)
    shutil.copy(files[3], stick / "expo-v3.zip")
    desk = ReleaseDesk(manager, [str(tmp_path / "media" / "*" / "*")])
    panel = listed(desk)
    assert panel.choose(panel.offers[0])
    settle(desk, lambda: panel.state != usb_panel.INSTALLING)
    assert panel.state == usb_panel.FAILED
    assert (panel.failure.key, panel.failure.release_message) == ("disk.full", True)
    assert set(panel.failure.values) == {"needed", "free"}
    state = manager.state()
    assert (state.current, state.ready) == (None, None)
    assert manager.content_to_load() == builtin
