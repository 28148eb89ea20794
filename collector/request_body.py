"""Reading a batch's body within the limits both ends agree on (:mod:`contract.limits`).

Checked in the order that costs least: the media type (JSON only), the size as sent
(the declared length, then the bytes as they arrive), the encoding (gzip or none), the
size once decompressed — inflating stops at the limit, so a "gzip bomb" or a 31 MB
string costs a few MB and a few milliseconds. Every refusal is an
:class:`~fastapi.HTTPException` with a message saying what to send instead; nothing
is written.
"""
from __future__ import annotations

import zlib

from fastapi import HTTPException, Request
from starlette.requests import ClientDisconnect

from contract.limits import MAX_BATCH_BODY_BYTES, MAX_BATCH_JSON_BYTES

#: what a client may say in Content-Type (a charset other than UTF-8 is not JSON)
JSON_MEDIA_TYPE = "application/json"
ENCODINGS = ("gzip", "identity")
_INFLATE_STEP = 1 << 20


def check_media_type(request: Request) -> None:
    """415 unless the body is declared as JSON (``application/json``, UTF-8)."""
    declared = request.headers.get("content-type")
    if declared is None or not declared.strip():
        raise HTTPException(415, "no Content-Type: send the batch as application/json "
                                 "(Content-Encoding: gzip allowed), nothing written")
    media, _, params = declared.partition(";")
    charset = ""
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    if media.strip().lower() != JSON_MEDIA_TYPE or charset not in ("", "utf-8", "utf8"):
        raise HTTPException(415, f"unsupported Content-Type {_clip(declared)!r}: send the batch as "
                                 f"{JSON_MEDIA_TYPE} (UTF-8; Content-Encoding: gzip allowed), nothing written")


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _too_large(what: str, limit: int) -> HTTPException:
    return HTTPException(413, f"batch too large{what} (over {limit} bytes), nothing written: send fewer events")


async def read_body(request: Request) -> bytes:
    """The batch's JSON bytes, decompressed, or an HTTPException (400, 413, 415)."""
    encoding = request.headers.get("content-encoding", "identity").strip().lower() or "identity"
    if encoding not in ENCODINGS:
        raise HTTPException(415, f"unsupported Content-Encoding {_clip(encoding)!r} (use gzip, or none)")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BATCH_BODY_BYTES:
        raise _too_large("", MAX_BATCH_BODY_BYTES)
    inflater = zlib.decompressobj(wbits=31) if encoding == "gzip" else None
    chunks: list[bytes] = []
    received = size = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > MAX_BATCH_BODY_BYTES:
                raise _too_large("", MAX_BATCH_BODY_BYTES)
            if inflater is None:
                chunks.append(chunk)
                continue
            # Inflate as it arrives, a bounded step at a time: never more than the limit held.
            data = chunk
            while not inflater.eof:
                try:
                    out = inflater.decompress(data, _INFLATE_STEP)
                except zlib.error:
                    raise HTTPException(400, "body is not valid gzip, nothing written") from None
                size += len(out)
                if size > MAX_BATCH_JSON_BYTES:
                    raise _too_large(" once decompressed", MAX_BATCH_JSON_BYTES)
                chunks.append(out)
                data = inflater.unconsumed_tail
                if not data and len(out) < _INFLATE_STEP:  # a full step may leave output inside zlib
                    break
    except ClientDisconnect:
        # The connection broke mid-request: nothing is written, the kiosk will resend.
        raise HTTPException(400, "request cut off, nothing written") from None
    if inflater is not None and not inflater.eof:
        raise HTTPException(400, "truncated gzip body, nothing written")
    return b"".join(chunks)
