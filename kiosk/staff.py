"""The hidden staff panel's logic: the PIN gate and the status rows it shows."""
from __future__ import annotations

import time
from typing import Any, Callable

from kiosk.config import verify_pin


class PinGate:
    """Checks the staff PIN; after repeated wrong PINs, refuses for a while."""

    def __init__(self, pin_hash: str, *, max_attempts: int = 5, lockout_s: float = 60,
                 clock: Callable[[], float] = time.monotonic):
        self._pin_hash = pin_hash
        self._max_attempts = max_attempts
        self._lockout_s = lockout_s
        self._clock = clock
        self._failures = 0
        self._locked_until = 0.0

    def try_pin(self, pin: str) -> str:
        """``ok``, ``wrong`` or ``locked``."""
        if self._clock() < self._locked_until:
            return "locked"
        if verify_pin(pin, self._pin_hash):
            self._failures = 0
            return "ok"
        self._failures += 1
        if self._failures >= self._max_attempts:
            self._failures = 0
            self._locked_until = self._clock() + self._lockout_s
            return "locked"
        return "wrong"


def status_rows(config, content, stats=None, voice_status: Callable[[], dict] | None = None) -> list[tuple[str, Any]]:
    """(translation key, value) rows of the staff panel, in display order.

    Statistics and voice rows appear once those parts are installed; a part that
    fails to report shows its error instead of breaking the panel.
    """
    rows: list[tuple[str, Any]] = [
        ("staff.kiosk", config.kiosk_id),
        ("staff.site", f"{config.site.name} ({config.site.departement})"),
        ("staff.content_version", content.version),
        ("staff.exhibits", ", ".join(e.id for e in content.exhibits) or "-"),
        ("staff.content_errors", len(content.errors)),
    ]
    if stats is not None:
        try:
            s = stats.status()
            rows += [
                ("staff.stats_recorded", s.get("recorded")),
                ("staff.stats_pending", s.get("pending")),
                ("staff.last_sync", s.get("last_sync") or "-"),
                ("staff.disk_free", f"{s.get('disk_free_mb')} MB" + (" ⚠" if s.get("disk_low") else "")),
            ]
            if s.get("last_error"):
                rows.append(("staff.stats_error", s["last_error"]))
            if s.get("invalid"):  # a bug of the kiosk: its events did not match the catalogue
                rows.append(("staff.stats_error", f"{s['invalid']} events dropped, not matching the event "
                                                  f"catalogue (last: {s.get('last_invalid')})"))
        except Exception as exc:  # the panel must open even when the store is broken
            rows.append(("staff.stats_error", str(exc)))
    if voice_status is not None:
        try:
            for key, value in voice_status().items():
                rows.append((f"staff.voice_{key}", value))
        except Exception as exc:
            rows.append(("staff.voice_error", str(exc)))
    return rows
