"""The staff panel's "back to the previous version", as a state machine (pure Python).

    idle ─► confirm ─► working ─► done / failed

The offer says where a rollback would go (the previous release, or the kiosk's own
content folder when the release shown was the first), or why there is none. The
content changes on screen between visits, like any release: when staff leave the panel.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from .desk import Reason, ReleaseDesk

IDLE, CONFIRM, WORKING, DONE, FAILED = "idle", "confirm", "working", "done", "failed"

# why there is no going back
NO_RELEASES = "no_releases"          # this kiosk has no release store (see its log)
NOTHING_INSTALLED = "nothing_installed"  # it shows its own content folder: nothing before it
RELEASE_WAITING = "release_waiting"  # a release waits to be shown: show it first


@dataclass(frozen=True)
class RollbackOffer:
    available: bool
    why_not: str | None = None
    shown_version: str | None = None
    target_version: str | None = None   # None: the kiosk's own content folder
    target_built: datetime | None = None
    waiting_version: str | None = None  # the release waiting to be shown, if any


def rollback_offer(desk: ReleaseDesk | None) -> RollbackOffer:
    if desk is None:
        return RollbackOffer(False, NO_RELEASES)
    state = desk.state()
    shown, previous, waiting = (desk.manifest(r) for r in (state.current, state.previous, state.ready))
    versions = dict(shown_version=shown.content_version if shown else None,
                    waiting_version=waiting.content_version if waiting else None)
    if state.ready:
        return RollbackOffer(False, RELEASE_WAITING, **versions)
    if not state.current:
        return RollbackOffer(False, NOTHING_INSTALLED, **versions)
    return RollbackOffer(True, target_version=previous.content_version if previous else None,
                         target_built=previous.created_at if previous else None, **versions)


class RollbackPanel:
    def __init__(self, desk: ReleaseDesk | None, on_change: Callable[[], None] = lambda: None):
        self.desk = desk
        self.on_change = on_change
        self.state = IDLE
        self.offer = rollback_offer(desk)
        self.back_to: str | None = None  # after it: the version now waiting to be shown (None: the folder)
        self.failure: Reason | None = None

    def refresh(self) -> None:
        """Read the offer again (the panel opens, an install finished)."""
        if self.state != WORKING:
            self.state, self.failure = IDLE, None
            self.offer = rollback_offer(self.desk)
            self.on_change()

    def ask(self) -> bool:
        if self.state in (WORKING, CONFIRM) or not self.offer.available:
            return False
        self.state = CONFIRM
        self.on_change()
        return True

    def cancel(self) -> None:
        if self.state == CONFIRM:
            self.state = IDLE
            self.on_change()

    def confirm(self) -> None:
        if self.state != CONFIRM:
            return
        self.state = WORKING
        self.desk.rollback(self._done, self._failed)
        self.on_change()

    def _done(self, release_id: str | None) -> None:
        manifest = self.desk.manifest(release_id)
        self.back_to = manifest.content_version if manifest else None
        self.state = DONE
        self.offer = rollback_offer(self.desk)
        self.on_change()

    def _failed(self, reason: Reason) -> None:
        self.state, self.failure = FAILED, reason
        self.offer = rollback_offer(self.desk)
        self.on_change()
