"""The event catalogue: every kind of event the kiosk records, declared once.

A kind is a pydantic model of its ``data`` (:class:`EventData`): each field typed and
described in French and English, with its privacy class (:class:`Privacy`), and what
the dashboard's summary tables do with the kind (:class:`Summary`). The shell's kinds
are in :mod:`contract.shell`; each exhibit type declares its own in its folder
(``kiosk/exhibits/<type>/events.py``) and lists them in its manifest. The kiosk checks
what it records against the catalogue, the collector what it receives; the CSV column
reference and the privacy register are generated from it.

Rules for changing a kind, since old kiosks and old collectors meet new ones: a field
may be added (an older collector keeps it unchecked), never renamed, retyped or given
new values; for that, declare a new kind.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any, ClassVar, Iterable

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticUndefined

from .text import Text


class Privacy(str, Enum):
    """What a field can reveal, for the privacy register."""

    #: a count, a yes/no, a choice among fixed options, a duration: nothing about a person
    ANONYMOUS = "anonymous"
    #: an id written by the organisers (a statement, an intent, an exhibit type): what was shown
    CONTENT = "content"
    #: how the kiosk worked (language, recognition confidence): nothing about a person
    TECHNICAL = "technical"
    #: what a visitor typed or said: recorded only when its privacy setting is on (off by default)
    FREE_TEXT = "free_text"


PRIVACY_WORDS: dict[Privacy, Text] = {
    Privacy.ANONYMOUS: Text("Mesure anonyme (un nombre, oui/non, un choix parmi une liste fixe, une durée)",
                            "Anonymous measure (a number, yes/no, a choice among fixed options, a duration)"),
    Privacy.CONTENT: Text("Identifiant du contenu écrit par les organisateurs (ce qui a été montré)",
                          "Id of content written by the organisers (what was shown)"),
    Privacy.TECHNICAL: Text("Donnée technique sur le fonctionnement de la borne",
                            "Technical data on how the kiosk worked"),
    Privacy.FREE_TEXT: Text("Texte libre saisi ou dit par le visiteur : enregistré seulement si le réglage "
                            "de confidentialité indiqué est activé (désactivé par défaut)",
                            "Free text typed or said by the visitor: recorded only when the named privacy "
                            "setting is on (off by default)"),
}


def data_field(fr: str, en: str, *, privacy: Privacy = Privacy.ANONYMOUS, setting: str | None = None,
               visitors: Text | None = None, default: Any = ..., **constraints: Any) -> Any:
    """One field of an event's data, described in French and English.

    A :attr:`Privacy.FREE_TEXT` field names the kiosk setting that allows it
    (``setting="privacy.store_chat_text"``), must be optional (without the setting it
    is never there), and says in ``visitors`` what it keeps in words for visitors (the
    kiosk's privacy statement lists it when the setting is on)."""
    if privacy is Privacy.FREE_TEXT and (not setting or default is ... or visitors is None):
        raise TypeError("a free-text field names its privacy setting, is optional and says what it keeps")
    if "default_factory" in constraints:
        default = PydanticUndefined
    extra = {"fr": fr, "privacy": privacy.value, "setting": setting}
    if visitors is not None:
        extra["visitors"] = {"fr": visitors.fr, "en": visitors.en}
    return Field(default, description=en, json_schema_extra=extra, **constraints)


# --- what the dashboard's summary does with a kind --------------------------------------

@dataclass(frozen=True)
class Number:
    """A number field summed and averaged; a value outside [low, high] is left out
    (a broken clock, not a visit)."""

    field: str
    low: float = 0
    high: float = 86_400


@dataclass(frozen=True)
class Ratio:
    """``part / whole`` summed and averaged (a score's share); left out unless
    ``0 <= part <= whole`` and ``whole > 0``."""

    part: str
    whole: str


@dataclass(frozen=True)
class AltKey:
    """When the boolean field ``when`` is true, the row's key is ``field`` instead
    (a question not understood is listed by its text, where its text was kept)."""

    when: str
    field: str


@dataclass(frozen=True)
class Summary:
    """How the collector's summary tables count a kind. Each (day, kiosk, exhibit, kind,
    key) row keeps the number of events, two counts of true booleans (``flag1``,
    ``flag2``) and the sum and count of one number (``value``).

    Positions matter: a summary row keeps its meaning after its raw events are pruned,
    so a flag never moves to the other column."""

    #: field whose value is the row's key (statement, intent, answer…); None: one row
    key: str | None = None
    alt_key: AltKey | None = None
    flag1: str | None = None
    flag2: str | None = None
    value: Number | Ratio | None = None
    #: also counted per hour of the day (the overview's "visits by hour")
    hourly: bool = False

    def flag_column(self, field: str) -> str | None:
        """``flag1`` or ``flag2``: where the count of ``field`` being true is kept."""
        return "flag1" if self.flag1 == field else "flag2" if self.flag2 == field else None

    def fields(self) -> list[str]:
        value = self.value
        named = [self.key, self.flag1, self.flag2, *(asdict(self.alt_key).values() if self.alt_key else ()),
                 *((value.field,) if isinstance(value, Number) else (value.part, value.whole) if value else ())]
        return [n for n in named if n]


class EventData(BaseModel):
    """Base of every kind's ``data`` model. Subclasses set :attr:`kind`, :attr:`about`
    and, when the dashboard uses the kind, :attr:`summary`."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    kind: ClassVar[str]
    #: what happened, one sentence in French and English (the privacy register says it)
    about: ClassVar[Text]
    #: what visitors are told is counted, as a phrase of the kiosk's privacy statement
    #: ("les réponses au quiz"); kinds that count the same thing share the phrase
    visitors: ClassVar[Text]
    summary: ClassVar[Summary] = Summary()

    @classmethod
    def field_rows(cls) -> list[dict]:
        return field_rows(cls)


def field_rows(model: type[BaseModel]) -> list[dict]:
    """Each field of a model declared with :func:`data_field`: name, required, JSON
    type, description (fr, en), privacy class, setting, and for free text what
    visitors are told it keeps (a :class:`Text`)."""
    schema = model.model_json_schema()
    required = set(schema.get("required", []))
    rows = []
    for name, prop in schema.get("properties", {}).items():
        nullable = any(o.get("type") == "null" for o in prop.get("anyOf", []))
        rows.append({"name": name, "required": name in required and not nullable, "type": _json_type(prop),
                     "fr": prop.get("fr", ""), "en": prop.get("description", ""),
                     "privacy": Privacy(prop.get("privacy", Privacy.ANONYMOUS.value)),
                     "setting": prop.get("setting"),
                     "visitors": Text(**prop["visitors"]) if prop.get("visitors") else None})
    return rows


def _json_type(prop: dict) -> str:
    options = prop.get("anyOf", [prop])
    names = []
    for option in options:
        if "enum" in option:
            names.append(" | ".join(json.dumps(v) for v in option["enum"]))
        elif "const" in option:
            names.append(json.dumps(option["const"]))
        else:
            names.append({"string": "text", "integer": "integer", "number": "number", "boolean": "true/false",
                          "null": "null"}.get(option.get("type"), option.get("type", "any")))
    return " or ".join(n for n in names if n != "null") or "null"


class InvalidEvent(ValueError):
    """An event's data does not match its kind; ``field`` is the data field at fault."""

    def __init__(self, kind: str, field: str, message: str):
        super().__init__(f"{kind}: data.{field}: {message}" if field else f"{kind}: {message}")
        self.kind, self.field, self.message = kind, field, message


class Catalogue:
    """Every known kind, by name (the shell's and those of the registered exhibit types)."""

    def __init__(self, kinds: Iterable[type[EventData]]):
        self.kinds: dict[str, type[EventData]] = {}
        for model in kinds:
            if model.kind in self.kinds:
                raise ValueError(f"event kind {model.kind!r} declared twice")
            _check_summary(model)
            self.kinds[model.kind] = model

    def __contains__(self, kind: str) -> bool:
        return kind in self.kinds

    def __iter__(self):
        return iter(self.kinds.values())

    def get(self, kind: str) -> type[EventData] | None:
        return self.kinds.get(kind)

    def validate(self, kind: str, data: Any, *, unknown_ok: bool = False, extra_ok: bool = False) -> dict:
        """``data`` checked against ``kind``; :class:`InvalidEvent` otherwise.

        The kiosk checks strictly. The collector passes ``unknown_ok`` and ``extra_ok``:
        a newer kiosk's kinds and fields are kept (checked as JSON only), its known
        fields still checked."""
        model = self.kinds.get(kind)
        if model is None:
            if unknown_ok:
                return data
            raise InvalidEvent(kind, "", "not a kind of the event catalogue")
        if not isinstance(data, dict):
            raise InvalidEvent(kind, "", "data must be an object")
        checked = {k: v for k, v in data.items() if k in model.model_fields} if extra_ok else data
        try:
            model.model_validate(checked)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise InvalidEvent(kind, ".".join(str(p) for p in first["loc"]), first["msg"]) from None
        return data

    def summaries(self) -> dict[str, Summary]:
        return {kind: model.summary for kind, model in self.kinds.items()}

    def fingerprint(self) -> str:
        """Changes whenever what the summary tables hold changes (a kind, a key, a flag)."""
        spec = {kind: asdict(summary) for kind, summary in sorted(self.summaries().items())}
        return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:12]


def _check_summary(model: type[EventData]) -> None:
    for attribute in ("about", "visitors"):
        if not isinstance(getattr(model, attribute, None), Text):
            raise ValueError(f"{model.kind}: declare {attribute!r} as a Text (French and English)")
    fields = model.model_fields
    for name in model.summary.fields():
        if name not in fields:
            raise ValueError(f"{model.kind}: its summary names {name!r}, which is not one of its fields")
    for name in (model.summary.flag1, model.summary.flag2, model.summary.alt_key and model.summary.alt_key.when):
        if name and fields[name].annotation not in (bool, bool | None):
            raise ValueError(f"{model.kind}: summary flag {name!r} is not a true/false field")
