"""What the kiosk records, field by field, and which privacy setting lets a field in.

Read from the event catalogue (``contract`` and each exhibit type's ``events.py``):
every field of every kind, its privacy class, the setting a free-text field needs, and
what visitors are told it is about. It is the only place the statement learns what is
kept.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contract import Privacy, Text

#: privacy classes the statement tells apart: free text is told field by field
FREE_TEXT = Privacy.FREE_TEXT.value
SETTING_PREFIX = "privacy."


@dataclass(frozen=True)
class KeptField:
    event: str  # the event's kind, e.g. "chatbot.asked"
    field: str  # the field of its data, e.g. "intent"
    topic: Text  # what visitors are told it is about
    privacy: str  # a contract.Privacy value
    setting: str | None = None  # the ``privacy`` setting that must be on to keep it


def recorded() -> list[KeptField]:
    """Every field of every event the kiosk may record (besides the kiosk, exhibit,
    content version, a random visit number and the time, which every event carries)."""
    from kiosk.exhibits import catalogue

    fields = []
    for kind in catalogue():
        for row in kind.field_rows():
            setting = row["setting"]
            if setting and setting.startswith(SETTING_PREFIX):
                setting = setting[len(SETTING_PREFIX):]
            fields.append(KeptField(kind.kind, row["name"], row["visitors"] or kind.visitors,
                                    row["privacy"].value, setting))
    return fields


def what_is_kept(privacy: Any = None) -> list[KeptField]:
    """The fields this kiosk keeps with these ``privacy`` settings (``PrivacyConfig``;
    None: the defaults, which keep no free text)."""
    return [f for f in recorded() if f.setting is None or bool(getattr(privacy, f.setting, False))]


def free_text_settings(privacy: Any = None) -> list[str]:
    """The settings that are on and keep something a visitor typed or said."""
    return list(dict.fromkeys(f.setting for f in what_is_kept(privacy) if f.privacy == FREE_TEXT and f.setting))
