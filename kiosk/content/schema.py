"""The content schema, defined once.

Every field organisers may write is declared here (the common parts) or in an exhibit
type's own ``schema.py`` (its body), with a description in French and English
(:func:`described`). Validation, the error messages and the organisers' field
reference (``launch.py docs fields``) all come from these pydantic models.
"""
from __future__ import annotations

import typing
import unicodedata
from typing import Annotated, Any, Iterator

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError, PydanticUndefined

from kiosk.messages import Message
from kiosk.typography import typeset

from .yamlsource import Loc


def described(fr: str, en: str, default: Any = ..., **constraints: Any) -> Any:
    """A field with its description for the organisers' field reference, in French
    (first) and English: ``title: LocalizedText = described("Titre…", "Title…")``."""
    if "default_factory" in constraints:
        default = PydanticUndefined
    return Field(default, description=en, json_schema_extra={"fr": fr}, **constraints)


def about(fr: str, en: str) -> Any:
    """The description of a named value type (``Identifier``…), in French and English."""
    return Field(description=en, json_schema_extra={"fr": fr})


class LocalizedMarker:
    """Marks a ``{language: text}`` mapping: every exhibition language should be there."""


class AssetMarker:
    """Marks a path to a file under the content folder (an image, a sound)."""


class ShownMarker:
    """Marks per-language texts shown to visitors that are not a ``Localized`` field
    (e.g. a chatbot's answers): the editorial rules read them like Localized texts."""


LanguageCode = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2}$"),
    about("Code de langue à deux lettres : fr, en…", "Two-letter language code: fr, en…"),
]
Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$"),
    about("Lettres minuscules, chiffres, '-' et '_' ; ne change pas avec le temps",
          "Lower-case letters, digits, '-' and '_'; stable over time"),
]


def Localized(max_length: int | None = None) -> Any:
    """A text in each language of the exhibition, e.g. ``{fr: Bonjour, en: Hello}``."""
    text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)]
    return Annotated[dict[LanguageCode, text], LocalizedMarker()]


LocalizedText = Localized()
LocalizedList = Annotated[dict[LanguageCode, list[Annotated[str, StringConstraints(min_length=1)]]], LocalizedMarker()]
#: Characters of a path to a content file; a file's name holds at most 255 bytes on
#: the file systems kiosks use (ext4, FAT32/exFAT on USB sticks).
ASSET_PATH_MAX = 255
FILE_NAME_MAX_BYTES = 255
#: Characters of a folder's path in the config (Linux's PATH_MAX is 4,096 bytes).
FOLDER_PATH_MAX = 1000


def _check_path(value: str, limit: int) -> str:
    """Refuses what no file system would open, with the reason. The error kinds are
    sentences of :data:`kiosk.content.messages.MESSAGES`."""
    if not value:
        raise PydanticCustomError("path_empty", "the path is empty")
    for ch in value:
        if unicodedata.category(ch)[0] == "C" or unicodedata.category(ch) in ("Zl", "Zp"):
            raise PydanticCustomError("path_control", "invisible character {char}", {"char": f"U+{ord(ch):04X}"})
    if "\\" in value:
        raise PydanticCustomError("path_backslash", "use / between folders")
    if len(value) > limit:
        raise PydanticCustomError("path_too_long", "path too long", {"length": len(value), "limit": limit})
    for name in value.split("/"):
        if len(name.encode("utf-8")) > FILE_NAME_MAX_BYTES:
            raise PydanticCustomError("path_name_too_long", "name too long",
                                      {"name": name, "limit": FILE_NAME_MAX_BYTES})
    return value


def check_asset_path(value: str) -> str:
    """A path to a content file (the loader then checks that it exists, inside the
    content folder)."""
    return _check_path(value, ASSET_PATH_MAX)


def check_folder_path(value: str) -> str:
    """A folder's path in the config: absolute, or relative to the project folder."""
    return _check_path(value, FOLDER_PATH_MAX)


FolderPath = Annotated[str, AfterValidator(check_folder_path)]
AssetPath = Annotated[
    str,
    AfterValidator(check_asset_path),
    AssetMarker(),
    about("Chemin d'un fichier, depuis le dossier du contenu", "Path of a file, relative to the content folder"),
]
Color = Annotated[
    str,
    StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$"),
    about("Une couleur sous la forme #RRGGBB", "A colour as #RRGGBB"),
]


