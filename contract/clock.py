"""The one ``utcnow``: naive UTC datetimes, as the collector's database stores them."""
from __future__ import annotations

from datetime import datetime, timezone


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def utc_from_timestamp(ts: float) -> datetime:
    """Seconds since 1970 as a naive UTC datetime."""
    return datetime.fromtimestamp(ts, timezone.utc).replace(tzinfo=None)
