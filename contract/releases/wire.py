"""What a kiosk asks the collector about releases: the release assigned to it, and the
file's address. The file itself is downloaded with HTTP ranges, so a cut download
resumes where it stopped; its size and SHA-256 are given here so the kiosk knows when
it is whole before it verifies the signature."""
from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from .manifest import RELEASE_ID_PATTERN

ASSIGNMENT_PATH = "/api/v1/release"
FILE_PATH = "/api/v1/releases/{release_id}/file"


class AssignedRelease(BaseModel):
    release_id: str = Field(pattern=RELEASE_ID_PATTERN, description="the release's unique id")
    version: str = Field(max_length=200, description="its human version (exhibition.yaml's `version`)")
    created_at: datetime = Field(description="when the organisers built it (their clock; releases are ordered by it)")
    size: int = Field(ge=0, description="size of the release file, bytes")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the release file")
    url: str = Field(description="path of the file on the collector (GET, with Range to resume)")


class Assignment(BaseModel):
    release: AssignedRelease | None = Field(
        description="the release this kiosk should show; null: none assigned (keep what it shows)")


def file_path(release_id: str) -> str:
    return FILE_PATH.format(release_id=release_id)
