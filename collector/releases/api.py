"""The kiosks' side of releases on the collector's HTTP API (a kiosk's token as a
Bearer credential, as for ``/api/v1/events``):

- ``GET /api/v1/release`` — the release assigned to this kiosk (asked during each sync);
- ``GET /api/v1/releases/{id}/file`` — the file, with HTTP ``Range`` (and ``If-Range``
  on its ETag, the file's SHA-256) so a cut download resumes where it stopped.

A kiosk may download only the release assigned to it. Both are described in the
OpenAPI document (``/openapi.json``, ``/docs``).
"""
from __future__ import annotations

import re

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse
from sqlalchemy import select
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from collector.kiosks import kiosk_for_token
from contract.releases.manifest import RELEASE_ID_PATTERN
from contract.releases.wire import ASSIGNMENT_PATH, FILE_PATH, AssignedRelease, Assignment, file_path

from .publish import release_path
from .tables import NoReleaseFolder, release_folder, releases
from .targets import assigned_release

UNAUTHORISED = {401: {"description": "missing or unknown kiosk token"}}
RANGE_PARAMETERS = [
    {"name": "Range", "in": "header", "required": False, "schema": {"type": "string"}, "example": "bytes=1048576-",
     "description": "resume a download: the bytes from this offset (one range; RFC 9110)"},
    {"name": "If-Range", "in": "header", "required": False, "schema": {"type": "string"},
     "description": "the ETag received before (the file's SHA-256, quoted): the range is sent only if the file is "
                    "still that one, else the whole file (200)"},
]


def _kiosk_of(engine: Engine, request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(401, "missing kiosk token (Authorization: Bearer TOKEN)",
                            headers={"WWW-Authenticate": "Bearer"})
    kiosk_id = kiosk_for_token(engine, token.strip())
    if kiosk_id is None:
        raise HTTPException(401, "unknown kiosk token", headers={"WWW-Authenticate": "Bearer"})
    return kiosk_id


def make_router(engine: Engine) -> APIRouter:
    router = APIRouter()

    def assignment_of(request: Request) -> Assignment:
        kiosk_id = _kiosk_of(engine, request)
        with engine.connect() as conn:
            row = assigned_release(conn, kiosk_id)
        if row is None:
            return Assignment(release=None)
        return Assignment(release=AssignedRelease(
            release_id=row.release_id, version=row.version, created_at=row.created_at.isoformat() + "Z",
            size=row.file_size, sha256=row.file_sha256, url=file_path(row.release_id)))

    @router.get(ASSIGNMENT_PATH, response_model=Assignment, tags=["releases"],
                summary="The content release assigned to this kiosk",
                description="Asked by the kiosk during each sync. The latest assignment covering the kiosk (all "
                            "kiosks, its département, its site, or itself) wins; null when none is. The kiosk "
                            "downloads the file if it does not show it yet, then verifies the signature with its "
                            "own trusted keys before installing it.",
                responses=UNAUTHORISED)
    async def assignment(request: Request) -> Assignment:
        return await run_in_threadpool(assignment_of, request)

    def file_of(request: Request, release_id: str):
        kiosk_id = _kiosk_of(engine, request)
        with engine.connect() as conn:
            row = assigned_release(conn, kiosk_id)
            known = conn.execute(select(releases.c.release_id).where(releases.c.release_id == release_id)).first()
        if known is None:
            raise HTTPException(404, f"no release {release_id}")
        if row is None or row.release_id != release_id:
            raise HTTPException(404, f"release {release_id} is not assigned to kiosk {kiosk_id}")
        try:
            path = release_path(release_folder(engine), release_id)
        except NoReleaseFolder as exc:
            raise HTTPException(503, str(exc)) from None
        if not path.is_file():
            raise HTTPException(503, f"the file of release {release_id} is missing on the collector")
        return FileResponse(path, media_type="application/zip", filename=f"{release_id}.zip",
                            headers={"ETag": f'"{row.file_sha256}"', "Cache-Control": "no-cache"})

    @router.get(FILE_PATH, tags=["releases"], summary="Download a release file (resumable)",
                description="The release file assigned to this kiosk. Supports `Range` (one range) so an "
                            "interrupted download resumes: ask `bytes=N-` for what is missing; `If-Range` with the "
                            "ETag makes sure the two parts are of the same file. The kiosk checks the size and "
                            "SHA-256 the assignment gave, then the signature.",
                responses={**UNAUTHORISED,
                           200: {"description": "the whole file", "content": {"application/zip": {}}},
                           206: {"description": "the range asked for (Content-Range says which)",
                                 "content": {"application/zip": {}}},
                           404: {"description": "unknown release, or not assigned to this kiosk"},
                           416: {"description": "the range starts past the end of the file"},
                           503: {"description": "the file is missing on the collector"}},
                openapi_extra={"parameters": RANGE_PARAMETERS})
    async def release_file(request: Request, release_id: str):
        if not _matches(release_id):
            raise HTTPException(404, "not a release id")
        return await run_in_threadpool(file_of, request, release_id)

    return router


def _matches(release_id: str) -> bool:
    return bool(re.fullmatch(RELEASE_ID_PATTERN.strip("^$"), release_id))


def mount(app, engine: Engine) -> None:
    """Add the kiosks' release API to the collector's app (creates the tables if missing)."""
    from .publish import remove_stray_uploads
    from .tables import ensure_schema

    ensure_schema(engine)
    try:
        remove_stray_uploads(release_folder(engine))
    except (NoReleaseFolder, OSError):
        pass  # said when a release is published or downloaded
    app.include_router(make_router(engine))
