"""Offline intent recognition (pure Python, no Kivy). It knows nothing of exhibits: it
takes intents and settings; the exhibit types that use it adapt their content to them.

    engine = IntentEngine([IntentSpec("greeting", ["bonjour", "salut"], ["Bonjour !"]), ...],
                          EngineSettings(language="fr", fallback="Je n'ai pas compris."))
    match = engine.match("c'est quoi l'IA ?")
    match.intent, match.confidence, match.answer, match.fallback, match.alternatives
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .match import Alternative, Match
from .normalize import basic_normalize

if TYPE_CHECKING:
    from .engine import EngineSettings, IntentEngine, IntentSpec, Organisation


def __getattr__(name: str) -> Any:
    # scikit-learn and scipy load only when an engine is first needed, not with the content
    if name in ("EngineSettings", "IntentEngine", "IntentSpec", "Organisation"):
        from . import engine

        return getattr(engine, name)
    raise AttributeError(name)


__all__ = ["Alternative", "EngineSettings", "IntentEngine", "IntentSpec", "Match", "Organisation", "basic_normalize"]
