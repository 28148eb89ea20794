"""YAML loading that keeps where every value came from, within limits.

Organisers get errors as ``file:line:col: field: message``. Validation libraries see
plain dicts and lists, so we keep, beside the data, the position of every key and
value by its path (``("items", 3, "verdict")``), and refuse duplicate keys (PyYAML
silently keeps the last one, which hides typos).

Files come from USB sticks and hand edits, so nothing here trusts them: a file is read
up to a size, its characters are checked before parsing, and the node tree is built
from the parser's events by a loop that refuses, as it goes, nesting too deep, values
too long and aliases that would expand beyond a budget ("billion laughs"). Whatever
goes wrong is a :class:`YamlSyntaxError` with a position; the sentence itself is in
:mod:`kiosk.content.diagnostics`.
"""
from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from .messages import message, parser_words

#: A content file is a few dozen KB (the shipped chatbot, the biggest, is 80 KB).
MAX_FILE_BYTES = 1_000_000
#: Content nests 5 levels (intents > answers > fr > text); config 3.
MAX_DEPTH = 20
#: Keys, values and list items of one file, aliases expanded (the chatbot has 2,500;
#: each value costs about 30 µs to check on a PC, several times more on a Pi).
MAX_VALUES = 50_000
#: Characters of all values of one file, aliases expanded.
MAX_CHARACTERS = 2 * MAX_FILE_BYTES
#: One value: the longest text a screen shows is under 1,000 characters.
MAX_VALUE_CHARACTERS = 20_000
#: Digits of a number: Python refuses to read more than 4,300.
MAX_NUMBER_DIGITS = 100

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser is much faster on a Pi


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """YAML 1.2 booleans: only true/false. YAML 1.1 also reads yes/no/on/off as
    booleans, which turns an id like ``off`` or an answer ``no`` into False."""

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except (yaml.YAMLError, _BadValue):
            raise
        except Exception as exc:  # a date 2026-02-30, '!!int' on nothing, '!!timestamp' on a word…
            raise _BadValue(node) from exc


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class _BadValue(Exception):
    def __init__(self, node: Node):
        self.node = node


Loc = tuple[Any, ...]


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


class YamlSyntaxError(Exception):
    """A file that cannot be read as YAML within the limits (or has a duplicate key).

    ``kind`` names the sentence in ``kiosk/content/messages.yaml`` and ``values``
    fills it in.
    """

    def __init__(self, path: Path, position: Position | None, kind: str, *, loc: Loc = (), **values: Any):
        super().__init__(kind)
        self.path = path
        self.position = position
        self.kind = kind
        self.loc = loc  # the field, when known
        self.values = values

    @property
    def message(self) -> str:
        return message(self.kind, **self.values).text()

    def __str__(self) -> str:
        return self.message


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


def _mark(node_or_event: Any) -> Position:
    mark = node_or_event.start_mark
    return Position(mark.line + 1, mark.column + 1)


# --- reading the bytes ----------------------------------------------------------


