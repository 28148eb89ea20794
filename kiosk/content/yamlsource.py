"""YAML loading that keeps where every value came from.

Organisers get errors as ``file:line:col: field: message``. Validation libraries see
plain dicts and lists, so we keep, beside the data, the position of every key and
value by its path (``("items", 3, "verdict")``). PyYAML's composer already records a
start mark on every node; we only walk the node tree once to index those marks, and
refuse duplicate keys (PyYAML silently keeps the last one, which hides typos).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

import re

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser is much faster on a Pi


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """YAML 1.2 booleans: only true/false. YAML 1.1 also reads yes/no/on/off as
    booleans, which turns an id like ``off`` or an answer ``no`` into False."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

Loc = tuple[Any, ...]


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


class YamlSyntaxError(Exception):
    """A file that is not valid YAML (or has a duplicate key)."""

    def __init__(self, path: Path, position: Position | None, message: str):
        super().__init__(message)
        self.path = path
        self.position = position
        self.message = message


@dataclass
class YamlDocument:
    path: Path
    data: Any
    text: str
    value_positions: dict[Loc, Position] = field(default_factory=dict)
    key_positions: dict[Loc, Position] = field(default_factory=dict)

    def position_of(self, loc: Loc, *, key: bool = False) -> Position:
        """Position of ``loc``, or of its closest existing parent.

        ``key=True`` prefers the key's position (for unknown-key errors).
        """
        loc = tuple(loc)
        while True:
            if key and loc in self.key_positions:
                return self.key_positions[loc]
            if loc in self.value_positions:
                return self.value_positions[loc]
            if not loc:
                return Position(1, 1)
            loc = loc[:-1]


def _mark(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def _index(loader, node, loc: Loc, doc: YamlDocument, seen: set[int]) -> None:
    doc.value_positions.setdefault(loc, _mark(node))
    if id(node) in seen:  # aliases can make cycles
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys: dict[Any, Position] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = loader.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise YamlSyntaxError(doc.path, _mark(key_node), "a key must be a plain value")
            if key in keys:
                first = keys[key]
                raise YamlSyntaxError(
                    doc.path,
                    _mark(key_node),
                    f"duplicate key '{key}' (first defined on line {first.line})",
                )
            keys[key] = _mark(key_node)
            doc.key_positions[loc + (key,)] = _mark(key_node)
            _index(loader, value_node, loc + (key,), doc, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(loader, item, loc + (i,), doc, seen)


def load_yaml(path: Path | str, text: str | None = None) -> YamlDocument:
    """Parse one YAML file; raises :class:`YamlSyntaxError` with a position."""
    path = Path(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise YamlSyntaxError(path, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        except OSError as exc:
            raise YamlSyntaxError(path, None, f"cannot read the file: {exc.strerror}")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        doc = YamlDocument(path=path, data=None, text=text)
        if node is not None:
            _index(loader, node, (), doc, set())
            doc.data = loader.construct_document(node)
        return doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = Position(mark.line + 1, mark.column + 1) if mark else None
        problem = exc.problem or str(exc)
        if exc.context:
            started = exc.context_mark
            where = f" that starts on line {started.line + 1}" if started and mark and started.line != mark.line else ""
            problem = f"{problem} ({exc.context}{where})"
        raise YamlSyntaxError(path, pos, f"YAML syntax error: {problem}")
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(path, None, f"YAML error: {exc}")
    finally:
        loader.dispose()
