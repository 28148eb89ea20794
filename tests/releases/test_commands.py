"""``launch.py content keygen / release / verify / install / rollback / status`` as
organisers and staff run them: real processes, real files."""
from __future__ import annotations

import json
import stat
import zipfile

from contract.releases.keys import PublicKey, SigningKey
from contract.releases.manifest import Manifest
from tests.conftest import run_launch
from tests.releases.helpers import make_content


def write_config(tmp_path, *pubs, content=None):
    keys = "".join(f"\n    - \"{PublicKey.read(p).text}\"" for p in pubs)
    path = tmp_path / "kiosk.yaml"
    path.write_text(
        "kiosk_id: cli-kiosk\n"
        "staff_pin_hash: 'pbkdf2_sha256$1000$00$00'\n"
        f"content_dir: {content or tmp_path / 'exhibits-builtin'}\n"
        f"data_dir: {tmp_path / 'data'}\n"
        f"releases:\n  trusted_keys:{keys if keys else ' []'}\n",
        encoding="utf-8")
    return path


def test_keygen_writes_a_private_key_only_its_owner_reads_and_prints_the_public_one(tmp_path):
    key = tmp_path / "organisers.key"
    proc = run_launch("--lang", "en", "content", "keygen", str(key), check=True)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    public = PublicKey.read(tmp_path / "organisers.key.pub")
    assert public.text in proc.stdout and public.key_id in proc.stdout
    assert SigningKey.read(key).public == public
    # never overwrites a key: a lost private key means every kiosk's config must change
    before = key.read_bytes()
    again = run_launch("--lang", "en", "content", "keygen", str(key))
    assert again.returncode != 0 and "already exists" in again.stderr
    assert key.read_bytes() == before


def test_release_then_verify_with_the_public_key(tmp_path):
    run_launch("--lang", "en", "content", "keygen", str(tmp_path / "org.key"), check=True)
    content = make_content(tmp_path, "2026.12-1")
    out = tmp_path / "expo.zip"
    proc = run_launch("--lang", "en", "content", "release", "--key", str(tmp_path / "org.key"), "--out", str(out),
                      "--content", str(content), check=True)
    assert "2026.12-1" in proc.stdout
    with zipfile.ZipFile(out) as zf:
        manifest = Manifest.from_bytes(zf.read("manifest.json"))
        names = set(zf.namelist())
    assert manifest.content_version == "2026.12-1"
    assert manifest.key_id == PublicKey.read(tmp_path / "org.key.pub").key_id
    assert {f"exhibits/{f.path}" for f in manifest.files} | {"manifest.json", "manifest.sig"} == names
    assert "exhibits/exhibition.yaml" in names and manifest.check.exhibits == 4 and manifest.check.errors == 0
    assert manifest.check.content_fingerprint.startswith("2026.12-1+")

    ok = run_launch("--lang", "en", "content", "verify", str(out), "--pubkey", str(tmp_path / "org.key.pub"))
    assert ok.returncode == 0, ok.stderr
    assert "Accepted" in ok.stdout and "2026.12-1" in ok.stdout

    # a kiosk trusting another key refuses it, and says which key signed it
    run_launch("--lang", "en", "content", "keygen", str(tmp_path / "other.key"), check=True)
    other = run_launch("--lang", "en", "content", "verify", str(out), "--pubkey", str(tmp_path / "other.key.pub"), "--json")
    assert other.returncode == 1
    answer = json.loads(other.stdout)
    assert answer["accepted"] is False and answer["error"]["key"] == "sig.unknown_key"
    assert manifest.key_id in answer["error"]["text"]


def test_verify_trusts_the_config_keys_by_default(tmp_path):
    run_launch("--lang", "en", "content", "keygen", str(tmp_path / "org.key"), check=True)
    out = tmp_path / "expo.zip"
    run_launch("--lang", "en", "content", "release", "--key", str(tmp_path / "org.key"), "--out", str(out),
               "--content", str(make_content(tmp_path)), check=True)
    no_keys = run_launch("--lang", "en", "--config", str(write_config(tmp_path)), "content", "verify", str(out))
    assert no_keys.returncode == 1 and "no key is trusted" in no_keys.stderr
    config = write_config(tmp_path, tmp_path / "org.key.pub")
    assert run_launch("--lang", "en", "--config", str(config), "content", "verify", str(out)).returncode == 0


def test_release_with_a_content_error_exits_non_zero_and_writes_nothing(tmp_path):
    run_launch("--lang", "en", "content", "keygen", str(tmp_path / "org.key"), check=True)
    content = make_content(tmp_path)
    myths = content / "mythes.yaml"
    myths.write_text(myths.read_text(encoding="utf-8").replace("verdict: myth", "verdict: mythe", 1),
                     encoding="utf-8")
    out = tmp_path / "expo.zip"
    proc = run_launch("--lang", "en", "content", "release", "--key", str(tmp_path / "org.key"), "--out", str(out),
                      "--content", str(content))
    assert proc.returncode == 1
    assert "mythes.yaml:" in proc.stderr and "verdict" in proc.stderr  # file, line and field, like check
    assert "/tmp/release-" not in proc.stderr  # the organiser's file, not the private snapshot
    assert "nothing was written" in proc.stderr
    assert list(tmp_path.glob("expo.zip*")) == [] and list(tmp_path.glob(".expo.zip*")) == []

    # an earlier release at the same place is left as it was
    out.write_bytes(b"earlier release")
    assert run_launch("--lang", "en", "content", "release", "--key", str(tmp_path / "org.key"), "--out", str(out),
                      "--content", str(content)).returncode == 1
    assert out.read_bytes() == b"earlier release"


