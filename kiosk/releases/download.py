"""Release files from the collector, fetched during sync.

After each successful round of event sync, the sync worker asks the collector which
release this kiosk should show (:meth:`ReleaseFetcher.poll`: one small request). If it
is new here, a thread of its own downloads it into the store's incoming folder with
HTTP ranges — a cut download resumes where it stopped, after a restart too — checks
its size and SHA-256 against the assignment, and installs it with
:meth:`ReleaseManager.install` (signature, manifest, ``check``: the guarantees of any
install). The supervisor shows it at the next moment between visits. Event sync never
waits for a download; :meth:`~ReleaseFetcher.stop` ends one cleanly, keeping what was
received.

What happened goes into the health report (``download``: the release, the bytes
received, the state, a failure's reason) and survives a restart in
``incoming/download.json``. A release refused for what it is (a bad signature, content
failing ``check``, older than the one shown, taken off after a failure) is not fetched
again; one refused for the kiosk's own situation (a full disk, a key not yet trusted)
is tried again later.
"""
from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import httpx
from pydantic import ValidationError

from contract.releases.manifest import is_release_id
from contract.releases.wire import ASSIGNMENT_PATH, AssignedRelease, Assignment, file_path

from .apply import ReleaseManager
from .durable import free_bytes, fsync_dir, write_atomic
from .messages import ReleaseError, human_size, say
from .store import StoreBusy

log = logging.getLogger(__name__)

STATUS_FILE = "download.json"
PART_SUFFIX = ".part"
#: refusals that depend on this kiosk (its disk, its keys, its software), not on the release
TRANSIENT = {"disk.full", "disk.filled", "disk.write_failed", "sig.no_trusted_keys", "sig.unknown_key",
             "manifest.app_too_old"}
#: whole downloads not matching their SHA-256 before the release is left alone
MAX_CORRUPT = 3
#: waits between attempts inside one download (then the next sync round tries again)
RETRY_DELAYS_S = (1.0, 3.0, 10.0)
#: after a failure, the next attempt waits at least this (doubling up to RETRY_CAP_S)
RETRY_BASE_S, RETRY_CAP_S = 30.0, 3600.0
LOCK_TIMEOUT_S = 300.0


@dataclass
class DownloadStatus:
    release_id: str
    version: str
    size: int
    sha256: str
    created_at: str
    #: downloading, downloaded, installing, installed, failed, refused, interrupted (by a stop)
    state: str = "downloading"
    received: int = 0
    error: dict | None = None
    at: str | None = None
    corrupt: int = 0

    def report(self) -> dict:
        return {"release_id": self.release_id, "version": self.version, "size": self.size,
                "received": self.received, "state": self.state, "error": self.error, "at": self.at}


class _Gone(Exception):
    """The collector no longer gives this release to this kiosk."""


