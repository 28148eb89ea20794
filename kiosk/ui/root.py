"""The window's root: the screens, with the language switch and the staff corner on top."""
from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.widget import Widget

from kiosk.ui.widgets import KButton

Builder.load_file(str(Path(__file__).with_name("root.kv")))


class KioskRoot(FloatLayout):
    def on_touch_down(self, touch):
        app = App.get_running_app()
        notice = app.idle_notice
        if notice is not None and notice.shown:
            return notice.on_touch_down(touch)  # the touch only keeps the visit
        # Every touch anywhere keeps the visit alive, whoever handles it.
        app.user_activity()
        return super().on_touch_down(touch)

    def on_touch_move(self, touch):
        App.get_running_app().user_activity()
        return super().on_touch_move(touch)


class LanguageButton(KButton):
    language = StringProperty("")


class OptionButton(KButton):
    """A visitor's option (larger text, high contrast): lit while it is on."""

    option = StringProperty("")
    icon = StringProperty("")  # a glyph of the icon font
    label = StringProperty("")  # or a short text


class TopControls(BoxLayout):
    """Always visible, top right: the visitors' options, then one button per language."""

    def on_kv_post(self, _base_widget):
        app = App.get_running_app()
        app.bind(content=lambda *_: self._build())
        self._build()

    def _build(self):
        app = App.get_running_app()
        self.clear_widgets()
        self.add_widget(OptionButton(option="large_text", label="A+"))
        self.add_widget(OptionButton(option="high_contrast", icon="\uf042"))
        for language in app.languages:
            self.add_widget(LanguageButton(language=language))


class StaffCorner(Widget):
    """Invisible square in the bottom-left corner: a long press asks for the staff PIN.

    It never consumes the touch, so whatever lies below still works.
    """

    hold_s = NumericProperty(3.0)

    def on_touch_down(self, touch):
        if self.collide_point(*touch.pos):
            touch.grab(self)
            touch.ud["staff_hold"] = Clock.schedule_once(lambda _dt: self._open(touch), self.hold_s)
        return False

    def on_touch_move(self, touch):
        if touch.grab_current is self and not self.collide_point(*touch.pos):
            self._cancel(touch)
        return False

    def on_touch_up(self, touch):
        if touch.grab_current is self:
            self._cancel(touch)
            touch.ungrab(self)
        return False

    @staticmethod
    def _cancel(touch):
        event = touch.ud.pop("staff_hold", None)
        if event is not None:
            event.cancel()

    def _open(self, touch):
        touch.ud.pop("staff_hold", None)
        touch.ud["staff_pin_opened"] = True
        from kiosk.ui.staff import PinPad

        PinPad().open()
