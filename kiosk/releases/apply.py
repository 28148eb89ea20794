"""Installing, switching and rolling back releases on a kiosk: the API the app uses.

- :meth:`ReleaseManager.content_to_load` — the content folder to load now;
- :meth:`~ReleaseManager.install` — verify, stage, check a release file: it becomes *ready*;
- :meth:`~ReleaseManager.ready_release` / :meth:`~ReleaseManager.switch_now` — show the
  ready release (call only between visits);
- :meth:`~ReleaseManager.report_failure` / :meth:`~ReleaseManager.confirm_healthy` — the
  trial of a new release: a failure rolls it back, a confirmation keeps it;
- :meth:`~ReleaseManager.rollback` — staff go back to the previous release;
- :meth:`~ReleaseManager.kiosk_started` — at each start, before loading content;
- :meth:`~ReleaseManager.evaluate` — would this kiosk accept this file (changes nothing);
- :meth:`~ReleaseManager.status` — for the health report and the staff panel.

The wall clock only dates history entries; no decision reads it.
"""
from __future__ import annotations

import errno
import logging
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import kiosk
from contract.releases.archive import Limits
from contract.releases.keys import TrustedKeys
from contract.releases.manifest import Manifest

from .durable import free_bytes
from .messages import ReleaseError, human_size, say, stored_text
from .store import ReleaseStore, StoreState
from .verify import Progress, check_content, extract, open_release, verify_installed

log = logging.getLogger(__name__)

SCRATCH = "scratch"  # where evaluate() unpacks a copy it then deletes
#: room kept free beyond a release's own size (the statistics store lives on the same disk)
DISK_MARGIN_BYTES = 20 * 1024 * 1024


@dataclass
class Verdict:
    """Whether this kiosk would accept a release file, and why not."""

    path: Path
    accepted: bool
    manifest: Manifest | None = None
    error: ReleaseError | None = None
    already_shown: bool = False
    warnings: int = 0

    def to_json(self) -> dict:
        m = self.manifest
        return {
            "file": str(self.path),
            "accepted": self.accepted,
            "already_shown": self.already_shown,
            "release": release_summary(m) if m else None,
            "warnings": self.warnings,
            "error": self.error.to_json() if self.error else None,
        }


def release_summary(manifest: Manifest | None) -> dict | None:
    if manifest is None:
        return None
    return {
        "release_id": manifest.release_id,
        "version": manifest.content_version,
        "created_at": manifest.created_at.isoformat(),
        "content_fingerprint": manifest.check.content_fingerprint,
        "key_id": manifest.key_id,
    }


