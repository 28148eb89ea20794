"""The attract screen: a loop of slides between visits; a touch starts a visit.

The slides come from the content (:mod:`kiosk.ui.slides`), in the language shown.
Motion is gentle (a slide rises into place as it fades in, and on as it fades out) and
the frame rate is capped meanwhile (:mod:`kiosk.ui.frame_rate`): the kiosk spends
most of its day here.
"""
from __future__ import annotations

import random
from pathlib import Path

from kivy.animation import Animation
from kivy.app import App
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.ui import frame_rate
from kiosk.ui.slides import build_slides

Builder.load_file(str(Path(__file__).with_name("attract.kv")))

FADE_S = 0.7


class AttractScreen(Screen):
    kind = StringProperty("title")
    heading = StringProperty("")
    text = StringProperty("")
    picture = StringProperty("")
    fade = NumericProperty(1.0)  # opacity of the slide
    drift = NumericProperty(0.0)  # vertical offset of the slide, in pixels
    index = NumericProperty(0)

    def __init__(self, **kwargs):
        self._rng = random.Random()
        self._slides = []
        self._next_event = None
        self._bound = None
        super().__init__(**kwargs)

    # --- life cycle ------------------------------------------------------------------
    def on_pre_enter(self, *_args) -> None:
        frame_rate.set_max(frame_rate.ATTRACT_FPS)
        app = self._bound = App.get_running_app()
        app.fbind("language", self._restart)
        app.fbind("content", self._restart)
        self._restart()

    def on_leave(self, *_args) -> None:
        # the app bound at entry: when the app stops, Kivy no longer names a running app
        app, self._bound = self._bound, None
        if app is not None:
            app.funbind("language", self._restart)
            app.funbind("content", self._restart)
        self._stop_motion()
        frame_rate.restore()

    # --- the loop ----------------------------------------------------------------------
    def _restart(self, *_args) -> None:
        app = App.get_running_app()
        self._slides = build_slides(app.content, app.language, self._rng)
        self.index = -1
        self._advance(first=True)

    @property
    def slide_s(self) -> float:
        return App.get_running_app().content.exhibition.attract.slide_s

    def _advance(self, *_args, first: bool = False) -> None:
        self._stop_motion()
        if not self._slides:
            return
        self.index = (self.index + 1) % len(self._slides)
        if self.index == 0 and not first:  # a new turn: other teasers
            app = App.get_running_app()
            self._slides = build_slides(app.content, app.language, self._rng)
        slide = self._slides[self.index]
        self.kind, self.heading, self.text, self.picture = slide.kind, slide.heading, slide.text, slide.icon
        if len(self._slides) == 1:
            self.fade, self.drift = 1.0, 0.0
            return  # nothing to loop: a still screen costs no frames at all
        # The slide rises into place while it fades in, and on while it fades out; in
        # between nothing moves, so nothing is redrawn (software OpenGL redraws the whole
        # screen for each frame: a still screen costs no CPU).
        amplitude = App.get_running_app().touch * 0.4
        hold = max(self.slide_s - 2 * FADE_S, 0.5)
        if first:
            self.fade, self.drift = 1.0, 0.0
        else:
            self.fade, self.drift = 0.0, amplitude
            Animation(fade=1.0, drift=0.0, duration=FADE_S, t="out_quad").start(self)
        leave = Animation(fade=0.0, drift=-amplitude, duration=FADE_S, t="in_quad")
        shown = hold + (0 if first else FADE_S)
        self._next_event = [Clock.schedule_once(lambda _dt: leave.start(self), shown),
                            Clock.schedule_once(self._advance, shown + FADE_S)]

    def _stop_motion(self) -> None:
        Animation.cancel_all(self, "fade", "drift")
        for event in self._next_event or []:
            event.cancel()
        self._next_event = None

    # --- touches ---------------------------------------------------------------------------
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
