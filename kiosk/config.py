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

from pydantic import StringConstraints, ValidationError

from contract.releases.keys import PUBLIC_KEY_PATTERN
from kiosk import PROJECT_ROOT
from kiosk.content.diagnostics import Diagnostic, DiagnosticSink, syntax_diagnostic, validation_diagnostics
from kiosk.content.messages import message
from kiosk.content.schema import FolderPath, LanguageCode, StrictModel, described
from kiosk.content.yamlsource import YamlSyntaxError, load_yaml

DEFAULT_CONFIG = PROJECT_ROOT / "config" / "kiosk.yaml"


class SiteConfig(StrictModel):
    name: str = described("Site où se trouve la borne", "Site where the kiosk stands", "Labège")
    departement: Annotated[str, StringConstraints(pattern=r"^(\d{2,3}|2[AB])$")] = described(
        "Numéro du département, par exemple 31", "Département number, e.g. 31", "31"
    )


class CollectorConfig(StrictModel):
    url: str | None = described("Adresse du collecteur, par exemple https://stats.example/ ; vide : pas d'envoi",
                                "Collector base URL, e.g. https://stats.example/ ; empty: no sync", None)
    token: str | None = described("Le jeton de cette borne, affiché par 'collector add-kiosk'",
                                  "This kiosk's token, printed by 'collector add-kiosk'", None)
    sync_interval_s: float = described("Secondes entre deux tentatives d'envoi en arrière-plan",
                                       "Seconds between background sync attempts", 300, gt=0)


class StatsConfig(StrictModel):
    keep_confirmed_days: int = described("Jours pendant lesquels les événements sont gardés après que le collecteur "
                                         "les a confirmés", "Days events are kept after the collector confirmed them",
                                         30, ge=0)
    disk_low_mb: int = described("Espace libre en dessous duquel le panneau du personnel avertit",
                                 "Free space under which the staff panel warns", 200, ge=0)


class PrivacyConfig(StrictModel):
    store_chat_text: bool = described(
        "Garder le texte des questions tapées dans les statistiques (désactivé : seulement les intentions)",
        "Keep the text of typed questions in statistics (off: only intents)", False,
    )
    store_voice_text: bool = described(
        "Garder les mots des questions dites dans les statistiques (désactivé : seulement les intentions). "
        "Le son n'est jamais gardé.",
        "Keep the words of spoken questions in statistics (off: only intents). Audio is never kept.", False,
    )


class VoiceConfig(StrictModel):
    models: dict[LanguageCode, FolderPath] = described(
        "Dossier du modèle Vosk de chaque langue, réglé par 'voice install-model'",
        "Vosk model folder per language, set by 'voice install-model'", default_factory=dict,
    )
    mode: Literal["push_to_talk", "voice_activity"] = described("Comment l'écoute commence", "How listening starts",
                                                                "push_to_talk")
    free_recognition: bool = described(
        "Reconnaître n'importe quels mots au lieu des seules phrases des intentions (moins précis)",
        "Recognise any words instead of only the intents' phrases (less accurate)", False,
    )
    microphone: str | None = described("Nom du périphérique d'enregistrement ; vide : celui du système",
                                       "Capture device name; empty: the system default", None)


class ReleasesConfig(StrictModel):
    trusted_keys: list[Annotated[str, StringConstraints(pattern=PUBLIC_KEY_PATTERN)]] = described(
        "Clés publiques (ed25519:…, affichées par 'content keygen') dont cette borne accepte les versions du "
        "contenu ; pendant un changement de clé, listez la nouvelle à côté de l'ancienne",
        "Public keys (ed25519:…, printed by 'content keygen') whose content releases this kiosk "
        "accepts; list the new key beside the old one while keys change",
        default_factory=list,
    )
    probation_s: float = described(
        "Secondes pendant lesquelles une nouvelle version doit tourner sans erreur avant d'être gardée pour de bon",
        "Seconds a new release must run without error before it is kept for good", 600, gt=0,
    )
    max_trial_starts: int = described(
        "Démarrages de la borne permis avant cela ; un de plus revient à la version précédente",
        "Kiosk starts allowed before that; one more goes back to the previous release", 3, ge=1,
    )
    usb_folders: list[str] = described(
        "Où les clés USB sont montées (motifs) : les fichiers de version y sont cherchés",
        "Where USB sticks are mounted (patterns): release files are looked for there",
        default_factory=lambda: ["/media/*/*", "/run/media/*/*"],
    )
    max_size_mb: int = described("Plus grosse version acceptée (le fichier, et son contenu)",
                                 "Largest release accepted (the file, and its content)", 500, ge=1)
    max_files: int = described("Nombre maximal de fichiers d'une version", "Most files a release may hold", 5000, ge=1)


