"""The voice parts the kiosk builds once and shares (``services.cache["voice"]``):
one model loader per language (loading in the background from start-up), the
speaker, and where utterances' samples come from (the microphone, or WAV files in
tests)."""
from __future__ import annotations

import threading
from typing import Callable

from .capture import CaptureSource, MicrophoneError, SdlCapture, list_microphones
from .models import ModelLoader
from .speech import Speaker

CACHE_KEY = "voice"


class VoiceRuntime:
    def __init__(
        self,
        model_paths: dict[str, str],
        *,
        microphone: str | None = None,
        free_recognition: bool = False,
        mode: str = "push_to_talk",
        speaker: Speaker | None = None,
        open_source: Callable[[], CaptureSource] | None = None,
        microphones: Callable[[], list[str]] = list_microphones,
    ):
        """``model_paths``: language -> model folder (resolved); ``open_source``:
        replaces the microphone (tests feed WAV files through it)."""
        self.model_paths = dict(model_paths)
        self.microphone = microphone
        self.free_recognition = free_recognition
        self.mode = mode  # "push_to_talk" or "voice_activity" (config voice.mode)
        self._speaker = speaker
        self._open_source = open_source
        self._microphones = microphones
        self._loaders: dict[str, ModelLoader] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config) -> "VoiceRuntime":
        voice = config.voice
        paths = {lang: str(config.resolve(path)) for lang, path in voice.models.items()}
        return cls(paths, microphone=voice.microphone, free_recognition=voice.free_recognition, mode=voice.mode)

    # --- models ------------------------------------------------------------------
    def loader(self, language: str, on_done: Callable[[ModelLoader], None] | None = None) -> ModelLoader:
        """The model loader of ``language`` (started on first use). ``on_done`` is
        called (from the loading thread) once it is ready or broken, or at once."""
        with self._lock:
            loader = self._loaders.get(language)
            if loader is None:
                loader = self._loaders[language] = ModelLoader(self.model_paths.get(language)).start()
        if on_done is not None:
            def wait_then_call():
                loader.done.wait()
                on_done(loader)
            threading.Thread(target=wait_then_call, name="voice-model-wait", daemon=True).start()
        return loader

    def use_model(self, language: str, model) -> None:
        """Use an already loaded ``SpeechModel`` for ``language``."""
        with self._lock:
            self._loaders[language] = ModelLoader.loaded(model)
            self.model_paths[language] = str(model.path)

    def preload(self) -> None:
        """Start loading every configured model (at kiosk start-up, off the UI thread)."""
        for language in self.model_paths:
            self.loader(language)

    # --- microphone --------------------------------------------------------------
    def has_microphone(self) -> bool:
        if self._open_source is not None:
            return True
        names = self._microphones()
        return bool(names) and (self.microphone is None or self.microphone in names)

    def open_source(self) -> CaptureSource:
        """A capture source for one utterance; :class:`MicrophoneError` when none."""
        if self._open_source is not None:
            return self._open_source()
        return SdlCapture(self.microphone)

    # --- speech -------------------------------------------------------------------
    @property
    def speaker(self) -> Speaker:
        with self._lock:
            if self._speaker is None:
                self._speaker = Speaker()
            return self._speaker

    def status(self) -> dict[str, str]:
        """For the staff panel (``KioskApp(voice_status=runtime.status)``): keys
        ``models`` and ``microphone``, values in one line each."""
        parts = []
        for language in sorted(set(self.model_paths) | set(self._loaders)):
            loader = self._loaders.get(language)
            state = loader.state if loader is not None else "not loaded yet"
            error = f" ({loader.error})" if loader is not None and loader.error else ""
            parts.append(f"{language}: {state}{error}")
        if self._open_source is not None:
            microphone = "test source"
        else:
            microphone = ", ".join(self._microphones()) or "none found"
        return {"models": "; ".join(parts) or "none installed", "microphone": microphone}


def voice_runtime(services) -> VoiceRuntime:
    """The shared runtime of these services (built from the config on first use)."""
    runtime = services.cache.get(CACHE_KEY)
    if runtime is None:
        runtime = services.cache[CACHE_KEY] = VoiceRuntime.from_config(services.config)
    return runtime


__all__ = ["CACHE_KEY", "MicrophoneError", "VoiceRuntime", "voice_runtime"]
