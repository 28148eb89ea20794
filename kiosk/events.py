"""The one small API through which everything records statistics events.

Exhibit models and the shell never talk to the statistics store directly: they are
handed an :class:`EventSink`. The kiosk passes the durable SQLite store; tests pass a
:class:`MemorySink` (or a store on a temporary file).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Protocol


class EventSink(Protocol):
    def record(
        self,
        kind: str,
        *,
        exhibit_id: str | None = None,
        content_version: str | None = None,
        data: Mapping[str, Any] | None = None,
        visit_id: str | None = None,
    ) -> None:
        """Record one anonymous event. Must return quickly: it runs on the UI thread.

        ``kind`` is ``visit_started``, ``exhibit_opened``… or ``<type>.<what>`` for an
        exhibit's own events (``myths.answered``). ``data`` holds JSON values only.
        ``visit_id`` is a random id of the current anonymous visit (None outside one).
        """


@dataclass
class RecordedEvent:
    kind: str
    exhibit_id: str | None
    content_version: str | None
    data: dict[str, Any]
    visit_id: str | None = None


@dataclass
class MemorySink:
    """Keeps events in a list: for tests, and for commands that need no store."""

    events: list[RecordedEvent] = field(default_factory=list)

    def record(self, kind, *, exhibit_id=None, content_version=None, data=None, visit_id=None) -> None:
        self.events.append(RecordedEvent(kind, exhibit_id, content_version, dict(data or {}), visit_id))

    def kinds(self) -> list[str]:
        return [e.kind for e in self.events]

    def of_kind(self, kind: str) -> list[RecordedEvent]:
        return [e for e in self.events if e.kind == kind]
