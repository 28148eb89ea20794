"""State of a ``voicebot`` exhibit: hold to talk, what was heard, understood, answered.

Pure Python: the screen forwards the button's press and release and shows the fields
below. Work happens on background threads (model loading, recognition, synthesis);
their results come back through :meth:`post` and are applied on the UI thread when
the screen calls :meth:`pump` (every frame), so the state only changes there.
"""
from __future__ import annotations

import queue
import threading
from typing import Any, Callable

from kiosk.exhibits.base import ExhibitModel
from kiosk.i18n import Translations
from kiosk.exhibits.chatbot.intents import engine_for, find_chatbot
from kiosk.voice.capture import MicrophoneError
from kiosk.voice.listening import Listening
from kiosk.voice.pipeline import grammar_for
from kiosk.voice.recognizer import Transcript
from kiosk.voice.runtime import VoiceRuntime, voice_runtime
from kiosk.voice.understanding import Heard, understand

#: states in which the visitor asks by touch only
TOUCH_ONLY = ("no_model", "no_microphone", "no_chatbot")
#: voice-activity mode: a chunk this loud (0-1 meter scale, about -27 dBFS) is speech…
VOICE_LEVEL = 0.55
#: …and listening ends after this much quiet following speech, or this long without any
END_SILENCE_S = 0.8
NO_SPEECH_S = 5.0


