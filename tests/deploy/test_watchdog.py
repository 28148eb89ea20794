"""The watchdog speaks systemd's notify protocol on a real datagram socket."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest

from kiosk.watchdog import Watchdog


@pytest.fixture
def notify_socket(tmp_path: Path):
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(2)
    yield sock, str(path)
    sock.close()


def received(sock: socket.socket) -> str:
    return sock.recv(4096).decode()


def test_messages_reach_systemd_socket(notify_socket, monkeypatch):
    sock, path = notify_socket
    monkeypatch.setenv("NOTIFY_SOCKET", path)
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    dog = Watchdog()
    assert dog.enabled
    assert dog.beat_interval_s == 15.0
    dog.ready()
    assert received(sock).splitlines()[0] == "READY=1"
    dog.beat()
    assert received(sock) == "WATCHDOG=1"
    dog.status("3 exhibits")
    assert received(sock) == "STATUS=3 exhibits"
    dog.stopping()
    assert received(sock) == "STOPPING=1"


def test_outside_systemd_does_nothing(monkeypatch):
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    dog = Watchdog()
    assert not dog.enabled
    assert dog.beat_interval_s is None
    dog.ready()
    dog.beat()
    dog.stopping()


def test_vanished_socket_never_raises(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("NOTIFY_SOCKET", str(tmp_path / "gone.sock"))
    monkeypatch.setenv("WATCHDOG_USEC", "junk")
    dog = Watchdog()
    assert dog.enabled
    assert dog.beat_interval_s is None
    dog.beat()
