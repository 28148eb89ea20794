"""How ``stats simulate`` makes up a visitor asking a ``chatbot`` a few questions."""
from __future__ import annotations

from .events import Asked

#: intent ids when there is no content to read them from
MADE_UP = [f"intent-{i}" for i in range(1, 11)]


def visit(sim) -> None:
    intents = [i.id for i in sim.definition.intents] if sim.definition is not None else []
    intents = intents or MADE_UP
    rng = sim.rng
    for _ in range(rng.randint(1, 5)):
        sim.wait(5, 30)
        fallback = rng.random() < 0.15
        sim.emit(Asked, intent=None if fallback else rng.choice(intents),
                 confidence=round(rng.uniform(0.1, 0.4) if fallback else rng.uniform(0.55, 0.99), 2),
                 fallback=fallback, language=sim.language,
                 source=rng.choice(["typed", "typed", "suggestion", "did_you_mean"]))
