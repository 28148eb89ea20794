"""SIGTERM (``systemctl stop``, a restart) and SIGINT (Ctrl+C) end the kiosk cleanly.

Kiosk mode refuses every way a visitor could close the window, but the service
manager must be able to stop it: the visit in progress is ended and recorded, then
the statistics store is closed by the runtime. The handler only notes the signal;
the UI clock acts on it a few frames later, outside whatever code the signal
interrupted.
"""
from __future__ import annotations

import logging
import signal

log = logging.getLogger("kiosk")

POLL_S = 0.1


class StopOnSignals:
    def __init__(self, app, signals=(signal.SIGTERM, signal.SIGINT)):
        self.app = app
        self.signals = signals
        self.received: int | None = None
        self._previous: dict[int, object] = {}
        self._event = None

    def install(self) -> "StopOnSignals":
        from kivy.clock import Clock

        for signum in self.signals:
            self._previous[signum] = signal.signal(signum, self._note)
        self._event = Clock.schedule_interval(self._check, POLL_S)
        return self

    def uninstall(self) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        self._previous.clear()
        if self._event is not None:
            self._event.cancel()
            self._event = None

    def _note(self, signum, _frame) -> None:
        self.received = signum

    def _check(self, _dt) -> None:
        if self.received is None:
            return
        log.info("%s received: ending the visit and stopping", signal.Signals(self.received).name)
        self.received = None
        self.app.shutdown()
