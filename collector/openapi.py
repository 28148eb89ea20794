"""The collector's OpenAPI description, complete enough for a generated client (or
schemathesis) to send a batch the server takes: every schema the body refers to, the
bounds and limits the server enforces (:mod:`contract.limits`), the kiosk token as a
bearer security scheme, and each refusal with its status.
"""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from contract.limits import (MAX_BATCH_BODY_BYTES, MAX_BATCH_JSON_BYTES, MAX_DATA_TEXT, MAX_EVENT_DATA_BYTES,
                             MAX_EVENTS, MAX_HEALTH_BYTES)
from contract.wire import EVENTS_PATH, Batch

SECURITY_SCHEME = "kioskToken"
_REF = "#/components/schemas/{model}"
_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
_ERROR_SCHEMA = {"type": "object", "title": "Error", "required": ["detail"],
                 "properties": {"detail": {"type": "string", "description": "what was refused, in one sentence"}}}

LIMITS_TEXT = (
    f"Limits: at most {MAX_EVENTS} events per batch, each event id once; {MAX_BATCH_BODY_BYTES} bytes as sent, "
    f"{MAX_BATCH_JSON_BYTES} bytes once decompressed; an event's `data` at most {MAX_EVENT_DATA_BYTES} bytes "
    f"(compact UTF-8 JSON), any text in it at most {MAX_DATA_TEXT} characters; the health report at most "
    f"{MAX_HEALTH_BYTES} bytes. Times are seconds since 1970, between 0 and 10^10 (exclusive). "
    "Numbers must be finite, integers within ±2^53."
)

ERRORS = {
    "400": "malformed body (not JSON, not valid gzip, cut off): nothing written",
    "401": "missing or unknown kiosk token",
    "403": "the batch names another kiosk than the token's",
    "413": "batch too large, as sent or once decompressed: nothing written, send fewer events",
    "415": "Content-Type is not application/json, or Content-Encoding is neither gzip nor identity",
    "422": "an invalid event or envelope (named in `detail`): the whole batch is refused, nothing written",
    "503": "database busy: retry after Retry-After seconds",
}


def _events_operation(operation: dict[str, Any]) -> None:
    operation["security"] = [{SECURITY_SCHEME: []}]
    operation["description"] = (
        "The batch is checked whole (envelope, limits, each known kind's data against the event catalogue) "
        "before one transaction writes it: a refused batch writes nothing. The answer lists the ids written "
        "and those already known; the kiosk marks exactly those as sent. " + LIMITS_TEXT)
    operation["requestBody"] = {
        "required": True,
        "description": ("The batch as JSON (UTF-8), sent as it is or gzip-compressed with the header "
                        f"`Content-Encoding: gzip` (what kiosks do). {LIMITS_TEXT}"),
        "content": {"application/json": {"schema": {"$ref": _REF.format(model="Batch")}}},
    }
    responses = operation.setdefault("responses", {})
    for status, text in ERRORS.items():
        responses[status] = {"description": text, "content": _ERROR}
    responses["401"]["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
    responses["503"]["headers"] = {"Retry-After": {"schema": {"type": "string"}}}


def build(app: FastAPI) -> dict[str, Any]:
    spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    batch = Batch.model_json_schema(ref_template=_REF)
    schemas.update(batch.pop("$defs", {}))
    schemas["Batch"] = batch
    schemas["Error"] = _ERROR_SCHEMA
    spec["components"]["securitySchemes"] = {SECURITY_SCHEME: {
        "type": "http", "scheme": "bearer",
        "description": "the kiosk's token, from `launch.py collector add-kiosk ID`"}}
    _events_operation(spec["paths"][EVENTS_PATH]["post"])
    return spec


def describe(app: FastAPI) -> None:
    """Serve :func:`build`'s description at ``/openapi.json`` (computed once)."""
    cached: dict[str, Any] = {}

    def openapi() -> dict[str, Any]:
        if not cached:
            cached.update(build(app))
        return cached

    app.openapi = openapi
