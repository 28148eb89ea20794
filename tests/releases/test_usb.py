"""Release files on a USB stick (a folder standing for /media/<user>/<label>): found,
with their version and what this kiosk would do with each, newest first; then one is
installed with the same guarantees as any other."""
from __future__ import annotations

import zipfile

from contract.releases.keys import SigningKey
from kiosk.releases.usb import find_releases, release_files
from tests.releases.helpers import build, make_content, make_manager, rezip


def test_release_files_on_a_stick_are_found_and_judged(tmp_path):
    key = SigningKey.generate()
    made = tmp_path / "made"
    made.mkdir()
    stick = tmp_path / "media" / "pi" / "EXPO"
    (stick / "anciennes").mkdir(parents=True)
    v1 = build(make_content(made, "2026.11-1"), key, stick / "anciennes" / "expo-v1.zip", hours=0).path
    v2 = build(make_content(made, "2026.11-2"), key, made / "v2.zip", hours=24).path
    v3 = build(make_content(made, "2026.11-3"), key, stick / "expo-v3.ZIP", hours=48).path
    rezip(v2, stick / "expo-v2-abimee.zip",
          lambda n, b: (n, b.replace(b"Mythe", b"Myth!")) if n == "exhibits/mythes.yaml" else (n, b))
    with zipfile.ZipFile(stick / "photos.zip", "w") as zf:  # not a release: not listed
        zf.writestr("photo.jpg", b"jpeg")
    (stick / ".cache.zip").write_bytes(b"hidden")
    (stick / "lien.zip").symlink_to(v3)  # links are not followed
    (stick / "notes.txt").write_text("hello")
    other_stick = tmp_path / "media" / "pi" / "AUTRE"
    other_stick.mkdir()

    patterns = [str(tmp_path / "media" / "*" / "*"), str(tmp_path / "run-media" / "*" / "*")]
    assert {p.name for p in release_files(patterns)} == {"expo-v1.zip", "expo-v3.ZIP", "expo-v2-abimee.zip",
                                                         "photos.zip"}

    manager = make_manager(tmp_path / "data", [key], make_content(made, "builtin"))
    manager.install(v2)
    manager.switch_now()
    found = find_releases(manager, patterns)
    by_name = {f.path.name: f for f in found}
    assert [f.path.name for f in found] == ["expo-v3.ZIP", "expo-v2-abimee.zip", "expo-v1.zip"]
    assert by_name["expo-v3.ZIP"].verdict.accepted and by_name["expo-v3.ZIP"].version == "2026.11-3"
    assert by_name["expo-v3.ZIP"].verdict.warnings == 0
    damaged = by_name["expo-v2-abimee.zip"].verdict
    assert not damaged.accepted and damaged.error.key == "file.mismatch" and "mythes.yaml" in str(damaged.error)
    older = by_name["expo-v1.zip"].verdict
    assert not older.accepted and older.error.key == "order.older" and older.manifest.content_version == "2026.11-1"
    assert manager.state().ready is None  # looking installs nothing

    manager.install(by_name["expo-v3.ZIP"].path)
    manager.switch_now()
    assert manager.shown().content_version == "2026.11-3"
    assert find_releases(manager, patterns)[0].verdict.already_shown


def test_no_stick_no_release(tmp_path):
    assert release_files([str(tmp_path / "media" / "*" / "*")]) == []
