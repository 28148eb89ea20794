"""What the shell hands to every exhibit model."""
from __future__ import annotations

import functools
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from kiosk.events import EventSink


@dataclass
class ExhibitContext:
    """Dependencies of one exhibit model, passed in so tests can swap them."""

    exhibit_id: str
    content_version: str
    content_dir: Path
    languages: list[str]
    events: "EventSink"
    clock: Callable[[], float] = time.monotonic
    rng: random.Random = field(default_factory=random.Random)
    #: shared services (statistics queries, intent engines, speech…), see kiosk.services
    services: Any = None

    def emit(self, kind: str, **data: Any) -> None:
        """Record an event of this exhibit; the id and content version are added here."""
        self.events.record(
            kind, exhibit_id=self.exhibit_id, content_version=self.content_version, data=data
        )

    def t(self, key: str, language: str, **values: Any) -> str:
        """An interface text (``strings.yaml`` of the shell and the types), in ``language``."""
        texts = self.services.texts() if self.services is not None else _own_texts()
        return texts.t(key, language, **values)

    def asset(self, relative: str | None) -> Path | None:
        return (self.content_dir / relative) if relative else None


class ExhibitModel:
    """Base of the pure-Python exhibit models: state of one visit, no Kivy."""

    def __init__(self, definition: Any, context: ExhibitContext):
        self.definition = definition
        self.context = context

    def reset(self) -> None:
        """Forget everything of the current visit."""


@functools.cache
def _own_texts():
    """The texts of a model built without services (tests, benchmarks)."""
    from kiosk.exhibits import TYPE_PACKAGES
    from kiosk.i18n import Translations

    return Translations.load(TYPE_PACKAGES)
