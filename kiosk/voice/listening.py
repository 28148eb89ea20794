"""One hold of the talk button: a capture source feeding a recogniser thread.

The capture callback only queues chunks (it runs on the audio thread, which must not
wait); one worker thread owns the recogniser from creation to final result, as Vosk
requires, and reports the level and partial text through callbacks.
"""
from __future__ import annotations

import queue
import threading
from typing import Callable

from .audio import level
from .capture import CaptureSource
from .grammar import Grammar
from .models import SpeechModel
from .recognizer import Transcript, Utterance

_END = None


class Listening:
    def __init__(
        self,
        source: CaptureSource,
        speech: SpeechModel,
        grammar: Grammar | None,
        *,
        on_partial: Callable[[str], None] | None = None,
        on_level: Callable[[float], None] | None = None,
    ):
        self.source, self.speech, self.grammar = source, speech, grammar
        self._on_partial, self._on_level = on_partial, on_level
        self._chunks: queue.Queue = queue.Queue()
        self._result: Transcript | None = None
        self._error: BaseException | None = None
        self._done = threading.Event()
        self._worker: threading.Thread | None = None
        self.peak_level = 0.0

    def start(self) -> "Listening":
        """Open the source (may raise MicrophoneError) and start recognising."""
        self.source.start(self._chunks.put)
        self._worker = threading.Thread(target=self._run, name="vosk-utterance", daemon=True)
        self._worker.start()
        return self

    def _run(self) -> None:
        try:
            # created here, after start(): a microphone's rate is known only once it is open
            utterance = Utterance(self.speech, self.grammar, self.source.rate)
            while (chunk := self._chunks.get()) is not _END:
                lvl = level(chunk)
                self.peak_level = max(self.peak_level, lvl)
                if self._on_level is not None:
                    self._on_level(lvl)
                text = utterance.accept(chunk)
                if text is not None and self._on_partial is not None:
                    self._on_partial(text)
            self._result = utterance.finish()
        except BaseException as exc:  # reported to the caller of finish()
            self._error = exc
        finally:
            self._done.set()

    def finish(self, timeout: float = 30.0) -> Transcript:
        """Stop capturing and return the final transcript (the end of the utterance)."""
        self.source.stop()
        self._chunks.put(_END)
        if not self._done.wait(timeout):
            raise TimeoutError("the recogniser did not finish")
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result

    def cancel(self) -> None:
        self.source.stop()
        self._chunks.put(_END)

