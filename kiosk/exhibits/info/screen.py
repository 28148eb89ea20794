"""Kivy screen of an ``info`` exhibit (layout in info.kv)."""
from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import NumericProperty

from kiosk.ui.exhibit_screen import ExhibitScreen

Builder.load_file(str(Path(__file__).with_name("info.kv")))


class InfoScreen(ExhibitScreen):
    page = NumericProperty(0)  # mirrors model.page so the kv rules follow it

    def go(self, step: int) -> None:
        self.model.go(step)
        self.app.stop_reading()  # the page read aloud is no longer shown
        self.refresh()

    def refresh(self) -> None:
        self.page = self.model.page
