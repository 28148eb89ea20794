"""Every bad release file is refused with a plain message, and the content shown does
not change: real release files, altered the way copies, attackers and bugs alter them."""
from __future__ import annotations

import json
import os
import stat
import zipfile
from datetime import timedelta

import pytest

from contract.releases.archive import Limits, write_archive
from contract.releases.keys import SigningKey
from contract.releases.manifest import FORMAT, CheckSummary, FileEntry, Manifest, new_release_id
from kiosk.releases.messages import ReleaseError
from tests.releases.helpers import T0, build, make_content, make_manager, rezip, shown

#: the refusals' wording is read in English below (French: tests/content/test_languages.py)
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(scope="module")
def releases(tmp_path_factory, key):
    """Two good releases: v1 (built at T0) and v2 (a day later)."""
    d = tmp_path_factory.mktemp("releases")
    v1 = build(make_content(d, "2026.11-1"), key, d / "v1.zip", hours=0).path
    v2 = build(make_content(d, "2026.11-2"), key, d / "v2.zip", hours=24).path
    return {"v1": v1, "v2": v2, "dir": d}


@pytest.fixture
def kiosk_showing_v1(tmp_path, key, releases):
    """A kiosk store that shows v1, confirmed."""
    manager = make_manager(tmp_path / "data", [key], make_content(tmp_path, "builtin"))
    manager.install(releases["v1"])
    manager.switch_now()
    manager.confirm_healthy()
    return manager


def refused(manager, path, key_expected, **kwargs) -> ReleaseError:
    before = shown(manager)
    installed_before = manager.store.installed()
    with pytest.raises(ReleaseError) as info:
        manager.install(path, **kwargs)
    assert info.value.key == key_expected, info.value
    assert shown(manager) == before  # same release, whole (hashes verified)
    assert manager.store.installed() == installed_before
    assert not any((manager.store.root / "staging").glob("*")), "staging left behind"
    assert manager.state().last_failure["reason"]["key"] == key_expected  # the health report says why
    # the evaluation the staff panel and `content verify` use agrees
    verdict = manager.evaluate(path, **kwargs)
    assert not verdict.accepted and verdict.error.key == key_expected
    return info.value


def test_a_tampered_file_is_refused(kiosk_showing_v1, releases, tmp_path):
    same_size = rezip(releases["v2"], tmp_path / "same.zip",
                      lambda n, b: (n, b.replace(b"Mythe", b"Myth!")) if n == "exhibits/mythes.yaml" else (n, b))
    err = refused(kiosk_showing_v1, same_size, "file.mismatch")
    assert "mythes.yaml" in str(err) and "changed after signing" in str(err)
    longer = rezip(releases["v2"], tmp_path / "longer.zip",
                   lambda n, b: (n, b + b"\n# extra\n") if n == "exhibits/chatbot.yaml" else (n, b))
    assert "chatbot.yaml" in str(refused(kiosk_showing_v1, longer, "file.mismatch"))
    image = rezip(releases["v2"], tmp_path / "image.zip",
                  lambda n, b: (n, b[:-1] + bytes([b[-1] ^ 1])) if n.endswith("chat.png") else (n, b))
    refused(kiosk_showing_v1, image, "file.mismatch")


def test_a_manifest_edited_after_signing_is_refused(kiosk_showing_v1, releases, tmp_path):
    def edit(name, data):
        if name == "manifest.json":
            return name, data.replace(b'"2026.11-2"', b'"2026.11-9"')
        return name, data

    err = refused(kiosk_showing_v1, rezip(releases["v2"], tmp_path / "m.zip", edit), "sig.invalid")
    assert "changed after signing" in str(err)
    # a file's hash put in the manifest to match a tampered file: same refusal
    def rehash(name, data):
        if name == "manifest.json":
            m = json.loads(data)
            m["files"][0]["sha256"] = "0" * 64
            return name, json.dumps(m).encode()
        return name, data

    refused(kiosk_showing_v1, rezip(releases["v2"], tmp_path / "h.zip", rehash), "sig.invalid")
    no_signature = rezip(releases["v2"], tmp_path / "nosig.zip",
                         lambda n, b: (n, b"") if n == "manifest.sig" else (n, b))
    refused(kiosk_showing_v1, no_signature, "sig.invalid")


def test_a_release_signed_with_an_unknown_key_is_refused(kiosk_showing_v1, tmp_path):
    stranger = SigningKey.generate()
    path = build(make_content(tmp_path, "2026.11-3"), stranger, tmp_path / "stranger.zip", hours=48).path
    err = refused(kiosk_showing_v1, path, "sig.unknown_key")
    assert stranger.public.key_id in str(err) and "does not trust" in str(err)


