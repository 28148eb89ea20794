"""The batch a kiosk sends, checked whole before anything is written."""
from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

MAX_EVENTS = 5000
BUNDLE_MAX_EVENTS = 100_000

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")]
# What the kiosk's store guarantees (kiosk/stats/store.py: _text): a field it may send
# must never make a batch fail, or one event would hold back all the others.
Short = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Kind = Short


def _finite_time(value: float) -> float:
    # 1970..2286: anything else is not a clock reading.
    if not math.isfinite(value) or not 0 < value < 1e10:
        raise ValueError("not a plausible time in seconds since 1970")
    return value


Timestamp = Annotated[float, AfterValidator(_finite_time)]


def _storable(value, depth: int = 0):
    # PostgreSQL's JSONB takes no NUL character; nesting stays shallow.
    if depth > 20:
        raise ValueError("data nested too deeply")
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("data holds a NUL character")
    elif isinstance(value, dict):
        for k, v in value.items():
            _storable(k, depth + 1)
            _storable(v, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _storable(v, depth + 1)
    return value


Data = Annotated[dict[str, Any], AfterValidator(_storable)]


class WireModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False)


class WireEvent(WireModel):
    event_id: Id
    seq: int = Field(ge=1, lt=2**63)
    kind: Kind
    exhibit_id: Short | None = None
    content_version: Short | None = None
    visit_id: Short | None = None
    wall_time: Timestamp
    mono_ns: int = Field(ge=0, lt=2**63)
    boot_id: Id
    site: Annotated[str, StringConstraints(max_length=200)] | None = None
    departement: Annotated[str, StringConstraints(max_length=3)] | None = None
    data: Data = Field(default_factory=dict)


class Batch(WireModel):
    kiosk_id: Id
    sent_at: Timestamp
    sent_mono_ns: int = Field(ge=0, lt=2**63)
    boot_id: Id
    health: dict[str, Any] = Field(default_factory=dict)
    events: list[WireEvent] = Field(max_length=MAX_EVENTS)


class BundleBatch(Batch):
    """A USB bundle: the same batch, bigger (it is imported by hand, not over HTTP)."""

    events: list[WireEvent] = Field(max_length=BUNDLE_MAX_EVENTS)


class Ack(BaseModel):
    accepted: list[str] = Field(description="ids written by this request")
    known: list[str] = Field(description="ids the collector already had (a replay): nothing written")
    received_at: str = Field(description="server time (UTC, ISO 8601)")