def read_source(path: Path | str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; never blocks on a FIFO
    nor reads a device or a huge file."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError) as exc:
        raise YamlSyntaxError(path, None, "file_unreadable", reason=_reason(exc))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise YamlSyntaxError(path, None, "file_not_regular")
        if info.st_size > limit:
            raise YamlSyntaxError(path, None, "file_too_big", size=info.st_size, limit=limit)
        with os.fdopen(fd, "rb", closefd=False) as stream:
            raw = stream.read(info.st_size + 1)  # one byte more: did it grow since?
            if len(raw) > info.st_size:
                raw += stream.read(limit + 1 - len(raw))
    except OSError as exc:
        raise YamlSyntaxError(path, None, "file_unreadable", reason=_reason(exc))
    finally:
        os.close(fd)
    if len(raw) > limit:  # it grew while we looked
        raise YamlSyntaxError(path, None, "file_too_big", size=len(raw), limit=limit)
    return raw


def _reason(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or type(exc).__name__


def decode_source(path: Path, raw: bytes) -> str:
    """UTF-8 text (a BOM is allowed), or an error at the line of the first bad byte."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlSyntaxError(path, Position(1, 1), "file_utf16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start:exc.start].decode("utf-8", errors="replace")) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        raise YamlSyntaxError(path, Position(line, column), "file_not_utf8", byte=f"0x{raw[exc.start]:02X}")


#: Characters YAML does not allow in a file (YAML 1.2, 5.1): control characters
#: other than tab and line breaks, surrogates, U+FFFE and U+FFFF.
_FORBIDDEN = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _check_characters(path: Path, text: str) -> None:
    found = _FORBIDDEN.search(text)
    if found:
        raise YamlSyntaxError(path, _text_position(text, found.start()), "forbidden_character",
                              char=f"U+{ord(found.group()):04X}")


def _text_position(text: str, index: int) -> Position:
    line_start = text.rfind("\n", 0, index) + 1
    return Position(text.count("\n", 0, index) + 1, index - line_start + 1)


# --- building the node tree ----------------------------------------------------


class _Collection:
    """A sequence or mapping being built, with what it costs once expanded."""

    __slots__ = ("node", "anchor", "key", "values_before", "characters_before", "height")

    def __init__(self, node: Node, anchor: str | None, values: int, characters: int):
        self.node = node
        self.anchor = anchor
        self.key: Node | None = None  # a mapping's key waiting for its value
        self.values_before = values
        self.characters_before = characters
        self.height = 1  # levels of collections from this one down, aliases expanded


class _Anchor:
    __slots__ = ("node", "values", "characters", "height")

    def __init__(self, node: Node, values: int | None, characters: int, height: int):
        self.node = node
        self.values = values  # None while the anchored collection is still open
        self.characters = characters
        self.height = height


class _Composer:
    """PyYAML's composer as a loop over the parser's events, with budgets: the nesting
    depth, and the values and characters of the document once its aliases are
    expanded (each alias counts what its anchor holds, and nests as deep)."""

    def __init__(self, loader: _Loader, path: Path):
        self.loader = loader
        self.path = path
        self.values = 0
        self.characters = 0
        self.aliases_used = False
        self.anchors: dict[str, _Anchor] = {}
        self.stack: list[_Collection] = []  # the collections being built, outermost first

    def fail(self, event: Any, kind: str, **values: Any) -> YamlSyntaxError:
        return YamlSyntaxError(self.path, _mark(event), kind, loc=self._loc(), **values)

    def _loc(self) -> Loc:
        """Where the event being read goes, e.g. ``("intents", 3, "examples")``."""
        loc: list[Any] = []
        for frame in self.stack:
            if isinstance(frame.node, SequenceNode):
                loc.append(len(frame.node.value))
            elif isinstance(frame.key, ScalarNode):
                loc.append(frame.key.value)
            elif frame.key is not None:
                loc.append("?")
            else:
                break  # a key being read: its mapping is the place
        return tuple(loc)

    def compose(self) -> Node | None:
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(StreamEndEvent):
            loader.get_event()
            return None
        loader.get_event()  # document start
        root = self._node()
        loader.get_event()  # document end
        if not loader.check_event(StreamEndEvent):
            raise self.fail(loader.get_event(), "yaml_several_documents")
        loader.get_event()
        return root

    def _node(self) -> Node:
        # One loop, few calls: this runs once per value of every file the kiosk loads.
        get_event = self.loader.get_event
        stack = self.stack
        while True:
            event = get_event()
            kind = type(event)
            height = 0
            if kind is ScalarEvent:
                node = self._scalar(event)
            elif kind is SequenceStartEvent or kind is MappingStartEvent:
                if len(stack) >= MAX_DEPTH:
                    raise self.fail(event, "too_deep", limit=MAX_DEPTH)
                stack.append(self._start(event))
                continue
            elif kind is SequenceEndEvent or kind is MappingEndEvent:
                done = stack.pop()
                node = self._end(done, event)
                height = done.height
            elif kind is AliasEvent:
                node, height = self._alias(event)
            else:  # the parser checks the grammar: nothing else comes here
                raise self.fail(event, "yaml_error", problem=kind.__name__)
            if not stack:
                return node
            parent = stack[-1]
            if height >= parent.height:
                parent.height = height + 1
            if type(parent.node) is SequenceNode:
                parent.node.value.append(node)
            elif parent.key is None:
                parent.key = node
            else:
                parent.node.value.append((parent.key, node))
                parent.key = None

    def _count(self, event: Any, values: int, characters: int) -> None:
        self.values += values
        self.characters += characters
        if self.values > MAX_VALUES:
            raise self.fail(event, "alias_too_many_values" if self.aliases_used else "too_many_values",
                            limit=MAX_VALUES)
        if self.characters > MAX_CHARACTERS:
            raise self.fail(event, "alias_too_many_characters", limit=MAX_CHARACTERS)

    def _anchor(self, event: Any, node: Node, values: int | None, characters: int = 0) -> None:
        anchor = event.anchor
        if anchor is None:
            return
        if anchor in self.anchors:
            raise self.fail(event, "anchor_duplicate", name=anchor, line=_mark(self.anchors[anchor].node).line)
        self.anchors[anchor] = _Anchor(node, values, characters, 0)

    def _alias(self, event: AliasEvent) -> tuple[Node, int]:
        anchor = self.anchors.get(event.anchor)
        if anchor is None:
            raise self.fail(event, "alias_undefined", name=event.anchor)
        if anchor.values is None:
            raise self.fail(event, "alias_cycle", name=event.anchor)
        if len(self.stack) + anchor.height > MAX_DEPTH:
            raise self.fail(event, "too_deep", limit=MAX_DEPTH)
        self.aliases_used = True
        self._count(event, anchor.values, anchor.characters)
        return anchor.node, anchor.height

    def _scalar(self, event: ScalarEvent) -> Node:
        value = event.value
        if len(value) > MAX_VALUE_CHARACTERS:
            raise self.fail(event, "value_too_long", length=len(value), limit=MAX_VALUE_CHARACTERS)
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(ScalarNode, value, event.implicit)
        if tag == "tag:yaml.org,2002:int" and len(value) > MAX_NUMBER_DIGITS:
            digits = sum(ch.isdigit() for ch in value)
            if digits > MAX_NUMBER_DIGITS:
                raise self.fail(event, "number_too_long", digits=digits, limit=MAX_NUMBER_DIGITS)
        node = ScalarNode(tag, value, event.start_mark, event.end_mark, style=event.style)
        if event.anchor is not None:
            self._anchor(event, node, 1, len(value))
        self.values += 1
        self.characters += len(value)
        if self.values > MAX_VALUES or self.characters > MAX_CHARACTERS:
            self._count(event, 0, 0)
        return node

    def _start(self, event: Any) -> _Collection:
        kind = SequenceNode if type(event) is SequenceStartEvent else MappingNode
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(kind, None, event.implicit)
        node = kind(tag, [], event.start_mark, None, flow_style=event.flow_style)
        if event.anchor is not None:
            self._anchor(event, node, None)
        self._count(event, 1, 0)
        return _Collection(node, event.anchor, self.values, self.characters)

    def _end(self, open_: _Collection, event: Any) -> Node:
        node = open_.node
        node.end_mark = event.end_mark
        if open_.anchor is not None:  # the alias of a collection costs what it holds
            self.anchors[open_.anchor] = _Anchor(
                node, self.values - open_.values_before + 1, self.characters - open_.characters_before,
                open_.height,
            )
        return node


# --- positions and duplicate keys ------------------------------------------------


def _index(loader, node, loc: Loc, doc: YamlDocument, seen: set[int]) -> None:
    doc.value_positions.setdefault(loc, _mark(node))
    if id(node) in seen:  # an alias: its anchor was indexed already
        return
    seen.add(id(node))
    if isinstance(node, MappingNode):
        keys: dict[Any, Position] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = loader.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise YamlSyntaxError(doc.path, _mark(key_node), "key_not_plain", loc=loc)
            if key in keys:
                raise YamlSyntaxError(doc.path, _mark(key_node), "duplicate_key", loc=loc, key=key,
                                      line=keys[key].line)
            keys[key] = _mark(key_node)
            doc.key_positions[loc + (key,)] = _mark(key_node)
            _index(loader, value_node, loc + (key,), doc, seen)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            _index(loader, item, loc + (i,), doc, seen)


_BAD_VALUE_KINDS = {
    "tag:yaml.org,2002:int": "bad_int",
    "tag:yaml.org,2002:float": "bad_float",
    "tag:yaml.org,2002:timestamp": "bad_date",
}


def _loc_at(doc: YamlDocument, position: Position | None) -> Loc:
    """The field whose value starts at ``position``, if any."""
    return next((loc for loc, where in doc.value_positions.items() if where == position), ())


def load_yaml(path: Path | str, source: bytes | str | None = None) -> YamlDocument:
    """Parse one YAML file (read from ``path`` unless ``source`` is given); raises
    :class:`YamlSyntaxError` with a position when it can."""
    path = Path(path)
    if source is None:
        source = read_source(path)
    if isinstance(source, bytes):
        if len(source) > MAX_FILE_BYTES:
            raise YamlSyntaxError(path, None, "file_too_big", size=len(source), limit=MAX_FILE_BYTES)
        text = decode_source(path, source)
    else:
        text = source
        if len(text) > MAX_FILE_BYTES:
            raise YamlSyntaxError(path, None, "file_too_big", size=len(text.encode("utf-8", "replace")),
                                  limit=MAX_FILE_BYTES)
    _check_characters(path, text)
    loader = _Loader(text)
    doc = YamlDocument(path=path, data=None, text=text)
    try:
        node = _Composer(loader, path).compose()
        if node is not None:
            _index(loader, node, (), doc, set())
            doc.data = loader.construct_document(node)
        return doc
    except _BadValue as exc:
        value = exc.node.value if isinstance(exc.node, ScalarNode) else ""
        kind = _BAD_VALUE_KINDS.get(exc.node.tag, "bad_value")
        tag = exc.node.tag.replace("tag:yaml.org,2002:", "!!")
        where = _mark(exc.node)
        raise YamlSyntaxError(path, where, kind, loc=_loc_at(doc, where), value=value, tag=tag)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = Position(mark.line + 1, mark.column + 1) if mark else None
        loc = _loc_at(doc, pos)  # known when constructing a value, not while parsing
        problem = parser_words(exc.problem)
        if not exc.context:
            raise YamlSyntaxError(path, pos, "yaml_syntax", loc=loc, problem=problem)
        started = exc.context_mark
        if started and mark and started.line != mark.line:
            raise YamlSyntaxError(path, pos, "yaml_syntax_context_line", loc=loc, problem=problem,
                                  context=parser_words(exc.context), line=started.line + 1)
        raise YamlSyntaxError(path, pos, "yaml_syntax_context", loc=loc, problem=problem,
                              context=parser_words(exc.context))
    except ReaderError as exc:
        raise YamlSyntaxError(path, _text_position(text, exc.position), "yaml_error", problem=exc.reason)
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(path, None, "yaml_error", problem=str(exc).split("\n")[0])
    finally:
        loader.dispose()
