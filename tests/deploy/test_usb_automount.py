"""USB sticks on a Raspberry Pi OS Lite kiosk: the udev rule install-pi.sh installs, and
the helper it runs (deploy/pi/usb-mount.sh), which hands each stick to systemd-mount,
read-only, under /media/kiosk/<label>, where the staff panel looks (the config's
``releases.usb_folders``). No udev nor systemd runs here: the helper's ``--dry-run``
prints the systemd-mount command, and a real ext4 stick image is mounted with that
command's type and options, then searched for releases as the staff panel does."""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path, PurePath

import pytest

from kiosk.config import ReleasesConfig
from contract.releases.keys import SigningKey
from kiosk.releases.usb import find_releases
from kiosk.releases.usb_panel import stick_name

ROOT = Path(__file__).resolve().parents[2]
HELPER = ROOT / "deploy" / "pi" / "usb-mount.sh"
INSTALLED_HELPER = "/usr/local/lib/urssaf-kiosk/usb-mount"
RULE_NAME = "99-urssaf-kiosk-usb.rules"
# udev's rule syntax: KEY[{attr}] op "value"
RULE_ITEM = re.compile(r'\s*([A-Z_]+)(\{[A-Za-z0-9_]+\})?\s*(==|!=|\+=|=|:=)\s*"([^"]*)"\s*(,|$)')
UDEV_KEYS = {"ACTION", "SUBSYSTEM", "KERNEL", "ENV", "RUN", "ATTRS", "SUBSYSTEMS"}


