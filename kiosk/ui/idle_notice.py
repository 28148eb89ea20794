""""Vous êtes toujours là ?": before the idle timeout ends a visit, a full-screen
notice counts down; any touch (the big "Je continue" button or anywhere else) keeps
the visit and closes it, without reaching the screen below."""
from __future__ import annotations

import math
from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import NumericProperty
from kivy.uix.floatlayout import FloatLayout

Builder.load_file(str(Path(__file__).with_name("idle_notice.kv")))


class IdleNotice(FloatLayout):
    seconds = NumericProperty(0)  # whole seconds left, shown
    covers_screen = True  # nothing below it can be read or touched

    def show(self, root, remaining: float | None) -> None:
        """Show with ``remaining`` seconds left on top of ``root``, or hide (None)."""
        if remaining is None:
            if self.parent is not None:
                self.parent.remove_widget(self)
            return
        self.seconds = max(1, math.ceil(remaining))
        if self.parent is None and root is not None:
            root.add_widget(self)  # last child: drawn on top, touched first

    @property
    def shown(self) -> bool:
        return self.parent is not None

    def on_touch_down(self, touch):
        App.get_running_app().user_activity()  # keeps the visit, hides the notice
        return True

    def on_touch_move(self, touch):
        return True

    def on_touch_up(self, touch):
        return True
