"""What the kiosk records, field by field, and which privacy setting lets a field in.

Mirrors the events the kiosk emits (``kiosk/visit.py`` and each exhibit type's model);
``tests/privacy`` checks that every field an event really carries is listed here. When
the event catalogue (the ``contract`` package) exists, :func:`what_is_kept` reads it
instead of ``RECORDED``: it is the only place the statement learns what is kept.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: privacy classes: nothing in the field can identify a visitor / free text that might
ANONYMOUS = "anonymous"
FREE_TEXT = "free_text"


@dataclass(frozen=True)
class KeptField:
    event: str  # the event's kind, e.g. "chatbot.asked"
    field: str  # the field of its data, e.g. "intent"
    topic: str  # what visitors are told it is about (a key of the statement's strings)
    privacy: str = ANONYMOUS
    setting: str | None = None  # the ``privacy`` setting that must be on to keep it


def _fields(event: str, topic: str, *names: str) -> list[KeptField]:
    return [KeptField(event, name, topic) for name in names]


#: every field of every event the kiosk records (besides the kiosk, exhibit, content
#: version, a random visit number and the time, which every event carries)
RECORDED: tuple[KeptField, ...] = (
    *_fields("visit_started", "visits", "language"),
    *_fields("language_changed", "visits", "language"),
    *_fields("visit_ended", "visits", "duration_s", "reason"),
    *_fields("exhibit_opened", "exhibits", "exhibit_type"),
    *_fields("exhibit_closed", "exhibits", "exhibit_type", "dwell_s"),
    *_fields("info.page_viewed", "pages", "page"),
    *_fields("myths.answered", "quiz", "statement_id", "answer", "correct", "time_s"),
    *_fields("myths.finished", "quiz", "score", "total", "duration_s"),
    *_fields("myths.abandoned", "quiz", "answered", "total"),
    *_fields("chatbot.asked", "chatbot", "intent", "confidence", "fallback", "language", "source"),
    KeptField("chatbot.asked", "text", "chatbot_text", FREE_TEXT, "store_chat_text"),
    *_fields("voice.utterance", "voice", "recognised", "intent", "confidence", "fallback", "duration_s",
             "language"),
    KeptField("voice.utterance", "text", "voice_text", FREE_TEXT, "store_voice_text"),
)


def what_is_kept(privacy: Any = None) -> list[KeptField]:
    """The fields this kiosk keeps with these ``privacy`` settings (``PrivacyConfig``;
    None: the defaults, which keep no free text)."""
    return [f for f in RECORDED if f.setting is None or bool(getattr(privacy, f.setting, False))]


def free_text_settings(privacy: Any = None) -> list[str]:
    """The settings that are on and keep something a visitor typed or said."""
    return list(dict.fromkeys(f.setting for f in what_is_kept(privacy) if f.privacy == FREE_TEXT and f.setting))
