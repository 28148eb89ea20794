"""Messages for organisers: ``file:line:col: field: message``, never a traceback.

Every sentence the content checks produce is a key of ``kiosk/content/messages.yaml``
with its values (a :class:`kiosk.messages.Message`), worded in the organiser's language
when shown. Pydantic reports errors as a location tuple and an error type; this module
turns them into those messages, with the position kept by
:mod:`kiosk.content.yamlsource`. A value from a file is never formatted whole into a
message: it is shown clipped, on one line, so a hostile file cannot produce a huge or
multi-line report.
"""
from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from kiosk.messages import Message, json_value, text

from .messages import MESSAGES, message, one_line
from .yamlsource import Loc, Position, YamlDocument, YamlSyntaxError

Severity = Literal["error", "warning"]

def format_loc(loc: Loc) -> str:
    """``("items", 3, "verdict")`` -> ``items[3].verdict``."""
    out = ""
    for part in loc:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]" if abs(part) < 10**15 else "[…]"
        else:
            out += ("." if out else "") + one_line(str(part), 40)
    return out


def display_path(path: Path | str) -> str:
    """The path as the organiser typed it: relative to the current folder when possible,
    on one line whatever characters the file's name holds."""
    try:
        shown = str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):
        shown = str(path)
    return one_line(shown)


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    file: str
    line: int | None
    column: int | None
    field: str
    problem: Message  # what is wrong, worded when shown

    def __post_init__(self) -> None:
        # one diagnostic, one line of output, whatever the file held
        object.__setattr__(self, "file", _clip_start(one_line(self.file), 300))
        object.__setattr__(self, "field", one_line(self.field, 200))

    @property
    def key(self) -> str:
        return self.problem.key

    @property
    def message(self) -> str:
        """What is wrong, in the current language."""
        return self.message_in()

    def message_in(self, language: str | None = None) -> str:
        return one_line(self.problem.text(language), 1000)

    def text(self, language: str | None = None) -> str:
        """``file:line:col: field: message``, in ``language`` (default: the current one)."""
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column}"
        said = self.message_in(language)
        if self.severity == "warning":
            said = text("diagnostic_warning", language, message=said)
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {said}"

    def __str__(self) -> str:
        return self.text()

    def to_json(self, language: str | None = None) -> dict[str, Any]:
        """Stable keys for programs (``key``, ``values``) beside the worded ``message``."""
        return {
            "severity": self.severity, "file": self.file, "line": self.line, "column": self.column,
            "field": self.field, "message": self.message_in(language), "key": self.problem.key,
            "values": {name: json_value(v) for name, v in self.problem.values.items()},
        }


def _clip_start(text: str, limit: int) -> str:
    """Clipped at the start: the end of a path (the file's name) matters most."""
    return text if len(text) <= limit else "…" + text[-(limit - 1):]


#: More than this in one file is nearly always one mistake repeated: the rest is counted.
MAX_DIAGNOSTICS_PER_FILE = 100


class DiagnosticSink:
    """Collects diagnostics for one YAML document."""

    def __init__(self, doc: YamlDocument | None, path: Path):
        self.doc = doc
        self.path = path
        self.items: list[Diagnostic] = []
        self.hidden = 0
        self._errors = 0

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic.severity == "error":
            self._errors += 1
        if len(self.items) < MAX_DIAGNOSTICS_PER_FILE:
            self.items.append(diagnostic)
        else:
            self.hidden += 1

    @property
    def full(self) -> bool:
        """More diagnostics are only counted."""
        return len(self.items) >= MAX_DIAGNOSTICS_PER_FILE

    def _add(self, severity: Severity, loc: Loc, message: Message, *, key: bool = False) -> None:
        if self.full:  # not shown: no need to place it
            self.hidden += 1
            self._errors += severity == "error"
            return
        pos = self.doc.position_of(loc, key=key) if self.doc else None
        self.add(
            Diagnostic(
                severity,
                display_path(self.path),
                pos.line if pos else None,
                pos.column if pos else None,
                format_loc(loc),
                message,
            )
        )

    def error(self, loc: Loc, message: Message, *, key: bool = False) -> None:
        self._add("error", loc, message, key=key)

    def warning(self, loc: Loc, message: Message, *, key: bool = False) -> None:
        self._add("warning", loc, message, key=key)

    def count_error(self) -> None:
        """One more error, counted but not worded (the sink is full)."""
        self.hidden += 1
        self._errors += 1

    @property
    def has_errors(self) -> bool:
        return self._errors > 0

    def report(self) -> list[Diagnostic]:
        """The diagnostics in file order, and how many more were not kept."""
        out = sorted(self.items, key=lambda d: (d.line or 0, d.column or 0))
        if self.hidden:
            severity: Severity = "error" if self.has_errors else "warning"
            out.append(Diagnostic(severity, display_path(self.path), None, None, "",
                                  message("too_many_problems", count=self.hidden)))
        return out


