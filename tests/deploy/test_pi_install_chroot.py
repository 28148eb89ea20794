"""The Pi install script, run in a clean Debian Bookworm root, up to a working `launch.py check`.

The root stands for a fresh Raspberry Pi OS Lite: a minimal Bookworm with systemd, sudo
and the first user "pi" (sudo without password, as the Imager sets it up). The project
is copied to /home/pi/urssaf-kiosk, then every ```sh pi block of the guides in docs/
runs in order, as pi, as a reader would type it (the Raspberry Pi guide first: it
installs the kiosk). No systemd runs in such a root (it is not booted), so a stand-in
`systemctl` in /usr/local/sbin reports and ignores start/stop/restart; every other
systemctl command (enable, is-enabled…) is the real one.

Slow (a debootstrap, then every apt and pip package the kiosk needs), so outside the
default test command:  deploy/run-tests.sh -m slow tests/deploy
Needs root (debootstrap, chroot, mount namespaces) and the Debian mirror and PyPI.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import importlib.util
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "docs_guide_blocks", Path(__file__).resolve().parents[1] / "docs" / "guide_blocks.py")
guide_blocks = sys.modules.setdefault("docs_guide_blocks", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(guide_blocks)

ROOT = Path(__file__).resolve().parents[2]
PROJECT_IN_ROOT = "/home/pi/urssaf-kiosk"
CHROOT_ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "HOME": "/root", "LANG": "C.UTF-8", "DEBIAN_FRONTEND": "noninteractive",
}
# Inside a private mount namespace: the mounts vanish with it, whatever happens.
IN_CHROOT = (
    'set -e; r="$1"; shift; mount -t proc proc "$r/proc"; mount -t sysfs sys "$r/sys"; '
    'mount --rbind /dev "$r/dev"; exec chroot "$r" "$@"'
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(3600)]


def debian_mirror() -> str:
    """The Debian mirror this machine's apt uses (the only one the network reaches)."""
    for path in sorted(Path("/etc/apt/sources.list.d").glob("*.sources")):
        for stanza in path.read_text().split("\n\n"):
            if re.search(r"^Suites:.*\bbookworm\b", stanza, re.M) and "security" not in stanza:
                match = re.search(r"^URIs:\s*(\S+)", stanza, re.M)
                if match:
                    return match.group(1)
    sources = Path("/etc/apt/sources.list")
    if sources.is_file():
        match = re.search(r"^deb\s+(?:\[[^]]*\]\s+)?(\S+)\s+bookworm\s", sources.read_text(), re.M)
        if match:
            return match.group(1)
    return "http://deb.debian.org/debian"


