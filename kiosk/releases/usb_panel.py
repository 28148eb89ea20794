"""The staff panel's "install from a USB stick", as a state machine (pure Python).

    searching ─► list ─► (confirm) ─► installing ─► done
        ▲         │                       │
        └─────────┴── search again ◄──── failed

*searching*: the desk reads the sticks and judges each release file off the UI thread;
*list*: what was found, each with its version, when it was built, whether it is older
than the release shown, and the verdict (accepted, or why not); *confirm*: an older or
withdrawn release goes on only after staff confirm it, as a rollback; *installing*:
verified, written and checked, with its progress; *done*: it waits to be shown between
visits (when staff leave the panel); *failed*: why, nothing changed.

Texts are message ids with their values: the screen says them in its language.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePath
from typing import Callable, Iterable

from .desk import Reason, ReleaseDesk
from contract.releases.manifest import Manifest
from .store import StoreState
from .usb import FoundRelease

SEARCHING, LIST, CONFIRM, INSTALLING, DONE, FAILED = "searching", "list", "confirm", "installing", "done", "failed"

# what a release found on a stick is to this kiosk
NEWER = "newer"          # accepted: installs like any new release
OLDER = "older"          # accepted, but older than the release shown: only as a rollback
WITHDRAWN = "withdrawn"  # accepted, but taken off this kiosk after a failure: only on purpose
SHOWN = "shown"          # the release shown now
WAITING = "waiting"      # already installed, waiting to be shown
REFUSED = "refused"      # this kiosk cannot install it: ``reason`` says why


@dataclass(frozen=True)
class Offer:
    """One release file on a stick, as staff see it."""

    path: Path
    stick: str                 # the stick's name (the folder it is mounted on)
    status: str
    version: str | None = None  # None: not even the manifest could be read
    built: datetime | None = None
    exhibits: int = 0
    files: int = 0
    warnings: int = 0           # what the kiosk's own check says of its content
    reason: Reason | None = None  # why it is refused

    @property
    def installable(self) -> bool:
        return self.status in (NEWER, OLDER, WITHDRAWN)

    @property
    def needs_confirmation(self) -> bool:
        return self.status in (OLDER, WITHDRAWN)


def offer_of(found: FoundRelease, state: StoreState, shown: Manifest | None, folders: Iterable[str]) -> Offer:
    verdict, manifest = found.verdict, found.verdict.manifest
    described = dict(path=found.path, stick=stick_name(found.path, folders))
    if manifest is not None:
        described.update(version=manifest.content_version, built=manifest.created_at,
                         exhibits=manifest.check.exhibits, files=len(manifest.files), warnings=verdict.warnings)
    if not verdict.accepted:
        return Offer(status=REFUSED, reason=Reason.of(verdict.error), **described)
    if verdict.already_shown:
        status = SHOWN
    elif manifest.release_id == state.ready:
        status = WAITING
    elif manifest.release_id in state.withdrawn:
        status = WITHDRAWN
    elif shown is not None and manifest.is_older_than(shown):
        status = OLDER
    else:
        status = NEWER
    return Offer(status=status, **described)


def stick_name(path: Path, folders: Iterable[str]) -> str:
    """The name of the stick holding ``path``: the folder a pattern of ``folders`` names
    (``/media/pi/EXPO`` for ``/media/*/*``), else the file's folder."""
    for parent in reversed(Path(path).parents):
        if any(PurePath(parent).match(pattern) for pattern in folders if PurePath(pattern).is_absolute()):
            return parent.name
    return Path(path).parent.name


class UsbPanel:
    def __init__(self, desk: ReleaseDesk, on_change: Callable[[], None] = lambda: None):
        self.desk = desk
        self.on_change = on_change
        self.state = SEARCHING
        self.offers: list[Offer] = []
        self.shown_version: str | None = None  # of the release shown when the sticks were read
        self.chosen: Offer | None = None
        self.phase = ""            # of the install: verifying, extracting, checking…
        self.files_done = 0        # files written so far, of ``files_total``
        self.files_total = 0
        self.installed: Manifest | None = None
        self.failure: Reason | None = None
        self._work = 0  # numbers each piece of work: a result that comes too late is dropped

    # --- what staff do -------------------------------------------------------------------
    def search(self) -> None:
        """Read the sticks (again). Not while a release is being installed."""
        if self.state == INSTALLING:
            return
        work = self._next(SEARCHING)
        self.offers, self.chosen, self.installed, self.failure = [], None, None, None
        self.desk.search(lambda found: self._found(work, found), lambda reason: self._failed(work, reason))
        self.on_change()

    def choose(self, offer: Offer) -> bool:
        """Install ``offer`` (after a confirmation if it is older or withdrawn)."""
        if self.state != LIST or not offer.installable:
            return False
        self.chosen = offer
        if offer.needs_confirmation:
            self.state = CONFIRM
            self.on_change()
        else:
            self._install()
        return True

    def confirm(self) -> None:
        if self.state == CONFIRM:
            self._install()

    def cancel(self) -> None:
        if self.state == CONFIRM:
            self.state, self.chosen = LIST, None
            self.on_change()

    @property
    def busy(self) -> bool:
        """Staff wait for the end of the install before they leave."""
        return self.state == INSTALLING

    # --- inside -------------------------------------------------------------------------
    def _next(self, state: str) -> int:
        self._work += 1
        self.state = state
        return self._work

    def _found(self, work: int, found: list[FoundRelease]) -> None:
        if work != self._work:
            return
        state = self.desk.state()
        shown = self.desk.manifest(state.current)
        self.shown_version = shown.content_version if shown else None
        self.offers = [offer_of(f, state, shown, self.desk.folders) for f in found]
        self.state = LIST
        self.on_change()

    def _install(self) -> None:
        offer = self.chosen
        work = self._next(INSTALLING)
        self.phase, self.files_done, self.files_total = "verifying", 0, offer.files
        self.desk.install(offer.path, allow_older=offer.needs_confirmation,
                          progress=lambda phase: self._progress(work, phase),
                          done=lambda manifest: self._installed(work, manifest),
                          failed=lambda reason: self._failed(work, reason))
        self.on_change()

    def _progress(self, work: int, phase: str) -> None:
        if work != self._work or self.state != INSTALLING:
            return
        if phase == "extracting" and self.phase == "extracting":  # the first says it starts; then one per file
            self.files_done = min(self.files_done + 1, self.files_total)
        self.phase = phase
        self.on_change()

    def _installed(self, work: int, manifest: Manifest) -> None:
        if work != self._work:
            return
        self.installed, self.state = manifest, DONE
        self.on_change()

    def _failed(self, work: int, reason: Reason) -> None:
        if work != self._work:
            return
        self.failure, self.state = reason, FAILED
        self.on_change()
