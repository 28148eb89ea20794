"""Themed widgets shared by every screen: big, high-contrast, touch-sized."""
from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty, ColorProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.label import Label

Builder.load_file(str(Path(__file__).with_name("widgets.kv")))


class KLabel(Label):
    """Text that wraps to its width."""


class KButton(ButtonBehavior, Label):
    """A rounded button; ``primary`` ones use the theme's main colour."""

    primary = BooleanProperty(False)
    wrap = BooleanProperty(True)  # False: the button is as wide as its text needs
    bg = ColorProperty(None, allownone=True)  # overrides the theme colour when set
