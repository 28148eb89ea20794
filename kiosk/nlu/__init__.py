"""Offline intent recognition for the chatbot and the voicebot (pure Python, no Kivy).

    engine = engine_for(chatbot_definition, "fr", services.cache)
    match = engine.match("c'est quoi un voicebot ?")
    match.intent, match.confidence, match.answer, match.fallback, match.alternatives
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from .match import Alternative, Match
from .normalize import normalize

if TYPE_CHECKING:
    from .engine import EngineSettings, IntentEngine, IntentSpec


def __getattr__(name: str) -> Any:
    # scikit-learn and scipy load only when an engine is first needed, not with the content
    if name in ("EngineSettings", "IntentEngine", "IntentSpec"):
        from . import engine

        return getattr(engine, name)
    raise AttributeError(name)

__all__ = [
    "Alternative", "EngineSettings", "IntentEngine", "IntentSpec", "Match",
    "build_engine", "engine_for", "find_chatbot", "normalize",
]


def _pick_language(definition: Any, language: str) -> str:
    """``language`` if the chatbot speaks it, else its first language."""
    available = definition.languages_with_intents()
    if language in available or not available:
        return language
    return available[0]


def build_engine(definition: Any, language: str) -> "IntentEngine":
    """An engine for one chatbot definition (``ChatbotExhibit``) in one language."""
    from .engine import EngineSettings, IntentEngine, IntentSpec

    language = _pick_language(definition, language)

    def local(mapping: dict | None, default: Any = None) -> Any:
        if not mapping:
            return default
        return mapping.get(language, default)

    specs = []
    for intent in definition.intents:
        examples = intent.phrases(language)
        answers = local(intent.answers, [])
        if examples and answers:
            specs.append(IntentSpec(intent.id, examples, list(answers), local(intent.question)))
    settings = EngineSettings(
        language=language,
        fallback=local(definition.fallback) or next(iter(definition.fallback.values()), "?"),
        threshold=definition.threshold,
        margin=definition.margin,
        synonyms=[(v, s.target) for s in local(definition.synonyms, []) for v in s.variants],
        suggestions=list(local(definition.suggestions, [])),
        out_of_scope=list(local(definition.out_of_scope, [])),
    )
    return IntentEngine(specs, settings)


def engine_for(chatbot_definition: Any, language: str, cache: dict | None = None) -> "IntentEngine":
    """The engine of a chatbot in a language, built once and kept in ``cache``
    (e.g. ``services.cache``) for as long as the same definition object is used."""
    if cache is None:
        return build_engine(chatbot_definition, language)
    key = f"nlu:{chatbot_definition.id}:{language}"
    # one build at a time: a caller arriving during a background warm-up waits for it
    with _BUILD_LOCK:
        held = cache.get(key)
        if held is not None and held[0] is chatbot_definition:
            return held[1]
        engine = build_engine(chatbot_definition, language)
        cache[key] = (chatbot_definition, engine)
        return engine


_BUILD_LOCK = threading.Lock()


def find_chatbot(content: Any, exhibit_id: str | None = None):
    """The loaded chatbot exhibit (``LoadedExhibit``) named ``exhibit_id``, else the
    first of type ``chatbot``; disabled ones count too (a voicebot may use a hidden
    chatbot). None when there is none."""
    candidates = list(getattr(content, "exhibits", [])) + list(getattr(content, "disabled", []))
    for loaded in candidates:
        if loaded.definition.type != "chatbot":
            continue
        if exhibit_id is None or loaded.id == exhibit_id:
            return loaded
    return None