def test_release_refuses_a_link_in_the_content(tmp_path):
    run_launch("--lang", "en", "content", "keygen", str(tmp_path / "org.key"), check=True)
    content = make_content(tmp_path)
    (content / "images" / "elsewhere.png").symlink_to("/etc/passwd")
    proc = run_launch("--lang", "en", "content", "release", "--key", str(tmp_path / "org.key"), "--out",
                      str(tmp_path / "x.zip"), "--content", str(content))
    assert proc.returncode == 1 and "elsewhere.png: is a link" in proc.stderr
    assert not (tmp_path / "x.zip").exists()


def test_release_with_a_bad_key_file_says_so(tmp_path):
    (tmp_path / "bad.key").write_text("not a key")
    proc = run_launch("--lang", "en", "content", "release", "--key", str(tmp_path / "bad.key"), "--out", str(tmp_path / "x.zip"),
                      "--content", str(make_content(tmp_path)))
    assert proc.returncode == 1 and "not a private key" in proc.stderr and "Traceback" not in proc.stderr


def test_install_status_rollback_on_this_kiosk(tmp_path):
    run_launch("--lang", "en", "content", "keygen", str(tmp_path / "org.key"), check=True)
    builtin = make_content(tmp_path, "builtin", name="exhibits-builtin")
    config = write_config(tmp_path, tmp_path / "org.key.pub", content=builtin)
    out = tmp_path / "expo.zip"
    run_launch("--lang", "en", "content", "release", "--key", str(tmp_path / "org.key"), "--out", str(out),
               "--content", str(make_content(tmp_path, "2026.12-1")), check=True)
    cfg = ("--config", str(config))

    installed = run_launch("--lang", "en", *cfg, "content", "install", str(out), check=True)
    assert "next attract screen" in installed.stdout
    status = json.loads(run_launch("--lang", "en", *cfg, "content", "status", "--json", check=True).stdout)
    assert status["shown"] is None and status["ready"]["version"] == "2026.12-1"
    assert run_launch("--lang", "en", *cfg, "content", "verify", str(out)).returncode == 0

    # the next start shows it (a kiosk switches only between visits, and at start)
    from kiosk.config import load_config
    from kiosk.releases.apply import ReleaseManager

    manager = ReleaseManager.from_config(load_config(config))
    manager.kiosk_started()
    status = json.loads(run_launch("--lang", "en", *cfg, "content", "status", "--json", check=True).stdout)
    assert status["shown"]["version"] == "2026.12-1" and status["trial"] is True
    again = run_launch("--lang", "en", *cfg, "content", "verify", str(out))
    assert again.returncode == 0 and "Already shown" in again.stdout

    back = run_launch("--lang", "en", *cfg, "content", "rollback", check=True)
    assert "the content folder" in back.stdout
    assert manager.content_to_load() == builtin
    text_status = run_launch("--lang", "en", *cfg, "content", "status", check=True).stdout
    assert "the content folder" in text_status and "rollback asked for by staff" in text_status
    # taken off on purpose: not installed again unless asked
    refused = run_launch("--lang", "en", *cfg, "content", "install", str(out))
    assert refused.returncode == 1 and "taken off this kiosk" in refused.stderr
    assert run_launch("--lang", "en", *cfg, "content", "install", "--rollback", str(out)).returncode == 0
    none_left = run_launch("--lang", "en", *cfg, "content", "rollback")
    assert none_left.returncode == 1 and "nothing to go back to" in none_left.stderr


def test_a_malformed_trusted_key_in_the_config_is_named_with_its_line(tmp_path):
    config = tmp_path / "kiosk.yaml"
    config.write_text("kiosk_id: k\nstaff_pin_hash: 'x'\nreleases:\n  trusted_keys:\n    - \"ed25519:AAAA\"\n",
                      encoding="utf-8")
    proc = run_launch("--lang", "en", "--config", str(config), "content", "status")
    assert proc.returncode == 2 and "kiosk.yaml:5:7: releases.trusted_keys[0]" in proc.stderr


def test_every_message_the_releases_use_is_in_the_table():
    """One table holds every text (the French one comes beside each English line)."""
    import re
    from pathlib import Path

    from kiosk.releases.messages import has_text

    used = set()
    root = Path(__file__).resolve().parents[2]
    for source in [*(root / "kiosk" / "releases").glob("*.py"), *(root / "contract" / "releases").glob("*.py")]:
        used |= set(re.findall(r'(?:ReleaseError|text|report_failure)\(\s*"([a-z_]+\.[a-z_]+)"', source.read_text()))
    assert len(used) > 40
    assert sorted(k for k in used if not has_text(k)) == []