class VoicebotModel(ExhibitModel):
    def __init__(self, definition, context, runtime: VoiceRuntime | None = None):
        super().__init__(definition, context)
        services = context.services
        self.runtime = runtime or voice_runtime(services)
        self._cache = services.cache if services is not None else {}
        self._texts = Translations.load(["voicebot"])
        self._posted: queue.Queue[Callable[[], None]] = queue.Queue()
        self.on_change: Callable[[], None] | None = None  # the screen refreshes its widgets
        self.language: str | None = None
        self.engine = None
        self.speech = None  # kiosk.voice.models.SpeechModel once loaded
        self.grammar = None
        self.state = "loading"
        self.error: str | None = None
        self._listening: Listening | None = None
        self._held_since = 0.0
        self._utterance = 0  # ignores results of an utterance cancelled meanwhile
        self._opening = 0  # ignores the preparation of a language left meanwhile
        self._last_voice_at: float | None = None
        self._clear_turn()

    # --- thread hand-over ---------------------------------------------------------
    def post(self, fn: Callable[[], None]) -> None:
        """From any thread: run ``fn`` on the UI thread at the next :meth:`pump`."""
        self._posted.put(fn)

    def pump(self) -> None:
        """On the UI thread, every frame: apply background results, stop long holds."""
        changed = False
        while True:
            try:
                fn = self._posted.get_nowait()
            except queue.Empty:
                break
            fn()
            changed = True
        if self.state == "listening" and self._listening_should_end():
            self.release()
            changed = True
        if changed and self.on_change is not None:
            self.on_change()

    def _listening_should_end(self) -> bool:
        now = self.context.clock()
        if now - self._held_since > self.definition.max_hold_s:
            return True
        if not self.voice_activity:
            return False  # push to talk: the finger decides
        if self._last_voice_at is None:
            return now - self._held_since > NO_SPEECH_S
        return now - self._last_voice_at > END_SILENCE_S

    @property
    def voice_activity(self) -> bool:
        """Tap once and speak; listening ends by itself after the speech (config
        ``voice.mode: voice_activity``). Otherwise: hold to talk."""
        return self.runtime.mode == "voice_activity"

    def t(self, key: str, **values) -> str:
        return self._texts.t(f"voicebot.{key}", self.language or "fr", **values)

    # --- opening ---------------------------------------------------------------------
    def open(self, language: str) -> None:
        """Show the exhibit in ``language`` (on opening and on a language change).

        Everything slow (building the intent engine, waiting for the speech model,
        the grammar, looking for a microphone) runs in a background thread; the
        screen shows "loading" meanwhile and never freezes."""
        if language == self.language and self.state != "loading":
            return
        self._cancel()
        self.language = language
        self._clear_turn()
        content = getattr(self.context.services, "content", None)
        chatbot = find_chatbot(content, self.definition.chatbot) if content is not None else None
        self.engine = self.speech = self.grammar = None
        if chatbot is None:
            self._set_state("no_chatbot")
            return
        self._chatbot = chatbot.definition
        self.state = "loading"
        self._opening += 1
        token = self._opening

        def prepare() -> None:
            try:
                engine = engine_for(chatbot.definition, language, self._cache)
                loader = self.runtime.loader(language)
                loader.done.wait()
                grammar = grammar_for(engine, loader.model, self.runtime.free_recognition) if loader.model else None
                microphone = loader.model is not None and self.runtime.has_microphone()
            except Exception as exc:  # e.g. a chatbot without intents in this language
                # the message now: Python unbinds `exc` when this block ends, before the UI runs the lambda
                message = str(exc)
                self.post(lambda: self._prepared(token, None, None, None, False, message))
                return
            self.post(lambda: self._prepared(token, engine, loader, grammar, microphone, None))
            self.runtime.speaker.prepare(self._answers(engine, language), language)

        threading.Thread(target=prepare, name="voicebot-open", daemon=True).start()

    def _prepared(self, token: int, engine, loader, grammar, microphone: bool, error: str | None) -> None:
        if token != self._opening:
            return  # the visitor switched language meanwhile
        self.engine = engine
        if engine is None:
            self.error = error
            self._set_state("no_chatbot")
            return
        if loader.model is None:
            self.error = loader.error
            self._set_state("no_model")
            return
        self.speech, self.grammar = loader.model, grammar
        self._set_state("ready" if microphone else "no_microphone")

    def _answers(self, engine, language: str) -> list[str]:
        """What the bot may say in ``language``: synthesised ahead of time."""
        said = [a for intent in self._chatbot.intents for a in intent.answers.get(language, [])]
        return said + [engine.match("").answer, self._texts.t("voicebot.nothing_heard", language)]

    @property
    def touch_only(self) -> bool:
        return self.state in TOUCH_ONLY

    def suggestions(self) -> list[str]:
        return self.engine.suggestions() if self.engine is not None else []

    # --- talking ---------------------------------------------------------------------
    def press(self) -> bool:
        """The talk button is pressed: listen (False when it cannot). In voice-activity
        mode a press while listening ends the utterance."""
        if self.voice_activity and self.state == "listening":
            self.release()
            return False
        if self.state not in ("ready", "answered") or self.speech is None:
            return False
        self.stop_speaking()
        try:
            source = self.runtime.open_source()
        except MicrophoneError as exc:
            self.error = str(exc)
            self._set_state("no_microphone")
            return False
        self._clear_turn()
        self._utterance += 1
        utterance = self._utterance

        def on_partial(text: str) -> None:
            self.post(lambda: self._partial(utterance, text))

        def on_level(value: float) -> None:
            if utterance != self._utterance or self.state != "listening":
                return  # chunks still queued when the button was let go
            self.level = value  # float assignments: safe from the worker thread
            if value >= VOICE_LEVEL:
                self._last_voice_at = self.context.clock()

        self._listening = Listening(source, self.speech, self.grammar, on_partial=on_partial, on_level=on_level)
        try:
            self._listening.start()
        except MicrophoneError as exc:
            self._listening, self.error = None, str(exc)
            self._set_state("no_microphone")
            return False
        self._held_since = self.context.clock()
        self._last_voice_at = None
        self._set_state("listening")
        return True

    def _partial(self, utterance: int, text: str) -> None:
        if utterance == self._utterance and self.state == "listening":
            self.partial = text

    def button_up(self) -> None:
        """The finger leaves the talk button: the end of the utterance in push-to-talk."""
        if not self.voice_activity:
            self.release()

    def release(self) -> None:
        """End of the utterance: the final transcript, then the answer."""
        if self.state != "listening" or self._listening is None:
            return
        listening, self._listening = self._listening, None
        utterance = self._utterance
        self.released_at = self.context.clock()
        self.level = 0.0
        self._set_state("thinking")

        def finish():
            try:
                transcript = listening.finish()
            except Exception as exc:  # a failing recogniser must not leave the screen stuck
                transcript, self.error = Transcript(""), f"recognition failed: {exc}"
            self.post(lambda: self._final(utterance, transcript))

        threading.Thread(target=finish, name="voice-final", daemon=True).start()

    def _final(self, utterance: int, transcript: Transcript) -> None:
        if utterance != self._utterance or self.state != "thinking":
            return
        self.heard = understand(transcript, self.engine, nothing_heard=self.t("nothing_heard"))
        self.partial = ""
        self.level = 0.0
        self._record(self.heard, transcript)
        self._set_state("answered")
        self._say(self.heard.answer)

    def ask_by_touch(self, question: str) -> Heard | None:
        """A suggested question touched (the only way in the touch-only states)."""
        if self.engine is None:
            return None
        self._cancel()
        self._clear_turn()
        match = self.engine.match(question)
        status = "not_understood" if match.fallback else "understood"
        self.heard = Heard(status, question, match.intent, match.confidence, match.answer, match)
        self.touched = True
        if not self.touch_only:
            self.state = "answered"
        self._say(self.heard.answer)
        return self.heard

    def _record(self, heard: Heard, transcript: Transcript) -> None:
        data: dict[str, Any] = {
            "recognised": heard.recognised,
            "intent": heard.intent,
            "confidence": round(heard.confidence, 3),
            "fallback": heard.fallback,
            "duration_s": round(transcript.audio_s, 2),
            "language": self.language,
        }
        config = self.context.services.config if self.context.services is not None else None
        if config is not None and config.privacy.store_voice_text:
            data["text"] = heard.text
        self.context.emit("voice.utterance", **data)

    # --- speaking --------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.caption = text
        self.speaking = True
        self.first_sound_at = None

        def started(duration: float) -> None:
            at = self.context.clock()
            self.post(lambda: self._speech_started(text, at, duration))

        def failed(message: str) -> None:
            self.post(lambda: self._speech_failed(text, message))

        self.runtime.speaker.say(text, self.language, on_start=started, on_error=failed)

    def _speech_started(self, text: str, at: float, duration: float) -> None:
        if text == self.caption:
            self.first_sound_at, self.speech_duration = at, duration

    def _speech_failed(self, text: str, message: str) -> None:
        if text == self.caption:
            self.speaking, self.error = False, message  # the caption stays: it is the answer

    def refresh_speaking(self) -> bool:
        """Whether the answer is still being said (the stop button shows meanwhile)."""
        if self.speaking and self.first_sound_at is not None and not self.runtime.speaker.speaking:
            self.speaking = False
        return self.speaking

    def stop_speaking(self) -> None:
        self.runtime.speaker.stop()
        self.speaking = False

    # --- resets ----------------------------------------------------------------------
    def _clear_turn(self) -> None:
        self.level = 0.0
        self.partial = ""
        self.heard: Heard | None = None
        self.caption = ""
        self.speaking = False
        self.touched = False
        self.first_sound_at: float | None = None
        self.released_at: float | None = None
        self.speech_duration = 0.0

    def _cancel(self) -> None:
        self._utterance += 1
        if self._listening is not None:
            self._listening.cancel()
            self._listening = None
        self.stop_speaking()
        if self.state in ("listening", "thinking", "answered"):
            self.state = "ready"

    def _set_state(self, state: str) -> None:
        self.state = state

    def reset(self) -> None:
        """End of the visit: stop listening and speaking, forget what was said."""
        self._cancel()
        self._clear_turn()
