"""The one small API through which everything records statistics events.

Exhibit models and the shell never talk to the statistics store directly: they are
handed an :class:`EventSink`. The kiosk passes the durable SQLite store; tests pass a
:class:`MemorySink` (or a store on a temporary file).

Every event is checked against the event catalogue (:func:`kiosk.exhibits.catalogue`:
the shell's kinds and each exhibit type's ``events.py``). A :class:`MemorySink` raises
:class:`contract.InvalidEvent` for a wrong kind or field, so the test that made it
fails; the kiosk's store never lets a visit fail for it: it logs the event, drops it
and counts it (``stats status``, the staff panel and the health report show the count).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Protocol

from contract import Catalogue, InvalidEvent

__all__ = ["EventSink", "InvalidEvent", "MemorySink", "RecordedEvent", "kiosk_catalogue"]


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

        ``kind`` is one of the event catalogue (``visit_started``, ``exhibit_opened``…,
        or an exhibit type's own, ``<type>.<what>``); ``data`` holds its fields.
        ``visit_id`` is a random id of the current anonymous visit (None outside one).
        """


def kiosk_catalogue() -> Catalogue:
    from kiosk.exhibits import catalogue

    return catalogue()


@dataclass
class RecordedEvent:
    kind: str
    exhibit_id: str | None
    content_version: str | None
    data: dict[str, Any]
    visit_id: str | None = None


@dataclass
class MemorySink:
    """Keeps events in a list: for tests, and for commands that need no store.

    Strict: an event that does not match the catalogue raises :class:`InvalidEvent`
    (``catalogue=None`` turns the check off, for tests of the sink's users only)."""

    events: list[RecordedEvent] = field(default_factory=list)
    catalogue: Catalogue | None = field(default_factory=kiosk_catalogue)

    def record(self, kind, *, exhibit_id=None, content_version=None, data=None, visit_id=None) -> None:
        data = dict(data or {})
        if self.catalogue is not None:
            self.catalogue.validate(kind, data)
        self.events.append(RecordedEvent(kind, exhibit_id, content_version, data, visit_id))

    def kinds(self) -> list[str]:
        return [e.kind for e in self.events]

    def of_kind(self, kind: str) -> list[RecordedEvent]:
        return [e for e in self.events if e.kind == kind]
