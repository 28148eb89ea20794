"""Fixtures for tests that drive the real kiosk window (run under Xvfb)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

if not os.environ.get("DISPLAY"):
    raise RuntimeError("UI tests need an X display: run them through deploy/run-tests.sh (Xvfb)")


def make_config(tmp_path: Path, content: Path | None = None, **overrides):
    from kiosk.config import KioskConfig, hash_pin

    values = dict(
        kiosk_id="test-kiosk",
        staff_pin_hash=hash_pin("2468", iterations=1000),
        content_dir=str(content or ROOT / "exhibits"),
        data_dir=str(tmp_path / "data"),
        fullscreen=False,
    )
    values.update(overrides)
    return KioskConfig.model_validate(values)


@pytest.fixture
def kiosk(tmp_path):
    """``kiosk(content=None, kiosk_mode=False, **config)`` -> a started KioskDriver."""
    from tests.ui.harness import KioskDriver

    drivers = []

    def start(content: Path | None = None, *, size=(1280, 800), app_kwargs=None, **config_overrides):
        config = make_config(tmp_path, content, **config_overrides)
        driver = KioskDriver(config, **(app_kwargs or {}))
        drivers.append(driver)
        driver.start(size=size)
        return driver

    yield start
    for driver in drivers:
        driver.stop()