class ScreenConfig(StrictModel):
    diagonal_in: float = described(
        "Diagonale de l'écran en pouces (7 pour l'écran officiel du Raspberry Pi) : les boutons en sont "
        "déduits pour rester larges d'au moins 15 mm",
        "Diagonal of the screen in inches (7 for the official Raspberry Pi display): "
        "buttons are sized from it to stay at least 15 mm wide",
        10, ge=3, le=100,
    )
    rotation: Literal[0, 90, 180, 270] = described(
        "Fait tourner l'image (en degrés), pour un écran monté debout ou à l'envers quand le système ne la "
        "tourne pas lui-même (un Raspberry Pi sans bureau)",
        "Turns the picture (degrees), for a screen mounted upright or upside down "
        "where the system does not turn it itself (a Raspberry Pi without a desktop)",
        0,
    )


class KioskConfig(StrictModel):
    kiosk_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")] = described(
        "Nom unique de cette borne, par exemple occ-31-labege-1", "Unique name of this kiosk, e.g. occ-31-labege-1"
    )
    site: SiteConfig = described("Le site de la borne", "The kiosk's site", default_factory=SiteConfig)
    default_language: LanguageCode = described("Langue de l'écran d'attente", "Language of the attract screen", "fr")
    idle_timeout_s: float = described("Secondes sans toucher avant que la visite se termine",
                                      "Seconds without a touch before the visit ends", 90, gt=0)
    idle_notice_s: float = described(
        "Avant que la fin d'attente termine une visite, « Vous êtes toujours là ? » décompte ce nombre de "
        "secondes (au plus la moitié de idle_timeout_s ; 0 : pas d'avertissement)",
        "Before the idle timeout ends a visit, 'Are you still there?' counts down this many "
        "seconds (at most half of idle_timeout_s; 0: no notice)",
        20, ge=0,
    )
    fullscreen: bool = described(
        "Mode borne : plein écran, sans curseur, sans moyen de sortir pour les visiteurs",
        "Kiosk mode: fullscreen, no cursor, no way out for visitors", True,
    )
    screen: ScreenConfig = described("L'écran de la borne", "The kiosk's screen", default_factory=ScreenConfig)
    staff_pin_hash: str = described("Empreinte du code du personnel, faite par 'launch.py staff-pin'",
                                    "Hash of the staff PIN, made by 'launch.py staff-pin'")
    content_dir: FolderPath = described("Dossier du contenu", "Content folder", "exhibits")
    data_dir: FolderPath = described("Où cette borne garde ses statistiques et son état",
                                     "Where this kiosk keeps its statistics and state", "data")
    collector: CollectorConfig = described("Le collecteur où la borne envoie ses statistiques",
                                           "The collector the kiosk sends its statistics to",
                                           default_factory=CollectorConfig)
    stats: StatsConfig = described("Les statistiques gardées sur la borne", "Statistics kept on the kiosk",
                                   default_factory=StatsConfig)
    privacy: PrivacyConfig = described("Ce que les statistiques peuvent garder des visiteurs",
                                       "What statistics may keep of visitors", default_factory=PrivacyConfig)
    voice: VoiceConfig = described("Le voicebot : modèles de reconnaissance vocale et micro",
                                   "The voicebot: speech models and microphone", default_factory=VoiceConfig)
    releases: ReleasesConfig = described("Les versions du contenu que la borne accepte",
                                         "The content releases the kiosk accepts", default_factory=ReleasesConfig)

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
        sink.error((), message("config_missing"))
        raise ConfigError(sink.items)
    try:
        doc = load_yaml(path)
    except YamlSyntaxError as exc:
        raise ConfigError([syntax_diagnostic(exc)])
    sink.doc = doc
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        sink.error((), message("config_not_group"))
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