class StrictModel(BaseModel):
    """Unknown keys are errors: in hand-written YAML they are nearly always typos."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class ExhibitHeader(StrictModel):
    """Fields common to every exhibit file."""

    id: Identifier = described("Identifiant unique du module ; les statistiques sont gardées sous ce nom",
                               "Unique id of the exhibit; statistics are kept under it")
    type: str = described("Type de module : l'un des types listés plus bas", "Exhibit type: one of the types listed below")
    title: LocalizedText = described("Titre sur la tuile d'accueil et sur l'écran du module",
                                     "Title on the home tile and the exhibit screen")
    summary: Localized(max_length=160) = described("Une ligne sous le titre, sur la tuile d'accueil",
                                                   "One line under the title on the home tile")
    icon: AssetPath | None = described("Image de la tuile (PNG), depuis le dossier du contenu",
                                       "Tile image (PNG), relative to the content folder", None)
    order: int = described("Les tuiles sont rangées selon ce nombre, le plus petit d'abord",
                           "Tiles are sorted by this number, smallest first", 100)
    enabled: bool = described("false cache le module sans le supprimer", "false hides the exhibit without deleting it",
                              True)

    #: Filled by each exhibit type: the body's own checks beyond field types.
    def check(self, report: "CheckContext") -> None:  # noqa: D401
        """Cross-field checks of the body (duplicates, limits…)."""

    def check_references(self, report: "CheckContext", exhibits: dict[str, "ExhibitHeader"]) -> None:
        """Checks against the other valid exhibits (``exhibits``: id -> definition),
        e.g. an exhibit naming another whose content it uses."""

    def teasers(self, language: str) -> list[str]:
        """Short texts of this exhibit that make a passer-by curious, for the attract
        loop's slides (one per turn of the loop). Types give their own (a quiz's
        statements, a chatbot's questions); by default, the summary."""
        return [localize(self.summary, language)]


class Theme(StrictModel):
    background: Color = described("Fond de l'écran", "Screen background", "#0b1f3a")
    surface: Color = described("Tuiles, cartes et panneaux", "Tiles, cards and panels", "#16335c")
    primary: Color = described("Boutons principaux et mises en valeur", "Main buttons and highlights", "#ffd200")
    text: Color = described("Texte sur le fond et les surfaces", "Text on background and surface", "#ffffff")
    on_primary: Color = described("Texte sur les boutons de la couleur principale", "Text on primary-coloured buttons",
                                  "#0b1f3a")
    good: Color = described("Bonnes réponses, réussite", "Right answers, success", "#3ddc84")
    bad: Color = described("Mauvaises réponses, erreurs", "Wrong answers, errors", "#ff6b6b")


TITLE_SLIDE = "title"


class AttractTexts(StrictModel):
    title: LocalizedText = described("Grand titre de l'écran d'attente", "Big title of the attract screen")
    subtitle: LocalizedText = described("Ligne sous le titre", "Line under the title")
    touch: LocalizedText = described("Invitation à toucher, par exemple 'Touchez l'écran'",
                                     "Call to action, e.g. 'Touchez l'écran'")
    slides: Annotated[list[Identifier], Field(min_length=1)] | None = described(
        "Les diapositives de la boucle d'attente, dans l'ordre : 'title' (le titre de l'exposition) ou "
        "l'identifiant d'un module (son titre avec un de ses textes : une affirmation d'un quiz, une question "
        "pour un chatbot…) ; par défaut : le titre, puis chaque module dans l'ordre de l'écran d'accueil",
        "Slides of the attract loop, in order: 'title' (the exhibition's title) or the id of an "
        "exhibit (its title with one of its texts: a statement of a quiz, a question for a chatbot…); "
        "default: the title, then every exhibit in the order of the home screen",
        None,
    )
    slide_s: float = described("Secondes pendant lesquelles reste chaque diapositive",
                               "Seconds each slide of the attract loop stays", 8, ge=3, le=60)

    def check_references(self, report: "CheckContext", exhibit_ids: list[str]) -> None:
        for i, slide in enumerate(self.slides or []):
            if slide != TITLE_SLIDE and slide not in exhibit_ids:
                report.warning(("attract", "slides", i), "attract_slide_unknown", slide=slide,
                               known=", ".join([TITLE_SLIDE] + sorted(exhibit_ids)))


