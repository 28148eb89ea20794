"""Kivy screen of a ``chatbot`` exhibit (layout in chatbot.kv).

Thin: it forwards keys, suggested questions and "did you mean…?" choices to the
model and shows the conversation and the explanation of the last answer. The
on-screen keyboard opens when the visitor touches the question field and closes
after sending, to leave room for the answer and the suggested questions.
"""
from __future__ import annotations

from pathlib import Path

from kivy.clock import Clock
from kivy.core.text import Label as CoreLabel
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.ui.exhibit_screen import ExhibitScreen
from kiosk.ui.widgets import KButton

from . import keyboard
from .explain import explain
from .model import MAX_QUESTION_CHARS

Builder.load_file(str(Path(__file__).with_name("chatbot.kv")))

#: relative widths of the special keys (a letter is 1)
KEY_WIDTHS = {keyboard.BACKSPACE: 1.8, keyboard.SPACE: 5.0, keyboard.SEND: 2.2, keyboard.LAYER: 1.6}


class ChatbotScreen(ExhibitScreen):
    draft = StringProperty("")
    keyboard_open = BooleanProperty(False)
    layer = StringProperty("letters")
    explanation = ObjectProperty(None, allownone=True)  # explain.Explanation of the last answer
    offering = StringProperty("suggestions")  # or "did_you_mean": what the choice buttons are

    def __init__(self, **kwargs):
        self._bubbles: dict[int, list[Widget]] = {}  # id(turn) -> its two bubbles
        self._warmed = False
        super().__init__(**kwargs)

    # --- life cycle ------------------------------------------------------------------------
    def on_open(self, language: str) -> None:
        if not self._warmed:  # the intent engines build in the background, once
            self._warmed = True
            self.model.warm_up([language] + [lang for lang in self.model.context.languages if lang != language])

    def on_close(self) -> None:
        self.keyboard_open = False

    # --- touches -> model ----------------------------------------------------------------
    def toggle_keyboard(self) -> None:
        """Touching the question field opens the keyboard, touching it again closes it."""
        self.keyboard_open = not self.keyboard_open

    def close_keyboard(self) -> None:
        self.keyboard_open = False

    def press(self, key: str) -> None:
        if key == keyboard.SEND:
            self.send()
        elif key == keyboard.LAYER:
            self.layer = keyboard.next_layer(self.layer)
            self.refresh()
        else:
            self.draft = keyboard.apply_key(self.draft, key, MAX_QUESTION_CHARS)

    def send(self) -> None:
        text, self.draft = self.draft, ""
        if text.strip():
            match = self.model.ask(text, self.language, "typed")
            self.keyboard_open = False
            self._answered(match)

    def ask_suggestion(self, question: str) -> None:
        self._answered(self.model.ask(question, self.language, "suggestion"))

    def choose(self, intent: str) -> None:
        self._answered(self.model.did_you_mean(intent, self.language), chosen=True)

    def on_visit_reset(self) -> None:
        self.draft, self.keyboard_open, self.layer = "", False, "letters"
        self.explanation = None
        self.offering = "suggestions"

    def _answered(self, match, chosen: bool = False) -> None:
        if match is None:
            return
        self.app.stop_reading()
        self.explanation = explain(match, self.app.t, chosen=chosen)
        self.offering = "did_you_mean" if match.fallback and match.alternatives else "suggestions"
        self.refresh()

    # --- model -> widgets ----------------------------------------------------------------
    def refresh(self) -> None:
        """The conversation, the choice buttons, the runner-ups and the keys follow the
        model, the language and whether the keyboard is open."""
        if "keyboard" not in self.ids:
            return
        self._sync_conversation()
        self._build_keyboard()
        self._fill_choices()
        self._fill_runner_ups()

    def _sync_conversation(self) -> None:
        box = self.ids.conversation
        alive = {id(turn) for turn in self.model.turns}
        for key in [k for k in self._bubbles if k not in alive]:  # scrolled away for good
            for bubble in self._bubbles.pop(key):
                box.remove_widget(bubble)
        added = False
        for turn in self.model.turns:
            if id(turn) not in self._bubbles:
                added = True
                bubbles = [ChatBubble(text=turn.question, mine=True),
                           ChatBubble(text=turn.match.answer, mine=False, fallback=turn.match.fallback,
                                      key=f"chatbot:{id(turn)}")]
                for bubble in bubbles:
                    box.add_widget(bubble)
                self._bubbles[id(turn)] = bubbles
        if added:
            Clock.schedule_once(lambda _dt: setattr(self.ids.scroll, "scroll_y", 0), 0.05)

    def _fill_choices(self) -> None:
        """Suggested questions, or the guesses after a fallback; none while the keyboard
        is open (hidden buttons would still catch touches)."""
        box = self.ids.choices
        box.clear_widgets()
        if self.keyboard_open:
            return
        last = self.model.last
        if self.offering == "did_you_mean" and last is not None and last.match.fallback:
            for alt in last.match.alternatives[:2]:
                box.add_widget(ChoiceButton(question=alt.question, intent=alt.intent, screen=self, primary=True))
        else:
            for question in self.model.suggestions(self.language)[:4]:
                box.add_widget(ChoiceButton(question=question, intent="", screen=self))

    def _fill_runner_ups(self) -> None:
        box = self.ids.panel.ids.runner_ups
        box.clear_widgets()
        if self.explanation is not None:
            for runner in self.explanation.runner_ups:
                box.add_widget(RunnerUpRow(label=runner.label, intent=runner.intent, score=runner.score,
                                           threshold=self.explanation.threshold))

    def on_keyboard_open(self, *_args) -> None:
        self.refresh()

    def on_width(self, *_args) -> None:
        if self.keyboard_open:  # rows wrap to the new width
            self._build_keyboard()

    def _build_keyboard(self) -> None:
        """Keys exist only while the keyboard is open: hidden keys would still catch touches."""
        pad = self.ids.keyboard
        pad.clear_widgets()
        if not self.keyboard_open:
            return
        touch, spacing = self.app.touch, self.app.touch * 0.08
        # a letter key at least one touch target wide, whatever the screen's width
        max_units = (pad.width - pad.padding[0] - pad.padding[2] + spacing) / (touch * 1.02 + spacing)
        widths = dict(KEY_WIDTHS)
        widths[keyboard.SPACE] = max(2.0, min(widths[keyboard.SPACE], max_units - widths[keyboard.LAYER] - widths[keyboard.SEND] - 0.01))
        for row in keyboard.fit_rows(keyboard.layout(self.language, self.layer), widths, max_units):
            line = BoxLayout(spacing=spacing)
            for key in row:
                line.add_widget(ChatKey(key=key, text=self._key_label(key), screen=self,
                                        size_hint_x=widths.get(key, 1.0),
                                        primary=key == keyboard.SEND))
            pad.add_widget(line)

    def _key_label(self, key: str) -> str:
        if key == keyboard.LAYER:
            return self.app.t(f"chatbot.key_layer_{self.layer}")
        if key in keyboard.SPECIAL:
            return self.app.t(f"chatbot.key_{key.strip('{}')}")
        return key


