"""Child process: synthesise one text to a WAV file with pyttsx3 (espeak-ng), then exit.

Run as ``python -m kiosk.voice.tts_worker LANGUAGE OUT.wav`` with the text on stdin.
pyttsx3 blocks the loop it runs in and may hang when reused, so each answer gets a
fresh process that the kiosk can kill.
"""
from __future__ import annotations

import sys

#: preferred espeak-ng voice per language (the first one installed wins)
VOICES = {"fr": ["fr-fr", "fr"], "en": ["en-us", "en-gb", "en"], "ko": ["ko"]}


def pick_voice(voices, language: str):
    wanted = VOICES.get(language, [language])
    by_language = {}
    for voice in voices:
        for lang in voice.languages or []:
            code = lang.decode() if isinstance(lang, bytes) else str(lang)
            by_language.setdefault(code.lower().lstrip("\x05"), voice)
    for code in wanted:
        if code in by_language:
            return by_language[code]
    return next((v for code, v in by_language.items() if code.split("-")[0] == language), None)


def main(argv: list[str]) -> int:
    language, out = argv[1], argv[2]
    text = sys.stdin.read()
    import pyttsx3

    engine = pyttsx3.init()
    voice = pick_voice(engine.getProperty("voices"), language)
    if voice is None:
        print(f"no speech voice for language '{language}'", file=sys.stderr)
        return 3
    engine.setProperty("voice", voice.id)
    engine.setProperty("rate", 165)
    engine.save_to_file(text, out)
    engine.runAndWait()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
