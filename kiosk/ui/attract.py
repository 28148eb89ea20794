"""The attract screen: shown between visits; a touch starts a visit."""
from __future__ import annotations

from pathlib import Path

from kivy.animation import Animation
from kivy.app import App
from kivy.lang import Builder
from kivy.uix.screenmanager import Screen

Builder.load_file(str(Path(__file__).with_name("attract.kv")))


class AttractScreen(Screen):
    def on_enter(self, *_):
        hint = self.ids.hint
        Animation.cancel_all(hint)
        hint.opacity = 1
        pulse = Animation(opacity=0.35, duration=1.2) + Animation(opacity=1, duration=1.2)
        pulse.repeat = True
        pulse.start(hint)

    def on_leave(self, *_):
        Animation.cancel_all(self.ids.hint)

    def on_touch_down(self, touch):
        if self.collide_point(*touch.pos):
            touch.grab(self)
            return True
        return super().on_touch_down(touch)

    def on_touch_up(self, touch):
        # The visit starts when the finger lifts, unless the touch was staff's long
        # press in the corner (which must not count as a visit).
        if touch.grab_current is self:
            touch.ungrab(self)
            if not touch.ud.get("staff_pin_opened"):
                App.get_running_app().start_visit()
            return True
        return super().on_touch_up(touch)
