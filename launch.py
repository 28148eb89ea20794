#!/usr/bin/env python3
"""Entry point of the kiosk: `python launch.py --help` lists the commands."""
import os
import sys

# Kivy reads sys.argv on import unless told not to; our options are parsed by click.
os.environ.setdefault("KIVY_NO_ARGS", "1")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from kiosk.cli import main  # noqa: E402

if __name__ == "__main__":
    main(prog_name="launch.py")
