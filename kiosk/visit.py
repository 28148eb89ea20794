"""An anonymous visit: from leaving the attract screen to idle timeout.

Pure Python (tested without a window): the shell tells it about touches and
navigation, it emits the visit and exhibit events and says when the visit is over.
"""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from kiosk.events import EventSink


@dataclass
class _OpenExhibit:
    exhibit_id: str
    exhibit_type: str
    content_version: str
    opened_at: float


class VisitTracker:
    def __init__(self, events: EventSink, idle_timeout_s: float, clock: Callable[[], float] = time.monotonic,
                 notice_s: float = 0.0):
        self._events = events
        self.idle_timeout_s = idle_timeout_s
        # the notice takes at most the second half of the timeout: a visitor is never
        # asked "are you still there?" right after a touch
        self.notice_s = max(0.0, min(notice_s, idle_timeout_s / 2))
        self._clock = clock
        self.visit_id: str | None = None
        self._started_at = 0.0
        self._last_activity = 0.0
        self._exhibit: _OpenExhibit | None = None

    @property
    def active(self) -> bool:
        return self.visit_id is not None

    # --- the sink exhibits write to: events carry the current visit ---------------
    def record(self, kind: str, *, exhibit_id=None, content_version=None, data: Mapping[str, Any] | None = None,
               visit_id=None) -> None:
        self._events.record(kind, exhibit_id=exhibit_id, content_version=content_version, data=data,
                            visit_id=visit_id or self.visit_id)

    # --- what the shell tells us ---------------------------------------------------
    def touched(self) -> None:
        self._last_activity = self._clock()

    def start(self, language: str) -> None:
        if self.active:
            return
        self.visit_id = uuid.uuid4().hex
        self._started_at = self._last_activity = self._clock()
        self.record("visit_started", data={"language": language})

    def exhibit_opened(self, exhibit_id: str, exhibit_type: str, content_version: str) -> None:
        self.exhibit_closed()
        self._exhibit = _OpenExhibit(exhibit_id, exhibit_type, content_version, self._clock())
        self.record("exhibit_opened", exhibit_id=exhibit_id, content_version=content_version,
                    data={"exhibit_type": exhibit_type})

    def exhibit_closed(self) -> None:
        if self._exhibit is None:
            return
        open_ = self._exhibit
        self._exhibit = None
        self.record("exhibit_closed", exhibit_id=open_.exhibit_id, content_version=open_.content_version,
                    data={"exhibit_type": open_.exhibit_type, "dwell_s": round(self._clock() - open_.opened_at, 3)})

    def language_changed(self, language: str) -> None:
        if self.active:
            self.record("language_changed", data={"language": language})

    def end(self, reason: str) -> bool:
        """End the visit (``idle``, ``attract`` or ``shutdown``); True if one was running."""
        if not self.active:
            return False
        self.exhibit_closed()
        self.record("visit_ended", data={"duration_s": round(self._clock() - self._started_at, 3), "reason": reason})
        self.visit_id = None
        return True

    def idle_expired(self) -> bool:
        return self.active and self._clock() - self._last_activity >= self.idle_timeout_s

    def notice_remaining(self) -> float | None:
        """Seconds before the idle timeout ends the visit, while "are you still there?"
        should show (the last ``notice_s`` of the timeout); None otherwise."""
        if not self.active or self.notice_s <= 0:
            return None
        left = self.idle_timeout_s - (self._clock() - self._last_activity)
        return left if 0 < left <= self.notice_s else None
