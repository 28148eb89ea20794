"""An exhibit type's declaration: everything the kiosk, the simulator, the docs and the
collector need to know about a type, without importing its code.

``kiosk/exhibits/<type>/__init__.py`` defines ``EXHIBIT_TYPE = ExhibitManifest(...)``
importing only this package and the type's own ``events`` module (which imports only
this package): the collector reads manifests without Kivy, scikit-learn or the kiosk.
Code is named by ``"package.module:attribute"`` and imported when first used.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from .events import EventData
from .figures import Section


@dataclass(frozen=True)
class Link:
    """A field of the type's YAML that names another exhibit, of type ``type`` (an
    exhibit speaking another's intents). Disabled exhibits count: a hidden one may serve
    another."""

    field: str
    type: str


@dataclass(frozen=True, eq=False)
class ExhibitManifest:
    name: str
    #: one sentence for the organisers' guide
    summary: str
    #: ``"module:Class"``: the pydantic model of a whole exhibit file (header and body)
    schema: str
    #: ``"module:Class"``: the pure-Python model, ``Model(definition, context)``
    model: str
    #: ``"module:Class"``: the Kivy screen, imported when first shown
    screen: str
    #: the kinds of event it records (its ``events`` module)
    events: tuple[type[EventData], ...] = ()
    #: the exhibits it works with (see :class:`Link`)
    links: tuple[Link, ...] = ()
    #: shared services its model uses (names of ``kiosk.services``), e.g. "voice", "stats"
    services: tuple[str, ...] = ()
    #: what it offers other parts: capability -> ``"module:function"``; e.g. "intents":
    #: ``function(loaded, content, language, cache)`` gives an intent engine
    provides: dict[str, str] = field(default_factory=dict)
    #: ``"module:function"`` called as ``function(services, exhibits)`` off the UI
    #: thread's critical path once the attract screen is up, when the content has
    #: exhibits of this type (e.g. start loading speech models)
    background: str | None = None
    #: ``"module:function"`` making one visitor's use of an exhibit for
    #: ``launch.py stats simulate``: ``function(sim)`` (see kiosk.stats.simulate)
    simulate: str | None = None
    #: what the dashboard shows on the page of an exhibit of this type
    figures: tuple[Section, ...] = ()

    def __post_init__(self) -> None:
        for ref in (self.schema, self.model, self.screen, self.background, self.simulate,
                    *self.provides.values()):
            if ref is not None and ref.count(":") != 1:
                raise ValueError(f"type {self.name}: {ref!r} is not 'package.module:attribute'")
        own = {e.kind for e in self.events}
        for section in self.figures:
            for kind in section.kinds():
                if kind not in own:
                    raise ValueError(f"type {self.name}: figure of kind {kind!r}, which it does not record")

    def provider(self, capability: str) -> Any | None:
        ref = self.provides.get(capability)
        return load(ref) if ref else None


def load(ref: str) -> Any:
    """The object a ``"package.module:attribute"`` reference names."""
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)
