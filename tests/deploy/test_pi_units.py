"""The Pi install script and the systemd units pass shellcheck and systemd-analyze verify."""
from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The set-up scripts (the README's two commands and their installer) and the Pi's.
SCRIPTS = sorted([*(ROOT / "deploy" / n for n in ("install.sh", "run-kiosk.sh", "run-tests.sh")),
                  *ROOT.glob("deploy/pi/*.sh")])


def tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is missing: `deploy/install.sh test` installs it"
    return path


@pytest.fixture(scope="module")
def units(tmp_path_factory) -> Path:
    """The units rendered for this machine: paths that exist, so ExecStart can be checked."""
    out = tmp_path_factory.mktemp("units")
    proc = subprocess.run([str(ROOT / "deploy/pi/units.sh"), str(out)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return out


def read_unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(path)
    return parser


def test_scripts_pass_shellcheck():
    assert any(p.name == "install-pi.sh" for p in SCRIPTS)
    proc = subprocess.run([tool("shellcheck"), "--severity=style", *map(str, SCRIPTS)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_units_pass_systemd_analyze_verify(units):
    services = sorted(units.glob("*.service"))
    assert [p.name for p in services] == ["urssaf-collector.service", "urssaf-kiosk.service"]
    proc = subprocess.run([tool("systemd-analyze"), "verify", *map(str, services)],
                          capture_output=True, text=True, timeout=120)
    # verify exits 0 on unknown keys or bad values (it only warns): any output is a defect.
    assert proc.returncode == 0 and not (proc.stdout + proc.stderr).strip(), proc.stdout + proc.stderr


def test_verify_catches_a_broken_unit(units, tmp_path):
    broken = tmp_path / "urssaf-kiosk.service"
    broken.write_text((units / "urssaf-kiosk.service").read_text().replace("Restart=always", "Restrat=always"))
    proc = subprocess.run([tool("systemd-analyze"), "verify", str(broken)], capture_output=True, text=True)
    assert "Unknown key" in proc.stderr


def test_kiosk_unit_restarts_with_watchdog_on_kmsdrm(units):
    unit = read_unit(units / "urssaf-kiosk.service")
    service = unit["Service"]
    assert service["Type"] == "notify" and int(service["WatchdogSec"]) > 0
    assert service["Restart"] == "always"
    assert unit["Unit"]["StartLimitIntervalSec"] == "0"
    env = (units / "urssaf-kiosk.service").read_text()
    assert "KIVY_WINDOW=sdl2" in env and "SDL_VIDEODRIVER=kmsdrm" in env
    assert service["ExecStart"] == f"{ROOT}/.venv/bin/python {ROOT}/launch.py --lang fr"  # staff read French
    assert "deploy/pi/touch_input.py" in service["ExecStartPre"]
    assert service["User"] == ROOT.owner()
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_collector_unit_serves(units):
    service = read_unit(units / "urssaf-collector.service")["Service"]
    assert service["ExecStart"].startswith(f"{ROOT}/.venv/bin/python {ROOT}/launch.py collector serve")
    assert service["Restart"] == "on-failure"


def test_journald_is_bounded():
    journal = read_unit(ROOT / "deploy/pi/journald.conf")["Journal"]
    assert journal["SystemMaxUse"].endswith("M") and int(journal["SystemMaxUse"][:-1]) <= 200
    assert journal["RuntimeMaxUse"]


def test_install_script_refuses_non_root_and_bad_options():
    proc = subprocess.run([str(ROOT / "deploy/pi/install-pi.sh"), "--bogus"], capture_output=True, text=True)
    assert proc.returncode == 2 and "unknown option --bogus" in proc.stderr
    proc = subprocess.run([str(ROOT / "deploy/pi/install-pi.sh"), "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "--collector" in proc.stdout
