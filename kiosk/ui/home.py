"""The home screen: one tile per exhibit of the content."""
from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

Builder.load_file(str(Path(__file__).with_name("home.kv")))


class ExhibitTile(ButtonBehavior, BoxLayout):
    loaded = ObjectProperty(None)
    icon = StringProperty("")

    def on_release(self):
        App.get_running_app().open_exhibit(self.loaded.id)


class HomeScreen(Screen):
    """The tiles share the whole screen: two columns on a landscape screen (one when
    there is a single exhibit), one on a portrait one."""

    message = StringProperty("")
    columns = NumericProperty(2)

    def on_kv_post(self, _base):
        App.get_running_app().bind(content=lambda *_: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        app = App.get_running_app()
        grid = self.ids.tiles
        grid.clear_widgets()
        self._count = len(app.content.exhibits)
        self._layout()
        for loaded in app.content.exhibits:
            icon = loaded.definition.icon
            grid.add_widget(ExhibitTile(loaded=loaded, icon=str(app.content.root / icon) if icon else ""))

    def on_size(self, *_args) -> None:
        self._layout()

    def _layout(self) -> None:
        count = getattr(self, "_count", 0)
        self.columns = 1 if count <= 1 or self.width < self.height else 2

    def show_message(self, text: str, seconds: float = 6) -> None:
        self.message = text
        Clock.schedule_once(lambda _dt: setattr(self, "message", ""), seconds)

    def on_leave(self, *_):
        self.message = ""
