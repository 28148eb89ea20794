"""What the shell hands to every exhibit model."""
from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from kiosk.events import EventSink


@dataclass
class ExhibitContext:
    """Dependencies of one exhibit model, passed in so tests can swap them."""

    exhibit_id: str
    content_version: str
    content_dir: Path
    languages: list[str]
    events: EventSink
    clock: Callable[[], float] = time.monotonic
    rng: random.Random = field(default_factory=random.Random)
    #: shared services (statistics queries, intent engines, speech…), see kiosk.services
    services: Any = None

    def emit(self, kind: str, **data: Any) -> None:
        """Record an event of this exhibit; the id and content version are added here."""
        self.events.record(
            kind, exhibit_id=self.exhibit_id, content_version=self.content_version, data=data
        )

    def asset(self, relative: str | None) -> Path | None:
        return (self.content_dir / relative) if relative else None


class ExhibitModel:
    """Base of the pure-Python exhibit models: state of one visit, no Kivy."""

    def __init__(self, definition: Any, context: ExhibitContext):
        self.definition = definition
        self.context = context

    def reset(self) -> None:
        """Forget everything of the current visit."""