def test_key_rotation_accepts_both_keys_and_keeps_what_the_old_key_signed(tmp_path, key, releases):
    new_key = SigningKey.generate()
    builtin = make_content(tmp_path, "builtin")
    both = make_manager(tmp_path / "data", [key, new_key], builtin)
    both.install(releases["v1"])
    both.switch_now()
    newer = build(make_content(tmp_path, "2026.11-3"), new_key, tmp_path / "new.zip", hours=48).path
    assert both.install(newer).content_version == "2026.11-3"
    # the old key removed from the config later: what it signed and is installed stays whole and shown
    only_new = make_manager(tmp_path / "data", [new_key], builtin)
    only_new.kiosk_started()
    assert shown(only_new)[0] == both.store.manifest(both.state().current).release_id
    assert only_new.state().current and only_new.store.manifest(only_new.state().current).content_version == "2026.11-3"


@pytest.mark.parametrize("cut", [0.5, 0.99, "last-byte", "first-100"])
def test_a_truncated_file_is_refused(kiosk_showing_v1, releases, tmp_path, cut):
    data = releases["v2"].read_bytes()
    n = {"last-byte": len(data) - 1, "first-100": 100}.get(cut) or int(len(data) * cut)
    path = tmp_path / "truncated.zip"
    path.write_bytes(data[:n])
    err = refused(kiosk_showing_v1, path, "file.damaged")
    assert "incomplete" in str(err)


def test_an_older_release_is_refused_unless_rolling_back_on_purpose(tmp_path, key, releases):
    manager = make_manager(tmp_path / "data", [key], make_content(tmp_path, "builtin"))
    manager.install(releases["v2"])
    manager.switch_now()
    err = refused(manager, releases["v1"], "order.older")
    assert "2026.11-2" in str(err) and "2026.11-1" in str(err) and "rollback" in str(err)
    assert manager.install(releases["v1"], allow_older=True).content_version == "2026.11-1"
    manager.switch_now()
    assert manager.store.manifest(shown(manager)[0]).content_version == "2026.11-1"


@pytest.mark.parametrize("entry,why", [
    (("exhibits/../../../tmp/evil.yaml", b"x"), "'.', '..'"),
    (("../evil.yaml", b"x"), "outside"),
    (("/etc/evil.yaml", b"x"), "outside"),
    (("exhibits/a\\..\\..\\evil.yaml", b"x"), "backslash"),
    (("exhibits//double.yaml", b"x"), "absolute"),
    (("exhibits/images//double.yaml", b"x"), "empty"),
    (("exhibits/images/", b""), "a link, a folder"),
])
def test_entries_a_release_never_has_are_refused_before_anything_is_written(
        kiosk_showing_v1, releases, tmp_path, entry, why):
    path = rezip(releases["v2"], tmp_path / "evil.zip", extra=[entry])
    err = refused(kiosk_showing_v1, path, "file.unsafe_entry")
    assert why in str(err)
    assert not (tmp_path.parent / "evil.yaml").exists() and not os.path.exists("/tmp/evil.yaml")


@pytest.mark.parametrize("mode", [stat.S_IFLNK | 0o777, stat.S_IFCHR | 0o666, stat.S_IFIFO | 0o644,
                                  stat.S_IFBLK | 0o660])
def test_links_and_device_files_are_refused(kiosk_showing_v1, releases, tmp_path, mode):
    info = zipfile.ZipInfo("exhibits/images/link.png")
    info.create_system = 3
    info.external_attr = mode << 16
    path = rezip(releases["v2"], tmp_path / "link.zip", extra=[info])
    assert "a link, a folder or a device" in str(refused(kiosk_showing_v1, path, "file.unsafe_entry"))


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_a_file_not_in_the_manifest_or_missing_from_the_file_is_refused(kiosk_showing_v1, releases, tmp_path):
    extra = rezip(releases["v2"], tmp_path / "extra.zip", extra=[("exhibits/intrus.yaml", b"id: x\n")])
    assert "intrus.yaml" in str(refused(kiosk_showing_v1, extra, "file.extra_entry"))
    missing = rezip(releases["v2"], tmp_path / "missing.zip",
                    lambda n, b: None if n == "exhibits/voicebot.yaml" else (n, b))
    assert "voicebot.yaml" in str(refused(kiosk_showing_v1, missing, "file.missing_entry"))
    twice = rezip(releases["v2"], tmp_path / "twice.zip", extra=[("exhibits/voicebot.yaml", b"id: x\n")])
    assert "listed twice" in str(refused(kiosk_showing_v1, twice, "file.unsafe_entry"))


