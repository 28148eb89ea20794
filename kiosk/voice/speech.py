"""Spoken answers: synthesis in a child process to a WAV file (espeak-ng, or pyttsx3),
playback with pygame's mixer (stoppable, and its length times the caption).

Synthesised answers are kept in a temporary folder for the session (they are the
bot's words, never a visitor's voice) so a repeated answer starts at once.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import wave
from pathlib import Path
from typing import Callable

SYNTH_TIMEOUT_S = 15.0


class SpeechError(Exception):
    """Speech synthesis or playback failed (message fit for one line)."""


#: espeak-ng voice per language (the voices pyttsx3 would pick on Linux)
ESPEAK_VOICES = {"fr": "fr-fr", "en": "en-us"}
SPEECH_RATE_WPM = 165


def synthesize(text: str, language: str, out: Path, timeout: float = SYNTH_TIMEOUT_S) -> Path:
    """Write ``text`` spoken in ``language`` to the WAV file ``out``, in a child process:
    the espeak-ng program when installed (fast to start, reliable), else pyttsx3 in
    :mod:`kiosk.voice.tts_worker` (whose espeak driver sometimes writes nothing)."""
    espeak = shutil.which("espeak-ng")
    if espeak:
        command = [espeak, "-v", ESPEAK_VOICES.get(language, language), "-s", str(SPEECH_RATE_WPM),
                   "-w", str(out), "--stdin"]
    else:
        command = [sys.executable, "-m", "kiosk.voice.tts_worker", language, str(out)]
    try:
        proc = subprocess.run(command, input=text, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise SpeechError(f"speech synthesis took more than {timeout:.0f} s") from None
    if proc.returncode != 0 or not out.is_file() or out.stat().st_size <= 44:
        detail = (proc.stderr.strip().splitlines() or ["no sound produced"])[-1]
        raise SpeechError(f"speech synthesis failed ({language}): {detail}")
    return out


def wav_duration(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / float(w.getframerate())


class Player:
    """Plays WAV files through pygame's mixer; without a sound device it only keeps
    time, so captions still show for as long as the answer would last."""

    def __init__(self):
        self._lock = threading.Lock()
        self._mixer = None
        self._channel = None
        self._until = 0.0
        self.error: str | None = None

    def _ensure_mixer(self):
        if self._mixer is None and self.error is None:
            os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
            try:
                import pygame.mixer as mixer

                from .capture import start_sdl_audio

                start_sdl_audio()  # the one place SDL's audio starts (see why there)
                if not mixer.get_init():
                    mixer.init()
                if not mixer.get_init():
                    raise RuntimeError("the audio device could not be opened")
                self._mixer = mixer
            except Exception as exc:  # no audio device: captions only
                self.error = f"no sound output: {exc}"
        return self._mixer

    def play(self, path: Path) -> float:
        """Start playing; returns the duration in seconds."""
        duration = wav_duration(path)
        with self._lock:
            self._stop_locked()
            mixer = self._ensure_mixer()
            if mixer is not None:
                try:
                    self._channel = mixer.Sound(str(path)).play()
                except Exception as exc:
                    self.error = f"cannot play sound: {exc}"
            self._until = time.monotonic() + duration
        return duration

    @property
    def busy(self) -> bool:
        with self._lock:
            if self._channel is not None:
                return bool(self._channel.get_busy())
            return time.monotonic() < self._until

    def stop(self) -> None:
        with self._lock:
            self._stop_locked()

    def _stop_locked(self) -> None:
        if self._channel is not None:
            try:
                self._channel.stop()
            except Exception:
                pass
            self._channel = None
        self._until = 0.0


class Speaker:
    """Says answers: ``say(text, language, on_start, on_error)`` returns at once; the
    synthesis runs in a worker thread and its child process, playback in the mixer."""

    def __init__(self, player: Player | None = None, cache_dir: Path | None = None):
        self.player = player or Player()
        self._tmp = None
        if cache_dir is None:
            # a synthesis still running may add a file while we clean up: never an error
            self._tmp = tempfile.TemporaryDirectory(prefix="kiosk-speech-", ignore_cleanup_errors=True)
            cache_dir = Path(self._tmp.name)
        self.cache_dir = cache_dir
        self._lock = threading.Lock()
        self._synth_lock = threading.Lock()  # one synthesis at a time: 2 cores, and no duplicate work
        self._generation = 0  # a newer say() or stop() cancels an older pending one

    def wav_for(self, text: str, language: str) -> Path:
        """The WAV file of ``text`` (synthesised now unless already done)."""
        key = hashlib.sha1(f"{language}\0{text}".encode()).hexdigest()[:16]
        path = self.cache_dir / f"{language}-{key}.wav"
        with self._synth_lock:
            if not path.is_file():
                tmp = path.with_suffix(".part.wav")
                synthesize(text, language, tmp)
                os.replace(tmp, path)
        return path

    def prepare(self, texts: list[str], language: str) -> threading.Thread:
        """Synthesise answers ahead of time, in the background."""
        def run():
            for text in texts:
                try:
                    self.wav_for(text, language)
                except SpeechError:
                    pass
        thread = threading.Thread(target=run, name="speech-prepare", daemon=True)
        thread.start()
        return thread

    def say(
        self,
        text: str,
        language: str,
        on_start: Callable[[float], None] | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> threading.Thread:
        with self._lock:
            self._generation += 1
            generation = self._generation
        self.player.stop()

        def run():
            try:
                path = self.wav_for(text, language)
            except SpeechError as exc:
                if on_error is not None:
                    on_error(str(exc))
                return
            with self._lock:
                if generation != self._generation:
                    return  # stopped or replaced meanwhile
            duration = self.player.play(path)
            if on_start is not None:
                on_start(duration)

        thread = threading.Thread(target=run, name="speech-say", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        with self._lock:
            self._generation += 1
        self.player.stop()

    @property
    def speaking(self) -> bool:
        return self.player.busy

    def close(self) -> None:
        self.stop()
        if self._tmp is not None:
            self._tmp.cleanup()