class Exhibition(StrictModel):
    """``exhibition.yaml``: the exhibition itself."""

    name: LocalizedText = described("Nom de l'exposition", "Name of the exhibition")
    version: Annotated[str, StringConstraints(min_length=1, max_length=40)] = described(
        "Nom de version du contenu, montré au personnel, par exemple 2026.11-1",
        "Content version label shown to staff, e.g. 2026.11-1",
    )
    languages: Annotated[list[LanguageCode], Field(min_length=1)] = described(
        "Langues de l'exposition ; la première est celle par défaut",
        "Languages of the exhibition; the first is the default",
    )
    attract: AttractTexts = described("Textes de l'écran d'attente", "Texts of the attract screen")
    theme: Theme = described("Couleurs (le texte doit ressortir : `check` avertit sous un contraste de 4,5:1)",
                             "Colours (text must stand out: `check` warns under a contrast ratio of 4.5:1)",
                             default_factory=Theme)
    logo: AssetPath | None = described("Logo sur l'écran d'attente", "Logo on the attract screen", None)

    def check(self, report: "CheckContext") -> None:
        from kiosk.theme import MIN_CONTRAST, failing_pairs

        for fg, bg, ratio in failing_pairs(self.theme.model_dump()):
            report.warning(("theme", fg), "theme_low_contrast", fg=fg, bg=bg, ratio=ratio, minimum=MIN_CONTRAST)


class CheckContext:
    """Given to ``ExhibitHeader.check``: report problems at a field path.

    A problem is a key of the exhibit type's own message table (``messages.yaml`` in its
    folder, French and English) and the values its text needs:
    ``report.error(("items", 3, "id"), "duplicate_statement", id=..., first=...)``."""

    def __init__(self, sink, languages: list[str], messages: str = ""):
        self._sink = sink
        self.languages = languages
        self._prefix = messages  # the type's keys are "<type>.<key>" in the tables

    def error(self, loc: Loc, key: str, /, **values: Any) -> None:
        self._sink.error(tuple(loc), Message(self._prefix + key, values))

    def warning(self, loc: Loc, key: str, /, **values: Any) -> None:
        self._sink.warning(tuple(loc), Message(self._prefix + key, values))


def walk_marked(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, Any, object]]:
    """Yield ``(loc, value, marker)`` for every Localized / shown / asset field in a model tree."""
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        if value is None:
            continue
        key = field.alias or name
        for marker in _markers(field):
            yield loc + (key,), value, marker
        yield from _walk_value(value, loc + (key,))


_MARKERS = (LocalizedMarker, ShownMarker, AssetMarker)


def _markers(field) -> list[object]:
    """Our markers on a field, including inside ``X | None``."""
    found = [m for m in field.metadata if isinstance(m, _MARKERS)]
    for arg in typing.get_args(field.annotation):
        if typing.get_origin(arg) is typing.Annotated:
            found += [m for m in arg.__metadata__ if isinstance(m, _MARKERS)]
    return found


def _walk_value(value: Any, loc: Loc) -> Iterator[tuple[Loc, Any, object]]:
    if isinstance(value, BaseModel):
        yield from walk_marked(value, loc)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _walk_value(item, loc + (i,))
    elif isinstance(value, dict):
        for k, item in value.items():
            if isinstance(item, (BaseModel, list, dict)):
                yield from _walk_value(item, loc + (k,))


def localize(text: dict[str, Any] | None, language: str, fallback: list[str] | tuple[str, ...] = ()) -> Any:
    """The text in ``language``, else in the first fallback language that has it, as
    shown: typeset for the language it is written in (French typography)."""
    if not text:
        return ""
    for lang in (language, *fallback):
        if lang in text:
            return _typeset(text[lang], lang)
    lang, value = next(iter(text.items()))
    return _typeset(value, lang)


def _typeset(value: Any, language: str) -> Any:
    if isinstance(value, list):
        return [typeset(v, language) for v in value]
    return typeset(value, language)


__all__ = [
    "AssetPath",
    "AttractTexts",
    "TITLE_SLIDE",
    "CheckContext",
    "Color",
    "Exhibition",
    "ExhibitHeader",
    "FolderPath",
    "Identifier",
    "LanguageCode",
    "Localized",
    "LocalizedList",
    "LocalizedText",
    "ShownMarker",
    "StrictModel",
    "Theme",
    "about",
    "described",
    "localize",
    "walk_marked",
]
