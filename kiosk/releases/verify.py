"""Checking a release before anything in it is used.

In order: the file's structure (:mod:`.archive`), the signature over the manifest's
exact bytes by a trusted key, the manifest itself, the list of entries against the
manifest, the app version; then each file is written out only through a size cap and
a SHA-256 check, and the written copy goes through the same ``check`` as the kiosk.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import kiosk

from .archive import CONTENT_PREFIX, MANIFEST_NAME, SIGNATURE_NAME, Limits, ReleaseArchive
from .durable import fsync_dir
from .keys import PublicKey, TrustedKeys
from .manifest import Manifest
from .messages import ReleaseError, human_size, say

CONTENT_FOLDER = "exhibits"  # inside an extracted release: <release>/exhibits/
Progress = Callable[[str], None]


@dataclass
class SignedRelease:
    """A release file whose signature, manifest and list of entries are verified; its
    files are verified as they are extracted."""

    archive: ReleaseArchive
    manifest: Manifest
    manifest_bytes: bytes
    signature: bytes
    signer: PublicKey

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> "SignedRelease":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def open_release(path: Path, trusted: TrustedKeys, *, limits: Limits = Limits(),
                 app_version: str = kiosk.__version__) -> SignedRelease:
    archive = ReleaseArchive(path, limits)
    try:
        if not (archive.has(MANIFEST_NAME) and archive.has(SIGNATURE_NAME)):
            raise ReleaseError("file.not_release")
        manifest_bytes = archive.read_small(MANIFEST_NAME, limits.max_manifest_bytes)
        signature = archive.read_signature()
        signer = signer_of(manifest_bytes, signature, trusted)
        manifest = Manifest.from_bytes(manifest_bytes)  # signed: now worth reading
        if manifest.key_id != signer.key_id:
            raise ReleaseError("manifest.invalid", detail=say("detail.key_id_mismatch"))
        _match_entries(archive, manifest, limits)
        if not manifest.supported_by(app_version):
            raise ReleaseError("manifest.app_too_old", needed=manifest.min_app_version, running=app_version)
        return SignedRelease(archive, manifest, manifest_bytes, signature, signer)
    except BaseException:
        archive.close()
        raise


def signer_of(manifest_bytes: bytes, signature: bytes, trusted: TrustedKeys) -> PublicKey:
    if not trusted:
        raise ReleaseError("sig.no_trusted_keys")
    key = trusted.signer_of(manifest_bytes, signature)
    if key is not None:
        return key
    # Not signed by a trusted key: the (unverified) key id only chooses the message.
    try:
        key_id = json.loads(manifest_bytes.decode("utf-8")).get("key_id")
    except (UnicodeDecodeError, ValueError, AttributeError):
        key_id = None
    if isinstance(key_id, str) and re.fullmatch(r"[0-9a-f]{16}", key_id) and key_id not in trusted.by_id:
        raise ReleaseError("sig.unknown_key", key_id=key_id, trusted=", ".join(trusted.ids()))
    raise ReleaseError("sig.invalid")


def _match_entries(archive: ReleaseArchive, manifest: Manifest, limits: Limits) -> None:
    if len(manifest.files) > limits.max_files:
        raise ReleaseError("file.too_many_files", count=len(manifest.files), limit=limits.max_files)
    if manifest.total_size > limits.max_bytes:
        raise ReleaseError("file.too_big", size=human_size(manifest.total_size),
                           limit=human_size(limits.max_bytes))
    entries = archive.content_entries()
    listed = {f.path: f for f in manifest.files}
    for path in sorted(entries.keys() - listed.keys()):
        raise ReleaseError("file.extra_entry", path=path)
    for path in sorted(listed.keys() - entries.keys()):
        raise ReleaseError("file.missing_entry", path=path)
    for path, entry in listed.items():
        if entries[path].file_size != entry.size:
            raise ReleaseError("file.mismatch", path=path)


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