class ReleaseManager:
    def __init__(self, store: ReleaseStore, trusted: TrustedKeys, fallback_content: Path, *,
                 limits: Limits = Limits(), app_version: str = kiosk.__version__,
                 max_trial_starts: int = 3, probation_s: float = 600,
                 disk_margin: int = DISK_MARGIN_BYTES, clock: Callable[[], float] = time.time):
        self.store = store
        self.trusted = trusted
        self.fallback_content = Path(fallback_content)
        self.limits = limits
        self.app_version = app_version
        self.max_trial_starts = max_trial_starts
        self.probation_s = probation_s
        self.disk_margin = disk_margin
        self.clock = clock  # dates history entries only

    @classmethod
    def from_config(cls, config, **kwargs) -> "ReleaseManager":
        r = config.releases
        return cls(
            ReleaseStore(config.data_path / "releases"),
            TrustedKeys.from_texts(r.trusted_keys),
            config.content_path,
            limits=Limits(max_bytes=r.max_size_mb * 1024 * 1024, max_files=r.max_files),
            max_trial_starts=r.max_trial_starts,
            probation_s=r.probation_s,
            **kwargs,
        )

    # --- reading ------------------------------------------------------------------------------
    def state(self) -> StoreState:
        return self.store.read_state()

    def content_to_load(self) -> Path:
        """The content folder the kiosk loads now: the release shown, or the config's folder."""
        current = self.state().current
        if current:
            folder = self.store.content_dir(current)
            if folder.is_dir():
                return folder
            log.error("releases: the folder of release %s is missing; showing %s", current, self.fallback_content)
        return self.fallback_content

    def shown(self) -> Manifest | None:
        return self.store.manifest(self.state().current)

    def ready_release(self) -> Manifest | None:
        """A release waiting to be shown (switch to it between visits)."""
        return self.store.manifest(self.state().ready)

    def status(self) -> dict:
        state = self.state()
        return {
            "shown": release_summary(self.store.manifest(state.current)),  # None: the content folder
            "trial": state.trial,
            "ready": release_summary(self.store.manifest(state.ready)),
            "previous": release_summary(self.store.manifest(state.previous)),
            "last_failure": state.last_failure,  # the latest automatic rollback or refused file, with why
            "last_change": state.history[-1] if state.history else None,
        }

    # --- what a file would do here -------------------------------------------------------------
    def evaluate(self, path: Path, *, allow_older: bool = False, work_dir: Path | None = None) -> Verdict:
        """Everything ``install`` checks, on a scratch copy; the store is left as it is."""
        path = Path(path)
        manifest = None
        try:
            with open_release(path, self.trusted, limits=self.limits, app_version=self.app_version) as release:
                manifest = release.manifest
                state = self.state()
                shown = manifest.release_id == state.current
                if not shown:
                    self._check_order(manifest, state, allow_older)
                scratch_parent = work_dir or self._scratch_parent()
                with tempfile.TemporaryDirectory(dir=scratch_parent) as tmp:
                    content = check_content(extract(release, Path(tmp)))
                return Verdict(path, True, manifest, already_shown=shown, warnings=len(content.warnings))
        except ReleaseError as exc:
            return Verdict(path, False, manifest, error=exc)
        except OSError as exc:
            return Verdict(path, False, manifest, error=_disk_error(exc, path))

    def _scratch_parent(self) -> Path | None:
        if not self.store.root.is_dir():
            return None  # not a kiosk (an organiser's computer): the system's temporary folder
        scratch = self.store.root / SCRATCH
        scratch.mkdir(exist_ok=True)
        return scratch

    def _check_order(self, manifest: Manifest, state: StoreState, allow_older: bool) -> None:
        if allow_older:
            return
        withdrawn = state.withdrawn.get(manifest.release_id)
        if withdrawn:
            raise ReleaseError("order.withdrawn", reason=stored_text(withdrawn.get("reason")) or "?")
        shown = self.store.manifest(state.current)
        if shown is not None and manifest.is_older_than(shown):
            raise ReleaseError("order.older", shown_version=shown.content_version, shown_at=shown.created_text,
                               version=manifest.content_version, created_at=manifest.created_text)

    # --- installing -------------------------------------------------------------------------------
    def install(self, path: Path, *, allow_older: bool = False, progress: Progress | None = None,
                lock_timeout: float | None = None) -> Manifest:
        """Verify ``path``, write it to staging, check it, and make it the *ready* release.
        Raises :class:`ReleaseError` (nothing changed) on any refusal; returns the manifest.
        ``allow_older``: staff asked for it on purpose (an older or withdrawn release)."""
        path = Path(path)
        with self.store.lock(lock_timeout):
            try:
                try:
                    return self._install(path, allow_older, progress)
                except OSError as exc:  # writing the state itself failed: nothing changed
                    raise ReleaseError("disk.write_failed", detail=exc.strerror or str(exc)) from None
            except ReleaseError as exc:
                self._note_refusal(path, exc)
                raise

    def _install(self, path: Path, allow_older: bool, progress: Progress | None) -> Manifest:
        step = progress or (lambda _phase: None)
        step("verifying")
        with open_release(path, self.trusted, limits=self.limits, app_version=self.app_version) as release:
            manifest = release.manifest
            state = self.state()
            if manifest.release_id in (state.current, state.ready):
                return manifest  # nothing to do: already shown or already waiting
            self._check_order(manifest, state, allow_older)
            if not (manifest.release_id == state.previous and self._whole(manifest.release_id)):
                self._stage(release, manifest, step)  # (the previous release's folder is already here)
            state = self.state()
            replaced = state.ready
            state.ready = manifest.release_id
            if allow_older:
                state.withdrawn.pop(manifest.release_id, None)
            state.note(self._entry("installed", manifest))
            step("committing")
            self.store.commit(state)
            step("committed")
            if replaced and replaced not in state.referenced():
                self.store.collect_garbage(state.referenced())
            return manifest

    def _stage(self, release, manifest: Manifest, step: Callable[[str], None]) -> Path:
        self.store.root.mkdir(parents=True, exist_ok=True)
        needed = manifest.total_size + self.disk_margin
        free = free_bytes(self.store.root)
        if free < needed:
            raise ReleaseError("disk.full", needed=human_size(needed), free=human_size(free))
        staged = None
        try:
            staged = self.store.new_staging()
            step("extracting")
            content_root = extract(release, staged, progress=step)
            step("checking")
            check_content(content_root)
            step("adopting")
            return self.store.adopt(staged, manifest.release_id)
        except OSError as exc:
            raise _disk_error(exc, self.store.root) from None
        finally:
            if staged is not None and staged.exists():
                shutil.rmtree(staged, ignore_errors=True)

    def _whole(self, release_id: str) -> bool:
        try:
            verify_installed(self.store.release_dir(release_id))
            return True
        except ReleaseError:
            return False

    # --- switching and trial ---------------------------------------------------------------------
    def switch_now(self, *, lock_timeout: float | None = 0) -> Manifest:
        """Show the ready release (call only between visits). It starts on trial."""
        with self.store.lock(lock_timeout):
            state = self.state()
            if not state.ready:
                raise ReleaseError("switch.nothing_ready")
            manifest = self._switch(state)
            self.store.commit(state)
            return manifest

    def _switch(self, state: StoreState) -> Manifest:
        manifest = self.store.manifest(state.ready)
        state.previous, state.current, state.ready = state.current, state.ready, None
        state.trial, state.trial_starts = True, 0
        state.note(self._entry("switched", manifest))
        return manifest

    def confirm_healthy(self, *, lock_timeout: float | None = 0) -> bool:
        """The release on trial ran long enough without error: keep it for good."""
        with self.store.lock(lock_timeout):
            state = self.state()
            if not state.trial:
                return False
            state.trial, state.trial_starts = False, 0
            state.note(self._entry("confirmed", self.store.manifest(state.current)))
            self.store.commit(state)
            return True

    def report_failure(self, key: str, *, lock_timeout: float | None = 0, **values) -> bool:
        """Something failed with the release shown (``key``/``values``: the reason, a
        message of strings.yaml). On trial it is rolled back at once (True); otherwise
        the failure is only recorded."""
        with self.store.lock(lock_timeout):
            state = self.state()
            reason = ReleaseError(key, **values).to_json()
            if state.current and state.trial:
                self._rollback(state, reason, automatic=True)
                self.store.commit(state)
                return True
            state.last_failure = {"at": self._now(), "release_id": state.current, "action": "failure",
                                  "reason": reason}
            self.store.commit(state)
            return False

    def rollback(self, *, lock_timeout: float | None = None) -> str | None:
        """Staff go back to the previous release (None: the config's content folder).
        The release left is not installed again unless asked on purpose."""
        with self.store.lock(lock_timeout):
            state = self.state()
            if not state.current:
                raise ReleaseError("rollback.nothing")
            self._rollback(state, ReleaseError("reason.requested").to_json(), automatic=False)
            self.store.commit(state)
            return state.current

    def _rollback(self, state: StoreState, reason: dict, *, automatic: bool) -> None:
        left = state.current
        manifest = self.store.manifest(left)
        target = state.previous if state.previous and self._whole(state.previous) else None
        record = self._entry("rolled_back", manifest, reason=reason, automatic=automatic)
        state.withdraw(left, record)
        state.current, state.previous = target, None
        state.trial, state.trial_starts = False, 0
        state.note(record)
        if automatic:
            state.last_failure = record

    def kiosk_started(self) -> StoreState:
        """At each start, before content is loaded: show a release left ready, count the
        starts of a release on trial (too many: back to the previous one), check that the
        release on trial is whole, delete leftovers."""
        if not self.store.root.is_dir():
            return StoreState()
        with self.store.lock():
            state = self.state()
            changed = False
            if state.ready:
                changed = True
                if self._whole(state.ready):
                    self._switch(state)  # no visit yet: a good moment
                else:  # damaged while it waited (a bad SD card): never shown
                    record = self._entry("refused", self.store.manifest(state.ready), reason=ReleaseError(
                        "store.damaged_installed", detail=say("detail.waiting_release")).to_json())
                    state.ready, state.last_failure = None, record
                    state.note(record)
            if state.current and state.trial:
                state.trial_starts += 1
                changed = True
                if state.trial_starts > self.max_trial_starts:
                    self._rollback(state, ReleaseError(
                        "reason.restarts", count=state.trial_starts - 1,
                        minutes=round(self.probation_s / 60, 1)).to_json(), automatic=True)
                else:
                    try:
                        verify_installed(self.store.release_dir(state.current))
                    except ReleaseError as exc:
                        self._rollback(state, exc.to_json(), automatic=True)
            elif state.current and not self.store.content_dir(state.current).is_dir():
                self._rollback(state, ReleaseError("store.damaged_installed",
                                                   detail=say("detail.folder_missing")).to_json(), automatic=True)
                changed = True
            if changed:
                self.store.commit(state)
            self.store.collect_garbage(state.referenced())
            shutil.rmtree(self.store.root / SCRATCH, ignore_errors=True)
            return state

    # --- records -------------------------------------------------------------------------------------
    def _now(self) -> str:
        return datetime.fromtimestamp(self.clock(), timezone.utc).isoformat(timespec="seconds")

    def _entry(self, action: str, manifest: Manifest | None, **extra) -> dict:
        return {"at": self._now(), "action": action,
                "release_id": manifest.release_id if manifest else None,
                "version": manifest.content_version if manifest else None, **extra}

    def _note_refusal(self, path: Path, error: ReleaseError) -> None:
        state = self.state()
        state.last_failure = {"at": self._now(), "action": "refused", "file": path.name, "reason": error.to_json()}
        state.note(state.last_failure)
        try:
            self.store.commit(state)
        except OSError:  # a full disk refused the release; the refusal itself may not fit either
            log.warning("releases: could not record the refusal of %s: %s", path, error)


def _disk_error(exc: OSError, where: Path) -> ReleaseError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        try:
            free = free_bytes(where if Path(where).is_dir() else Path(where).parent)
        except OSError:
            free = 0
        return ReleaseError("disk.filled", free=human_size(free))
    return ReleaseError("disk.write_failed", detail=exc.strerror or str(exc))
