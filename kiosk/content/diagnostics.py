"""Messages for organisers: ``file:line:col: field: message``, never a traceback.

Pydantic reports errors as a location tuple and an error type; this module turns them
into sentences a non-programmer can act on, with the position kept by
:mod:`kiosk.content.yamlsource`.
"""
from __future__ import annotations

import difflib
import typing
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from .yamlsource import Loc, Position, YamlDocument, YamlSyntaxError

Severity = Literal["error", "warning"]


def format_loc(loc: Loc) -> str:
    """``("items", 3, "verdict")`` -> ``items[3].verdict``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def display_path(path: Path) -> str:
    """The path as the organiser typed it: relative to the current folder when possible."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    file: str
    line: int | None
    column: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column}"
        kind = "warning: " if self.severity == "warning" else ""
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {kind}{self.message}"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class DiagnosticSink:
    """Collects diagnostics for one YAML document."""

    def __init__(self, doc: YamlDocument | None, path: Path):
        self.doc = doc
        self.path = path
        self.items: list[Diagnostic] = []

    def _add(self, severity: Severity, loc: Loc, message: str, *, key: bool = False) -> None:
        pos = self.doc.position_of(loc, key=key) if self.doc else None
        self.items.append(
            Diagnostic(
                severity,
                display_path(self.path),
                pos.line if pos else None,
                pos.column if pos else None,
                format_loc(loc),
                message,
            )
        )

    def error(self, loc: Loc, message: str, *, key: bool = False) -> None:
        self._add("error", loc, message, key=key)

    def warning(self, loc: Loc, message: str, *, key: bool = False) -> None:
        self._add("warning", loc, message, key=key)

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.items)


def syntax_diagnostic(exc: YamlSyntaxError) -> Diagnostic:
    pos: Position | None = exc.position
    return Diagnostic(
        "error",
        display_path(exc.path),
        pos.line if pos else None,
        pos.column if pos else None,
        "",
        exc.message,
    )


# --- pydantic errors -> sentences -------------------------------------------------


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types an annotation may hold (through Annotated, Optional, unions)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        out: list[Any] = []
        for arg in typing.get_args(annotation):
            out.extend(_unwrap(arg))
        return out
    return [annotation]


def model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The pydantic model class that validates the value found at ``loc``."""
    current: Any = root
    for part in loc:
        candidates = _unwrap(current)
        nxt = None
        for cand in candidates:
            origin = typing.get_origin(cand)
            if isinstance(cand, type) and issubclass(cand, BaseModel) and isinstance(part, str):
                field = cand.model_fields.get(part)
                if field is not None:
                    nxt = field.annotation
                    break
            elif origin in (list, tuple, set, frozenset) and isinstance(part, int):
                nxt = typing.get_args(cand)[0]
                break
            elif origin is dict:
                nxt = typing.get_args(cand)[1]
                break
        if nxt is None:
            return None
        current = nxt
    for cand in _unwrap(current):
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            return cand
    return None


def _field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _sentence(err: dict[str, Any], root: type[BaseModel]) -> tuple[str, bool]:
    """(message, point at the key rather than the value)."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    loc = tuple(err["loc"])
    value = err.get("input")
    if kind == "missing":
        return "required field is missing", False
    if kind == "extra_forbidden":
        parent = model_at(root, loc[:-1])
        names = _field_names(parent) if parent else []
        close = difflib.get_close_matches(str(loc[-1]), names, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else (
            f"; known fields: {', '.join(names)}" if names else ""
        )
        return f"unknown field '{loc[-1]}'{hint}", True
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace("'", "")
        expected = expected.replace(" or ", ", ")
        return f"must be one of {expected} (found '{value}')", False
    if kind in ("string_type", "str_type"):
        return "must be text", False
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"must be a whole number (found '{value}')", False
    if kind in ("float_type", "float_parsing"):
        return f"must be a number (found '{value}')", False
    if kind in ("bool_type", "bool_parsing"):
        return f"must be true or false (found '{value}')", False
    if kind in ("list_type", "tuple_type", "set_type"):
        return "must be a list (one item per line starting with '- ')", False
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "must be a group of fields ('name: value' lines)", False
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return "must not be empty", False
        return f"too short: at least {ctx.get('min_length')} characters", False
    if kind == "string_too_long":
        return (
            f"too long: {len(value or '')} characters, at most {ctx.get('max_length')} fit on screen",
            False,
        )
    if kind == "too_short":
        return (
            f"needs at least {ctx.get('min_length')} item(s), has {ctx.get('actual_length')}",
            False,
        )
    if kind == "too_long":
        return f"at most {ctx.get('max_length')} item(s), has {ctx.get('actual_length')}", False
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return f"{err['msg'].lower()} (found {value})", False
    if kind == "string_pattern_mismatch":
        return f"'{value}' has the wrong form ({ctx.get('pattern')})", False
    if kind in ("value_error", "assertion_error"):
        msg = err["msg"]
        for prefix in ("Value error, ", "Assertion failed, "):
            if msg.startswith(prefix):
                msg = msg[len(prefix):]
        return msg, False
    return err["msg"], False


def validation_diagnostics(
    exc: ValidationError, root: type[BaseModel], sink: DiagnosticSink, base: Loc = ()
) -> None:
    for err in exc.errors(include_url=False):
        loc = tuple(base) + tuple(p for p in err["loc"] if not _is_tag(p))
        message, at_key = _sentence(err, root)
        # a missing field has no position: position_of() falls back to its group
        sink.error(loc, message, key=at_key)


def _is_tag(part: Any) -> bool:
    # pydantic puts the name of a function validator or union member in ``loc``;
    # organisers only need the path of fields.
    return isinstance(part, str) and (part.startswith("function-") or "[" in part)
