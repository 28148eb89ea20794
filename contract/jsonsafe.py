"""The one rule set for what an event may carry, applied at both ends.

Event data (and a kiosk's health report) is JSON that every database takes: strings
without NUL (PostgreSQL's JSONB refuses it) and encodable as UTF-8, finite numbers,
integers a JSON double holds exactly, string keys, at most :data:`~contract.limits.MAX_DEPTH`
levels, no string longer than :data:`~contract.limits.MAX_DATA_TEXT` characters, and
one event's data at most :data:`~contract.limits.MAX_EVENT_DATA_BYTES` once encoded
(:func:`json_size`). The kiosk *cleans* what it records with :func:`clean_json` and
:func:`short_text` (and drops an event whose cleaned data is still too big); the
collector *checks* with :func:`check_json` and :func:`check_event_data`, so anything
the kiosk kept passes (a test feeds one the other's output).
"""
from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from .limits import MAX_DATA_TEXT, MAX_DEPTH, MAX_EVENT_DATA_BYTES, MAX_INT, SHORT_TEXT


def json_problem(value: Any, where: str = "", depth: int = 0) -> str | None:
    """What makes ``value`` unfit to store ("data.page: not a finite number"), or None."""
    at = where or "value"
    if depth > MAX_DEPTH and isinstance(value, (Mapping, list, tuple)):
        return f"{at}: nested more than {MAX_DEPTH} levels"
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        if len(value) > MAX_DATA_TEXT:
            return f"{at}: text longer than {MAX_DATA_TEXT} characters"
        if "\x00" in value:
            return f"{at}: holds a NUL character"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return f"{at}: not valid Unicode text"
        return None
    if isinstance(value, int):
        return None if -MAX_INT <= value <= MAX_INT else f"{at}: integer out of range (±2^53)"
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{at}: not a finite number"
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{at}: key {key!r} is not text"
            problem = json_problem(key, at, depth + 1) or json_problem(item, f"{where}.{key}" if where else key,
                                                                       depth + 1)
            if problem:
                return problem
        return None
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            problem = json_problem(item, f"{at}[{i}]", depth + 1)
            if problem:
                return problem
        return None
    return f"{at}: {type(value).__name__} is not a JSON value"


def json_size(value: Any) -> int:
    """Bytes of ``value`` as compact UTF-8 JSON, the way both ends write it."""
    return len(json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode())


def size_problem(value: Any, limit: int, what: str = "data") -> str | None:
    size = json_size(value)
    return f"{what}: {size} bytes once encoded, over the limit of {limit}" if size > limit else None


def check_json(value: Any) -> Any:
    """``value`` itself, or ValueError saying what is wrong (a pydantic validator)."""
    problem = json_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def event_data_problem(value: Any) -> str | None:
    """What makes an event's ``data`` unfit to send or store, or None."""
    return json_problem(value) or size_problem(value, MAX_EVENT_DATA_BYTES)


def check_event_data(value: Any) -> Any:
    """An event's ``data`` itself, or ValueError (the collector's pydantic validator)."""
    problem = event_data_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def clean_json(value: Any, depth: int = 0) -> Any:
    """``value`` made fit to store: texts clipped to MAX_DATA_TEXT characters, NUL
    characters and lone surrogates removed, non-finite numbers and out-of-range integers become None, keys become text,
    anything else (and what is nested too deep) becomes its text."""
    if depth > MAX_DEPTH and isinstance(value, (Mapping, list, tuple)):
        return _text(str(value))
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, int):
        return value if -MAX_INT <= value <= MAX_INT else None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {_text(str(k)): clean_json(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_json(v, depth + 1) for v in value]
    return _text(str(value))


def _text(value: str) -> str:
    return value[:MAX_DATA_TEXT].replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def short_text(value: Any, limit: int = SHORT_TEXT) -> str | None:
    """An id, kind or version as the envelope takes it: printable, at most ``limit``
    characters; None for nothing (so no event can block the queue)."""
    if value is None:
        return None
    text = "".join(ch for ch in _text(str(value)) if ch.isprintable())[:limit]
    return text or None


def is_short_text(value: str, limit: int = SHORT_TEXT) -> bool:
    return 0 < len(value) <= limit and value == short_text(value, limit)
