"""Helpers for tests that run the kiosk or the collector as real processes."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
from pathlib import Path


def notify_socket(path: Path, timeout: float = 1.0) -> socket.socket:
    """A systemd-style notify socket (READY=1, WATCHDOG=1…) to pass as NOTIFY_SOCKET."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(timeout)
    return sock


def stop_group(proc: subprocess.Popen, grace_s: float = 20) -> None:
    """Stop a process started with ``start_new_session=True`` and all its children."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
