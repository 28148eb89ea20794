"""Themed widgets shared by every screen: big, high-contrast, touch-sized."""
from __future__ import annotations

from pathlib import Path

from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.label import Label

from kiosk.ui.sizes import largest_fitting_scale

Builder.load_file(str(Path(__file__).with_name("widgets.kv")))


class KLabel(Label):
    """Text that wraps to its width."""


class FitLabel(KLabel):
    """Wrapped text whose font shrinks (down to ``min_scale`` of ``fit_size``) until it
    fits the label's height: long texts stay whole on a small screen."""

    fit_size = NumericProperty(20)
    min_scale = NumericProperty(0.45)

    def __init__(self, **kwargs):
        self._refit = Clock.create_trigger(self._fit, -1)
        super().__init__(**kwargs)
        self.fbind("size", self._refit)
        self.fbind("text", self._refit)
        self.fbind("fit_size", self._refit)

    def _fit(self, *_args) -> None:
        def fits(scale: float) -> bool:
            self.font_size = self.fit_size * scale
            self.texture_update()
            return self.texture_size[1] <= self.height

        self.font_size = self.fit_size * largest_fitting_scale(1.0, self.min_scale, 0.06, fits)


class KButton(ButtonBehavior, Label):
    """A rounded button; ``primary`` ones use the theme's main colour."""

    primary = BooleanProperty(False)
    wrap = BooleanProperty(True)  # False: the button is as wide as its text needs
    bg = ColorProperty(None, allownone=True)  # overrides the theme colour when set


class ReadAloudButton(KButton):
    """The speaker beside a text: reads ``speak`` aloud in the current language; it
    turns into a stop button while its text is read. ``key`` names the text (one is
    read at a time, in the whole kiosk)."""

    key = StringProperty("")
    speak = StringProperty("")
