"""The event catalogue as the collector uses it: the shell's kinds and those of every
registered exhibit type, read from their manifests (no kiosk code runs here).

A batch is checked whole before anything is written: a known kind whose data does not
match refuses the batch (422, naming the event and the field); a kind this collector
does not know — a newer kiosk's — is kept as it is, checked as JSON only, and a known
kind's newer fields are kept unchecked.
"""
from __future__ import annotations

from functools import cache

from contract import Catalogue, ExhibitManifest, InvalidEvent
from contract.wire import Batch


@cache
def manifests() -> dict[str, ExhibitManifest]:
    from kiosk.exhibits import manifests as registered

    return registered()


@cache
def catalogue() -> Catalogue:
    from kiosk.exhibits.registry import catalogue_of

    return catalogue_of(manifests().values())


def batch_problem(batch: Batch) -> str | None:
    """Why the batch cannot be written ("events.3 (event 0f3a…): <kind>: data.<field>: …"), or None."""
    known = catalogue()
    for i, event in enumerate(batch.events):
        try:
            known.validate(event.kind, event.data, unknown_ok=True, extra_ok=True)
        except InvalidEvent as exc:
            return f"events.{i} (event {event.event_id}): {exc}"
    return None
