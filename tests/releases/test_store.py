"""The kiosk's store: install, switch, trial, confirm, rollback, leftovers, a full disk."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kiosk.content.loader import load_content
from kiosk.releases.messages import ReleaseError
from kiosk.releases.store import StoreBusy
from tests.releases.helpers import ROOT, build, make_content, make_manager, release_series, shown

#: the reasons' wording is read in English below (French: tests/content/test_languages.py)
pytestmark = pytest.mark.usefixtures("english")

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def releases(tmp_path_factory, key):
    d = tmp_path_factory.mktemp("releases")
    return release_series(d, key, 3)


@pytest.fixture
def builtin(tmp_path):
    return make_content(tmp_path, "builtin")


def version_shown(manager) -> str:
    return load_content(manager.content_to_load()).exhibition.version


def test_without_a_release_the_kiosk_loads_its_content_folder(tmp_path, key, builtin):
    manager = make_manager(tmp_path / "data", [key], builtin)
    assert manager.kiosk_started().current is None
    assert manager.content_to_load() == builtin and manager.status()["shown"] is None
    assert not (tmp_path / "data" / "releases").exists()  # nothing created until a release comes


def test_install_waits_for_the_switch_then_keeps_the_previous_release(tmp_path, key, builtin, releases):
    manager = make_manager(tmp_path / "data", [key], builtin)
    m1 = manager.install(releases[1])
    assert manager.ready_release().release_id == m1.release_id
    assert version_shown(manager) == "builtin"  # not shown before the switch
    manager.switch_now()
    assert version_shown(manager) == "2026.11-1" and manager.state().trial
    with pytest.raises(ReleaseError, match="no release is waiting"):
        manager.switch_now()
    assert manager.confirm_healthy() and not manager.state().trial
    m2 = manager.install(releases[2])
    manager.switch_now()
    state = manager.state()
    assert (state.current, state.previous) == (m2.release_id, m1.release_id)
    assert manager.store.installed() == sorted([m1.release_id, m2.release_id])
    # installing what is shown or waiting is a no-op
    assert manager.install(releases[2]).release_id == m2.release_id
    assert manager.state().revision == state.revision
    m3 = manager.install(releases[3])
    manager.switch_now()
    # the release before the previous one is deleted at the next start (never on the UI's switch)
    assert m1.release_id in manager.store.installed()
    manager.kiosk_started()
    assert manager.store.installed() == sorted([m3.release_id, m2.release_id])
    # a rollback goes one step back
    assert manager.rollback() == m2.release_id
    assert version_shown(manager) == "2026.11-2"
    assert manager.state().withdrawn[m3.release_id]["reason"]["key"] == "reason.requested"


def test_a_newer_ready_release_replaces_the_one_waiting(tmp_path, key, builtin, releases):
    manager = make_manager(tmp_path / "data", [key], builtin)
    m1 = manager.install(releases[1])
    m2 = manager.install(releases[2])
    assert manager.state().ready == m2.release_id
    assert m1.release_id not in manager.store.installed()


def test_failure_on_trial_rolls_back_and_records_why(tmp_path, key, builtin, releases):
    manager = make_manager(tmp_path / "data", [key], builtin, clock=lambda: 1_800_000_000)
    manager.install(releases[1])
    manager.switch_now()
    manager.confirm_healthy()
    m2 = manager.install(releases[2])
    manager.switch_now()
    assert manager.report_failure("reason.error_on_trial", detail="ZeroDivisionError: boom")
    assert version_shown(manager) == "2026.11-1"
    failure = manager.state().last_failure
    assert failure["release_id"] == m2.release_id and failure["automatic"] is True
    assert "ZeroDivisionError: boom" in failure["reason"]["text"]
    assert manager.status()["last_failure"] == failure  # what the health report carries
    # the same release is not installed again by itself
    with pytest.raises(ReleaseError) as info:
        manager.install(releases[2])
    assert info.value.key == "order.withdrawn" and "boom" in str(info.value)
    # a failure of a confirmed release is recorded, never rolled back
    assert not manager.report_failure("reason.error_on_trial", detail="later")
    assert version_shown(manager) == "2026.11-1"


def test_the_first_release_failing_goes_back_to_the_content_folder(tmp_path, key, builtin, releases):
    manager = make_manager(tmp_path / "data", [key], builtin)
    manager.install(releases[1])
    manager.switch_now()
    assert manager.report_failure("reason.load_failed", detail="x")
    assert manager.content_to_load() == builtin and manager.state().current is None


def test_too_many_starts_on_trial_roll_back(tmp_path, key, builtin, releases):
    manager = make_manager(tmp_path / "data", [key], builtin, max_trial_starts=3, probation_s=600)
    manager.install(releases[1])
    manager.switch_now()
    manager.confirm_healthy()
    manager.install(releases[2])  # ready: the next start switches to it
    for start in (1, 2, 3):
        state = manager.kiosk_started()
        assert state.trial and state.trial_starts == start and version_shown(manager) == "2026.11-2"
    state = manager.kiosk_started()  # the kiosk keeps dying with it: back to 2026.11-1
    assert not state.trial and version_shown(manager) == "2026.11-1"
    assert "restarted 3 times without running 10.0 minutes" in state.last_failure["reason"]["text"]


def test_a_damaged_release_on_trial_is_rolled_back_at_start(tmp_path, key, builtin, releases):
    manager = make_manager(tmp_path / "data", [key], builtin)
    manager.install(releases[1])
    manager.switch_now()
    manager.confirm_healthy()
    m2 = manager.install(releases[2])
    manager.switch_now()
    (manager.store.content_dir(m2.release_id) / "mythes.yaml").write_text("garbage", encoding="utf-8")
    state = manager.kiosk_started()
    assert version_shown(manager) == "2026.11-1"
    assert "mythes.yaml: changed or damaged" in state.last_failure["reason"]["text"]
    assert m2.release_id not in manager.store.installed()


def test_leftovers_of_an_interrupted_install_are_removed_at_start(tmp_path, key, builtin, releases):
    manager = make_manager(tmp_path / "data", [key], builtin)
    manager.install(releases[1])
    manager.switch_now()
    root = manager.store.root
    (root / "staging" / "tmpabc" / "exhibits").mkdir(parents=True)
    (root / "20261201T000000Z-deadbeef" / "exhibits").mkdir(parents=True)  # adopted, never committed
    manager.kiosk_started()
    assert not (root / "staging").exists() and manager.store.installed() == [manager.state().current]


def test_one_writer_at_a_time_and_the_ui_never_waits(tmp_path, key, builtin, releases):
    manager = make_manager(tmp_path / "data", [key], builtin)
    manager.install(releases[1])
    held, release_lock = threading.Event(), threading.Event()

    def hold():
        with manager.store.lock():
            held.set()
            release_lock.wait(10)

    t = threading.Thread(target=hold)
    t.start()
    held.wait(5)
    try:
        with pytest.raises(StoreBusy):
            manager.switch_now()  # from the UI: tries, never blocks
    finally:
        release_lock.set()
        t.join()
    manager.switch_now()
    assert version_shown(manager) == "2026.11-1"


def _can_mount_tmpfs() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                           capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _can_mount_tmpfs(), reason="needs unshare -rm (user namespaces) to mount a tmpfs")
def test_a_full_disk_gives_a_clean_refusal(tmp_path, key, builtin, releases):
    """A real tmpfs (in a private mount namespace) holds the kiosk's data folder: room for
    the shipped content twice, and a little more (sized from the content, which grows)."""
    shipped = sum(-(-f.stat().st_size // 4096) * 4096 for f in (ROOT / "exhibits").rglob("*") if f.is_file())
    size_k = 2 * shipped // 1024 + 256  # the first release fits, "many" passes the check up front
    d = tmp_path / "made"
    d.mkdir()
    (tmp_path / "key.pub").write_text(key.public.text + "\n")
    # declared a few bytes more than the content, but its tiny files take a page each on
    # tmpfs, more pages than the whole disk has: the disk fills while writing
    small = make_content(d, "2026.11-5")
    (small / "images" / "small").mkdir()
    for i in range(size_k // 4):
        (small / "images" / "small" / f"f{i:04}.txt").write_text("tiny\n")
    many = build(small, key, d / "many.zip", hours=24 * 5).path
    # bigger than the whole disk: refused before writing anything
    big_content = make_content(d, "2026.11-6")
    (big_content / "images" / "big.bin").write_bytes(b"\x8f" * (size_k * 1024))
    big = build(big_content, key, d / "big.zip", hours=24 * 6).path
    data = tmp_path / "data"
    data.mkdir()
    script = (f"mount -t tmpfs -o size={size_k}k tmpfs {data} && "
              f"{sys.executable} {HERE / 'full_disk_install.py'} {data} {builtin} {tmp_path / 'key.pub'} "
              f"{releases[1]} {many} {big}")
    proc = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    first, mid_write, too_big = json.loads(proc.stdout)
    assert first["result"] == "installed" and first["whole"]
    assert mid_write["result"] == "disk.filled", mid_write  # ENOSPC while writing
    assert too_big["result"] == "disk.full", too_big  # seen before writing
    for refused in (mid_write, too_big):
        assert "not enough disk space" in refused["message"]
        assert refused["current"] == first["current"] and refused["whole"]  # still shown, whole
        assert refused["content"] == first["content"]
        assert refused["staging_left"] == []
        assert refused["free_after"] >= refused["free_before"] - 64 * 1024  # what it wrote is gone
    assert re.search(r"\d\.\d MB needed, \d+\.\d KB free", too_big["message"]), too_big["message"]


def test_names_with_accents_and_spaces_travel_and_litter_stays_behind(tmp_path, key, builtin):
    content = make_content(tmp_path, "2026.11-7")
    (content / "images" / "équipe été 2026.png").write_bytes(b"\x89PNG fake")
    (content / ".DS_Store").write_bytes(b"mac litter")
    (content / "images" / "Thumbs.db").write_bytes(b"windows litter")
    (content / "mythes.yaml~").write_text("editor backup")
    built = build(content, key, tmp_path / "accents.zip", hours=1)
    paths = {f.path for f in built.manifest.files}
    assert "images/équipe été 2026.png" in paths
    assert not {".DS_Store", "images/Thumbs.db", "mythes.yaml~"} & paths
    manager = make_manager(tmp_path / "data", [key], builtin)
    manager.install(built.path)
    manager.switch_now()
    release_id, folder = shown(manager)  # every hash checked
    assert (folder / "images" / "équipe été 2026.png").read_bytes() == b"\x89PNG fake"


def test_a_release_damaged_while_waiting_is_never_shown(tmp_path, key, builtin, releases):
    manager = make_manager(tmp_path / "data", [key], builtin)
    m1 = manager.install(releases[1])
    (manager.store.content_dir(m1.release_id) / "chatbot.yaml").unlink()
    state = manager.kiosk_started()
    assert state.current is None and state.ready is None and manager.content_to_load() == builtin
    assert "damaged" in state.last_failure["reason"]["text"] and m1.release_id not in manager.store.installed()
