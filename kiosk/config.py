"""The kiosk's configuration (``config/kiosk.yaml``), checked like the content.

Relative paths in the file are taken from the project folder (where ``launch.py``
is), so the kiosk behaves the same whether started by hand or by systemd.
"""
from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, ValidationError

from contract.releases.keys import PUBLIC_KEY_PATTERN
from kiosk import PROJECT_ROOT
from kiosk.content.diagnostics import Diagnostic, DiagnosticSink, syntax_diagnostic, validation_diagnostics
from kiosk.content.schema import FolderPath, LanguageCode, StrictModel
from kiosk.content.yamlsource import YamlSyntaxError, load_yaml

DEFAULT_CONFIG = PROJECT_ROOT / "config" / "kiosk.yaml"


class SiteConfig(StrictModel):
    name: str = Field("Labège", description="Site where the kiosk stands")
    departement: Annotated[str, StringConstraints(pattern=r"^(\d{2,3}|2[AB])$")] = Field(
        "31", description="Département number, e.g. 31"
    )


class CollectorConfig(StrictModel):
    url: str | None = Field(None, description="Collector base URL, e.g. https://stats.example/ ; empty: no sync")
    token: str | None = Field(None, description="This kiosk's token, printed by 'collector add-kiosk'")
    sync_interval_s: float = Field(300, gt=0, description="Seconds between background sync attempts")


class StatsConfig(StrictModel):
    keep_confirmed_days: int = Field(30, ge=0, description="Days events are kept after the collector confirmed them")
    disk_low_mb: int = Field(200, ge=0, description="Free space under which the staff panel warns")


class PrivacyConfig(StrictModel):
    store_chat_text: bool = Field(
        False, description="Keep the text of typed questions in statistics (off: only intents)"
    )
    store_voice_text: bool = Field(
        False, description="Keep the words of spoken questions in statistics (off: only intents). Audio is never kept."
    )


class VoiceConfig(StrictModel):
    models: dict[LanguageCode, FolderPath] = Field(
        default_factory=dict, description="Vosk model folder per language, set by 'voice install-model'"
    )
    mode: Literal["push_to_talk", "voice_activity"] = Field("push_to_talk", description="How listening starts")
    free_recognition: bool = Field(
        False, description="Recognise any words instead of only the intents' phrases (less accurate)"
    )
    microphone: str | None = Field(None, description="Capture device name; empty: the system default")


class ReleasesConfig(StrictModel):
    trusted_keys: list[Annotated[str, StringConstraints(pattern=PUBLIC_KEY_PATTERN)]] = Field(
        default_factory=list,
        description="Public keys (ed25519:…, printed by 'content keygen') whose content releases this kiosk "
                    "accepts; list the new key beside the old one while keys change",
    )
    probation_s: float = Field(
        600, gt=0, description="Seconds a new release must run without error before it is kept for good"
    )
    max_trial_starts: int = Field(
        3, ge=1, description="Kiosk starts allowed before that; one more goes back to the previous release"
    )
    usb_folders: list[str] = Field(
        default_factory=lambda: ["/media/*/*", "/run/media/*/*"],
        description="Where USB sticks are mounted (patterns): release files are looked for there",
    )
    max_size_mb: int = Field(500, ge=1, description="Largest release accepted (the file, and its content)")
    max_files: int = Field(5000, ge=1, description="Most files a release may hold")


class KioskConfig(StrictModel):
    kiosk_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")] = Field(
        description="Unique name of this kiosk, e.g. occ-31-labege-1"
    )
    site: SiteConfig = Field(default_factory=SiteConfig)
    default_language: LanguageCode = Field("fr", description="Language of the attract screen")
    idle_timeout_s: float = Field(90, gt=0, description="Seconds without a touch before the visit ends")
    fullscreen: bool = Field(True, description="Kiosk mode: fullscreen, no cursor, no way out for visitors")
    staff_pin_hash: str = Field(description="Hash of the staff PIN, made by 'launch.py staff-pin'")
    content_dir: FolderPath = Field("exhibits", description="Content folder")
    data_dir: FolderPath = Field("data", description="Where this kiosk keeps its statistics and state")
    collector: CollectorConfig = Field(default_factory=CollectorConfig)
    stats: StatsConfig = Field(default_factory=StatsConfig)
    privacy: PrivacyConfig = Field(default_factory=PrivacyConfig)
    voice: VoiceConfig = Field(default_factory=VoiceConfig)
    releases: ReleasesConfig = Field(default_factory=ReleasesConfig)

    # --- derived, not stored ---
    def resolve(self, path: str | os.PathLike) -> Path:
        p = Path(path).expanduser()
        return p if p.is_absolute() else PROJECT_ROOT / p

    @property
    def content_path(self) -> Path:
        return self.resolve(self.content_dir)

    @property
    def data_path(self) -> Path:
        return self.resolve(self.data_dir)


class ConfigError(Exception):
    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(str(d) for d in diagnostics))
        self.diagnostics = diagnostics


def load_config(path: Path | str | None = None, *, data_dir: str | None = None) -> KioskConfig:
    """Read and check the config; raises :class:`ConfigError` with positioned messages."""
    path = Path(path) if path else DEFAULT_CONFIG
    sink = DiagnosticSink(None, path)
    if not path.is_file():
        sink.error((), "configuration file not found")
        raise ConfigError(sink.items)
    try:
        doc = load_yaml(path)
    except YamlSyntaxError as exc:
        raise ConfigError([syntax_diagnostic(exc)])
    sink.doc = doc
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        sink.error((), "the configuration must be a group of fields")
        raise ConfigError(sink.items)
    if data_dir is not None:
        data = {**data, "data_dir": str(Path(data_dir).resolve())}
    try:
        return KioskConfig.model_validate(data)
    except ValidationError as exc:
        validation_diagnostics(exc, KioskConfig, sink)
        raise ConfigError(sink.items)


# --- staff PIN ------------------------------------------------------------------------
# PBKDF2 from the standard library: a PIN is short, so the hash is slow and salted.
_PIN_ITERATIONS = 200_000


def hash_pin(pin: str, *, salt: bytes | None = None, iterations: int = _PIN_ITERATIONS) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"pbkdf2_sha256${iterations}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        candidate = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(candidate.hex(), digest)
