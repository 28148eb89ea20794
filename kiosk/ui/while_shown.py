"""What a staff screen holds while it is shown: a binding to the app's language (so it
redraws in the reader's language) and the release desk's pump (the desk's results handed
to the UI thread from the Kivy clock). Started on entering, stopped on leaving."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kivy.app import App
from kivy.clock import Clock

#: how often the desk's results are taken while the screen is shown
PUMP_S = 0.1


class WhileShown:
    def __init__(self) -> None:
        self._language = None
        self._pump = None

    def start(self, redraw: Callable[[], Any], desk=None) -> None:
        """Redraw on a change of language; pump ``desk`` (if any) until :meth:`stop`."""
        self.stop()
        self._language = App.get_running_app().fbind("language", lambda *_: redraw())
        if desk is not None:
            def take_results(_dt) -> None:
                # (returns None: an interval callback returning False would be cancelled)
                desk.pump()

            self._pump = Clock.schedule_interval(take_results, PUMP_S)

    def stop(self) -> None:
        if self._language is not None:
            App.get_running_app().unbind_uid("language", self._language)
            self._language = None
        if self._pump is not None:
            self._pump.cancel()
            self._pump = None
