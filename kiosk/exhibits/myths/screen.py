"""Kivy screen of a ``myths`` exhibit (layout in myths.kv).

Thin: it shows the model's state and forwards touches. One panel per phase (start card,
question card, turned card, score), built once and swapped; the card "turns" by
squeezing the stage horizontally, which costs a Pi almost nothing.
"""
from __future__ import annotations

from pathlib import Path

from kivy.animation import Animation
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from kiosk.ui.exhibit_screen import ExhibitScreen
from kiosk.ui.widgets import KButton

Builder.load_file(str(Path(__file__).with_name("myths.kv")))

#: phase (of the model, or "review" for a re-read card) -> panel class in myths.kv
PANELS = {
    "intro": "MythsIntro",
    "question": "MythsQuestion",
    "answered": "MythsAnswer",
    "review": "MythsAnswer",
    "finished": "MythsEnd",
}
TURN_S = 0.14  # each half of the card turn
SWIPE_FRACTION = 0.18  # of the card width: a shorter drag is not an answer
MIN_FONT_SCALE = 0.5  # FitBox never shrinks text below this share of its normal size (the privacy myth with larger text at 800x480 needs it)
MAX_FONT_SCALE = 1.2  # and short texts grow up to this, to be read from further away


class MythsScreen(ExhibitScreen):
    phase = StringProperty("intro")
    statement = ObjectProperty(None, allownone=True)  # the statement being judged
    shown = ObjectProperty(None, allownone=True)  # the Answer on the turned card
    position = NumericProperty(0)
    total = NumericProperty(0)
    score = NumericProperty(0)
    turn = NumericProperty(1.0)  # horizontal scale of the stage while the card turns

    def __init__(self, **kwargs):
        self._panels: dict[str, object] = {}
        super().__init__(**kwargs)

    # --- touches -> model ----------------------------------------------------------------
    def start(self) -> None:
        self.model.start(self.language)
        self.refresh()

    def choose(self, choice: str, touch=None) -> None:
        if touch is not None and getattr(touch, "is_double_tap", False):
            # the second tap of a double tap on "Next", which sits where "Fact" appears
            return
        result = self.model.answer(choice)
        if result is None:  # second tap, or a swipe after a tap
            return
        self.app.stop_reading()
        self.shown = result
        self._turn_card()

    def next(self) -> None:
        self.model.next()
        self.app.stop_reading()
        self.refresh()

    def review(self, answer) -> None:
        self.shown = answer
        self.phase = "review"

    def back_to_score(self) -> None:
        self.app.stop_reading()
        self.refresh()

    # --- the shell -----------------------------------------------------------------------
    def on_close(self) -> None:
        # Back home or to another exhibit: an unfinished quiz is abandoned, the next
        # visitor starts afresh.
        Animation.cancel_all(self, "turn")
        self.turn = 1.0
        self.model.leave()

    # --- model -> widgets ----------------------------------------------------------------
    def refresh(self) -> None:
        model = self.model
        self.statement = model.current
        self.position, self.total, self.score = model.position, model.total, model.score
        if model.phase == "answered":
            self.shown = model.last_answer
        self.phase = model.phase
        self._show_panel()

    def on_phase(self, *_args) -> None:
        self._show_panel()

    def _show_panel(self) -> None:
        stage = self.ids.get("stage")
        if stage is None:
            return
        name = PANELS[self.phase]
        panel = self._panels.get(name)
        if panel is None:
            panel = self._panels[name] = PANEL_CLASSES[name](screen=self)
        if panel.parent is not stage:
            stage.clear_widgets()
            stage.add_widget(panel)
        if name == "MythsEnd":
            panel.fill(self.model.wrong_answers)

    def _turn_card(self) -> None:
        Animation.cancel_all(self, "turn")
        closing = Animation(turn=0.0, duration=TURN_S, t="in_quad")
        closing.bind(on_complete=lambda *_: self._turned())
        closing.start(self)

    def _turned(self) -> None:
        self.refresh()
        Animation(turn=1.0, duration=TURN_S, t="out_quad").start(self)


class MythsPanel(BoxLayout):
    screen = ObjectProperty(None)


class MythsIntro(MythsPanel):
    """Start card: title, how to play, Start."""


class MythsQuestion(MythsPanel):
    """The statement to judge and the two big answer buttons."""


class MythsAnswer(MythsPanel):
    """The turned card: right or wrong, verdict, explanation, source, others' share."""


class MythsEnd(MythsPanel):
    """Score, encouraging message, the statements to re-read."""

    def fill(self, wrong_answers) -> None:
        box = self.ids.review_list
        box.clear_widgets()
        for answer in wrong_answers:
            box.add_widget(MythsReviewButton(answer=answer, screen=self.screen))


class MythsReviewButton(KButton):
    """One statement the visitor got wrong; touching it turns its card again."""

    answer = ObjectProperty(None, allownone=True)
    screen = ObjectProperty(None)


PANEL_CLASSES = {cls.__name__: cls for cls in (MythsIntro, MythsQuestion, MythsAnswer, MythsEnd)}


class MythsCard(BoxLayout):
    """The statement card: follows a horizontal drag; a long enough one answers
    (left: myth, right: fact), a short one springs back."""

    screen = ObjectProperty(None)
    offset = NumericProperty(0)

    def on_touch_down(self, touch):
        if self.collide_point(*touch.pos):
            if super().on_touch_down(touch):  # a button on the card (read aloud)
                return True
            touch.grab(self)
            touch.ud["myths_card_x"] = touch.x
            return True
        return super().on_touch_down(touch)

    def on_touch_move(self, touch):
        if touch.grab_current is self:
            self.offset = touch.x - touch.ud["myths_card_x"]
            return True
        return super().on_touch_move(touch)

    def on_touch_up(self, touch):
        if touch.grab_current is not self:
            return super().on_touch_up(touch)
        touch.ungrab(self)
        dx = touch.x - touch.ud["myths_card_x"]
        Animation(offset=0, duration=0.12).start(self)
        if abs(dx) >= self.width * SWIPE_FRACTION:
            self.screen.choose("fact" if dx > 0 else "myth")
        return True


class FitBox(BoxLayout):
    """A vertical box of labels whose fonts shrink together until they fit its height:
    the longest texts the schema allows stay whole on a small 800x480 screen, and short
    ones grow a little on a big one. The labels' font sizes are bound to ``scale`` in
    myths.kv; other children (spacers) are ignored."""

    scale = NumericProperty(1.0)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._refit = Clock.create_trigger(self._fit)
        self.bind(size=self._refit, children=self._watch)

    def _watch(self, *_args) -> None:
        for child in self.children:
            if isinstance(child, Label):
                child.unbind(text=self._refit)
                child.bind(text=self._refit)
        self._refit()

    def needed_height(self) -> float:
        labels = [w for w in self.children if isinstance(w, Label) and w.text]
        for label in labels:
            label.texture_update()
        return (sum(label.texture_size[1] for label in labels) + self.spacing * max(len(labels) - 1, 0)
                + self.padding[1] + self.padding[3])

    def _fit(self, *_args) -> None:
        scale = MAX_FONT_SCALE
        while True:
            self.scale = scale
            if self.needed_height() <= self.height or scale <= MIN_FONT_SCALE:
                return
            scale = max(MIN_FONT_SCALE, scale - 0.05)
