"""How ``stats simulate`` makes up a visitor playing a ``myths`` quiz: some statements
fool more visitors than others, some visitors leave before the end."""
from __future__ import annotations

import zlib

from .events import Abandoned, Answered, Finished

#: statement ids when there is no content to read them from
MADE_UP = [f"statement-{i}" for i in range(1, 9)]


def visit(sim) -> None:
    definition = sim.definition
    items = list(definition.items) if definition is not None else []
    pool = [s.id for s in items] or MADE_UP
    verdicts = {s.id: s.verdict for s in items}
    draw = definition.draw if definition is not None else 5
    rng = sim.rng
    statements = rng.sample(pool, min(len(pool), draw))
    answered = rng.randint(1, len(statements)) if rng.random() < 0.3 else len(statements)
    score = 0
    started = sim.t
    for statement in statements[:answered]:
        sim.wait(3, 20)
        # A statement's hash sets how often it fools visitors: some myths are widely believed.
        fooled = (zlib.crc32(statement.encode()) % 50) / 100 + 0.1
        correct = rng.random() > fooled
        truth = verdicts.get(statement) or ("fact" if zlib.crc32(statement.encode()) % 3 == 0 else "myth")
        score += correct
        sim.emit(Answered, statement_id=statement, answer=truth if correct else ("myth" if truth == "fact" else "fact"),
                 correct=correct, time_s=round(rng.uniform(3, 20), 1))
    if answered == len(statements):
        sim.emit(Finished, score=score, total=len(statements), duration_s=round(sim.t - started, 1))
    else:
        sim.emit(Abandoned, answered=answered, total=len(statements))
