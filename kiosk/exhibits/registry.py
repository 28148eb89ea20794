"""The registry of exhibit types.

An exhibit type is one folder under ``kiosk/exhibits/`` whose ``__init__.py`` defines
``EXHIBIT_TYPE``, plus one line in :data:`kiosk.exhibits.TYPE_PACKAGES`. The folder
holds a pure-Python model (tested without a window), the YAML schema of its body, and
a Kivy screen with its ``.kv`` file, imported only when the screen is first shown.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.content.schema import ExhibitHeader


@dataclass(frozen=True)
class ExhibitType:
    name: str
    #: pydantic model of a whole exhibit file: the common header plus the type's body
    schema: type["ExhibitHeader"]
    #: pure-Python model class: ``model(definition, context)``
    model: type
    #: ``"package.module:Class"`` of the Kivy screen, imported when first shown
    screen: str
    #: one sentence for the organisers' guide
    summary: str

    def load_screen_class(self) -> type:
        module, _, name = self.screen.partition(":")
        return getattr(importlib.import_module(module), name)


def load_types(packages: tuple[str, ...]) -> dict[str, ExhibitType]:
    types: dict[str, ExhibitType] = {}
    for package in packages:
        module: Any = importlib.import_module(f"kiosk.exhibits.{package}")
        exhibit_type: ExhibitType = module.EXHIBIT_TYPE
        types[exhibit_type.name] = exhibit_type
    return types
