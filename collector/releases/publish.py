"""Publishing a release file: check it like a kiosk would (signature by a trusted key,
manifest, every file's size and SHA-256 — :mod:`contract.releases`), store it whole,
remember its exhibits' names, and assign it. Nothing is kept of a refused file.

The file is copied beside its final place, checked there, then renamed to
``<release id>.zip`` and recorded in one transaction; a failure in between leaves at
most a stray temporary file, never a release the database names without its file.
"""
from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from contract.clock import utcnow
from contract.releases.archive import Limits
from contract.releases.manifest import Manifest
from contract.releases.messages import ReleaseError, human_size
from contract.releases.verify import check_files, open_release

from . import keys
from .contents import ExhibitContent, read_exhibits
from .tables import assignments, release_exhibits, release_folder, releases
from .targets import Target

CHUNK = 1 << 20
TEMP_PREFIX = ".upload-"


class PublishError(Exception):
    """A refusal of the collector's own (:data:`.texts.TEXTS` key and values)."""

    def __init__(self, key: str, **values):
        self.key, self.values = key, values
        super().__init__(key)


@dataclass
class Published:
    manifest: Manifest
    size: int
    sha256: str
    new: bool
    assigned: list[Target]


def release_path(folder: Path, release_id: str) -> Path:
    return folder / f"{release_id}.zip"


def publish(engine: Engine, source: BinaryIO, *, file_name: str, by: str, targets: list[Target] = (),
            limits: Limits = Limits(), folder: Path | None = None) -> Published:
    """Check ``source`` (an open binary file), store it and assign it to ``targets``.
    Raises :class:`ReleaseError` (the file) or :class:`PublishError` (the collector)."""
    folder = folder or release_folder(engine)
    temp = folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}.zip"
    try:
        size, sha256 = _copy(source, temp, limits)
        with open_release(temp, keys.trusted(engine), limits=limits, app_version=None) as release:
            check_files(release)
            manifest = release.manifest
            exhibits = read_exhibits(release)
        with engine.connect() as conn:
            known = conn.execute(select(releases.c.file_sha256).where(
                releases.c.release_id == manifest.release_id)).scalar()
        if known is not None and known != sha256:
            raise PublishError("conflict", release_id=manifest.release_id)
        target_path = release_path(folder, manifest.release_id)
        new = known is None
        if new:
            os.replace(temp, target_path)
        try:
            with engine.begin() as conn:
                if new:
                    _record(conn, manifest, exhibits, size, sha256, file_name, by)
                assign(conn, manifest.release_id, targets, by)
        except BaseException:
            if new and not _recorded(engine, manifest.release_id):  # (another upload of it may have won)
                target_path.unlink(missing_ok=True)
            raise
        return Published(manifest, size, sha256, new, list(targets))
    finally:
        temp.unlink(missing_ok=True)


def _recorded(engine: Engine, release_id: str) -> bool:
    try:
        with engine.connect() as conn:
            return conn.execute(select(releases.c.release_id).where(releases.c.release_id == release_id)).first() \
                is not None
    except Exception:  # noqa: BLE001 - the database failing is why we are here: keep the file
        return True


def _copy(source: BinaryIO, temp: Path, limits: Limits) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as out:
        while chunk := source.read(CHUNK):
            size += len(chunk)
            if size > limits.max_bytes:
                raise ReleaseError("file.too_big", size=f"> {human_size(limits.max_bytes)}",
                                   limit=human_size(limits.max_bytes))
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return size, digest.hexdigest()


def _record(conn, manifest: Manifest, exhibits: list[ExhibitContent], size: int, sha256: str, file_name: str,
            by: str) -> None:
    check = manifest.check
    conn.execute(insert(releases).values(
        release_id=manifest.release_id, version=manifest.content_version,
        created_at=manifest.created_at.replace(tzinfo=None), key_id=manifest.key_id,
        content_fingerprint=check.content_fingerprint, min_app_version=manifest.min_app_version,
        exhibits=check.exhibits, warnings=check.warnings, file_size=size, file_sha256=sha256,
        file_name=(file_name or "release.zip")[:255], published_at=utcnow(), published_by=by[:64]))
    if exhibits:
        conn.execute(insert(release_exhibits), [
            {"release_id": manifest.release_id, "exhibit_id": e.exhibit_id, "exhibit_type": e.exhibit_type,
             "path": e.path, "content_version": e.content_version, "title": e.title, "texts": e.texts}
            for e in exhibits])


def assign(conn, release_id: str, targets: list[Target], by: str) -> None:
    """Give the release to these kiosks (the latest assignment covering a kiosk wins)."""
    if conn.execute(select(releases.c.release_id).where(releases.c.release_id == release_id)).first() is None:
        raise PublishError("unknown_release", release_id=release_id)
    now = utcnow()
    for target in targets:
        conn.execute(insert(assignments).values(release_id=release_id, target_kind=target.kind,
                                                target=target.value, assigned_at=now, assigned_by=by[:64]))


def remove_stray_uploads(folder: Path, older_than_s: float = 6 * 3600) -> None:
    """Temporary copies a crash left behind (when the collector starts; an upload under
    way elsewhere is younger than that)."""
    import time

    for path in folder.glob(TEMP_PREFIX + "*"):
        try:
            if time.time() - path.stat().st_mtime > older_than_s:
                path.unlink()
        except OSError:
            continue
