"""The USB path: pending events written to a signed bundle (``stats export``).

Exported events stay pending: only the collector's acknowledgement (an HTTP sync) marks
them sent, so a lost stick loses nothing; a later sync or a second import of the same
events is harmless because the collector keeps each event id once.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from kiosk.stats import clock, wire

BUNDLE_MAX_EVENTS = 100_000  # what the collector takes in one bundle


def export_bundles(store, folder: Path, token: str) -> list[tuple[Path, int]]:
    """One bundle per 100,000 pending events; returns (file, events) of each."""
    written, after = [], 0
    while events := store.pending_events(BUNDLE_MAX_EVENTS, after):
        folder.mkdir(parents=True, exist_ok=True)
        written.append(export_bundle(events, store.kiosk_id, folder, token))
        after = events[-1]["seq"]
    return written


def export_bundle(events: list[dict], kiosk_id: str, folder: Path, token: str) -> tuple[Path, int]:
    batch = {"kiosk_id": kiosk_id, "sent_at": clock.wall_time(), "sent_mono_ns": clock.monotonic_ns(),
             "boot_id": clock.boot_id(), "health": {"pending": len(events)}, "events": events}
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    name = f"{kiosk_id}-{events[0]['seq']}-{events[-1]['seq']}-{stamp}{wire.BUNDLE_SUFFIX}"
    return wire.write_bundle(batch, token, folder / name), len(events)
