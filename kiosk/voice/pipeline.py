"""Putting the parts together for one language: the chatbot's engine, the grammar,
and decoding a whole WAV file (``voice transcribe``, benchmarks) through the same
capture-source path as the kiosk."""
from __future__ import annotations

import time
from dataclasses import dataclass

from .capture import WavFileSource
from .grammar import Grammar, build_grammar
from .listening import Listening
from .models import SpeechModel
from .recognizer import Transcript
from .understanding import Heard, understand


def find_voice_chatbot(content, voicebot_id: str | None = None):
    """The chatbot exhibit a voicebot uses (its ``chatbot`` field), else the first
    chatbot of the content; None when there is none."""
    from kiosk.exhibits.chatbot.intents import find_chatbot

    for loaded in list(content.exhibits) + list(content.disabled):
        if loaded.definition.type == "voicebot" and voicebot_id in (None, loaded.id):
            found = find_chatbot(content, loaded.definition.chatbot)
            if found is not None:
                return found
    return find_chatbot(content)


def grammar_for(engine, speech: SpeechModel, free: bool) -> Grammar | None:
    """The chatbot's phrases in the model's words; None for free recognition (asked
    for, or the model has no grammar support, or there is no chatbot)."""
    if free or engine is None or not speech.grammar:
        return None
    return build_grammar(engine.phrases(), speech.vocabulary)


@dataclass
class FileResult:
    transcript: Transcript
    heard: Heard | None
    decode_s: float


def transcribe_file(path, speech: SpeechModel, grammar: Grammar | None, engine, nothing_heard: str = "") -> FileResult:
    """Decode a WAV file as fast as possible (AudioError for an unreadable file)."""
    source = WavFileSource(path, realtime=False, pad_silence=False)
    started = time.perf_counter()
    listening = Listening(source, speech, grammar).start()
    source.finished.wait()
    transcript = listening.finish()
    decode_s = time.perf_counter() - started
    heard = understand(transcript, engine, nothing_heard=nothing_heard) if engine is not None else None
    return FileResult(transcript, heard, decode_s)