def signed_release(key, out, files: dict[str, bytes], *, fmt=FORMAT, min_app="0.1.0", declared=None):
    """A release signed by a trusted key but made without the builder's checks (a buggy
    or older tool, or a stolen key): the kiosk's own checks must still hold."""
    import hashlib
    from datetime import timezone

    src = out.parent / (out.stem + "-src")
    src.mkdir()
    entries = []
    for rel, data in files.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_bytes(data)
        size = len(data) if declared is None else declared
        entries.append(FileEntry(path=rel, size=size, sha256=hashlib.sha256(data).hexdigest()))
    created = (T0 + timedelta(days=30)).astimezone(timezone.utc)
    manifest = Manifest(format=FORMAT, release_id=new_release_id(created), content_version="forged",
                        created_at=created, min_app_version=min_app, key_id=key.public.key_id,
                        check=CheckSummary(exhibits=1), files=entries)
    raw = manifest.to_bytes()
    if fmt != FORMAT:
        data = json.loads(raw)
        data["format"] = fmt
        raw = json.dumps(data).encode()
    with open(out, "wb") as fh:
        write_archive(fh, raw, key.sign(raw), [(rel, src / rel) for rel in files], (2026, 12, 2, 9, 0, 0))
    return out


def test_a_signed_release_whose_content_fails_check_is_never_shown(kiosk_showing_v1, key, tmp_path):
    content = make_content(tmp_path, "2026.12-1")
    files = {p.relative_to(content).as_posix(): p.read_bytes() for p in content.rglob("*") if p.is_file()}
    files["mythes.yaml"] = files["mythes.yaml"].replace(b"verdict: myth", b"verdict: mythe", 1)
    path = signed_release(key, tmp_path / "broken.zip", files)
    err = refused(kiosk_showing_v1, path, "check.failed")
    assert "mythes.yaml" in str(err) and "verdict" in str(err)


def test_too_many_files_too_big_and_inflation_are_capped(tmp_path, key, releases):
    manager = make_manager(tmp_path / "data", [key], make_content(tmp_path, "builtin"),
                           limits=Limits(max_bytes=1024 * 1024, max_files=5))
    assert manager.evaluate(releases["v1"]).error.key == "file.too_many_files"  # 11 files > 5
    # a file that inflates to 200 MB from a few hundred KB
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", b"{}")
        zf.writestr("manifest.sig", b"")
        with zf.open("exhibits/exhibition.yaml", "w", force_zip64=False) as fh:
            for _ in range(200):
                fh.write(b"\0" * (1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    assert manager.evaluate(bomb).error.key == "file.too_big"
    # a signed manifest that declares a small size for a file that inflates to much more
    manager = make_manager(tmp_path / "data2", [key], make_content(tmp_path, "builtin2"))
    lying = signed_release(key, tmp_path / "lying.zip", {"exhibition.yaml": b"\0" * (4 * 1024 * 1024)}, declared=10)
    assert manager.evaluate(lying).error.key == "file.mismatch"


def test_not_a_release_a_fifo_and_a_missing_file(kiosk_showing_v1, tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(os.urandom(5000))
    refused(kiosk_showing_v1, junk, "file.damaged")
    plain = tmp_path / "photos.zip"
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("photo.jpg", b"jpeg")
    refused(kiosk_showing_v1, plain, "file.not_release")
    fifo = tmp_path / "fifo.zip"
    os.mkfifo(fifo)
    refused(kiosk_showing_v1, fifo, "file.not_release")  # refused at once, never waits on the pipe
    refused(kiosk_showing_v1, tmp_path / "absent.zip", "file.missing")


def test_a_release_for_newer_kiosk_software_is_refused(kiosk_showing_v1, key, tmp_path):
    path = build(make_content(tmp_path, "2026.12-1"), key, tmp_path / "future.zip", hours=72,
                 app_version="9.0").path
    err = refused(kiosk_showing_v1, path, "manifest.app_too_old")
    assert "9.0" in str(err)
    newer_format = signed_release(key, tmp_path / "format.zip", {"exhibition.yaml": b"x"}, fmt=FORMAT + 1)
    refused(kiosk_showing_v1, newer_format, "manifest.newer_format")


def test_a_kiosk_whose_clock_says_1970_accepts_a_valid_release(tmp_path, key, releases):
    manager = make_manager(tmp_path / "data", [key], make_content(tmp_path, "builtin"), clock=lambda: 0.0)
    assert manager.evaluate(releases["v2"]).accepted
    manager.install(releases["v2"])
    manager.switch_now()
    assert manager.store.manifest(shown(manager)[0]).content_version == "2026.11-2"
    assert manager.state().history[-1]["at"].startswith("1970-01-01")  # dated by its clock, decided without it
    # ordering compares the organisers' build times, never the kiosk's clock
    err = refused(manager, releases["v1"], "order.older")
    assert "2026-11-03 09:00 UTC" in str(err)
