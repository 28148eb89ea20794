"""Offline-first touchscreen kiosk for the Urssaf's touring exhibition about AI."""
from pathlib import Path

__version__ = "0.1.0"

#: The project's folder (where launch.py lives): relative paths in the config start here.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
