"""What the kiosk starts for voicebots once the attract screen is up (manifest ``background``)."""
from __future__ import annotations


def load_speech_models(services, exhibits) -> None:
    """Speech models load in background threads: ready by the time a visitor gets there."""
    from kiosk.voice.runtime import voice_runtime

    voice_runtime(services).preload()
