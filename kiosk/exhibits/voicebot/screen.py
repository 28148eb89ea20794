"""Kivy screen of a ``voicebot`` exhibit (layout in voicebot.kv).

Thin: the talk button's press and release go to the model; every frame the screen
lets the model apply its background results (:meth:`VoicebotModel.pump`) and copies
the fields it shows into Kivy properties.
"""
from __future__ import annotations

from pathlib import Path

from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.widget import Widget

from kiosk.typography import typeset
from kiosk.ui.exhibit_screen import ExhibitScreen

Builder.load_file(str(Path(__file__).with_name("voicebot.kv")))

FRAME_S = 1 / 30


class TalkButton(ButtonBehavior, Widget):
    """The big round hold-to-talk button: listening lasts as long as the finger stays."""

    listening = BooleanProperty(False)
    text = StringProperty("")


class LevelMeter(Widget):
    level = NumericProperty(0.0)  # 0..1


class VoicebotScreen(ExhibitScreen):
    state = StringProperty("loading")
    level = NumericProperty(0.0)
    status = StringProperty("")  # what the button area says (loading, listening, no microphone…)
    heard = StringProperty("")  # partial, then final transcript
    understood = StringProperty("")
    understood_ok = BooleanProperty(False)
    caption = StringProperty("")
    speaking = BooleanProperty(False)
    touch_only = BooleanProperty(False)
    show_suggestions = BooleanProperty(True)
    talk_key = StringProperty("voicebot.hold")  # the button's text: hold, or tap, to talk
    suggestions = ListProperty([])

    def __init__(self, **kwargs):
        self._tick_event = None
        super().__init__(**kwargs)

    # --- life cycle ---------------------------------------------------------------
    def on_open(self, language: str) -> None:
        self.model.on_change = self.refresh
        self.model.open(language)
        self._tick_event = Clock.schedule_interval(self._tick, FRAME_S)

    def on_language(self, language: str) -> None:
        self.model.open(language)

    def on_close(self) -> None:
        if self._tick_event is not None:
            self._tick_event.cancel()
            self._tick_event = None
        self.model.reset()
        self.model.on_change = None

    def _tick(self, _dt):
        if self.get_root_window() is None:  # the app was torn down without leaving the screen
            self.model.reset()
            self._tick_event = None
            return False  # unschedules the interval
        self.model.pump()
        self.level = self.model.level
        if self.speaking != self.model.refresh_speaking():
            self.refresh()

    # --- touches -> model -------------------------------------------------------------
    def talk_pressed(self) -> None:
        self.app.user_activity()
        self.model.press()
        self.refresh()

    def talk_released(self) -> None:
        self.model.button_up()
        self.refresh()

    def ask(self, question: str) -> None:
        self.model.ask_by_touch(question)
        self.refresh()

    def stop_speaking(self) -> None:
        self.model.stop_speaking()
        self.refresh()

    def _build_suggestions(self) -> None:
        from kiosk.ui.widgets import KButton

        grid = self.ids.suggestions
        grid.clear_widgets()
        for question in self.suggestions:
            button = KButton(text=question, font_size=self.app.base_font * 0.85)
            button.bind(on_release=lambda b: self.ask(b.text))
            grid.add_widget(button)

    # --- model -> widgets -------------------------------------------------------------
    def refresh(self) -> None:
        m = self.model
        t = m.t
        self.state = m.state
        self.talk_key = "voicebot.tap" if m.voice_activity else "voicebot.hold"
        self.touch_only = m.touch_only
        self.status = {
            "loading": t("loading"), "listening": t("listening_vad" if m.voice_activity else "listening"), "thinking": t("thinking"),
            "no_model": t("no_model"), "no_microphone": t("no_microphone"), "no_chatbot": t("no_chatbot"),
        }.get(m.state, "")
        heard = m.heard
        if m.state == "listening":
            self.heard = m.partial
            self.understood, self.understood_ok = "", False
        elif heard is None:
            self.heard, self.understood, self.understood_ok = "", "", False
        else:
            if m.touched:
                self.heard = t("touched", question=heard.text)
            else:
                self.heard = heard.text or t("nothing_heard_short")
            percent = round(heard.confidence * 100)
            self.understood_ok = heard.status == "understood"
            if self.understood_ok:
                self.understood = t("intent", intent=heard.intent, percent=percent)
            elif heard.status == "not_understood":
                self.understood = t("not_understood", percent=percent)
            else:
                self.understood = ""
        self.caption = m.caption
        self.speaking = m.speaking
        suggestions = [typeset(q, m.language) for q in m.suggestions()]  # shown on buttons
        if suggestions != list(self.suggestions):
            self.suggestions = suggestions
            self._build_suggestions()
        # examples stay visible, except while the visitor is talking
        self.show_suggestions = m.state not in ("listening", "thinking")
