"""This kiosk's releases on disk, and the state file that says which one is shown.

Layout, all on the data disk so every rename stays on one file system::

    DATA/releases/state.json        what is shown, the previous one, the one ready, history
    DATA/releases/<release-id>/     manifest.json, manifest.sig, exhibits/ (verified, checked)
    DATA/releases/staging/          releases being written; wiped at start
    DATA/releases/incoming/         release files being downloaded (kept to resume them)
    DATA/releases/.lock             one writer at a time (flock: freed by the kernel on a kill)

``state.json`` is the single commit point: a release folder becomes visible only when
the state names it, and the state is replaced atomically and flushed. A folder the
state does not name is leftover work (a kill, a replaced release) and is deleted.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Iterator

from contract.releases.manifest import Manifest, is_release_id

from .durable import fsync_dir, write_atomic
from .messages import ReleaseError
from .verify import CONTENT_FOLDER, MANIFEST_NAME

log = logging.getLogger(__name__)

STATE_FILE = "state.json"
LOCK_FILE = ".lock"
STAGING = "staging"
INCOMING = "incoming"
HISTORY_KEPT = 30
WITHDRAWN_KEPT = 20


class StoreBusy(Exception):
    """Another process or thread is changing the releases; try again a moment later."""


@dataclass
class StoreState:
    current: str | None = None    # release shown; None: the config's content folder
    previous: str | None = None   # where a rollback goes; None: the config's content folder
    ready: str | None = None      # installed, verified and checked, waiting for the next switch
    trial: bool = False           # current is new: not yet confirmed healthy
    trial_starts: int = 0         # kiosk starts with current on trial
    withdrawn: dict[str, dict] = field(default_factory=dict)  # release id -> why it was rolled back
    last_failure: dict | None = None  # the latest rollback or refusal, with its reason
    history: list[dict] = field(default_factory=list)
    revision: int = 0             # grows at each change: lets a reader notice one

    @classmethod
    def from_json(cls, data: dict) -> "StoreState":
        known = {f.name for f in fields(cls)}
        state = cls(**{k: v for k, v in data.items() if k in known})
        for slot in ("current", "previous", "ready"):
            if getattr(state, slot) is not None and not is_release_id(getattr(state, slot)):
                setattr(state, slot, None)
        return state

    def to_bytes(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8") + b"\n"

    def referenced(self) -> set[str]:
        return {r for r in (self.current, self.previous, self.ready) if r}

    def note(self, entry: dict) -> None:
        self.history = (self.history + [entry])[-HISTORY_KEPT:]

    def withdraw(self, release_id: str, record: dict) -> None:
        self.withdrawn[release_id] = record
        while len(self.withdrawn) > WITHDRAWN_KEPT:
            self.withdrawn.pop(next(iter(self.withdrawn)))


class ReleaseStore:
    def __init__(self, root: Path):
        self.root = Path(root)

    # --- reading (no lock: the state file is always whole) --------------------------------
    def read_state(self) -> StoreState:
        path = self.root / STATE_FILE
        try:
            data = json.loads(path.read_bytes())
        except FileNotFoundError:
            return StoreState()
        except (OSError, ValueError) as exc:
            log.error("releases: %s unreadable (%s): showing the content folder", path, exc)
            return StoreState()
        return StoreState.from_json(data) if isinstance(data, dict) else StoreState()

    def release_dir(self, release_id: str) -> Path:
        if not is_release_id(release_id):
            raise ValueError(f"not a release id: {release_id!r}")
        return self.root / release_id

    def content_dir(self, release_id: str) -> Path:
        return self.release_dir(release_id) / CONTENT_FOLDER

    def manifest(self, release_id: str | None) -> Manifest | None:
        """The manifest of an installed release (None if absent or unreadable)."""
        if not release_id:
            return None
        try:
            return Manifest.from_bytes((self.release_dir(release_id) / MANIFEST_NAME).read_bytes())
        except (OSError, ValueError, ReleaseError):
            return None

    def installed(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if is_release_id(p.name) and p.is_dir())

    # --- changing (under the lock) -----------------------------------------------------------
    @contextlib.contextmanager
    def lock(self, timeout: float | None = None) -> Iterator[None]:
        """Exclusive across processes and threads; ``timeout=0`` only tries (raises StoreBusy)."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | (0 if deadline is None else fcntl.LOCK_NB))
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise StoreBusy() from None
                    time.sleep(0.05)
            yield
        finally:
            os.close(fd)

    def commit(self, state: StoreState) -> None:
        state.revision += 1
        write_atomic(self.root / STATE_FILE, state.to_bytes())

    def incoming_dir(self) -> Path:
        """Where release files being downloaded wait (same disk, kept across restarts so a
        download resumes; nothing there is trusted before ``install`` verified it)."""
        path = self.root / INCOMING
        path.mkdir(parents=True, exist_ok=True)
        return path

    def new_staging(self) -> Path:
        staging = self.root / STAGING
        staging.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=staging))

    def adopt(self, staged: Path, release_id: str) -> Path:
        """Move a fully written and checked staging folder to its place (one rename)."""
        target = self.release_dir(release_id)
        if target.exists():  # leftover of an interrupted install or a deleted release
            shutil.rmtree(target)
        os.rename(staged, target)
        fsync_dir(self.root)
        return target

    def collect_garbage(self, keep: set[str]) -> list[str]:
        """Delete release folders the state does not name, and any staging leftovers."""
        removed = []
        for release_id in self.installed():
            if release_id not in keep:
                shutil.rmtree(self.root / release_id, ignore_errors=True)
                removed.append(release_id)
        shutil.rmtree(self.root / STAGING, ignore_errors=True)
        return removed
