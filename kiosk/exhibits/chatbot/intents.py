"""A chatbot exhibit's YAML, adapted to the intent engine (``kiosk.nlu``).

The engine knows nothing of exhibits: it takes intents and settings. This module reads
them from a chatbot definition (``ChatbotExhibit``) in one language, and keeps the
built engines so every exhibit that uses the same chatbot (the chatbot itself, a
voicebot that depends on it) shares one:

    engine = engine_for(chatbot_definition, "fr", services.cache)
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.nlu.engine import EngineSettings, IntentEngine, IntentSpec

#: the type name this adapter reads (the voicebot names its chatbot by exhibit id)
CHATBOT_TYPE = "chatbot"


def pick_language(definition: Any, language: str) -> str:
    """``language`` if the chatbot speaks it, else its first language."""
    available = definition.languages_with_intents()
    if language in available or not available:
        return language
    return available[0]


def engine_inputs(definition: Any, language: str) -> tuple[list["IntentSpec"], "EngineSettings"]:
    """The intents and settings of a chatbot definition in one language."""
    from kiosk.nlu.engine import EngineSettings, IntentSpec, Organisation

    language = pick_language(definition, language)

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
    personal = definition.own_situation
    settings = EngineSettings(
        language=language,
        fallback=local(definition.fallback) or next(iter(definition.fallback.values()), "?"),
        threshold=definition.threshold,
        margin=definition.margin,
        synonyms=[(v, s.target) for s in local(definition.synonyms, []) for v in s.variants],
        suggestions=list(local(definition.suggestions, [])),
        out_of_scope=list(local(definition.out_of_scope, [])),
        organisations=[Organisation(o.name, tuple(o.variants), o.own) for o in local(definition.organisations, [])],
        own_situation=list(local(personal.phrases, [])) if personal else [],
        own_situation_answer=(local(personal.answer) if personal else None),
        own_situation_intent=(personal.intent if personal else None),
    )
    return specs, settings


def build_engine(definition: Any, language: str) -> "IntentEngine":
    """A new engine for one chatbot definition in one language."""
    from kiosk.nlu.engine import IntentEngine

    specs, settings = engine_inputs(definition, language)
    return IntentEngine(specs, settings)


_BUILD_LOCK = threading.Lock()


def engine_for(definition: Any, language: str, cache: dict | None = None) -> "IntentEngine":
    """The engine of a chatbot definition in a language, built once and kept in
    ``cache`` (e.g. ``services.cache``) for as long as the same definition object is
    used. A voicebot calls this with its chatbot's definition."""
    if cache is None:
        return build_engine(definition, language)
    key = f"nlu:{definition.id}:{language}"
    # one build at a time: a caller arriving during a background warm-up waits for it
    with _BUILD_LOCK:
        held = cache.get(key)
        if held is not None and held[0] is definition:
            return held[1]
        engine = build_engine(definition, language)
        cache[key] = (definition, engine)
        return engine


def engine_for_exhibit(loaded: Any, content: Any, language: str, cache: dict | None = None):
    """The intent engine of this chatbot exhibit in ``language`` (the manifest's
    ``provides["intents"]``: what a voicebot linked to it asks the registry for)."""
    return engine_for(loaded.definition, language, cache)


def find_chatbot(content: Any, exhibit_id: str | None = None):
    """The loaded chatbot exhibit (``LoadedExhibit``) named ``exhibit_id``, else the
    first chatbot; disabled ones count too (a voicebot may use a hidden chatbot). None
    when there is none."""
    candidates = list(getattr(content, "exhibits", [])) + list(getattr(content, "disabled", []))
    for loaded in candidates:
        if loaded.definition.type != CHATBOT_TYPE:
            continue
        if exhibit_id is None or loaded.id == exhibit_id:
            return loaded
    return None
