"""Synthetic visits (``stats simulate``): for demos, load tests and the dashboard.

A visit starts, opens a few exhibits of the loaded content, and ends on idle or on
return to the attract screen. What a visitor does inside an exhibit is its type's
business: each type's manifest names a ``simulate`` hook, called with a :class:`Sim`,
that emits the type's own events. Every event is checked against the event catalogue,
so the simulator never makes up a field the kiosk would not record.
"""
from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

from contract import Catalogue, EventData
from contract.manifest import load
from contract.shell import ExhibitClosed, ExhibitOpened, LanguageChanged, VisitEnded, VisitStarted

SIM_BOOT_ID = "simulated"


@dataclass
class SimExhibit:
    id: str
    type: str
    version: str = "sim-1"
    #: the exhibit's checked definition; None when simulating without content
    definition: Any = None
    #: the definitions its links name (manifest ``links``), by field
    links: dict[str, Any] = field(default_factory=dict)


@dataclass
class SimContent:
    exhibits: list[SimExhibit] = field(default_factory=list)


def made_up_content() -> SimContent:
    """One exhibit per registered type that can be simulated, named after it."""
    from kiosk.exhibits import manifests

    return SimContent([SimExhibit(name, name) for name, m in manifests().items() if m.simulate])


def content_from(config) -> SimContent:
    """The exhibits of the kiosk's content (made-up ones when it has none)."""
    return content_from_folder(config.content_path)


def content_from_folder(folder) -> SimContent:
    """The exhibits of a content folder (made-up ones when it has none)."""
    from kiosk.content.loader import load_content
    from kiosk.exhibits import manifests
    from kiosk.exhibits.registry import linked

    try:
        content = load_content(folder)
    except Exception:  # noqa: BLE001 - unreadable content: the made-up exhibits still make a demo
        return made_up_content()
    sim = SimContent()
    for loaded in content.exhibits:
        manifest = manifests()[loaded.definition.type]
        links = {}
        for link in manifest.links:
            target = linked(content, loaded.definition, link.field)
            links[link.field] = target.definition if target is not None else None
        sim.exhibits.append(SimExhibit(loaded.id, loaded.definition.type, loaded.version, loaded.definition, links))
    return sim if sim.exhibits else made_up_content()


class Sim:
    """What a type's ``simulate`` hook gets: one visitor, in one exhibit, from time ``t``."""

    def __init__(self, exhibit: SimExhibit, rng: random.Random, language: str, t: float,
                 record: Callable[[float, str, dict], None], catalogue: Catalogue):
        self.exhibit, self.rng, self.language, self.t = exhibit, rng, language, t
        self._record, self._catalogue = record, catalogue

    @property
    def definition(self) -> Any:
        return self.exhibit.definition

    def linked(self, field_name: str) -> Any:
        """The definition of the exhibit this one's ``field_name`` links to, or None."""
        return self.exhibit.links.get(field_name)

    def wait(self, low: float, high: float) -> None:
        """The visitor takes between ``low`` and ``high`` seconds."""
        self.t += self.rng.uniform(low, high)

    def emit(self, kind: type[EventData] | str, **data: Any) -> None:
        name = kind if isinstance(kind, str) else kind.kind
        self._record(self.t, name, self._catalogue.validate(name, data))


def simulate_visits(store, visits: int, *, start: float, end: float, rng: random.Random,
                    content: SimContent | None = None) -> int:
    """Record ``visits`` visits with times between ``start`` and ``end``; returns events made."""
    from kiosk.exhibits import catalogue, manifests

    content = content or made_up_content()
    hooks = {name: load(m.simulate) for name, m in manifests().items() if m.simulate}
    kinds = catalogue()
    made = 0
    mono = [0]

    def record(t: float, kind: str, data: dict, visit: str, exhibit: SimExhibit | None) -> None:
        nonlocal made
        mono[0] += 1_000_000
        store.record_at(t, kind, exhibit_id=exhibit.id if exhibit else None,
                        content_version=exhibit.version if exhibit else None, data=data, visit_id=visit,
                        mono_ns=mono[0], boot_id=SIM_BOOT_ID)
        made += 1

    def shell(t: float, kind: type[EventData], visit: str, exhibit: SimExhibit | None = None, **data) -> None:
        record(t, kind.kind, kinds.validate(kind.kind, data), visit, exhibit)

    # Visits cluster in opening hours (9 h - 18 h, busier mid-morning and mid-afternoon).
    times = sorted(_visit_time(start, end, rng) for _ in range(visits))
    for t in times:
        visit = uuid.uuid4().hex
        language = "fr" if rng.random() < 0.85 else "en"
        t0 = t
        shell(t, VisitStarted, visit, language=language)
        if rng.random() < 0.05:
            t += rng.uniform(1, 5)
            language = "en" if language == "fr" else "fr"
            shell(t, LanguageChanged, visit, language=language)
        chosen = rng.sample(content.exhibits, rng.randint(1, len(content.exhibits))) if content.exhibits else []
        for exhibit in chosen:
            t += rng.uniform(1, 4)
            shell(t, ExhibitOpened, visit, exhibit, exhibit_type=exhibit.type)
            opened = t
            hook = hooks.get(exhibit.type)
            if hook is not None:
                sim = Sim(exhibit, rng, language, t,
                          lambda at, kind, data, v=visit, e=exhibit: record(at, kind, data, v, e), kinds)
                hook(sim)
                t = sim.t
            t += rng.uniform(1, 5)
            shell(t, ExhibitClosed, visit, exhibit, exhibit_type=exhibit.type, dwell_s=round(t - opened, 1))
        reason = "idle" if rng.random() < 0.6 else "attract"
        if reason == "idle":
            t += 90
        shell(t, VisitEnded, visit, duration_s=round(t - t0, 1), reason=reason)
    return made


def _visit_time(start: float, end: float, rng: random.Random) -> float:
    day0 = int(start // 86400)
    days = max(1, int((end - start) // 86400) + 1)
    for _ in range(100):
        day = day0 + rng.randrange(days)
        hour = rng.choice([9, 10, 10, 11, 11, 11, 12, 13, 14, 14, 15, 15, 15, 16, 16, 17])
        t = day * 86400 + hour * 3600 + rng.uniform(0, 3600)
        if start <= t <= end:
            return t
    return rng.uniform(start, end)
