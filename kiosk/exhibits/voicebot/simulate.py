"""How ``stats simulate`` makes up a visitor talking to a ``voicebot``: the intents are
those of the exhibit it speaks for."""
from __future__ import annotations

from . import SPEAKS_FOR
from .events import Utterance

#: intent ids when there is no content to read them from
MADE_UP = [f"intent-{i}" for i in range(1, 11)]


def visit(sim) -> None:
    speaks_for = sim.linked(SPEAKS_FOR.field)
    intents = [i.id for i in speaks_for.intents] if speaks_for is not None else []
    intents = intents or MADE_UP
    rng = sim.rng
    for _ in range(rng.randint(1, 4)):
        sim.wait(5, 20)
        recognised = rng.random() < 0.85
        fallback = not recognised or rng.random() < 0.2
        sim.emit(Utterance, recognised=recognised, intent=None if fallback else rng.choice(intents),
                 confidence=round(rng.uniform(0.1, 0.99), 2), fallback=fallback,
                 duration_s=round(rng.uniform(1, 6), 1), language=sim.language)