def syntax_diagnostic(exc: YamlSyntaxError) -> Diagnostic:
    pos: Position | None = exc.position
    return Diagnostic(
        "error",
        display_path(exc.path),
        pos.line if pos else None,
        pos.column if pos else None,
        format_loc(exc.loc),
        message(exc.kind, **exc.values),
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


_SIMPLE_KINDS = {
    "missing": "missing",
    "string_type": "must_be_text", "str_type": "must_be_text",
    "int_type": "must_be_whole_number", "int_parsing": "must_be_whole_number",
    "int_from_float": "must_be_whole_number",
    "float_type": "must_be_number", "float_parsing": "must_be_number",
    "bool_type": "must_be_bool", "bool_parsing": "must_be_bool",
    "list_type": "must_be_list", "tuple_type": "must_be_list", "set_type": "must_be_list",
    "dict_type": "must_be_group", "model_type": "must_be_group", "model_attributes_type": "must_be_group",
}
_COMPARISONS = {"greater_than_equal": "ge", "greater_than": "gt", "less_than_equal": "le", "less_than": "lt"}


def _sentence(err: dict[str, Any], root: type[BaseModel]) -> tuple[Message, bool]:
    """(message, point at the key rather than the value)."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    loc = tuple(err["loc"])
    value = err.get("input")
    if kind in _SIMPLE_KINDS:
        said = _SIMPLE_KINDS[kind]
        return (message(said, found=value) if "{found" in MESSAGES[said]["en"] else message(said)), False
    if kind == "extra_forbidden":
        parent = model_at(root, loc[:-1])
        names = _field_names(parent) if parent else []
        key = loc[-1]
        close = difflib.get_close_matches(str(key)[:100], names, n=1, cutoff=0.6)
        if close:
            return message("unknown_field_close", key=key, close=close[0]), True
        if names:
            return message("unknown_field_known", key=key, names=", ".join(names)), True
        return message("unknown_field", key=key), True
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return message("must_be_one_of", expected=expected, found=value), False
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return message("must_not_be_empty"), False
        return message("too_short_text", limit=ctx.get("min_length")), False
    if kind == "string_too_long":
        length = len(value) if isinstance(value, str) else 0
        return message("too_long_text", length=length, limit=ctx.get("max_length")), False
    if kind == "too_short":
        return message("too_few_items", limit=ctx.get("min_length"), count=ctx.get("actual_length")), False
    if kind == "too_long":
        return message("too_many_items", limit=ctx.get("max_length"), count=ctx.get("actual_length")), False
    if kind in _COMPARISONS:
        return message(kind, limit=ctx.get(_COMPARISONS[kind]), found=value), False
    if kind == "string_pattern_mismatch":
        return message("wrong_form", found=value, pattern=ctx.get("pattern")), False
    if kind in MESSAGES:  # our own errors (PydanticCustomError), e.g. path_*
        return message(kind, **ctx), False
    # pydantic's own words for what no message of ours says (no validator of the schema
    # raises these: a new one should raise a PydanticCustomError named in the table)
    detail = err["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        detail = detail.removeprefix(prefix)
    return message("invalid_value", detail=detail), False


def validation_diagnostics(
    exc: ValidationError, root: type[BaseModel], sink: DiagnosticSink, base: Loc = ()
) -> None:
    for err in exc.errors(include_url=False):
        if sink.full:  # counted, not worded: a file may hold thousands of the same mistake
            sink.count_error()
            continue
        loc = tuple(base) + tuple(p for p in err["loc"] if not _is_tag(p))
        message, at_key = _sentence(err, root)
        # a missing field has no position: position_of() falls back to its group
        sink.error(loc, message, key=at_key)


def _is_tag(part: Any) -> bool:
    # pydantic puts the name of a function validator or union member in ``loc``;
    # organisers only need the path of fields.
    return isinstance(part, str) and (part.startswith("function-") or "[" in part)
