"""A spoken conversation's worker: what a spoken conversation needs that is slow or blocking —
building the intent engine, waiting for the speech model, the grammar, looking for a
microphone, the last words of an utterance, speaking — runs here, on background
threads. Results come back as callbacks that :meth:`VoiceSession.pump` runs on the UI
thread, so the model that uses it stays a pure state machine that owns no thread.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Callable

from kiosk.handover import Handover

from .capture import MicrophoneError
from .listening import Listening
from .models import SpeechModel
from .pipeline import grammar_for
from .recognizer import Transcript
from .runtime import VoiceRuntime, voice_runtime

__all__ = ["MicrophoneError", "Prepared", "Utterance", "VoiceSession"]


@dataclass
class Prepared:
    """What a language needs, once ready: the intent engine (None: it could not be
    built, ``error`` says why), the speech model (None: none, or broken), the grammar,
    and whether a microphone is there."""

    engine: Any = None
    speech: SpeechModel | None = None
    grammar: Any = None
    microphone: bool = False
    error: str | None = None


class Utterance:
    """One utterance being listened to; ``level`` (0-1) is written by the capture thread."""

    def __init__(self, listening: Listening):
        self.listening = listening
        self.level = 0.0


class VoiceSession(Handover):
    def __init__(self, runtime: VoiceRuntime):
        self.runtime = runtime
        super().__init__()  # post() from any thread, pump() on the UI thread

    @classmethod
    def of(cls, services) -> "VoiceSession":
        """A session on the kiosk's shared voice runtime (built from the config on first use)."""
        return cls(voice_runtime(services))

    @property
    def mode(self) -> str:
        return self.runtime.mode

    # --- opening a language -----------------------------------------------------------
    def prepare(self, language: str, make_engine: Callable[[], Any], done: Callable[[Prepared], None]) -> None:
        """Build the engine, wait for the speech model, make the grammar and look for a
        microphone, in the background; ``done(prepared)`` then runs on the UI thread."""
        runtime = self.runtime

        def work() -> None:
            try:
                engine = make_engine()
                loader = runtime.loader(language)
                loader.done.wait()
                speech = loader.model
                grammar = grammar_for(engine, speech, runtime.free_recognition) if speech else None
                prepared = Prepared(engine, speech, grammar, speech is not None and runtime.has_microphone(),
                                    None if speech else loader.error)
            except Exception as exc:  # e.g. no intents in this language, the audio system gone
                prepared = Prepared(error=str(exc))
            self.post(lambda: done(prepared))

        threading.Thread(target=work, name="voice-open", daemon=True).start()

    def prepare_speech(self, texts: list[str], language: str) -> None:
        """Synthesise these answers ahead of time (in the background)."""
        self.runtime.speaker.prepare(texts, language)

    # --- listening ----------------------------------------------------------------------
    def listen(self, speech: SpeechModel, grammar, on_partial: Callable[[str], None],
               on_level: Callable[[float], None]) -> Utterance:
        """Start listening; :class:`MicrophoneError` when there is no microphone.
        ``on_partial(text)`` and ``on_level(value)`` run on the UI thread."""
        holder: list[Utterance] = []

        def level(value: float) -> None:
            if holder:
                holder[0].level = value
            self.post(lambda: on_level(value))

        listening = Listening(self.runtime.open_source(), speech, grammar,
                              on_partial=lambda text: self.post(lambda: on_partial(text)), on_level=level)
        utterance = Utterance(listening)
        holder.append(utterance)
        listening.start()
        return utterance

    def finish(self, utterance: Utterance, done: Callable[[Transcript, str | None], None]) -> None:
        """The last words, in the background; ``done(transcript, error)`` on the UI thread."""
        def work() -> None:
            try:
                transcript, error = utterance.listening.finish(), None
            except Exception as exc:  # a failing recogniser must not leave the screen stuck
                transcript, error = Transcript(""), f"recognition failed: {exc}"
            self.post(lambda: done(transcript, error))

        threading.Thread(target=work, name="voice-final", daemon=True).start()

    def cancel(self, utterance: Utterance) -> None:
        utterance.listening.cancel()

    # --- speaking -----------------------------------------------------------------------
    def say(self, text: str, language: str | None, on_start: Callable[[float, float], None],
            on_error: Callable[[str], None], clock: Callable[[], float]) -> None:
        """Speak ``text``; ``on_start(at, duration)`` (``at``: ``clock()`` when the sound
        started) or ``on_error(message)`` run on the UI thread."""
        def started(duration: float) -> None:
            at = clock()
            self.post(lambda: on_start(at, duration))

        self.runtime.speaker.say(text, language, on_start=started, on_error=lambda m: self.post(lambda: on_error(m)))

    @property
    def speaking(self) -> bool:
        return self.runtime.speaker.speaking

    def stop_speaking(self) -> None:
        self.runtime.speaker.stop()
