"""The USB path: pending events written to a signed bundle (``stats export``).

Exported events stay pending: only the collector's acknowledgement marks them sent —
an HTTP sync, or the ``.ack`` file ``collector import`` writes next to each bundle it
imported, which the next ``stats export`` to the same stick reads. So a lost stick loses
nothing; a later sync or a second import of the same events is harmless because the
collector keeps each event id once.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from contract import bundles
from contract.limits import BUNDLE_MAX_EVENTS
from kiosk.stats import clock


def apply_acknowledgements(store, folder: Path, token: str) -> int:
    """Mark sent the events of bundles the collector acknowledged on the stick."""
    confirmed = 0
    if not folder.is_dir():
        return 0
    for _path, doc in bundles.acknowledged_bundles(folder, token, store.kiosk_id):
        ids = [e.get("event_id") for e in json.loads(doc["payload"]).get("events", []) if isinstance(e, dict)]
        confirmed += store.mark_sent([i for i in ids if isinstance(i, str)])
    return confirmed


def export_bundles(store, folder: Path, token: str) -> list[tuple[Path, int]]:
    """One bundle per 100,000 pending events (fewer if they would make a bundle larger
    than the collector reads); returns (file, events) of each."""
    written, after = [], 0
    while events := store.pending_events(BUNDLE_MAX_EVENTS, after):
        folder.mkdir(parents=True, exist_ok=True)
        written.extend(_export_fitting(events, store.kiosk_id, folder, token))
        after = events[-1]["seq"]
    return written


def _export_fitting(events: list[dict], kiosk_id: str, folder: Path, token: str) -> list[tuple[Path, int]]:
    try:
        return [export_bundle(events, kiosk_id, folder, token)]
    except bundles.BundleTooLarge:
        if len(events) == 1:
            raise
        half = len(events) // 2
        return (_export_fitting(events[:half], kiosk_id, folder, token)
                + _export_fitting(events[half:], kiosk_id, folder, token))


def export_bundle(events: list[dict], kiosk_id: str, folder: Path, token: str) -> tuple[Path, int]:
    batch = {"kiosk_id": kiosk_id, "sent_at": clock.wall_time(), "sent_mono_ns": clock.monotonic_ns(),
             "boot_id": clock.boot_id(), "health": {"pending": len(events)}, "events": events}
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    name = f"{kiosk_id}-{events[0]['seq']}-{events[-1]['seq']}-{stamp}{bundles.BUNDLE_SUFFIX}"
    return bundles.write_bundle(batch, token, folder / name), len(events)
