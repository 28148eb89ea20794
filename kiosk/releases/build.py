"""Building a release on the organisers' computer: snapshot, check, sign, write.

The content folder is first copied to a private snapshot, so the files checked are
exactly the files signed and packed even if someone saves a file meanwhile. Nothing
is written at the destination unless everything succeeded, and then in one rename.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import kiosk
from contract.releases.archive import Limits, write_archive
from contract.releases.keys import SigningKey
from contract.releases.manifest import (FORMAT, CheckSummary, ExhibitFile, FileEntry, Manifest, new_release_id,
                                       unsafe_path_reason)

from .durable import fsync_dir
from .messages import ReleaseError, human_size

#: left out of releases: system and editor litter, never content
IGNORED_NAMES = {"Thumbs.db", "desktop.ini", "__pycache__"}
_ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=timezone.utc)


def _ignored(name: str) -> bool:
    return name.startswith(".") or name.endswith("~") or name in IGNORED_NAMES


class ContentErrors(ReleaseError):
    """The content does not pass ``check``: its diagnostics say where."""

    def __init__(self, content):
        self.content = content
        super().__init__("build.content_errors", count=len(content.errors))


@dataclass
class BuiltRelease:
    manifest: Manifest
    path: Path
    size: int
    content: object  # kiosk.content.loader.Content of the snapshot (diagnostics relocated)


def build_release(content_dir: Path, key: SigningKey, out: Path, *,
                  clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
                  app_version: str = kiosk.__version__, limits: Limits = Limits()) -> BuiltRelease:
    from kiosk.content.loader import load_content

    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        raise ReleaseError("build.not_a_folder", path=content_dir)
    with tempfile.TemporaryDirectory(prefix="release-") as tmp:
        snapshot = Path(tmp) / "exhibits"
        files = _snapshot(content_dir, snapshot, limits)
        content = load_content(snapshot)
        content.diagnostics = [_relocate(d, snapshot, content_dir) for d in content.diagnostics]
        if content.errors:
            raise ContentErrors(content)
        created_at = clock().astimezone(timezone.utc).replace(microsecond=0)
        manifest = Manifest(
            format=FORMAT,
            release_id=new_release_id(created_at),
            content_version=content.exhibition.version,
            created_at=created_at,
            min_app_version=app_version,
            key_id=key.public.key_id,
            check=CheckSummary(
                exhibits=len(content.exhibits), disabled=len(content.disabled),
                warnings=len(content.warnings), errors=0,
                exhibit_ids=[e.id for e in content.exhibits + content.disabled],
                content_fingerprint=content.version,
                exhibit_files={e.id: ExhibitFile(path=e.path.relative_to(snapshot).as_posix(),
                                                 type=e.exhibit_type.name, version=e.version)
                               for e in content.exhibits + content.disabled},
            ),
            files=[FileEntry(path=rel, size=size, sha256=digest) for rel, size, digest in files],
        )
        manifest_bytes = manifest.to_bytes()
        signature = key.sign(manifest_bytes)
        date_time = max(created_at, _ZIP_EPOCH).timetuple()[:6]  # ZIP cannot date before 1980
        sources = [(rel, snapshot.joinpath(*rel.split("/"))) for rel, _, _ in files]
        size = _write_file(Path(out), lambda fh: write_archive(fh, manifest_bytes, signature, sources, date_time))
    return BuiltRelease(manifest, Path(out), size, content)


def _snapshot(source: Path, snapshot: Path, limits: Limits) -> list[tuple[str, int, str]]:
    """Copy the content's ordinary files; returns (path, size, sha256) sorted by path."""
    files: list[tuple[str, int, str]] = []
    total = 0
    snapshot.mkdir()
    for dirpath, dirnames, filenames in os.walk(source):
        dirnames[:] = sorted(d for d in dirnames if not _ignored(d))
        here = Path(dirpath)
        for name in sorted(dirnames):
            if (here / name).is_symlink():
                raise ReleaseError("build.link", path=here / name)
            (snapshot / (here / name).relative_to(source)).mkdir()
        for name in sorted(filenames):
            if _ignored(name):
                continue
            path = here / name
            rel = path.relative_to(source).as_posix()
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                raise ReleaseError("build.link", path=path)
            if not stat.S_ISREG(mode):
                raise ReleaseError("build.special_file", path=path)
            why = unsafe_path_reason(rel)
            if why:
                raise ReleaseError("build.bad_name", path=path, detail=why)
            target = snapshot / rel
            digest = hashlib.sha256()
            size = 0
            with open(path, "rb") as src, open(target, "wb") as dst:
                while chunk := src.read(1 << 16):
                    size += len(chunk)
                    digest.update(chunk)
                    dst.write(chunk)
            total += size
            files.append((rel, size, digest.hexdigest()))
            if len(files) > limits.max_files:
                raise ReleaseError("build.too_many_files", count=len(files), limit=limits.max_files)
            if total > limits.max_bytes:
                raise ReleaseError("build.too_big", size=human_size(total), limit=human_size(limits.max_bytes))
    return sorted(files)


def _relocate(diagnostic, snapshot: Path, source: Path):
    """Diagnostics name the organiser's files, not the private snapshot."""
    from kiosk.content.diagnostics import display_path

    old, new = display_path(snapshot), display_path(source)
    said = diagnostic.problem
    values = {k: v.replace(old, new) if isinstance(v, str) else v for k, v in said.values.items()}
    return dataclasses.replace(diagnostic, file=diagnostic.file.replace(old, new, 1),
                               problem=dataclasses.replace(said, values=values))


def _write_file(out: Path, write: Callable) -> int:
    """Write through a temporary file beside ``out``, then rename it into place."""
    folder = out.parent if str(out.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ReleaseError("build.cannot_write", path=out, detail=exc.strerror or exc) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w+b") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
            size = fh.tell()
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
        fsync_dir(folder)
        return size
    except OSError as exc:
        raise ReleaseError("build.cannot_write", path=out, detail=exc.strerror or exc) from None
    finally:
        tmp.unlink(missing_ok=True)

