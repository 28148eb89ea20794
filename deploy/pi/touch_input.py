#!/usr/bin/env python3
"""Gives Kivy exactly one input provider per touchscreen (run before each kiosk start).

Double touches are the most reported Kivy-on-Pi problem: Kivy's default ``[input]``
has ``probesysfs`` (which may add a device twice) and, under SDL2, touches also reach
the app as synthetic mouse clicks. This script:

* finds the touchscreens in sysfs (``INPUT_PROP_DIRECT``, or udev's
  ``ID_INPUT_TOUCHSCREEN``), by a stable ``/dev/input/by-id`` or ``by-path`` name;
* rewrites the ``[input]`` section of Kivy's ``config.ini`` (in ``--kivy-home``): the
  ``mouse`` provider (a staff USB mouse) plus one ``mtdev`` (multitouch) or
  ``hidinput`` (single touch) provider per touchscreen, nothing else; the file is
  written only when it changes (SD card);
* writes ``--env-file`` with ``SDL_TOUCH_MOUSE_EVENTS=0`` when it found a touchscreen
  (the kiosk unit reads it), ``=1`` otherwise so that an unknown screen still works
  through SDL's mouse emulation.
"""
from __future__ import annotations

import argparse
import io
import os
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

INPUT_PROP_DIRECT = 0x01  # linux/input-event-codes.h: a touchscreen, not a touchpad
ABS_MT_POSITION_X = 0x35
WORD_BITS = struct.calcsize("L") * 8  # sysfs bitmaps are printed in kernel longs


@dataclass(frozen=True)
class TouchDevice:
    event: str  # event3
    path: str  # the stable /dev/input/... name
    name: str
    multitouch: bool

    @property
    def provider(self) -> str:
        return f"{'mtdev' if self.multitouch else 'hidinput'},{self.path}"


def bitmap_has(text: str, bit: int) -> bool:
    """Whether a sysfs bitmap ("1 0 3", most significant word first) has ``bit`` set."""
    words = [int(w, 16) for w in text.split()][::-1]
    index, offset = divmod(bit, WORD_BITS)
    return index < len(words) and bool(words[index] >> offset & 1)


def _read(path: Path) -> str:
    try:
        return path.read_text().strip()
    except OSError:
        return ""


def stable_name(event: str, dev: Path) -> str:
    """A ``by-id`` (else ``by-path``) link to the device: event numbers change with USB order."""
    target = os.path.realpath(dev / "input" / event)
    for folder in ("by-id", "by-path"):
        links = sorted((dev / "input" / folder).glob("*")) if (dev / "input" / folder).is_dir() else []
        for link in links:
            if os.path.realpath(link) == target:
                return str(link)
    return str(dev / "input" / event)


def find_touchscreens(sys_root: Path, dev: Path, udev_data: Path) -> list[TouchDevice]:
    found = []
    events = sorted((sys_root / "class" / "input").glob("event*"), key=lambda p: int(p.name[5:] or 0))
    for event_dir in events:
        device = event_dir / "device"
        direct = bitmap_has(_read(device / "properties") or "0", INPUT_PROP_DIRECT)
        udev = _read(udev_data / f"c{_read(event_dir / 'dev')}") if _read(event_dir / "dev") else ""
        if not (direct or "E:ID_INPUT_TOUCHSCREEN=1" in udev.splitlines()):
            continue
        found.append(TouchDevice(
            event=event_dir.name,
            path=stable_name(event_dir.name, dev),
            name=_read(device / "name") or event_dir.name,
            multitouch=bitmap_has(_read(device / "capabilities" / "abs") or "0", ABS_MT_POSITION_X),
        ))
    return found


def write_kivy_input(kivy_home: Path, devices: list[TouchDevice]) -> bool:
    """Rewrite Kivy's ``[input]``; True when ``config.ini`` changed."""
    kivy_home.mkdir(parents=True, exist_ok=True)
    os.environ["KIVY_HOME"] = str(kivy_home)
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    # Importing Kivy's config reads config.ini, or writes Kivy's full default one.
    from configparser import ConfigParser as PlainParser

    from kivy.config import Config

    for option in Config.options("input"):
        Config.remove_option("input", option)
    Config.set("input", "mouse", "mouse")
    for number, device in enumerate(devices):
        Config.set("input", f"touchscreen{number}", device.provider)
    buffer = io.StringIO()
    PlainParser.write(Config, buffer)
    config_ini = kivy_home / "config.ini"
    if config_ini.is_file() and config_ini.read_text() == buffer.getvalue():
        return False
    config_ini.write_text(buffer.getvalue())
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kivy-home", type=Path, required=True, help="Kivy's folder (KIVY_HOME)")
    parser.add_argument("--env-file", type=Path, help="Where to write SDL_TOUCH_MOUSE_EVENTS=…")
    parser.add_argument("--sys", type=Path, default=Path("/sys"), help=argparse.SUPPRESS)
    parser.add_argument("--dev", type=Path, default=Path("/dev"), help=argparse.SUPPRESS)
    parser.add_argument("--udev-data", type=Path, default=Path("/run/udev/data"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    devices = find_touchscreens(args.sys, args.dev, args.udev_data)
    changed = write_kivy_input(args.kivy_home, devices)
    if args.env_file:
        args.env_file.parent.mkdir(parents=True, exist_ok=True)
        args.env_file.write_text(f"SDL_TOUCH_MOUSE_EVENTS={0 if devices else 1}\n")
    for d in devices:
        print(f"touch input: {d.name}: {d.provider}")
    if not devices:
        print("touch input: no touchscreen found; touches go through SDL's mouse emulation")
    print(f"touch input: {args.kivy_home / 'config.ini'} {'updated' if changed else 'unchanged'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
