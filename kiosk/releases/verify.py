"""Checking a release before anything in it is used, on the kiosk.

The file, its signature, manifest and entries are checked by the contract
(:mod:`contract.releases.verify`, shared with the collector); here each file is
written out only through a size cap and a SHA-256 check, the written copy goes
through the same ``check`` as the kiosk, and an installed release is checked whole.
"""
from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path
from typing import Callable

import kiosk
from contract.releases.archive import CONTENT_PREFIX, MANIFEST_NAME, SIGNATURE_NAME, Limits
from contract.releases.keys import TrustedKeys
from contract.releases.manifest import Manifest
from contract.releases.verify import SignedRelease, signer_of
from contract.releases.verify import open_release as _open_release

from .durable import fsync_dir
from .messages import ReleaseError, say

__all__ = ["CONTENT_FOLDER", "MANIFEST_NAME", "SignedRelease", "check_content", "extract", "open_release",
           "signer_of", "verify_installed"]

CONTENT_FOLDER = "exhibits"  # inside an extracted release: <release>/exhibits/
Progress = Callable[[str], None]


def open_release(path: Path, trusted: TrustedKeys, *, limits: Limits = Limits(),
                 app_version: str = kiosk.__version__) -> SignedRelease:
    """The contract's check, for the software running here."""
    return _open_release(path, trusted, limits=limits, app_version=app_version)


def extract(release: SignedRelease, dest: Path, progress: Progress | None = None) -> Path:
    """Write the release into ``dest`` (an empty folder this process made), each file
    checked against its size and SHA-256 and flushed to disk; returns the content folder.
    Disk errors (a full disk) come out as ``OSError``."""
    content_root = Path(dest) / CONTENT_FOLDER
    content_root.mkdir()
    folders = {Path(dest), content_root}
    for entry in release.manifest.files:
        target = content_root.joinpath(*entry.path.split("/"))
        for parent in reversed(target.relative_to(content_root).parents[:-1]):
            folder = content_root / parent
            if folder not in folders:
                _mkdir_exclusive(folder)
                folders.add(folder)
        _extract_one(release, entry.path, entry.size, entry.sha256, target)
        if progress:
            progress("extracting")
    _write_new(Path(dest) / MANIFEST_NAME, release.manifest_bytes)
    _write_new(Path(dest) / SIGNATURE_NAME, base64.b64encode(release.signature) + b"\n")
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        fsync_dir(folder)
    return content_root


def _mkdir_exclusive(folder: Path) -> None:
    try:
        folder.mkdir()
    except FileExistsError:
        raise ReleaseError("manifest.invalid", detail=say("detail.file_and_folder", name=folder.name)) from None


def _open_new(target: Path):
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except FileExistsError:
        raise ReleaseError("manifest.invalid", detail=say("detail.two_files", name=target.name)) from None
    return os.fdopen(fd, "wb")


def _extract_one(release: SignedRelease, path: str, size: int, sha256: str, target: Path) -> None:
    digest = hashlib.sha256()
    with _open_new(target) as out:
        def write(chunk: bytes) -> None:
            digest.update(chunk)
            out.write(chunk)

        written = release.archive.stream(CONTENT_PREFIX + path, size, write)
        out.flush()
        os.fsync(out.fileno())
    if written != size or digest.hexdigest() != sha256:
        raise ReleaseError("file.mismatch", path=path)


def _write_new(target: Path, data: bytes) -> None:
    with _open_new(target) as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def check_content(content_root: Path):
    """The same check as ``launch.py check`` and the running kiosk; refuses on any error."""
    from kiosk.content.loader import load_content

    content = load_content(content_root)
    if content.errors:
        raise ReleaseError("check.failed", count=len(content.errors), first=content.errors[0])
    return content


def verify_installed(release_dir: Path) -> Manifest:
    """An installed release is whole: its manifest reads, every listed file has its size
    and SHA-256, and nothing else is there. (Trust was decided when it was installed:
    a key later removed from the config does not take the content shown away.)"""
    release_dir = Path(release_dir)
    try:
        manifest = Manifest.from_bytes((release_dir / MANIFEST_NAME).read_bytes())
    except OSError as exc:
        raise ReleaseError("store.damaged_installed", detail=f"{MANIFEST_NAME}: {exc.strerror or exc}") from None
    except ReleaseError as exc:
        raise ReleaseError("store.damaged_installed", detail=exc) from None
    content_root = release_dir / CONTENT_FOLDER
    listed = {f.path: f for f in manifest.files}
    found: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(content_root):
        for name in dirnames + filenames:
            full = Path(dirpath) / name
            if full.is_symlink() or not (full.is_dir() or full.is_file()):
                raise ReleaseError("store.damaged_installed", detail=say("detail.not_a_file", path=full.relative_to(content_root)))
        for name in filenames:
            found.add((Path(dirpath) / name).relative_to(content_root).as_posix())
    if not content_root.is_dir():
        raise ReleaseError("store.damaged_installed", detail=say("detail.content_missing", folder=CONTENT_FOLDER))
    for path in sorted(found ^ listed.keys()):
        raise ReleaseError("store.damaged_installed", detail=say("detail.missing" if path in listed else "detail.unexpected", path=path))
    for path, entry in listed.items():
        digest = hashlib.sha256()
        size = 0
        try:
            with open(content_root / path, "rb") as fh:
                while chunk := fh.read(1 << 16):
                    size += len(chunk)
                    digest.update(chunk)
        except OSError as exc:
            raise ReleaseError("store.damaged_installed", detail=f"{path}: {exc.strerror or exc}") from None
        if size != entry.size or digest.hexdigest() != entry.sha256:
            raise ReleaseError("store.damaged_installed", detail=say("detail.changed", path=path))
    return manifest
