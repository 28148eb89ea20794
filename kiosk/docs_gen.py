"""The organisers' field reference (``docs/organisers/fields.md``), made from the schema.

Every field an organiser may write is described once, in French and English, in the
pydantic models of ``kiosk/content/schema.py`` and of each exhibit type's ``schema``
(registered in :func:`kiosk.exhibits.exhibit_types`; see
:func:`kiosk.content.schema.described`). This module turns their JSON schema into
Markdown tables, French first with English beside, so a new type or field appears in
the guide by running ``python launch.py docs fields``; ``--check`` (run by the tests)
fails when the file in ``docs/`` no longer matches the schema.
"""
from __future__ import annotations

import json
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel

from kiosk import PROJECT_ROOT
from kiosk.content import schema as content_schema

FIELDS_MD = PROJECT_ROOT / "docs" / "organisers" / "fields.md"
REGENERATE = "python launch.py docs fields"


@dataclass(frozen=True)
class Words:
    """The same words in French and in English."""

    fr: str
    en: str

    def __add__(self, other: "Words | str") -> "Words":
        other = _words(other)
        return Words(self.fr + other.fr, self.en + other.en)

    def __radd__(self, other: str) -> "Words":
        return _words(other) + self

    def cell(self) -> str:
        """French, then the English in italics when it differs."""
        return self.fr if self.fr == self.en else f"{self.fr} / *{self.en}*"


def _words(value: "Words | str") -> Words:
    return value if isinstance(value, Words) else Words(value, value)


def _join(items: list[Words], fr: str, en: str) -> Words:
    return Words(fr.join(w.fr for w in items), en.join(w.en for w in items))


def _annotated_info(annotated: Any) -> tuple[str | None, str | None]:
    """(pattern, description) declared on one of schema.py's named string types."""
    pattern = description = None
    for meta in typing.get_args(annotated)[1:]:
        pattern = getattr(meta, "pattern", None) or pattern
        description = getattr(meta, "description", None) or description
    return pattern, description


# Named value kinds of schema.py, recognised in the JSON schema by their pattern or
# description, and said in words rather than as regular expressions.
_PATTERN_WORDS = {
    _annotated_info(content_schema.Identifier)[0]: Words(
        "un identifiant : lettres minuscules, chiffres, `-`, `_`", "an id: lower-case letters, digits, `-`, `_`"),
    _annotated_info(content_schema.Color)[0]: Words("une couleur `#RRGGBB`", "a colour `#RRGGBB`"),
    _annotated_info(content_schema.LanguageCode)[0]: Words("un code de langue (`fr`, `en`…)",
                                                           "a language code (`fr`, `en`…)"),
}
_ASSET_DESCRIPTION = _annotated_info(content_schema.AssetPath)[1]
_LANGUAGE_KEY = _annotated_info(content_schema.LanguageCode)[0]
_CHARACTERS = Words("caractères", "characters")
_ITEMS = Words("éléments", "items")


@dataclass(frozen=True)
class FieldRow:
    path: str
    required: bool
    kind: Words
    default: str
    description: Words


@dataclass(frozen=True)
class Kind:
    words: Words
    #: a group of fields described in the rows under this one, and the path suffix to it
    nested: dict | None = None
    suffix: str = ""


