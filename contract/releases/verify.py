"""Checking a release file before anything in it is used.

In order: the file's structure (:mod:`.archive`), the signature over the manifest's
exact bytes by a trusted key, the manifest itself, the list of entries against the
manifest, the app version (a kiosk's; the collector, which shows nothing, passes
None). Each file is then read only through a size cap and checked against its
SHA-256 — written out by the kiosk (its ``extract``), or only hashed by the collector
(:func:`check_files`).
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .archive import CONTENT_PREFIX, MANIFEST_NAME, SIGNATURE_NAME, Limits, ReleaseArchive
from .keys import PublicKey, TrustedKeys
from .manifest import Manifest
from .messages import ReleaseError, human_size, say


@dataclass
class SignedRelease:
    """A release file whose signature, manifest and list of entries are verified; its
    files are verified as they are read."""

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
                 app_version: str | None) -> SignedRelease:
    """``app_version``: the software that would show it (refused if too old); None: do not ask."""
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
        if app_version is not None and not manifest.supported_by(app_version):
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


def read_file(release: SignedRelease, path: str) -> bytes:
    """One content file, in memory, checked against its size and SHA-256 (small files only)."""
    entry = next((f for f in release.manifest.files if f.path == path), None)
    if entry is None:
        raise ReleaseError("file.missing_entry", path=path)
    parts: list[bytes] = []
    digest = hashlib.sha256()

    def keep(chunk: bytes) -> None:
        digest.update(chunk)
        parts.append(chunk)

    size = release.archive.stream(CONTENT_PREFIX + path, entry.size, keep)
    if size != entry.size or digest.hexdigest() != entry.sha256:
        raise ReleaseError("file.mismatch", path=path)
    return b"".join(parts)


def check_files(release: SignedRelease) -> None:
    """Every content file has the size and SHA-256 its signed manifest gives (nothing is
    written): what the collector checks before it distributes a release."""
    for entry in release.manifest.files:
        digest = hashlib.sha256()
        size = release.archive.stream(CONTENT_PREFIX + entry.path, entry.size, digest.update)
        if size != entry.size or digest.hexdigest() != entry.sha256:
            raise ReleaseError("file.mismatch", path=entry.path)
