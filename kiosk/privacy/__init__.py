"""What the kiosk keeps about a visit, told to visitors as the settings make it true.

``what_is_kept(privacy)`` is the one list of what is recorded (read from the event
catalogue: per event and field, with
its privacy class); the visitor-facing statement (``statement``) and the content's
``{privacy}`` placeholder are built from it, so no text can promise more than the
kiosk's ``privacy`` settings do.
"""
from .register import FREE_TEXT, KeptField, free_text_settings, what_is_kept
from .statement import PLACEHOLDERS, placeholders, statement

__all__ = [
    "FREE_TEXT", "KeptField", "PLACEHOLDERS",
    "placeholders", "statement", "free_text_settings", "what_is_kept",
]