class SchemaWalker:
    """Flattens one model's JSON schema into rows: ``pages``, ``pages[].heading``…"""

    def __init__(self, model: type[BaseModel]):
        self.schema = model.model_json_schema(mode="validation")
        self.defs = self.schema.get("$defs", {})

    def rows(self, skip: set[str] = frozenset()) -> list[FieldRow]:
        return list(self._rows(self.schema, "", skip))

    def _rows(self, schema: dict, prefix: str, skip: set[str] = frozenset()) -> Iterator[FieldRow]:
        required = set(schema.get("required", []))
        for name, prop in schema.get("properties", {}).items():
            if name in skip:
                continue
            path = prefix + name
            kind = self.kind(prop)
            yield FieldRow(
                path=path,
                required=name in required,
                kind=kind.words,
                default=_default(prop),
                description=self.description(prop),
            )
            if kind.nested is not None:
                yield from self._rows(kind.nested, path + kind.suffix + ".")

    def description(self, prop: dict) -> Words:
        """The field's own description, else its value type's; French falls back to English."""
        described = prop if prop.get("description") else self._resolve(prop)
        en = described.get("description", "")
        return Words(_one_line(described.get("fr") or en), _one_line(en))

    def _resolve(self, prop: dict) -> dict:
        ref = prop.get("$ref")
        if ref:
            return self.defs[ref.rsplit("/", 1)[-1]]
        return prop

    def kind(self, prop: dict) -> Kind:
        if "anyOf" in prop or "oneOf" in prop:
            options = [p for p in prop.get("anyOf", prop.get("oneOf", [])) if p.get("type") != "null"]
            kinds = [self.kind(p) for p in options]
            nested = next((k for k in kinds if k.nested is not None), None)
            words = _join([k.words for k in kinds], " ou ", " or ")
            return Kind(words, nested.nested, nested.suffix) if nested else Kind(words)
        prop = self._resolve(prop)
        if "const" in prop:
            return Kind(_words(f"`{_yaml(prop['const'])}`"))
        if "enum" in prop:
            values = ", ".join(f"`{_yaml(v)}`" for v in prop["enum"])
            return Kind(Words("l'une des valeurs " + values, "one of " + values))
        kind_of = {
            "string": self._string,
            "integer": self._number,
            "number": self._number,
            "boolean": lambda p: Kind(Words("`true` ou `false`", "`true` or `false`")),
            "array": self._array,
            "object": self._object,
        }.get(prop.get("type"))
        return kind_of(prop) if kind_of else Kind(Words("toute valeur", "any value"))

    def _string(self, prop: dict) -> Kind:
        if prop.get("description") == _ASSET_DESCRIPTION:
            return Kind(Words("un chemin de fichier, depuis le dossier du contenu",
                              "a file path, from the content folder"))
        if prop.get("pattern") in _PATTERN_WORDS:
            return Kind(_PATTERN_WORDS[prop["pattern"]])
        words = Words("un texte", "text") + _length(prop, _CHARACTERS)
        if "pattern" in prop:
            words += Words(f" de la forme `{prop['pattern']}`", f" matching `{prop['pattern']}`")
        return Kind(words)

    def _number(self, prop: dict) -> Kind:
        words = Words("un nombre entier", "a whole number") if prop["type"] == "integer" else Words("un nombre",
                                                                                                    "a number")
        bounds = [f"{sign} {_yaml(prop[key])}" for key, sign in
                  (("minimum", "≥"), ("exclusiveMinimum", ">"), ("maximum", "≤"), ("exclusiveMaximum", "<"))
                  if key in prop]
        return Kind(words + (f" {', '.join(bounds)}" if bounds else ""))

    def _array(self, prop: dict) -> Kind:
        item = self.kind(prop.get("items", {}))
        count = _length(prop, _ITEMS, lo="minItems", hi="maxItems")
        if item.nested is not None:
            return Kind(Words("une liste", "a list") + count
                        + Words(" ; chaque élément a les champs ci-dessous", "; each item has the fields below"),
                        item.nested, "[]" + item.suffix)
        return Kind(Words("une liste", "a list") + count + Words(" de : ", " of: ") + item.words)

    def _object(self, prop: dict) -> Kind:
        if "properties" in prop:
            return Kind(Words("un groupe des champs ci-dessous", "a group of the fields below"), prop)
        by_language = prop.get("patternProperties", {}).get(_LANGUAGE_KEY)
        if by_language is not None:
            value = self.kind(by_language)
            if by_language.get("type") == "string":
                return Kind(Words("un texte par langue", "a text per language") + _length(by_language, _CHARACTERS))
            per_language = Words("par langue : ", "per language: ") + value.words
            if value.nested is not None:
                return Kind(per_language, value.nested, ".<lang>" + value.suffix)
            return Kind(per_language)
        value = prop.get("additionalProperties")
        if isinstance(value, dict):
            inner = self.kind(value)
            if inner.nested is not None:
                return Kind(Words("des noms, chacun avec les champs ci-dessous",
                                  "a mapping; each value has the fields below"), inner.nested, ".<key>" + inner.suffix)
            return Kind(Words("des noms, chacun associé à : ", "a mapping of names to: ") + inner.words)
        return Kind(Words("un groupe de champs", "a group of fields"))


