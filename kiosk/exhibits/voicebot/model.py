"""State of a ``voicebot`` exhibit: hold to talk, what was heard, understood, answered.

Pure Python and a state machine: the screen forwards the button's press and release
and shows the fields below. The slow and blocking work (the intent engine, the speech
model, recognition, synthesis) is done by a :class:`kiosk.voice.session.VoiceSession`
passed in; its results come back through the session's queue and are applied on the
UI thread when the screen calls :meth:`pump` (every frame), so the state only changes
there and the model owns no thread.
"""
from __future__ import annotations

from typing import Any, Callable

from kiosk.exhibits.base import ExhibitModel
from kiosk.voice.capture import MicrophoneError
from kiosk.voice.recognizer import Transcript
from kiosk.voice.session import Prepared, Utterance, VoiceSession
from kiosk.voice.understanding import Heard, understand

from .intents import engine_of, speaks_for

#: states in which the visitor asks by touch only
TOUCH_ONLY = ("no_model", "no_microphone", "no_chatbot")
#: voice-activity mode: a chunk this loud (0-1 meter scale, about -27 dBFS) is speech…
VOICE_LEVEL = 0.55
#: …and listening ends after this much quiet following speech, or this long without any
END_SILENCE_S = 0.8
NO_SPEECH_S = 5.0


class VoicebotModel(ExhibitModel):
    def __init__(self, definition, context, voice: VoiceSession | None = None):
        super().__init__(definition, context)
        #: the worker doing the slow parts (the kiosk's shared voice runtime by default)
        self.voice = voice or VoiceSession.of(context.services)
        self._cache = context.services.cache if context.services is not None else {}
        self.on_change: Callable[[], None] | None = None  # the screen refreshes its widgets
        self.language: str | None = None
        self.engine = None
        self.speech = None  # kiosk.voice.models.SpeechModel once loaded
        self.grammar = None
        self.state = "loading"
        self.error: str | None = None
        self._utterance: Utterance | None = None
        self._held_since = 0.0
        self._turn = 0  # ignores results of an utterance cancelled meanwhile
        self._opening = 0  # ignores the preparation of a language left meanwhile
        self._last_voice_at: float | None = None
        self._clear_turn()

    def pump(self) -> None:
        """On the UI thread, every frame: apply the session's results, stop long holds."""
        changed = self.voice.pump()
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
        return self.voice.mode == "voice_activity"

    def t(self, key: str, **values) -> str:
        return self.context.t(f"voicebot.{key}", self.language or "fr", **values)

    # --- opening ---------------------------------------------------------------------
    def open(self, language: str) -> None:
        """Show the exhibit in ``language`` (on opening and on a language change).

        Everything slow (building the intent engine, waiting for the speech model,
        the grammar, looking for a microphone) is the session's, in the background;
        the screen shows "loading" meanwhile and never freezes."""
        if language == self.language and self.state != "loading":
            return
        self._cancel()
        self.language = language
        self._clear_turn()
        content = getattr(self.context.services, "content", None)
        target = speaks_for(content, self.definition) if content is not None else None
        self.engine = self.speech = self.grammar = None
        if target is None:
            self._set_state("no_chatbot")
            return
        self._speaks_for = target.definition
        self.state = "loading"
        self._opening += 1
        token = self._opening
        self.voice.prepare(language, lambda: engine_of(target, content, language, self._cache),
                           lambda prepared: self._prepared(token, language, prepared))

    def _prepared(self, token: int, language: str, prepared: Prepared) -> None:
        if token != self._opening:
            return  # the visitor switched language meanwhile
        self.engine = prepared.engine
        if prepared.engine is None:
            self.error = prepared.error
            self._set_state("no_chatbot")
            return
        self.voice.prepare_speech(self._answers(prepared.engine, language), language)
        if prepared.speech is None:
            self.error = prepared.error
            self._set_state("no_model")
            return
        self.speech, self.grammar = prepared.speech, prepared.grammar
        self._set_state("ready" if prepared.microphone else "no_microphone")

    def _answers(self, engine, language: str) -> list[str]:
        """What the bot may say in ``language``: synthesised ahead of time."""
        said = [a for intent in self._speaks_for.intents for a in intent.answers.get(language, [])]
        return said + [engine.match("").answer, self.context.t("voicebot.nothing_heard", language)]

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
        self._clear_turn()
        self._turn += 1
        turn = self._turn
        try:
            self._utterance = self.voice.listen(self.speech, self.grammar,
                                                on_partial=lambda text: self._partial(turn, text),
                                                on_level=lambda value: self._level(turn, value))
        except MicrophoneError as exc:
            self._utterance, self.error = None, str(exc)
            self._set_state("no_microphone")
            return False
        self._held_since = self.context.clock()
        self._last_voice_at = None
        self._set_state("listening")
        return True

    def _partial(self, turn: int, text: str) -> None:
        if turn == self._turn and self.state == "listening":
            self.partial = text

    def _level(self, turn: int, value: float) -> None:
        if turn != self._turn or self.state != "listening":
            return  # chunks still queued when the button was let go
        self.level = value
        if value >= VOICE_LEVEL:
            self._last_voice_at = self.context.clock()

    def button_up(self) -> None:
        """The finger leaves the talk button: the end of the utterance in push-to-talk."""
        if not self.voice_activity:
            self.release()

    def release(self) -> None:
        """End of the utterance: the final transcript, then the answer."""
        if self.state != "listening" or self._utterance is None:
            return
        utterance, self._utterance = self._utterance, None
        turn = self._turn
        self.released_at = self.context.clock()
        self.level = 0.0
        self._set_state("thinking")
        self.voice.finish(utterance, lambda transcript, error: self._final(turn, transcript, error))

    def _final(self, turn: int, transcript: Transcript, error: str | None) -> None:
        if turn != self._turn or self.state != "thinking":
            return
        if error:
            self.error = error
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
        config = getattr(self.context.services, "config", None)
        if config is not None and config.privacy.store_voice_text:
            data["text"] = heard.text
        self.context.emit("voice.utterance", **data)

    # --- speaking --------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.caption = text
        self.speaking = True
        self.first_sound_at = None
        self.voice.say(text, self.language, on_start=lambda at, duration: self._speech_started(text, at, duration),
                       on_error=lambda message: self._speech_failed(text, message), clock=self.context.clock)

    def _speech_started(self, text: str, at: float, duration: float) -> None:
        if text == self.caption:
            self.first_sound_at, self.speech_duration = at, duration

    def _speech_failed(self, text: str, message: str) -> None:
        if text == self.caption:
            self.speaking, self.error = False, message  # the caption stays: it is the answer

    def refresh_speaking(self) -> bool:
        """Whether the answer is still being said (the stop button shows meanwhile)."""
        if self.speaking and self.first_sound_at is not None and not self.voice.speaking:
            self.speaking = False
        return self.speaking

    def stop_speaking(self) -> None:
        self.voice.stop_speaking()
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
        self._turn += 1
        if self._utterance is not None:
            self.voice.cancel(self._utterance)
            self._utterance = None
        self.stop_speaking()
        if self.state in ("listening", "thinking", "answered"):
            self.state = "ready"

    def _set_state(self, state: str) -> None:
        self.state = state

    def reset(self) -> None:
        """End of the visit: stop listening and speaking, forget what was said."""
        self._cancel()
        self._clear_turn()

