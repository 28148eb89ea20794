"""Reads a content text aloud for visitors (the speaker buttons beside texts).

It uses the voicebot's speech pipeline (:class:`kiosk.voice.speech.Speaker`:
synthesis in a child process, playback in the mixer), so it works on a kiosk with
no microphone and no speech-recognition model. One text at a time, for the whole
kiosk: reading a text stops the one before, the voicebot's answer included.

Pure Python and no thread of its own: the speaker's worker does the work, and the UI
calls :meth:`update` a few times a second while something is being read.
"""
from __future__ import annotations

from typing import Callable

from kiosk.voice.speech import Speaker


class ReadAloud:
    def __init__(self, speaker: Callable[[], Speaker]):
        """``speaker``: gives the shared speaker (built on first use)."""
        self._speaker_factory = speaker
        self.current: str | None = None  # key of the text being read, None when silent
        self.error: str | None = None  # why the last text could not be read
        self._generation = 0
        self._sounding = False  # playback has started (set from the speaker's worker)
        self._failed: str | None = None

    @property
    def speaker(self) -> Speaker:
        return self._speaker_factory()

    def read(self, key: str, text: str, language: str) -> None:
        """Read ``text`` in ``language``; ``key`` names it for the buttons (the one
        showing it turns into a stop button)."""
        self.stop()
        if not text.strip():
            return
        self._generation += 1
        generation = self._generation
        self.current, self.error, self._sounding, self._failed = key, None, False, None

        def started(_duration: float) -> None:
            if generation == self._generation:
                self._sounding = True

        def failed(message: str) -> None:
            if generation == self._generation:
                self._failed = message

        self.speaker.say(text, language, on_start=started, on_error=failed)

    def toggle(self, key: str, text: str, language: str) -> None:
        """A speaker button touched: reads its text, or stops it when it is the one read."""
        if self.current == key:
            self.stop()
        else:
            self.read(key, text, language)

    def stop(self) -> None:
        if self.current is None:
            return
        self._generation += 1
        self.current = None
        self._sounding = False
        self.speaker.stop()

    def update(self) -> bool:
        """From the UI, while :attr:`current` is set: True when reading just ended."""
        if self.current is None:
            return False
        if self._failed is not None:
            self.error, self.current = self._failed, None
            return True
        if self._sounding and not self.speaker.speaking:
            self.current, self._sounding = None, False
            return True
        return False