@dataclass
class ReleaseFetcher:
    manager: ReleaseManager
    url: str
    token: str
    timeout: float = 30.0
    clock: Callable[[], float] = time.time
    monotonic: Callable[[], float] = time.monotonic
    #: called when the download starts, ends or fails (the sync worker reports it soon)
    on_change: Callable[[], None] | None = None
    retry_delays: tuple[float, ...] = RETRY_DELAYS_S
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _stop: threading.Event = field(default_factory=threading.Event, init=False)
    _cancel: threading.Event = field(default_factory=threading.Event, init=False)
    _thread: threading.Thread | None = field(default=None, init=False)
    _status: DownloadStatus | None = field(default=None, init=False)
    _not_before: float = field(default=0.0, init=False)
    _failures: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self._status = self._read_status()

    # --- what the health report says ------------------------------------------------------------
    def report(self) -> dict | None:
        with self._lock:
            return self._status.report() if self._status else None

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # --- during sync ----------------------------------------------------------------------------------
    def poll(self, client: httpx.Client) -> str:
        """Ask the collector for this kiosk's release and act on it; returns what it did
        ("none", "current", "refused", "failed", "waiting", "downloading", "changed", "started",
        "unavailable"). Quick: a download runs on its own thread."""
        try:
            resp = client.get(self.url.rstrip("/") + ASSIGNMENT_PATH, headers=self._auth(),
                              timeout=min(self.timeout, 15.0))
            if resp.status_code != 200:
                log.warning("releases: the collector answered %s to the assignment request", resp.status_code)
                return "unavailable"
            assigned = Assignment.model_validate(resp.json()).release
        except (httpx.HTTPError, ValueError, ValidationError) as exc:
            log.warning("releases: cannot read the assignment: %s", exc)
            return "unavailable"
        return self.consider(assigned)

    def consider(self, assigned: AssignedRelease | None) -> str:
        if self._stop.is_set():
            return "stopped"
        if assigned is None:
            if not self.busy:
                self._clear_incoming(keep=None)
            return "none"
        state = self.manager.state()
        if self.busy:
            if self._active_id == assigned.release_id:
                return "downloading"
            self._cancel.set()  # another release now: this download stops, the next poll starts it
            return "changed"
        if assigned.release_id in (state.current, state.ready):
            self._clear_incoming(keep=None)
            with self._lock:
                if self._status and self._status.release_id == assigned.release_id \
                        and self._status.state != "installed":
                    self._status.state, self._status.error = "installed", None
                    self._save()
            return "current"
        status = self._status if (self._status and self._status.release_id == assigned.release_id
                                  and self._status.sha256 == assigned.sha256) else None
        refusal = self._refusal(assigned, state)
        if refusal is not None:
            if status is None or status.state != "refused" or (status.error or {}).get("key") != refusal.key:
                self._set_status(_new_status(assigned), state="refused", error=refusal.to_json())
                self._changed()
            return "refused"
        if status is not None and status.state == "refused":
            if (status.error or {}).get("key") not in TRANSIENT or self.monotonic() < self._not_before:
                return "refused"
        if status is not None and status.corrupt >= MAX_CORRUPT:
            return "failed"
        if status is not None and status.state == "failed" and self.monotonic() < self._not_before:
            return "waiting"
        self._start(assigned, status)
        return "started"

    def _refusal(self, assigned: AssignedRelease, state) -> ReleaseError | None:
        """Refused before a byte is downloaded: no key trusted, taken off this kiosk, or older
        than the release shown."""
        if not self.manager.trusted:
            return ReleaseError("sig.no_trusted_keys")
        withdrawn = state.withdrawn.get(assigned.release_id)
        if withdrawn:
            return ReleaseError("order.withdrawn", reason=(withdrawn.get("reason") or {}).get("text", "?"))
        shown = self.manager.shown()
        if shown is not None and assigned.created_at < shown.created_at:
            return ReleaseError("order.older", shown_version=shown.content_version, shown_at=shown.created_text,
                                version=assigned.version,
                                created_at=assigned.created_at.strftime("%Y-%m-%d %H:%M UTC"))
        return None

    # --- the download thread --------------------------------------------------------------------------
    @property
    def _active_id(self) -> str | None:
        return self._status.release_id if self._status else None

    def _start(self, assigned: AssignedRelease, status: DownloadStatus | None) -> None:
        self._cancel.clear()
        fresh = _new_status(assigned)
        if status is not None:
            fresh.corrupt = status.corrupt
        self._set_status(fresh, state="downloading", error=None)
        self._thread = threading.Thread(target=self._run, args=(assigned,), name="release-download", daemon=True)
        self._thread.start()
        self._changed()

    def _run(self, assigned: AssignedRelease) -> None:
        outcome = "failed"
        try:
            path = self._download(assigned)
            if path is None:
                return
            outcome = self._install(assigned, path)
        except Exception as exc:  # noqa: BLE001 - a download must never take the sync thread or the kiosk down
            log.exception("releases: downloading %s failed", assigned.release_id)
            self._fail(ReleaseError("download.failed", detail=f"{type(exc).__name__}: {exc}"[:300]))
        finally:
            if outcome in ("installed",):
                self._failures, self._not_before = 0, 0.0
            self._changed()

    def _download(self, assigned: AssignedRelease) -> Path | None:
        incoming = self.manager.store.incoming_dir()
        self._clear_incoming(keep=assigned.release_id)
        done = incoming / f"{assigned.release_id}.zip"
        if done.is_file() and done.stat().st_size == assigned.size and _sha256(done) == assigned.sha256:
            return done  # downloaded before a restart, not yet installed
        part = incoming / f"{assigned.release_id}.zip{PART_SUFFIX}"
        attempts = 0
        while True:
            if self._stop.is_set() or self._cancel.is_set():
                self._save()
                return None
            have = part.stat().st_size if part.exists() else 0
            if have > assigned.size:
                part.unlink()
                have = 0
            self._update(received=have)
            if have == assigned.size:
                break
            needed = assigned.size - have + self.manager.disk_margin
            if free_bytes(incoming) < needed:
                part.unlink(missing_ok=True)
                self._refuse(ReleaseError("disk.full", needed=human_size(needed), free=human_size(free_bytes(incoming))))
                return None
            try:
                self._fetch(assigned, part, have)
                attempts = 0
            except _Gone:
                log.info("releases: %s is no longer assigned to this kiosk", assigned.release_id)
                with self._lock:
                    self._status = None
                    self._save()
                return None
            except OSError as exc:
                if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                    part.unlink(missing_ok=True)  # the statistics need the room more
                    self._refuse(ReleaseError("disk.filled", free=human_size(free_bytes(incoming))))
                else:
                    self._fail(ReleaseError("disk.write_failed", detail=exc.strerror or str(exc)))
                return None
            except httpx.HTTPError as exc:
                attempts += 1
                error = ReleaseError("download.interrupted", detail=f"{type(exc).__name__}: {exc}"[:300])
                if attempts > len(self.retry_delays):
                    self._fail(error)
                    return None
                self._update(error=error.to_json())
                if self._stop.wait(self.retry_delays[attempts - 1]) or self._cancel.is_set():
                    self._save()
                    return None
        if _sha256(part) != assigned.sha256:
            part.unlink()
            with self._lock:
                self._status.corrupt += 1
            self._fail(ReleaseError("download.mismatch"))
            return None
        os.replace(part, done)
        fsync_dir(incoming)
        self._update(state="downloaded", error=None)
        return done

    def _fetch(self, assigned: AssignedRelease, part: Path, have: int) -> None:
        """One request: the missing bytes appended to ``part`` (or the whole file again)."""
        headers = self._auth() | {"If-Range": f'"{assigned.sha256}"'}
        if have:
            headers["Range"] = f"bytes={have}-"
        timeout = httpx.Timeout(self.timeout, read=min(self.timeout, 15.0))
        address = self.url.rstrip("/") + file_path(assigned.release_id)
        with httpx.Client(timeout=timeout) as client, client.stream("GET", address, headers=headers) as resp:
            if resp.status_code in (403, 404):
                raise _Gone()
            if resp.status_code == 416:  # the file is shorter than what we have: start again
                part.unlink(missing_ok=True)
                return
            if resp.status_code not in (200, 206):
                raise httpx.HTTPStatusError(f"the collector answered {resp.status_code}", request=resp.request,
                                            response=resp)
            if resp.status_code == 206 and _range_start(resp.headers.get("content-range")) != have:
                part.unlink(missing_ok=True)  # not the range asked for: start again
                return
            received = have if resp.status_code == 206 else 0
            with open(part, "ab" if resp.status_code == 206 else "wb") as out:
                try:
                    for chunk in resp.iter_bytes():  # as it arrives: a cut link loses nothing received
                        out.write(chunk)
                        received += len(chunk)
                        self._update(received=received, error=None)
                        if self._stop.is_set() or self._cancel.is_set() or received > assigned.size:
                            break
                finally:
                    out.flush()
                    os.fsync(out.fileno())

    def _install(self, assigned: AssignedRelease, path: Path) -> str:
        self._update(state="installing")
        try:
            manifest = self.manager.install(path, lock_timeout=LOCK_TIMEOUT_S)
        except StoreBusy:
            self._fail(ReleaseError("download.failed", detail=say("detail.store_busy")))
            return "failed"  # the file stays: the next attempt installs it without downloading
        except ReleaseError as exc:
            path.unlink(missing_ok=True)
            self._refuse(exc)
            log.warning("releases: %s refused: %s", assigned.release_id, exc)
            return "refused"
        path.unlink(missing_ok=True)
        self._update(state="installed", error=None)
        log.info("releases: %s (%s) installed; shown at the next attract screen", manifest.release_id,
                 manifest.content_version)
        return "installed"

    # --- status ------------------------------------------------------------------------------------------
    def _now(self) -> str:
        from datetime import datetime, timezone

        return datetime.fromtimestamp(self.clock(), timezone.utc).isoformat(timespec="seconds")

    def _set_status(self, status: DownloadStatus, **changes) -> None:
        with self._lock:
            self._status = status
            for k, v in changes.items():
                setattr(status, k, v)
            status.at = self._now()
            self._save()

    def _update(self, **changes) -> None:
        with self._lock:
            if self._status is None:
                return
            for k, v in changes.items():
                setattr(self._status, k, v)
            if "state" in changes or changes.get("error"):
                self._status.at = self._now()
                self._save()

    def _fail(self, error: ReleaseError) -> None:
        self._failures += 1
        self._not_before = self.monotonic() + min(RETRY_CAP_S, RETRY_BASE_S * 2 ** (self._failures - 1))
        self._update(state="failed", error=error.to_json())

    def _refuse(self, error: ReleaseError) -> None:
        self._failures += 1
        self._not_before = self.monotonic() + min(RETRY_CAP_S, RETRY_BASE_S * 2 ** (self._failures - 1))
        self._update(state="refused", error=error.to_json())

    def _save(self) -> None:
        """(under the lock) the status beside the files, for after a restart."""
        path = self.manager.store.root / "incoming" / STATUS_FILE
        try:
            if self._status is None:
                path.unlink(missing_ok=True)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(path, json.dumps(asdict(self._status), ensure_ascii=False).encode("utf-8"))
        except OSError as exc:  # a full disk: the status lives on in memory
            log.warning("releases: cannot write the download status: %s", exc)

    def _read_status(self) -> DownloadStatus | None:
        try:
            data = json.loads((self.manager.store.root / "incoming" / STATUS_FILE).read_bytes())
            status = DownloadStatus(**data)
        except (OSError, ValueError, TypeError):
            return None
        if not is_release_id(status.release_id):
            return None
        if status.state in ("downloading", "downloaded", "installing"):
            status.state = "interrupted"  # by a stop or a restart: resumed at the next poll
        return status

    def _clear_incoming(self, keep: str | None) -> None:
        """Delete downloads of other releases (and, with ``keep=None``, all of them)."""
        folder = self.manager.store.root / "incoming"
        if not folder.is_dir():
            return
        for path in folder.iterdir():
            if path.name == STATUS_FILE:
                continue
            if keep is None or not path.name.startswith(keep + ".zip"):
                try:
                    path.unlink()
                except OSError:
                    pass

    def _changed(self) -> None:
        if self.on_change:
            try:
                self.on_change()
            except Exception:  # noqa: BLE001 - a wake-up is a courtesy
                pass

    def _auth(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}

    # --- the end ---------------------------------------------------------------------------------------
    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the download under way (``sync --once``); True when none is left."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.busy

    def stop(self, timeout: float = 10) -> None:
        """Stop a download cleanly: what was received stays for the next start."""
        self._stop.set()
        self.wait(timeout)


def _new_status(assigned: AssignedRelease) -> DownloadStatus:
    return DownloadStatus(release_id=assigned.release_id, version=assigned.version, size=assigned.size,
                          sha256=assigned.sha256, created_at=assigned.created_at.isoformat())


def _range_start(value: str | None) -> int | None:
    """``bytes 100-199/200`` -> 100."""
    try:
        unit, _, rest = (value or "").partition(" ")
        return int(rest.split("-", 1)[0]) if unit == "bytes" else None
    except ValueError:
        return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
