"""Results of background work handed to the UI thread.

A service doing slow work on threads of its own (speech, content releases) posts a
function for each result; the screen that uses it calls :meth:`Handover.pump` on the
UI clock, so models and widgets are only ever touched on the UI thread.
"""
from __future__ import annotations

import queue
from typing import Callable


class Handover:
    def __init__(self) -> None:
        self._posted: queue.Queue[Callable[[], None]] = queue.Queue()

    def post(self, fn: Callable[[], None]) -> None:
        """From any thread: run ``fn`` on the UI thread at the next :meth:`pump`."""
        self._posted.put(fn)

    def pump(self) -> bool:
        """On the UI thread: run the results that came back; True if any did."""
        ran = False
        while True:
            try:
                fn = self._posted.get_nowait()
            except queue.Empty:
                return ran
            fn()
            ran = True
