"""The manifest: what a release holds and vouches for, signed as exact bytes.

It names the release (the human ``version`` of ``exhibition.yaml`` plus a unique
release id), lists every file with its size and SHA-256, summarises what ``check``
found, and says the lowest kiosk software that can show it. Times are informative or
compare two manifests: acceptance never reads the kiosk's own clock.
"""
from __future__ import annotations

import json
import re
import secrets
from datetime import datetime, timezone
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from .messages import ReleaseError, Said, say

#: the manifest layout this code writes and reads; a higher number is a newer kiosk's release
FORMAT = 1
RELEASE_ID_PATTERN = r"^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$"
MAX_PATH_BYTES = 1024
MAX_NAME_BYTES = 255
MAX_DEPTH = 16


def unsafe_path_reason(path: str) -> Said | None:
    """Why ``path`` may not name a file of a release (None: it may). Paths are relative,
    ``/``-separated, without ``.``/``..``, backslashes or control characters."""
    if not path:
        return say("detail.empty_name")
    if len(path.encode("utf-8", "surrogatepass")) > MAX_PATH_BYTES:
        return say("detail.name_too_long")
    if any(ord(c) < 32 or ord(c) == 127 for c in path):
        return say("detail.control_character")
    if "\\" in path:
        return say("detail.backslash")
    if path.startswith("/"):
        return say("detail.absolute_path")
    parts = path.split("/")
    if len(parts) > MAX_DEPTH:
        return say("detail.too_deep")
    for part in parts:
        if part in ("", ".", ".."):
            return say("detail.dot_name")
        if len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
            return say("detail.name_too_long")
    return None


def _safe_path(value: str) -> str:
    reason = unsafe_path_reason(value)
    if reason:
        raise ValueError(f"'{value}': {reason}")
    return value


def _app_version(value: str) -> str:
    from packaging.version import InvalidVersion, Version

    try:
        Version(value)
    except InvalidVersion:
        raise ValueError(f"'{value}' is not a version number") from None
    return value


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("the time must say its time zone")
    return value.astimezone(timezone.utc)


class _Model(BaseModel):
    # fields added by a later format are ignored: the signature covers them anyway,
    # and min_app_version keeps a release away from kiosks that cannot show it
    model_config = ConfigDict(extra="ignore", frozen=True)


class FileEntry(_Model):
    path: Annotated[str, AfterValidator(_safe_path)]
    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class ExhibitFile(_Model):
    """One exhibit of the release: where its file is, its type, and the content version
    its events carry (what links the statistics to the release that produced them)."""

    path: Annotated[str, AfterValidator(_safe_path)]
    type: str = Field(max_length=64)
    version: str = Field(max_length=64)


class CheckSummary(_Model):
    """What ``check`` said about the content when the release was built."""

    exhibits: int = Field(ge=0)
    disabled: int = Field(0, ge=0)
    warnings: int = Field(0, ge=0)
    errors: int = Field(0, ge=0, le=0)
    exhibit_ids: list[str] = Field(default_factory=list)
    content_fingerprint: str = Field("", description="The content version the health report carries (loader's)")
    #: exhibit id -> its file; empty in releases built before it was added
    exhibit_files: dict[str, ExhibitFile] = Field(default_factory=dict)


class Manifest(_Model):
    format: int = Field(ge=1)
    release_id: str = Field(pattern=RELEASE_ID_PATTERN)
    content_version: str = Field(max_length=200)
    created_at: Annotated[datetime, AfterValidator(_utc)]
    min_app_version: Annotated[str, AfterValidator(_app_version)]
    key_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    check: CheckSummary
    files: list[FileEntry]

    # --- reading and writing ----------------------------------------------------------
    @classmethod
    def from_bytes(cls, data: bytes) -> "Manifest":
        try:
            raw = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ReleaseError("manifest.invalid", detail=say("detail.not_json", error=exc)) from None
        if not isinstance(raw, dict):
            raise ReleaseError("manifest.invalid", detail=say("detail.not_json_object"))
        fmt = raw.get("format")
        if isinstance(fmt, int) and fmt > FORMAT:
            raise ReleaseError("manifest.newer_format", format=fmt)
        try:
            manifest = cls.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise ReleaseError("manifest.invalid", detail=f"{where}: {first['msg']}") from None
        paths = [f.path for f in manifest.files]
        if len(set(paths)) != len(paths):
            raise ReleaseError("manifest.invalid", detail=say("detail.listed_twice"))
        return manifest

    def to_bytes(self) -> bytes:
        data = self.model_dump(mode="json")
        return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8") + b"\n"

    # --- what it says ---------------------------------------------------------------------
    @property
    def total_size(self) -> int:
        return sum(f.size for f in self.files)

    @property
    def created_text(self) -> str:
        return self.created_at.strftime("%Y-%m-%d %H:%M UTC")

    def sort_key(self) -> tuple:
        """Releases are ordered by when they were built (on the organisers' computer)."""
        return (self.created_at, self.release_id)

    def is_older_than(self, other: "Manifest") -> bool:
        return self.created_at < other.created_at  # built in the same second: not older

    def supported_by(self, app_version: str) -> bool:
        from packaging.version import Version

        return Version(app_version) >= Version(self.min_app_version)


def new_release_id(created_at: datetime) -> str:
    """Unique, readable in a folder listing, and safe as a folder name."""
    return created_at.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(4)


def is_release_id(value: str) -> bool:
    return bool(re.match(RELEASE_ID_PATTERN, value or ""))
