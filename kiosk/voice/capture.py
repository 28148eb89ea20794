"""Capture sources: where the samples of an utterance come from.

A source delivers 16-bit mono chunks at its own ``rate`` to a callback, from its own
thread, between ``start`` and ``stop``. The kiosk uses :class:`SdlCapture` (a
microphone through SDL2); tests and ``voice transcribe`` use :class:`WavFileSource`.
SDL's ``disk`` driver (``SDL_AUDIODRIVER=disk``, ``SDL_DISKAUDIOFILEIN=raw.pcm``) runs
the real microphone code without a microphone.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

from .audio import read_wav, to_mono_int16

OnChunk = Callable[[np.ndarray], None]


class MicrophoneError(Exception):
    """No usable capture device (message fit for one line)."""


class CaptureSource(Protocol):
    rate: int
    name: str

    def start(self, on_chunk: OnChunk) -> None:
        """Start delivering chunks to ``on_chunk`` (called from another thread)."""

    def stop(self) -> None:
        """Stop; no chunk is delivered after this returns."""


class WavFileSource:
    """Plays a WAV file into the pipeline as if it were a microphone.

    ``realtime``: deliver at the pace of speech (as a microphone would); otherwise as
    fast as the consumer takes it. ``pad_silence``: once the file ends, keep sending
    silence until stopped, like a microphone in a quiet room.
    """

    def __init__(self, path: str | Path, *, chunk_s: float = 0.05, realtime: bool = True, pad_silence: bool = True):
        self.samples, self.rate = read_wav(path)  # AudioError for a bad file, before anything starts
        self.name = f"file:{Path(path).name}"
        self.chunk = max(1, int(self.rate * chunk_s))
        self.realtime, self.pad_silence = realtime, pad_silence
        self.finished = threading.Event()  # the file's samples have all been delivered
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.rate

    def start(self, on_chunk: OnChunk) -> None:
        self._stop.clear()
        self.finished.clear()
        self._thread = threading.Thread(target=self._run, args=(on_chunk,), name="wav-capture", daemon=True)
        self._thread.start()

    def _run(self, on_chunk: OnChunk) -> None:
        period = self.chunk / self.rate
        next_at = time.monotonic()
        pos = 0
        silence = np.zeros(self.chunk, np.int16)
        while not self._stop.is_set():
            if pos < len(self.samples):
                on_chunk(self.samples[pos:pos + self.chunk])
                pos += self.chunk
                if pos >= len(self.samples):
                    self.finished.set()
            elif self.pad_silence:
                on_chunk(silence)
            else:
                self.finished.set()
                return
            if self.realtime:
                next_at += period
                self._stop.wait(max(0.0, next_at - time.monotonic()))

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)


_sdl_lock = threading.Lock()
_sdl_ready = False


def start_sdl_audio() -> None:
    """Start SDL's audio once per process, through pygame's mixer when there is a sound output.

    pygame's mixer opens its playback device only if it is the one that starts SDL's
    audio: once the subsystem runs, ``mixer.init()`` silently does nothing. Starting audio
    for the microphone first would leave every spoken answer mute, so the mixer goes first.
    """
    global _sdl_ready
    with _sdl_lock:
        if not _sdl_ready:
            os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
            import pygame.mixer

            try:
                pygame.mixer.init()
            except Exception:  # no sound output: the microphone may still work
                pass
            from pygame._sdl2 import sdl2

            try:
                sdl2.init_subsystem(sdl2.INIT_AUDIO)  # reference-counted: no harm if running
            except Exception as exc:  # SDL raises its own error type
                raise MicrophoneError(f"no audio system: {exc}") from None
            _sdl_ready = True


def list_microphones() -> list[str]:
    """Names of the capture devices SDL sees (empty when there is no audio system)."""
    try:
        start_sdl_audio()
        from pygame._sdl2 import audio as sdl_audio

        return list(sdl_audio.get_audio_device_names(True))
    except Exception:
        return []


class SdlCapture:
    """A microphone through SDL2's audio capture, at the device's native rate."""

    def __init__(self, device: str | None = None, *, rate: int = 48000, chunk: int = 1024):
        start_sdl_audio()
        names = list_microphones()
        if not names:
            raise MicrophoneError("no microphone found")
        if device is not None and device not in names:
            raise MicrophoneError(f"microphone '{device}' not found (found: {', '.join(names)})")
        self.name = device or names[0]
        self._wanted_rate, self._chunk = rate, chunk
        self.rate = rate
        self._device = None
        self._on_chunk: OnChunk | None = None
        self._channels = 1
        self._lock = threading.Lock()

    def start(self, on_chunk: OnChunk) -> None:
        from pygame._sdl2 import audio as sdl_audio

        self._on_chunk = on_chunk
        try:
            self._device = sdl_audio.AudioDevice(
                devicename=self.name, iscapture=True, frequency=self._wanted_rate,
                audioformat=sdl_audio.AUDIO_S16, numchannels=1, chunksize=self._chunk,
                # the device keeps its own rate and channels: we resample and mix ourselves
                allowed_changes=sdl_audio.AUDIO_ALLOW_FREQUENCY_CHANGE | sdl_audio.AUDIO_ALLOW_CHANNELS_CHANGE,
                callback=self._callback,
            )
        except Exception as exc:
            raise MicrophoneError(f"cannot open microphone '{self.name}': {exc}") from None
        self.rate, self._channels = self._device.frequency, self._device.numchannels
        self._device.pause(0)

    def _callback(self, _device, memory) -> None:  # SDL's audio thread
        with self._lock:
            if self._on_chunk is not None:
                self._on_chunk(to_mono_int16(bytes(memory), self._channels))

    def stop(self) -> None:
        with self._lock:
            self._on_chunk = None
        if self._device is not None:
            self._device.pause(1)
            self._device.close()
            self._device = None
