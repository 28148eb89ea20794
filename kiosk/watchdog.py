"""Tells systemd the kiosk is alive, so a hung kiosk is restarted.

The kiosk unit (``deploy/pi``) is ``Type=notify`` with ``WatchdogSec=``: systemd waits
for :meth:`Watchdog.ready` before it counts the kiosk as started, and kills and
restarts it when :meth:`Watchdog.beat` has not been heard for ``WatchdogSec``. The beat
comes from the UI clock, so a frozen UI loop stops the beats and gets the restart.

Outside systemd (no ``NOTIFY_SOCKET``: a laptop, the tests) every method does nothing.
"""
from __future__ import annotations

import os
import sdnotify


class Watchdog:
    def __init__(self) -> None:
        # systemd hands these to the service; sdnotify reads NOTIFY_SOCKET itself.
        self.enabled = bool(os.environ.get("NOTIFY_SOCKET"))
        self._watchdog_usec = _int_or_none(os.environ.get("WATCHDOG_USEC"))
        self._notifier = sdnotify.SystemdNotifier() if self.enabled else None

    @property
    def beat_interval_s(self) -> float | None:
        """How often to call :meth:`beat`: half the unit's ``WatchdogSec`` (None: no watchdog)."""
        if not self.enabled or not self._watchdog_usec:
            return None
        return self._watchdog_usec / 2 / 1_000_000

    def ready(self, status: str = "attract screen shown") -> None:
        """The kiosk is up (call once, when the attract screen is first shown)."""
        self._send(f"READY=1\nSTATUS={status}")

    def beat(self) -> None:
        """Still alive (call from the UI clock, every few seconds)."""
        self._send("WATCHDOG=1")

    def status(self, text: str) -> None:
        """A one-line status that ``systemctl status`` shows."""
        self._send(f"STATUS={text}")

    def stopping(self) -> None:
        """A clean exit is under way: not a hang."""
        self._send("STOPPING=1")

    def _send(self, message: str) -> None:
        if self._notifier is not None:
            # sdnotify swallows socket errors: a kiosk never dies of its watchdog.
            self._notifier.notify(message)


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
