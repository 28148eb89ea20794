"""Base class of every exhibit screen, and the bar at its top.

A screen is thin: it shows its model's state and forwards touches to the model. Each
exhibit type's kv rule starts its layout with an ``ExhibitBar`` (back button, title).

The life of a screen, which subclasses follow by overriding the ``on_*`` hooks (never
Kivy's ``on_enter``/``on_leave`` directly):

1. built by the navigator the first time its exhibit opens (``__init__``: widgets
   only; no work, no bindings);
2. :meth:`on_open` ``(language)`` each time it is shown, with the current language;
3. :meth:`on_language` ``(language)`` when the visitor switches language while it is
   shown (and only then: a hidden screen gets the language at its next opening);
4. :meth:`on_close` when the visitor leaves it (home, idle timeout, error); read-aloud
   stops here;
5. :meth:`on_visit_reset` when the visit ends (after ``model.reset()``), shown or not;
6. :meth:`dispose` when the navigator drops it (content reloaded, after an error):
   closed if shown, and every binding it made (``bind_app``) or that its kv rules made
   to ``app`` released, so a dropped screen never relabels itself again.

One way for the model's state to reach the widgets: :meth:`refresh` copies what the
screen shows from ``self.model`` into Kivy properties that the kv rules use. The
base calls it after each step above; a touch handler calls the model, then
``self.refresh()``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

Builder.load_file(str(Path(__file__).with_name("exhibit_screen.kv")))


class ExhibitBar(BoxLayout):
    title = StringProperty("")


class ExhibitScreen(Screen):
    loaded = ObjectProperty(None)  # kiosk.content.loader.LoadedExhibit
    model = ObjectProperty(None)  # the exhibit type's pure-Python model
    is_open = BooleanProperty(False)

    def __init__(self, **kwargs):
        self._app_bindings: list[tuple[str, Callable]] = []
        self._disposed = False
        self._made_by = App.get_running_app()
        super().__init__(**kwargs)

    @property
    def definition(self):
        return self.loaded.definition

    @property
    def app(self):
        # the app that made it: while the app stops, Kivy no longer names a running app
        return App.get_running_app() or self._made_by

    @property
    def language(self) -> str:
        return self.app.language

    # --- hooks for subclasses ----------------------------------------------------------
    def on_open(self, language: str) -> None:
        """The screen is about to be shown in ``language``."""

    def on_language(self, language: str) -> None:
        """The visitor switched language while the screen is shown."""

    def on_close(self) -> None:
        """The visitor left the screen."""

    def on_visit_reset(self) -> None:
        """The visit ended: put the widgets back in their first state (the model is
        already reset)."""

    def refresh(self) -> None:
        """Copy the model's state into the properties the layout shows."""

    # --- bindings that live as long as the screen is open -----------------------------
    def bind_app(self, **callbacks: Callable) -> None:
        """Bind to the app's properties until the screen closes."""
        app = self.app
        for name, callback in callbacks.items():
            app.fbind(name, callback)
            self._app_bindings.append((name, callback))

    def _release_app_bindings(self) -> None:
        app = self.app
        for name, callback in self._app_bindings:
            if app is not None:
                app.funbind(name, callback)
        self._app_bindings.clear()

    # --- the shell drives these ------------------------------------------------------
    def on_pre_enter(self, *_args) -> None:
        if self.is_open or self._disposed:
            return
        self.is_open = True
        self.bind_app(language=self._language_changed)
        self.on_open(self.language)
        self.refresh()

    def on_leave(self, *_args) -> None:
        self.close()

    def close(self) -> None:
        if not self.is_open:
            return
        self.is_open = False
        self._release_app_bindings()
        if self.app is not None:
            self.app.stop_reading()  # nothing read aloud outlives its screen
        self.on_close()
        self.refresh()

    def _language_changed(self, _app, language: str) -> None:
        self.on_language(language)
        self.refresh()

    def reset_visit(self) -> None:
        """The visit ended: the model forgets it, the widgets follow."""
        self.model.reset()
        self.on_visit_reset()
        self.refresh()

    def dispose(self) -> None:
        """The navigator drops this screen: close it and release every binding, the kv
        rules' included, so nothing keeps it alive or updating."""
        self.close()
        self._disposed = True
        for widget in self.walk(restrict=True):
            Builder.unbind_widget(widget.uid)
