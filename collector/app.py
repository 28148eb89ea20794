"""The collector's HTTP API (FastAPI; its OpenAPI description is at ``/openapi.json``).

``POST /api/v1/events`` takes a kiosk's batch (``application/json``, gzip allowed) with
its token as a Bearer credential. The batch is checked whole — media type, size (as sent
and once decompressed: :mod:`collector.request_body`), JSON, the envelope, each event's
data against its kind in the event catalogue — before one transaction writes it, so a
refused batch writes nothing. Kinds this collector does not know (a newer kiosk's) are
kept. The answer lists accepted and already-known ids: the kiosk marks exactly those
as sent.
"""
from __future__ import annotations

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool

from collector import openapi
from collector.catalogue import batch_problem
from collector.dashboard import mount as mount_dashboard
from collector.ingest import ingest
from collector.kiosks import kiosk_for_token
from collector.request_body import check_media_type, read_body
from collector.releases.api import mount as mount_release_api
from contract.limits import MAX_EVENTS
from contract.wire import EVENTS_PATH, Ack, Batch
from kiosk import __version__

BUSY_RETRY_AFTER_S = 5


def _validation_message(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "batch"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"invalid batch, nothing written: {where}: {first['msg']}{more}"


def create_app(engine: Engine) -> FastAPI:
    app = FastAPI(
        title="Urssaf AI exhibition — statistics collector",
        version=__version__,
        description="Receives kiosks' anonymous visit events, exactly once per event id.",
    )
    app.state.engine = engine

    @app.exception_handler(OperationalError)
    async def busy(request: Request, exc: OperationalError):
        # The database is locked or unreachable: the kiosk keeps its events and retries.
        return JSONResponse({"detail": "database busy or unavailable, retry later"}, status_code=503,
                            headers={"Retry-After": str(BUSY_RETRY_AFTER_S)})

    @app.get("/api/v1/health", summary="Liveness check")
    def health() -> dict:
        return {"status": "ok", "version": __version__}

    @app.post(EVENTS_PATH, response_model=Ack, summary="Send a batch of a kiosk's events")
    async def post_events(request: Request) -> Ack:
        auth = request.headers.get("authorization", "")
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise HTTPException(401, "missing kiosk token (Authorization: Bearer TOKEN)",
                                headers={"WWW-Authenticate": "Bearer"})
        kiosk_id = await run_in_threadpool(kiosk_for_token, engine, token.strip())
        if kiosk_id is None:
            raise HTTPException(401, "unknown kiosk token", headers={"WWW-Authenticate": "Bearer"})
        check_media_type(request)
        body = await read_body(request)
        try:
            batch = Batch.model_validate_json(body)
        except ValidationError as exc:
            invalid = [e for e in exc.errors() if e["type"] == "json_invalid"]
            if invalid:
                raise HTTPException(400, f"body is not valid JSON, nothing written: {invalid[0]['msg']}") from None
            raise HTTPException(422, _validation_message(exc)) from None
        if batch.kiosk_id != kiosk_id:
            raise HTTPException(403, f"this token belongs to kiosk {kiosk_id}, not {batch.kiosk_id}")
        problem = batch_problem(batch)
        if problem:
            raise HTTPException(422, f"invalid batch, nothing written: {problem}")
        result = await run_in_threadpool(ingest, engine, batch, source="http")
        return Ack(accepted=result.accepted, known=result.known,
                   received_at=result.received_at.isoformat() + "Z")

    mount_release_api(app, engine)
    openapi.describe(app)
    mount_dashboard(app, engine)
    return app


def app_from_env() -> FastAPI:
    """For ``uvicorn --factory collector.app:app_from_env`` (KIOSK_COLLECTOR_DB)."""
    import os

    from collector.db import connect

    return create_app(connect(os.environ["KIOSK_COLLECTOR_DB"]))
