"""Shared services handed to exhibit models through ``ExhibitContext.services``.

Built once by the app (or a CLI command) from the config; tests build their own with
temporary stores. Heavy parts are created lazily by their owners.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Services:
    config: Any = None  # kiosk.config.KioskConfig
    #: the loaded content (kiosk.content.loader.Content): exhibits may use each other's
    content: Any = None
    #: the statistics store (queries such as "what others answered"), None when absent
    stats: Any = None
    #: things built once and shared by exhibits (intent engines, speech…), by name
    cache: dict[str, Any] = field(default_factory=dict)
    #: the interface's texts (kiosk.i18n.Translations); loaded on first use when not given
    translations: Any = None

    def texts(self):
        if self.translations is None:
            from kiosk.exhibits import TYPE_PACKAGES
            from kiosk.i18n import Translations

            self.translations = Translations.load(TYPE_PACKAGES)
        return self.translations
