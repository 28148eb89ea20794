"""One Kivy input provider per touchscreen, and Kivy keeps it that way."""
from __future__ import annotations

import configparser
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "pi" / "touch_input.py"


def add_device(sys_root: Path, event: str, name: str, *, properties="0", abs_bits="0", devnum="13:64"):
    device = sys_root / "class" / "input" / event / "device"
    (device / "capabilities").mkdir(parents=True)
    (device / "name").write_text(name + "\n")
    (device / "properties").write_text(properties + "\n")
    (device / "capabilities" / "abs").write_text(abs_bits + "\n")
    (sys_root / "class" / "input" / event / "dev").write_text(devnum + "\n")


@pytest.fixture
def machine(tmp_path: Path):
    """A fake /sys, /dev and udev database: a keyboard, a multitouch screen, a udev-tagged single-touch one."""
    sys_root, dev, udev = tmp_path / "sys", tmp_path / "dev", tmp_path / "udev"
    add_device(sys_root, "event0", "USB Keyboard", devnum="13:64")
    # ABS_X, ABS_Y, ABS_MT_SLOT, ABS_MT_POSITION_X/Y, ABS_MT_TRACKING_ID (bits 0,1,47,53,54,57)
    add_device(sys_root, "event3", "raspberrypi-ts", properties="2", abs_bits="260800000000003", devnum="13:67")
    add_device(sys_root, "event10", "eGalax Touch", abs_bits="3", devnum="13:74")
    (dev / "input" / "by-id").mkdir(parents=True)
    (dev / "input" / "by-path").mkdir(parents=True)
    for event in ("event0", "event3", "event10"):
        (dev / "input" / event).touch()
    (dev / "input" / "by-path" / "platform-rpi-ts-event").symlink_to("../event3")
    (dev / "input" / "by-id" / "usb-eGalax-event-if00").symlink_to("../event10")
    (dev / "input" / "by-path" / "usb-0:1.2-event").symlink_to("../event10")
    udev.mkdir()
    (udev / "c13:74").write_text("E:ID_INPUT=1\nE:ID_INPUT_TOUCHSCREEN=1\n")
    (udev / "c13:64").write_text("E:ID_INPUT=1\nE:ID_INPUT_KEYBOARD=1\n")
    return tmp_path


def run_script(machine: Path, kivy_home: Path, env_file: Path):
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--kivy-home", str(kivy_home), "--env-file", str(env_file),
         "--sys", str(machine / "sys"), "--dev", str(machine / "dev"), "--udev-data", str(machine / "udev")],
        capture_output=True, text=True, timeout=120, env={**os.environ, "KIVY_HOME": ""},
    )


def input_section(kivy_home: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(kivy_home / "config.ini")
    return dict(parser["input"])


def test_one_provider_per_touchscreen(machine, tmp_path):
    kivy_home, env_file = tmp_path / "kivy", tmp_path / "run" / "touch.env"
    proc = run_script(machine, kivy_home, env_file)
    assert proc.returncode == 0, proc.stderr
    dev = machine / "dev" / "input"
    assert input_section(kivy_home) == {
        "mouse": "mouse",
        "touchscreen0": f"mtdev,{dev / 'by-path' / 'platform-rpi-ts-event'}",
        "touchscreen1": f"hidinput,{dev / 'by-id' / 'usb-eGalax-event-if00'}",
    }
    assert env_file.read_text() == "SDL_TOUCH_MOUSE_EVENTS=0\n"
    assert "updated" in proc.stdout

    # Kivy itself, starting with this config, keeps exactly these providers (no probesysfs back).
    kivy = subprocess.run(
        [sys.executable, "-c", "from kivy.config import Config; print(sorted(Config.items('input')))"],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "KIVY_HOME": str(kivy_home), "KIVY_NO_ARGS": "1"},
    )
    assert kivy.returncode == 0, kivy.stderr
    assert "probesysfs" not in kivy.stdout and kivy.stdout.count("touchscreen") == 2

    again = run_script(machine, kivy_home, env_file)
    assert "unchanged" in again.stdout  # no SD card write at each boot


def test_no_touchscreen_keeps_sdl_mouse_emulation(tmp_path):
    empty = tmp_path / "empty"
    (empty / "sys" / "class" / "input").mkdir(parents=True)
    (empty / "dev").mkdir()
    (empty / "udev").mkdir()
    kivy_home, env_file = tmp_path / "kivy", tmp_path / "touch.env"
    proc = run_script(empty, kivy_home, env_file)
    assert proc.returncode == 0, proc.stderr
    assert input_section(kivy_home) == {"mouse": "mouse"}
    assert env_file.read_text() == "SDL_TOUCH_MOUSE_EVENTS=1\n"
    assert "no touchscreen" in proc.stdout
