"""Exhibit types: one folder each, registered by one line in TYPE_PACKAGES."""
from __future__ import annotations

from functools import cache

from contract import Catalogue, ExhibitManifest

from .registry import ExhibitType, catalogue_of, load_manifests

TYPE_PACKAGES: tuple[str, ...] = (
    "info",
    "chatbot",
    "myths",
    "voicebot",
)


@cache
def manifests() -> dict[str, ExhibitManifest]:
    """Each type's declaration, without importing its code (the collector reads these)."""
    return load_manifests(TYPE_PACKAGES)


@cache
def exhibit_types() -> dict[str, ExhibitType]:
    return {name: ExhibitType(manifest) for name, manifest in manifests().items()}


@cache
def catalogue() -> Catalogue:
    """The event catalogue: the shell's kinds and every registered type's."""
    return catalogue_of(manifests().values())
