"""How figures read on the pages: French number style in French, local times, short durations."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo


def number(value, lang: str = "fr", digits: int = 0) -> str:
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}"
    if lang == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def percent(value, lang: str = "fr") -> str:
    if value is None:
        return "—"
    return number(value * 100, lang, 0) + ("\u202f%" if lang == "fr" else "%")


def duration(seconds, lang: str = "fr") -> str:
    if seconds is None:
        return "—"
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, sec = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {sec:02d} s" if sec else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d}"


def local_time(value: datetime | None, tz: str) -> str:
    if value is None:
        return "—"
    return value.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


def age(value: datetime | None, now: datetime, lang: str = "fr") -> str:
    """'il y a 3 h' / '3 h ago'."""
    if value is None:
        return ""
    delta = max(now - value, timedelta(0))
    if delta < timedelta(minutes=1):
        amount = f"{int(delta.total_seconds())} s"
    elif delta < timedelta(hours=1):
        amount = f"{int(delta.total_seconds() // 60)} min"
    elif delta < timedelta(days=2):
        amount = f"{int(delta.total_seconds() // 3600)} h"
    else:
        amount = f"{delta.days} j" if lang == "fr" else f"{delta.days} d"
    return f"il y a {amount}" if lang == "fr" else f"{amount} ago"
