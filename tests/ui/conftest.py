"""Tests that drive the real kiosk window need an X display (Xvfb); the ``kiosk``
fixture itself is in tests/conftest.py, shared with the exhibit types' screen tests."""
from __future__ import annotations

import os

if not os.environ.get("DISPLAY"):
    raise RuntimeError("UI tests need an X display: run them through deploy/run-tests.sh (Xvfb)")
