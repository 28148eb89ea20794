"""Base class of every exhibit screen, and the bar at its top.

A screen is thin: it shows its model's state and forwards touches to the model. Each
exhibit type's kv rule starts its layout with an ``ExhibitBar`` (back button, title).
"""
from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

Builder.load_file(str(Path(__file__).with_name("exhibit_screen.kv")))


class ExhibitBar(BoxLayout):
    title = StringProperty("")


class ExhibitScreen(Screen):
    loaded = ObjectProperty(None)  # kiosk.content.loader.LoadedExhibit
    model = ObjectProperty(None)  # the exhibit type's pure-Python model

    @property
    def definition(self):
        return self.loaded.definition

    def reset_visit(self) -> None:
        """The visit ended: the model forgets it, the widgets follow."""
        self.model.reset()
        self.on_visit_reset()

    def on_visit_reset(self) -> None:
        """Subclasses put their widgets back in their first state."""
