"""The staff's release work, off the UI thread: looking for releases on USB sticks,
installing one, going back to the previous release.

Each piece of work runs on a thread of its own (reading a stick, checking a release
and writing it take seconds); its result comes back as a callback that :meth:`pump`
runs on the UI thread. The staff panels that use it stay state machines that own no
thread, and the UI never waits for a stick or the disk.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from contract.releases.manifest import Manifest
from kiosk.handover import Handover

from .apply import ReleaseManager
from .messages import ReleaseError
from .store import StoreBusy, StoreState
from .usb import DEFAULT_MEDIA, FoundRelease, find_releases

log = logging.getLogger(__name__)

#: seconds an install or a rollback waits for another change of the releases (a
#: download being installed) before it gives up and says the kiosk is busy
LOCK_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Reason:
    """Why a piece of work failed, as a message id and its values: of the releases'
    table (``kiosk/releases/strings.yaml``: a refusal) when ``release_message``, else of
    the interface's (``kiosk/ui/strings.yaml``)."""

    key: str
    values: dict = field(default_factory=dict)
    release_message: bool = False

    @classmethod
    def of(cls, exc: Exception) -> "Reason":
        if isinstance(exc, ReleaseError):
            return cls(exc.key, dict(exc.values), release_message=True)
        if isinstance(exc, StoreBusy):
            return cls("releases.busy")
        return cls("releases.unexpected", {"detail": f"{type(exc).__name__}: {exc}"[:300]})


class ReleaseDesk(Handover):
    def __init__(self, manager: ReleaseManager, folders: Iterable[str] = DEFAULT_MEDIA, *,
                 lock_timeout: float = LOCK_TIMEOUT_S):
        self.manager = manager
        self.folders = list(folders)
        self.lock_timeout = lock_timeout
        super().__init__()  # post() from any thread, pump() on the UI thread

    def _run(self, name: str, work: Callable[[], Any], done: Callable[[Any], None],
             failed: Callable[[Reason], None]) -> None:
        def run() -> None:
            try:
                result = work()
            except Exception as exc:  # every failure reaches the panel, which says it in words
                if not isinstance(exc, (ReleaseError, StoreBusy)):
                    log.exception("releases: %s failed", name)
                reason = Reason.of(exc)
                self.post(lambda: failed(reason))
                return
            self.post(lambda: done(result))

        threading.Thread(target=run, name=f"releases-{name}", daemon=True).start()

    # --- reading (quick: the state file) ------------------------------------------------
    def state(self) -> StoreState:
        return self.manager.state()

    def manifest(self, release_id: str | None) -> Manifest | None:
        return self.manager.store.manifest(release_id)

    # --- the work ---------------------------------------------------------------------------
    def search(self, done: Callable[[list[FoundRelease]], None], failed: Callable[[Reason], None]) -> None:
        """Release files on the sticks, each judged as a rollback would judge it (older
        ones too: staff may go back to them on purpose)."""
        self._run("search", lambda: find_releases(self.manager, self.folders, allow_older=True), done, failed)

    def install(self, path: Path, *, allow_older: bool, progress: Callable[[str], None],
                done: Callable[[Manifest], None], failed: Callable[[Reason], None]) -> None:
        """Verify, stage and check ``path``: it becomes the release waiting to be shown.
        ``progress(phase)`` runs on the UI thread too."""
        def work() -> Manifest:
            return self.manager.install(path, allow_older=allow_older, lock_timeout=self.lock_timeout,
                                        progress=lambda phase: self.post(lambda: progress(phase)))

        self._run("install", work, done, failed)

    def rollback(self, done: Callable[[str | None], None], failed: Callable[[Reason], None]) -> None:
        """Back to the previous release (``done(release id)``; None: the content folder)."""
        self._run("rollback", lambda: self.manager.rollback(lock_timeout=self.lock_timeout), done, failed)