def _length(prop: dict, unit: Words, lo: str = "minLength", hi: str = "maxLength") -> Words:
    low, high = prop.get(lo), prop.get(hi)
    if low is not None and high is not None:
        return Words(f" ({low} à {high} {unit.fr})", f" ({low} to {high} {unit.en})")
    if high is not None:
        return Words(f" ({high} {unit.fr} au plus)", f" (at most {high} {unit.en})")
    if low is not None and low > 1:
        return Words(f" (au moins {low} {unit.fr})", f" (at least {low} {unit.en})")
    if low == 1 and unit == _ITEMS:
        return Words(" (au moins 1 élément)", " (at least 1 item)")
    return _words("")


def _yaml(value: Any) -> str:
    """A value as an organiser would write it in YAML."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _default(prop: dict) -> str:
    if "default" not in prop or prop["default"] is None:
        return ""
    value = prop["default"]
    if value in ({}, []):
        return "vide / *empty*"
    return f"`{_yaml(value)}`"


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("``", "`")


def _table(rows: list[FieldRow]) -> list[str]:
    lines = ["| champ / field | obligatoire / required | valeur / value | par défaut / default | ce que c'est "
             "| what it is |",
             "| --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        cells = (f"`{r.path}`", "oui / *yes*" if r.required else "non / *no*", r.kind.cell(), r.default,
                 r.description.fr, r.description.en)
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return lines


def _paragraphs(fr: list[str], en: list[str]) -> list[str]:
    """A paragraph in French, then the same in English, in italics."""
    return [*fr, "", "*" + en[0], *en[1:-1], en[-1] + "*"] if len(en) > 1 else [*fr, "", f"*{en[0]}*"]


def type_summary(exhibit_type) -> Words:
    """A type's one-sentence summary: French from its message table (``<type>.summary``),
    English from its manifest."""
    from kiosk.messages import TABLES

    english = _one_line(exhibit_type.summary)
    texts = TABLES.entries().get(f"{exhibit_type.name}.summary", {})
    return Words(_one_line(texts.get("fr", english)), english)


def render_fields() -> str:
    """The whole field reference, as Markdown: French first, English beside."""
    from kiosk.config import KioskConfig
    from kiosk.exhibits import exhibit_types

    header_props = content_schema.ExhibitHeader.model_json_schema(mode="validation")["properties"]
    out = [
        "# Référence des champs / Field reference",
        "",
        f"<!-- Generated from the content schema by `{REGENERATE}`: do not edit by hand. -->",
        "",
        *_paragraphs([
            "Tous les champs que vous pouvez écrire dans les fichiers YAML, tirés des règles avec",
            "lesquelles la borne les vérifie : cette page est donc toujours à jour. Les champs",
            "*obligatoires* doivent être là ; les autres prennent la valeur *par défaut*. Un *texte par",
            "langue* s'écrit `{fr: …, en: …}`, une entrée par langue de l'exposition. Un champ écrit",
            "`pages[].heading` est le `heading` de chaque élément de la liste `pages` ;",
            "`synonyms.<lang>[]` est une liste écrite sous chaque code de langue. Un champ inconnu est",
            "une erreur (le plus souvent une faute de frappe) : `.venv/bin/python launch.py check` dit",
            "lequel.",
        ], [
            "Every field you may write in the YAML files, generated from the schema the kiosk",
            "checks them with, so it is always up to date. **required** fields must be there; the",
            "others take the **default**. A **text per language** is written `{fr: …, en: …}` with one",
            "entry per language of the exhibition. A field written `pages[].heading` is the",
            "`heading` of each item of the list `pages`; `synonyms.<lang>[]` is a list written under",
            "each language code. Unknown fields are errors (usually typos):",
            "`.venv/bin/python launch.py check` says which.",
        ]),
        "",
        "## `exhibits/exhibition.yaml` : l'exposition / the exhibition",
        "",
        *_paragraphs(["`exhibition.yaml` : l'exposition elle-même."], ["`exhibition.yaml`: the exhibition itself."]),
        "",
        *_table(SchemaWalker(content_schema.Exhibition).rows()),
        "",
        "## Les champs de tout fichier de module / Fields of every exhibit file",
        "",
        *_paragraphs([
            "Chaque autre fichier `.yaml` de `exhibits/` est un module. Ces champs sont communs à tous",
            "les types ; le champ `type` choisit les autres champs, listés sous chaque type plus bas.",
        ], [
            "Each other `.yaml` file in `exhibits/` is one exhibit. These fields are common to all",
            "types; the `type` field chooses the other fields, listed under each type below.",
        ]),
        "",
        *_table(SchemaWalker(content_schema.ExhibitHeader).rows()),
        "",
    ]
    types = exhibit_types()
    links = ", ".join(f"[`{name}`](#type-{name})" for name in sorted(types))
    out += [f"Types de module / *Exhibit types*: {links}.", ""]
    for name in sorted(types):
        exhibit_type = types[name]
        walker = SchemaWalker(exhibit_type.schema)
        # Header fields are listed once above, unless a type changes one.
        same = {n for n, p in walker.schema["properties"].items() if header_props.get(n) == p}
        summary = type_summary(exhibit_type)
        out += [
            f'<a id="type-{name}"></a>',
            "",
            f"## Type `{name}`",
            "",
            *_paragraphs([summary.fr], [summary.en]),
            "",
            *_paragraphs([f"Un fichier `type: {name}` a les champs communs ci-dessus, et :"],
                         [f"A file with `type: {name}` has the common fields above, and:"]),
            "",
            *_table(walker.rows(skip=same | {"type"})),
            "",
        ]
    out += [
        "## `config/kiosk.yaml` : les réglages de cette borne / this kiosk's settings",
        "",
        *_paragraphs(["Ce n'est pas du contenu : un fichier par borne, vérifié quand la borne démarre."],
                     ["Not content: one file per kiosk, checked when the kiosk starts."]),
        "",
        *_table(SchemaWalker(KioskConfig).rows()),
        "",
    ]
    return "\n".join(out)


# --- ``launch.py docs`` -----------------------------------------------------------------
import click  # noqa: E402

from kiosk.cli import lang_option  # noqa: E402


def _generated() -> dict[str, tuple[Path, str, object]]:
    """name -> (default file, what it is generated from, render function)."""
    from kiosk import docs_events

    return {
        "fields": (FIELDS_MD, "docs.source.schema", render_fields),
        "privacy-register": (docs_events.REGISTER_MD, "docs.source.catalogue", docs_events.render_privacy_register),
        "csv-columns": (docs_events.CSV_MD, "docs.source.catalogue", docs_events.render_csv_columns),
    }


def _write_or_check(name: str, output: Path | None, check_only: bool) -> bool:
    """Write (or check) one generated reference; True when it is (now) up to date."""
    from kiosk.messages import say

    default, source, render = _generated()[name]
    output = output or default
    text = render()
    current = output.read_text(encoding="utf-8") if output.is_file() else None
    if check_only:
        if current != text:
            click.echo(say("docs.out_of_date", path=output, source=say(source), name=name).text(), err=True)
            return False
        click.echo(say("docs.up_to_date", path=output).text())
        return True
    if current != text:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    click.echo(say("docs.written" if current != text else "docs.already_up_to_date", path=output).text())
    return True


@click.group()
def docs() -> None:
    """Generated parts of the guides in docs/."""


def _reference_command(name: str, doc: str, shown_default: str):
    @docs.command(name, help=doc)
    @lang_option
    @click.option("--check", "check_only", is_flag=True,
                  help="Change nothing; exit 1 if the file is out of date.")
    @click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  show_default=shown_default, help="Where the reference goes.")
    def command(check_only: bool, output: Path | None) -> None:
        if not _write_or_check(name, output, check_only):
            raise SystemExit(1)

    return command


fields = _reference_command("fields", "The organisers' field reference, from the content schema.",
                            "docs/organisers/fields.md")
privacy_register = _reference_command(
    "privacy-register", "What a kiosk collects, for the privacy officer (from the event catalogue).",
    "docs/coordinators/privacy-register.md")
csv_columns = _reference_command("csv-columns", "The dashboard's CSV columns (from the event catalogue).",
                                 "docs/coordinators/csv-columns.md")


@docs.command("all")
@lang_option
@click.option("--check", "check_only", is_flag=True, help="Change nothing; exit 1 if a file is out of date.")
def all_references(check_only: bool) -> None:
    """Every generated reference: the field reference, the privacy register, the CSV columns."""
    results = [_write_or_check(name, None, check_only) for name in _generated()]
    if not all(results):
        raise SystemExit(1)