def in_chroot(rootfs: Path, *command: str, timeout: float = 3000) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", IN_CHROOT, "in-chroot", str(rootfs), *command],
        capture_output=True, text=True, timeout=timeout, env=CHROOT_ENV,
    )
    print(f"$ {' '.join(command)}  -> {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def trust_this_network(rootfs: Path) -> dict[str, str]:
    """Gives the test root the CA bundle this machine trusts (a network may intercept
    TLS) and the variables that point pip at it; a Pi on such a network needs the same."""
    env = {}
    for name in ("PIP_CERT", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"):
        bundle = os.environ.get(name)
        if bundle and Path(bundle).is_file():
            inside = rootfs / bundle.lstrip("/")
            inside.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(bundle, inside)
            env[name] = bundle
    return env


def pi_blocks() -> list:
    """The guides' ```sh pi blocks, the Raspberry Pi guide's first."""
    first = ROOT / "docs" / "organisers" / "raspberry-pi.md"
    ordered = [first] + [g for g in guide_blocks.guides() if g != first]
    return [b for g in ordered for b in guide_blocks.blocks(g) if b.kind == "pi"]


def test_install_pi_in_clean_bookworm(tmp_path):
    assert os.geteuid() == 0, "needs root: debootstrap and chroot"
    for tool in ("debootstrap", "unshare", "chroot"):
        assert shutil.which(tool), f"{tool} is missing (apt-get install debootstrap util-linux)"
    rootfs = tmp_path / "rootfs"
    started = time.monotonic()
    try:
        # Raspberry Pi OS Lite in miniature: a minimal Debian with systemd and a first user "pi".
        subprocess.run(
            ["debootstrap", "--variant=minbase", "--include=systemd,systemd-sysv,ca-certificates,sudo",
             "bookworm", str(rootfs), debian_mirror()],
            check=True, capture_output=True, timeout=1800,
        )
        bootstrapped = time.monotonic()
        shutil.copy("/etc/resolv.conf", rootfs / "etc/resolv.conf")
        CHROOT_ENV.update(trust_this_network(rootfs))
        policy = rootfs / "usr/sbin/policy-rc.d"  # packages must not start services in a chroot
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)
        systemctl = rootfs / "usr/local/sbin/systemctl"
        systemctl.write_text(
            "#!/bin/sh\n# test stand-in: no systemd runs in this root\n"
            'case "$1" in start|stop|restart|reload|try-restart) echo "systemctl $*: ignored (not booted)"; exit 0;; esac\n'
            'exec /usr/bin/systemctl "$@"\n')
        systemctl.chmod(0o755)
        assert in_chroot(rootfs, "useradd", "--create-home", "--user-group", "pi").returncode == 0
        (rootfs / "etc/sudoers.d/010_pi-nopasswd").write_text("pi ALL=(ALL) NOPASSWD: ALL\n")
        guide_blocks.copy_project(rootfs / PROJECT_IN_ROOT.lstrip("/"))
        assert in_chroot(rootfs, "chown", "-R", "pi:pi", PROJECT_IN_ROOT).returncode == 0

        blocks = pi_blocks()
        assert blocks and "install-pi.sh" in blocks[0].text
        for block in blocks:
            env = " ".join(f"{k}={v}" for k, v in CHROOT_ENV.items() if k != "HOME")
            proc = in_chroot(rootfs, "runuser", "-u", "pi", "--", "sh", "-c",
                             f"cd /home/pi && env HOME=/home/pi {env} bash -euo pipefail -c \"$0\"", block.text)
            assert proc.returncode == 0, f"{block}: a command of the guide failed:\n{block.text}"
            if block is blocks[0]:
                assert "0 error(s)" in proc.stdout  # the script ends with `launch.py check`
                installed = time.monotonic()

        etc = rootfs / "etc/systemd/system"
        assert (etc / "multi-user.target.wants/urssaf-kiosk.service").is_symlink()
        assert "SystemMaxUse=" in (rootfs / "etc/systemd/journald.conf.d/urssaf-kiosk.conf").read_text()
        kivy_config = (rootfs / "var/lib/urssaf-kiosk/kivy/config.ini").read_text()
        assert "probesysfs" not in kivy_config and "mouse = mouse" in kivy_config
        groups = set(in_chroot(rootfs, "id", "-nG", "pi").stdout.split())
        existing = {g for g in ("video", "render", "input", "audio", "tty")
                    if in_chroot(rootfs, "getent", "group", g).returncode == 0}
        assert "video" in existing and existing <= groups  # (input and render come with udev)

        verify = in_chroot(rootfs, "systemd-analyze", "verify",
                           "/etc/systemd/system/urssaf-kiosk.service")
        assert verify.returncode == 0 and not (verify.stdout + verify.stderr).strip()
        check = in_chroot(rootfs, "runuser", "-u", "pi", "--", "sh", "-c",
                          f"cd {PROJECT_IN_ROOT} && .venv/bin/python launch.py check")
        assert check.returncode == 0, check.stderr

        again = in_chroot(rootfs, f"{PROJECT_IN_ROOT}/deploy/pi/install-pi.sh")
        assert again.returncode == 0  # safe to run again
        print(f"timing: debootstrap {bootstrapped - started:.0f} s, install-pi.sh {installed - bootstrapped:.0f} s, "
              f"total {time.monotonic() - started:.0f} s (2 shared cores)")
    finally:
        # The coordinators' guide starts PostgreSQL in the root: stop what the guide started.
        if (rootfs / "etc/init.d/postgresql").exists():
            in_chroot(rootfs, "service", "postgresql", "stop", timeout=120)
        shutil.rmtree(rootfs, ignore_errors=True)
