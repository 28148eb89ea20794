"""Small builders shared by the myths tests."""
from __future__ import annotations

import random
from pathlib import Path

from kiosk.events import MemorySink
from kiosk.exhibits.base import ExhibitContext
from kiosk.exhibits.myths.model import MythsModel
from kiosk.exhibits.myths.schema import MythsExhibit
from kiosk.services import Services


class StepClock:
    """A clock the test moves by hand."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def statement(sid: str, verdict: str, *, langs=("fr", "en")) -> dict:
    return {
        "id": sid,
        "statement": {lang: f"{sid} ({lang})" for lang in langs},
        "verdict": verdict,
        "explanation": {lang: f"Why {sid} ({lang})." for lang in langs},
        "source": {lang: "Source" for lang in langs},
    }


def definition(items: list[dict], **body) -> MythsExhibit:
    return MythsExhibit.model_validate({
        "id": "quiz", "type": "myths",
        "title": {"fr": "Quiz", "en": "Quiz"}, "summary": {"fr": "s", "en": "s"},
        "intro": {"fr": "Intro", "en": "Intro"},
        "items": items, **body,
    })


def make_model(defn: MythsExhibit, *, stats=None, seed: int = 1, clock=None, events=None):
    events = events if events is not None else MemorySink()
    clock = clock or StepClock()
    services = Services(stats=stats)
    context = ExhibitContext(
        exhibit_id=defn.id, content_version="v1", content_dir=Path("."), languages=["fr", "en"],
        events=events, clock=clock, rng=random.Random(seed), services=services,
    )
    return MythsModel(defn, context), events, clock
