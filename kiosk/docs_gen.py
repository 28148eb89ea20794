"""The organisers' field reference (``docs/organisers/fields.md``), made from the schema.

Every field an organiser may write is described once, in the pydantic models of
``kiosk/content/schema.py`` and of each exhibit type's ``schema`` (registered in
:func:`kiosk.exhibits.exhibit_types`). This module turns their JSON schema into
Markdown tables, so a new type or field appears in the guide by running
``python launch.py docs fields``; ``--check`` (run by the tests) fails when the file
in ``docs/`` no longer matches the schema.
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
    _annotated_info(content_schema.Identifier)[0]: "an id: lower-case letters, digits, `-`, `_`",
    _annotated_info(content_schema.Color)[0]: "a colour `#RRGGBB`",
    _annotated_info(content_schema.LanguageCode)[0]: "a language code (`fr`, `en`…)",
}
_ASSET_DESCRIPTION = _annotated_info(content_schema.AssetPath)[1]
_LANGUAGE_KEY = _annotated_info(content_schema.LanguageCode)[0]


@dataclass(frozen=True)
class FieldRow:
    path: str
    required: bool
    kind: str
    default: str
    description: str


@dataclass(frozen=True)
class Kind:
    words: str
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
                description=_one_line(prop.get("description") or self._resolve(prop).get("description", "")),
            )
            if kind.nested is not None:
                yield from self._rows(kind.nested, path + kind.suffix + ".")

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
            words = " or ".join(k.words for k in kinds)
            return Kind(words, nested.nested, nested.suffix) if nested else Kind(words)
        prop = self._resolve(prop)
        if "const" in prop:
            return Kind(f"`{_yaml(prop['const'])}`")
        if "enum" in prop:
            return Kind("one of " + ", ".join(f"`{_yaml(v)}`" for v in prop["enum"]))
        kind_of = {
            "string": self._string,
            "integer": self._number,
            "number": self._number,
            "boolean": lambda p: Kind("`true` or `false`"),
            "array": self._array,
            "object": self._object,
        }.get(prop.get("type"))
        return kind_of(prop) if kind_of else Kind("any value")

    def _string(self, prop: dict) -> Kind:
        if prop.get("description") == _ASSET_DESCRIPTION:
            return Kind("a file path, from the content folder")
        if prop.get("pattern") in _PATTERN_WORDS:
            return Kind(_PATTERN_WORDS[prop["pattern"]])
        words = "text" + _length(prop, "characters")
        if "pattern" in prop:
            words += f" matching `{prop['pattern']}`"
        return Kind(words)

    def _number(self, prop: dict) -> Kind:
        words = "a whole number" if prop["type"] == "integer" else "a number"
        bounds = [f"{sign} {_yaml(prop[key])}" for key, sign in
                  (("minimum", "≥"), ("exclusiveMinimum", ">"), ("maximum", "≤"), ("exclusiveMaximum", "<"))
                  if key in prop]
        return Kind(words + (f" {', '.join(bounds)}" if bounds else ""))

    def _array(self, prop: dict) -> Kind:
        item = self.kind(prop.get("items", {}))
        count = _length(prop, "items", lo="minItems", hi="maxItems")
        if item.nested is not None:
            return Kind(f"a list{count}; each item has the fields below", item.nested, "[]" + item.suffix)
        return Kind(f"a list{count} of: {item.words}")

    def _object(self, prop: dict) -> Kind:
        if "properties" in prop:
            return Kind("a group of the fields below", prop)
        by_language = prop.get("patternProperties", {}).get(_LANGUAGE_KEY)
        if by_language is not None:
            value = self.kind(by_language)
            if by_language.get("type") == "string":
                return Kind("a text per language" + _length(by_language, "characters"))
            if value.nested is not None:
                return Kind(f"per language: {value.words}", value.nested, ".<lang>" + value.suffix)
            return Kind(f"per language: {value.words}")
        value = prop.get("additionalProperties")
        if isinstance(value, dict):
            inner = self.kind(value)
            if inner.nested is not None:
                return Kind("a mapping; each value has the fields below", inner.nested, ".<key>" + inner.suffix)
            return Kind(f"a mapping of names to: {inner.words}")
        return Kind("a group of fields")


def _length(prop: dict, unit: str, lo: str = "minLength", hi: str = "maxLength") -> str:
    low, high = prop.get(lo), prop.get(hi)
    if low is not None and high is not None:
        return f" ({low} to {high} {unit})"
    if high is not None:
        return f" (at most {high} {unit})"
    if low is not None and low > 1:
        return f" (at least {low} {unit})"
    if low == 1 and unit == "items":
        return " (at least 1 item)"
    return ""


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
        return "empty"
    return f"`{_yaml(value)}`"


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("``", "`")


def _table(rows: list[FieldRow]) -> list[str]:
    lines = ["| field | required | value | default | what it is |", "| --- | --- | --- | --- | --- |"]
    for r in rows:
        cells = (f"`{r.path}`", "yes" if r.required else "no", r.kind, r.default, r.description)
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return lines


def render_fields() -> str:
    """The whole field reference, as Markdown."""
    from kiosk.config import KioskConfig
    from kiosk.exhibits import exhibit_types

    header_props = content_schema.ExhibitHeader.model_json_schema(mode="validation")["properties"]
    out = [
        "# Field reference",
        "",
        f"<!-- Generated from the content schema by `{REGENERATE}`: do not edit by hand. -->",
        "",
        "Every field you may write in the YAML files, generated from the schema the kiosk",
        "checks them with, so it is always up to date. *required* fields must be there; the",
        "others take the *default*. A *text per language* is written `{fr: …, en: …}` with one",
        "entry per language of the exhibition. A field written `pages[].heading` is the",
        "`heading` of each item of the list `pages`; `synonyms.<lang>[]` is a list written under",
        "each language code. Unknown fields are errors (usually typos):",
        "`.venv/bin/python launch.py check` says which.",
        "",
        "## `exhibits/exhibition.yaml`: the exhibition",
        "",
        _one_line(content_schema.Exhibition.__doc__ or ""),
        "",
        *_table(SchemaWalker(content_schema.Exhibition).rows()),
        "",
        "## Fields of every exhibit file",
        "",
        "Each other `.yaml` file in `exhibits/` is one exhibit. These fields are common to all",
        "types; the `type` field chooses the other fields, listed under each type below.",
        "",
        *_table(SchemaWalker(content_schema.ExhibitHeader).rows()),
        "",
    ]
    types = exhibit_types()
    out += ["Exhibit types: " + ", ".join(f"[`{name}`](#type-{name})" for name in sorted(types)) + ".", ""]
    for name in sorted(types):
        exhibit_type = types[name]
        walker = SchemaWalker(exhibit_type.schema)
        # Header fields are listed once above, unless a type changes one.
        same = {n for n, p in walker.schema["properties"].items() if header_props.get(n) == p}
        out += [
            f'<a id="type-{name}"></a>',
            "",
            f"## Type `{name}`",
            "",
            _one_line(exhibit_type.summary),
            "",
            f"A file with `type: {name}` has the common fields above, and:",
            "",
            *_table(walker.rows(skip=same | {"type"})),
            "",
        ]
    out += [
        "## `config/kiosk.yaml`: this kiosk's settings",
        "",
        "Not content: one file per kiosk, checked when the kiosk starts.",
        "",
        *_table(SchemaWalker(KioskConfig).rows()),
        "",
    ]
    return "\n".join(out)


# --- ``launch.py docs`` -----------------------------------------------------------------
import click  # noqa: E402


def _generated() -> dict[str, tuple[Path, str, object]]:
    """name -> (default file, what it is generated from, render function)."""
    from kiosk import docs_events

    return {
        "fields": (FIELDS_MD, "the content schema", render_fields),
        "privacy-register": (docs_events.REGISTER_MD, "the event catalogue", docs_events.render_privacy_register),
        "csv-columns": (docs_events.CSV_MD, "the event catalogue", docs_events.render_csv_columns),
    }


def _write_or_check(name: str, output: Path | None, check_only: bool) -> bool:
    """Write (or check) one generated reference; True when it is (now) up to date."""
    default, source, render = _generated()[name]
    output = output or default
    text = render()
    current = output.read_text(encoding="utf-8") if output.is_file() else None
    if check_only:
        if current != text:
            click.echo(f"{output}: out of date with {source}; run: python launch.py docs {name}", err=True)
            return False
        click.echo(f"{output}: up to date")
        return True
    if current != text:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    click.echo(f"{output}: {'written' if current != text else 'already up to date'}")
    return True


@click.group()
def docs() -> None:
    """Generated parts of the guides in docs/."""


def _reference_command(name: str, doc: str, shown_default: str):
    @docs.command(name, help=doc)
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
@click.option("--check", "check_only", is_flag=True, help="Change nothing; exit 1 if a file is out of date.")
def all_references(check_only: bool) -> None:
    """Every generated reference: the field reference, the privacy register, the CSV columns."""
    results = [_write_or_check(name, None, check_only) for name in _generated()]
    if not all(results):
        raise SystemExit(1)