def dry_run(device: str, fs_type: str | None, label: str | None = None, user: str = "root") -> str:
    env = {"PATH": os.environ["PATH"], "DEVNAME": device}
    if fs_type:
        env["ID_FS_TYPE"] = fs_type
    if label is not None:
        env["ID_FS_LABEL"] = label
    proc = subprocess.run([str(HELPER), user, "--dry-run"], env=env, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def mount_command(out: str) -> tuple[str, list[str], str, str]:
    """(type, options, device, mount point) of the printed systemd-mount command."""
    words = shlex.split(out)
    assert words[0] == "systemd-mount" and "--no-block" in words and "--automount=yes" in words, out
    flags = dict(w[2:].split("=", 1) for w in words if w.startswith("--") and "=" in w)
    device, target = (w for w in words[1:] if not w.startswith("--"))
    return flags["type"], flags["options"].split(","), device, target


def test_the_rule_runs_the_installed_helper_for_usb_filesystems_only(tmp_path):
    proc = subprocess.run([str(ROOT / "deploy/pi/units.sh"), str(tmp_path), "kiosk"],
                          capture_output=True, text=True, check=True)
    assert RULE_NAME in proc.stdout
    lines = [line for line in (tmp_path / RULE_NAME).read_text().splitlines() if line and not line.startswith("#")]
    assert len(lines) == 1
    items, rest = [], lines[0]
    while rest:
        m = RULE_ITEM.match(rest)
        assert m, f"not udev rule syntax: {rest!r}"
        items.append((m[1] + (m[2] or ""), m[3], m[4]))
        rest = rest[m.end():]
    assert {k.split("{")[0] for k, _op, _v in items} <= UDEV_KEYS
    assert ("ACTION", "==", "add") in items and ("SUBSYSTEM", "==", "block") in items
    assert ("ENV{ID_BUS}", "==", "usb") in items and ("ENV{ID_FS_USAGE}", "==", "filesystem") in items
    assert ("RUN", "+=", f"{INSTALLED_HELPER} kiosk") in items
    install = (ROOT / "deploy/pi/install-pi.sh").read_text()
    assert f"deploy/pi/usb-mount.sh {INSTALLED_HELPER}" in install  # root-owned copy: udev runs it as root
    assert f"/etc/udev/rules.d/{RULE_NAME}" in install


@pytest.mark.parametrize("fs_type, mount_type, extra", [
    ("vfat", "vfat", {"uid=0", "gid=0", "fmask=0133", "dmask=0022", "utf8"}),
    ("exfat", "exfat", {"uid=0", "gid=0", "fmask=0133"}),
    ("ntfs", "ntfs3", {"uid=0", "gid=0"}),
    ("ext4", "ext4", {"noload"}),  # read-only does not even replay the journal
    ("ext2", "ext2", set()),
])
def test_every_kind_of_stick_is_mounted_read_only_where_the_panel_looks(fs_type, mount_type, extra):
    out = dry_run("/dev/sdz1", fs_type, "EXPO")
    kind, options, device, target = mount_command(out)
    assert (kind, device, target) == (mount_type, "/dev/sdz1", "/media/kiosk/EXPO")
    assert {"ro", "nosuid", "nodev", "noexec"} | extra <= set(options), options
    assert "rw" not in options
    patterns = ReleasesConfig().usb_folders
    assert any(PurePath(target).match(p) for p in patterns), (target, patterns)
    assert stick_name(Path(target) / "expo.zip", patterns) == "EXPO"


def test_the_folder_is_the_label_made_safe_or_the_device_name():
    assert mount_command(dry_run("/dev/sdz1", "vfat", "Expo 2026/Toulouse é"))[3] == "/media/kiosk/Expo_2026_Toulouse"
    assert mount_command(dry_run("/dev/sdz1", "vfat", "../../etc"))[3] == "/media/kiosk/etc"
    assert mount_command(dry_run("/dev/sdz1", "vfat", ""))[3] == "/media/kiosk/sdz1"
    assert mount_command(dry_run("/dev/sdy", "exfat"))[3] == "/media/kiosk/sdy"


def test_other_file_systems_and_mounted_devices_are_left_alone():
    assert "not mounted" in dry_run("/dev/sdz1", "iso9660", "CD")
    assert "not mounted" in dry_run("/dev/sdz1", None)
    system = subprocess.run(["findmnt", "-rno", "SOURCE", "/"], capture_output=True, text=True).stdout.split()[0]
    assert "left alone" in dry_run(system, "ext4", "rootfs")


def loop_devices_usable() -> bool:
    return os.geteuid() == 0 and shutil.which("losetup") is not None and shutil.which("mkfs.ext4") is not None \
        and Path("/dev/loop-control").exists()


@pytest.mark.skipif(not loop_devices_usable(), reason="needs root, loop devices and mkfs.ext4")
def test_a_real_stick_image_mounts_read_only_and_its_release_is_found(tmp_path):
    from tests.releases.helpers import build, make_content, make_manager

    key = SigningKey.generate()
    files = tmp_path / "files"
    files.mkdir()
    build(make_content(tmp_path, "2026.11-7"), key, files / "expo-2026.11-7.zip")
    image = tmp_path / "stick.img"
    subprocess.run(["truncate", "-s", "32M", str(image)], check=True)
    subprocess.run(["mkfs.ext4", "-q", "-L", "EXPO 7", "-d", str(files), str(image)], check=True)
    device = subprocess.run(["losetup", "--find", "--show", str(image)], capture_output=True, text=True,
                            check=True).stdout.strip()
    media = tmp_path / "media"
    target = None
    try:
        kind, options, _device, where = mount_command(dry_run(device, "ext4", "EXPO 7"))
        assert where == "/media/kiosk/EXPO_7"
        target = media / Path(where).relative_to("/media")  # the same layout, in the test's folder
        target.mkdir(parents=True)
        subprocess.run(["mount", "-t", kind, "-o", ",".join(options), device, str(target)], check=True)
        with pytest.raises(OSError) as written:
            (target / "note.txt").write_text("x")
        assert written.value.errno == 30  # EROFS: nothing on the stick is ever written
        manager = make_manager(tmp_path / "data", [key], make_content(tmp_path / "builtin", "builtin"))
        found = find_releases(manager, [str(media / "*" / "*")])
        assert [(f.path.name, f.verdict.accepted, f.version) for f in found] == [
            ("expo-2026.11-7.zip", True, "2026.11-7")]
        assert stick_name(found[0].path, [str(media / "*" / "*")]) == "EXPO_7"
    finally:
        if target is not None:
            subprocess.run(["umount", str(target)], check=False)
        subprocess.run(["losetup", "-d", device], check=False)
