"""How ``stats simulate`` makes up a visitor reading an ``info`` exhibit."""
from __future__ import annotations

from .events import PageViewed


def visit(sim) -> None:
    pages = len(sim.definition.pages) if sim.definition is not None else 3
    for page in range(1, sim.rng.randint(1, pages)):  # pages turned forward (0 is shown first)
        sim.wait(5, 40)
        sim.emit(PageViewed, page=page)
