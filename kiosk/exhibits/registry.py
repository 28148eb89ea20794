"""The registry of exhibit types, and what the kiosk asks of it.

An exhibit type is one folder under ``kiosk/exhibits/`` whose ``__init__.py`` defines
``EXHIBIT_TYPE`` (a :class:`contract.ExhibitManifest`), plus one line in
:data:`kiosk.exhibits.TYPE_PACKAGES`. The folder holds a pure-Python model (tested
without a window), the YAML schema of its body, a Kivy screen with its ``.kv`` file,
its events (``events.py``) and its hooks; the manifest names them, and they are
imported when first used. Nothing outside the folder names the type: the shell, the
engines, the simulator and the collector go through the functions below.
"""
from __future__ import annotations

import importlib
import importlib.util
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterable

from contract import Catalogue, ExhibitManifest
from contract.manifest import load
from contract.shell import SHELL_KINDS
from kiosk.messages import add_table

#: what a type's checks say to organisers, in its folder (keys prefixed with the type's name)
MESSAGES_FILE = "messages.yaml"


class ExhibitType:
    """A registered type as the kiosk uses it: its manifest, its code imported on first use."""

    def __init__(self, manifest: ExhibitManifest):
        self.manifest = manifest
        folder = self.folder
        if folder is not None and (folder / MESSAGES_FILE).is_file():
            add_table(folder / MESSAGES_FILE, prefix=f"{self.name}.")

    @property
    def name(self) -> str:
        return self.manifest.name

    @property
    def folder(self) -> Path | None:
        """The type's folder: the package of its schema (found without importing it)."""
        package = self.manifest.schema.partition(":")[0].rpartition(".")[0]
        try:
            spec = importlib.util.find_spec(package) if package else None
        except (ImportError, ValueError):
            return None
        locations = list(spec.submodule_search_locations or []) if spec else []
        return Path(locations[0]) if locations else None

    @property
    def summary(self) -> str:
        return self.manifest.summary

    @cached_property
    def schema(self) -> type:
        """pydantic model of a whole exhibit file: the common header plus the type's body"""
        return load(self.manifest.schema)

    @cached_property
    def model(self) -> type:
        """the pure-Python model class: ``model(definition, context)``"""
        return load(self.manifest.model)

    def load_screen_class(self) -> type:
        return load(self.manifest.screen)

    def __repr__(self) -> str:
        return f"ExhibitType({self.name!r})"


def load_manifests(packages: Iterable[str]) -> dict[str, ExhibitManifest]:
    manifests: dict[str, ExhibitManifest] = {}
    for package in packages:
        manifest: ExhibitManifest = importlib.import_module(f"kiosk.exhibits.{package}").EXHIBIT_TYPE
        if manifest.name in manifests:
            raise ValueError(f"exhibit type {manifest.name!r} registered twice")
        manifests[manifest.name] = manifest
    for manifest in manifests.values():
        for link in manifest.links:
            if link.type not in manifests:
                raise ValueError(f"type {manifest.name} links to {link.type!r}, which is not registered")
    return manifests


def catalogue_of(manifests: Iterable[ExhibitManifest]) -> Catalogue:
    """Every kind the kiosk may record: the shell's and each type's."""
    return Catalogue([*SHELL_KINDS, *(kind for m in manifests for kind in m.events)])


# --- what the kiosk asks, in terms of a loaded content (kiosk.content.loader.Content) --

def _all_exhibits(content: Any) -> list:
    # disabled exhibits count: a hidden one may serve another
    return list(getattr(content, "exhibits", [])) + list(getattr(content, "disabled", []))


def linked(content: Any, definition: Any, field: str):
    """The loaded exhibit that ``definition``'s ``field`` names, if it has the type the
    manifest's :class:`contract.Link` asks for; None otherwise."""
    from kiosk.exhibits import manifests

    manifest = manifests().get(definition.type)
    link = next((ln for ln in manifest.links if ln.field == field), None) if manifest else None
    if link is None:
        raise KeyError(f"type {definition.type} declares no link {field!r}")
    target = getattr(definition, field, None)
    return next((e for e in _all_exhibits(content) if e.id == target and e.definition.type == link.type), None)


def provider(content: Any, capability: str, *, using: str | None = None,
             exhibit_id: str | None = None) -> tuple[Any, Callable] | None:
    """(loaded exhibit, function) of the first exhibit offering ``capability`` (its
    manifest's ``provides``): ``exhibit_id`` if given, else one whose type uses the
    service ``using`` (the engine speech goes to: ``using="voice"``), else any."""
    from kiosk.exhibits import manifests

    types = manifests()
    offering = [e for e in _all_exhibits(content)
                if capability in types.get(e.definition.type, _NONE).provides
                and (exhibit_id is None or e.id == exhibit_id)]
    preferred = [e for e in offering if using in types[e.definition.type].services] if using else []
    for loaded in preferred + offering:
        return loaded, types[loaded.definition.type].provider(capability)
    return None


def intent_engine(content: Any, language: str, *, using: str | None = None, cache: dict | None = None):
    """The intent engine of the content (see :func:`provider`; ``using="voice"``: the one
    speech goes to); None when no exhibit offers one."""
    found = provider(content, "intents", using=using)
    if found is None:
        return None
    loaded, engine_for = found
    return engine_for(loaded, content, language, cache)


def background_work(content: Any) -> list[tuple[Callable, list]]:
    """(hook, exhibits) for each type of the content that prepares something after start-up."""
    from kiosk.exhibits import manifests

    out = []
    for name, manifest in manifests().items():
        exhibits = [e for e in content.exhibits if e.definition.type == name]
        if manifest.background and exhibits:
            out.append((load(manifest.background), exhibits))
    return out


_NONE = ExhibitManifest(name="", summary="", schema="x:x", model="x:x", screen="x:x")