class QuestionField(ButtonBehavior, BoxLayout):
    """The question being typed; touching it opens the keyboard."""

    screen = ObjectProperty(None)
    draft = StringProperty("")
    open = BooleanProperty(False)


class ExplanationPanel(BoxLayout):
    """How I understood you: shows an ``explain.Explanation``."""

    explanation = ObjectProperty(None, allownone=True)


class ChatBubble(BoxLayout):
    text = StringProperty("")
    key = StringProperty("")  # the bot's answers can be read aloud
    mine = BooleanProperty(False)  # the visitor's question (right), else the bot's answer (left)
    fallback = BooleanProperty(False)

    @staticmethod
    def text_width(text: str, font_size: float) -> float:
        """Width of the text on one line: a short question gets a bubble just as wide."""
        label = CoreLabel(text=text, font_size=font_size)
        label.refresh()
        return label.texture.width if label.texture else 0


class ChoiceButton(KButton):
    """A suggested question (intent "") or a "did you mean…?" guess."""

    question = StringProperty("")
    intent = StringProperty("")
    screen = ObjectProperty(None)


class ChatKey(KButton):
    key = StringProperty("")
    screen = ObjectProperty(None)


class ScoreBar(Widget):
    """A horizontal bar for a score in 0..1 with a mark at the threshold."""

    value = NumericProperty(0.0)
    threshold = NumericProperty(0.5)
    good_color = ListProperty([0.24, 0.86, 0.52, 1])
    low_color = ListProperty([1, 0.42, 0.42, 1])


class RunnerUpRow(BoxLayout):
    label = StringProperty("")
    intent = StringProperty("")
    score = NumericProperty(0.0)
    threshold = NumericProperty(0.5)
