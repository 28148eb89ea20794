"""Shared fixtures. Tests use real files, real SQLite, real servers on 127.0.0.1."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
#: the tests run in parallel processes (pytest-xdist: gw0, gw1…); each has its own
#: Kivy home and its own PostgreSQL database, so none sees another's files or tables
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
KIVY_HOME = ARTIFACTS / (f"kivy-home-{WORKER}" if WORKER else "kivy-home")
KIVY_HOME.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
os.environ.setdefault("KIVY_HOME", str(KIVY_HOME))


def _worker_database(url: str, worker: str) -> str:
    """``url`` with a database of this worker's own, created on first use."""
    import psycopg

    base, _, name = url.rpartition("/")
    own = f"{name}_{worker}"
    with psycopg.connect(url, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (own,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{own}"')
    return f"{base}/{own}"


if WORKER and os.environ.get("KIOSK_TEST_PG_URL"):
    os.environ["KIOSK_TEST_PG_URL"] = _worker_database(os.environ["KIOSK_TEST_PG_URL"], WORKER)
# Tests never use the machine's sound card; SDL's audio is initialised once per process,
# so every in-process test must agree on the driver (subprocess tests set their own).
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A copy of the shipped content that a test may break."""
    dest = tmp_path / "exhibits"
    shutil.copytree(ROOT / "exhibits", dest)
    return dest


def run_launch(*args: str, cwd: Path = ROOT, check: bool = False, timeout: float = 120, env=None):
    """Run ``python launch.py ARGS`` as a user would; returns the CompletedProcess."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "launch.py"), *args],
        cwd=cwd, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **(env or {})},
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"launch.py {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture
def launch():
    return run_launch


@pytest.fixture(autouse=True)
def _messages_language():
    """Organisers' messages are in French unless a test asks for English (``english``,
    or ``--lang en`` on a command); one test's choice never leaks into the next."""
    from kiosk.messages import use_language

    yield
    use_language(None)


@pytest.fixture
def english():
    """Organisers' messages in English, for tests that read their English wording."""
    from kiosk.messages import use_language

    use_language("en")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def make_config(tmp_path: Path, content: Path | None = None, **overrides):
    """A kiosk config for tests: temporary data folder, staff PIN 2468, windowed, no
    "are you still there?" notice (its own tests turn it on)."""
    from kiosk.config import KioskConfig, hash_pin

    values = dict(
        kiosk_id="test-kiosk",
        staff_pin_hash=hash_pin("2468", iterations=1000),
        content_dir=str(content or ROOT / "exhibits"),
        data_dir=str(tmp_path / "data"),
        fullscreen=False,
        idle_notice_s=0,
    )
    values.update(overrides)
    return KioskConfig.model_validate(values)


@pytest.fixture
def kiosk(tmp_path):
    """``kiosk(content=None, *, size=(1280, 800), app_kwargs=None, **config)`` -> a started
    :class:`tests.ui.harness.KioskDriver` (the real app in a real window; needs Xvfb).

    Events go to a :class:`kiosk.events.MemorySink` (``k.app_kwargs["events"]``) unless
    ``app_kwargs`` passes ``events`` or a ``stats`` store.
    """
    from kiosk.events import MemorySink
    from tests.ui.harness import KioskDriver

    drivers = []

    def start(content: Path | None = None, *, size=(1280, 800), app_kwargs=None, **config_overrides):
        app_kwargs = dict(app_kwargs or {})
        if "events" not in app_kwargs and "stats" not in app_kwargs:
            app_kwargs["events"] = MemorySink()
        driver = KioskDriver(make_config(tmp_path, content, **config_overrides), **app_kwargs)
        drivers.append(driver)
        driver.start(size=size)
        return driver

    yield start
    for driver in drivers:
        driver.stop()
