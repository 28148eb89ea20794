"""Messages for organisers and staff, French first, English kept.

Every sentence the organisers' tools say (``check``, the ``content`` and ``docs``
commands, the content releases' refusals) is a **key** with **values**
(:class:`Message`); its words are in translation tables, one format for all:

    key: {fr: "texte en français", en: "the English text"}

The tables are YAML files registered by their owners with :func:`add_table`: this
module's ``messages.yaml`` (the commands' own lines), ``kiosk/content/messages.yaml``
(the content checks), ``contract/releases/strings.yaml`` (the releases: the collector reads it too), and each exhibit type's
``messages.yaml`` (its keys prefixed with the type, registered by the registry).
A message is worded only when shown, in the language asked for, else the current one
(:func:`use_language`; ``launch.py`` sets it from ``--lang`` or the system locale).

In a text, ``{name}`` is a number or a text of ours, ``{name!q}`` a value from a file,
shown quoted, clipped and on one line, so a hostile file cannot produce a huge or
multi-line report; ``{n:,}`` groups digits (with spaces in French). A value that has
a ``text(language)`` method (a nested message, a size) is worded in the same language.
"""
from __future__ import annotations

import os
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

#: the languages of every table, French first
LANGUAGES: tuple[str, ...] = ("fr", "en")
#: when neither --lang nor the locale says: the organisers are French speakers
DEFAULT_LANGUAGE = "fr"

_current: str | None = None


def language_from_environment(environ: Mapping[str, str] = os.environ) -> str:
    """The language of the system locale: the first of ``LC_ALL``, ``LC_MESSAGES``,
    ``LANG`` that is set (as POSIX reads them), when it is one of :data:`LANGUAGES`
    (``en_GB.UTF-8`` -> ``en``); French otherwise (``C``, ``POSIX``, another language)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            code = value.split(".")[0].split("_")[0].split("@")[0].lower()
            return code if code in LANGUAGES else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def use_language(language: str | None) -> None:
    """Messages shown from now on in this process are in ``language`` (None: the default)."""
    global _current
    if language is not None and language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r} (known: {', '.join(LANGUAGES)})")
    _current = language


def current_language() -> str:
    return _current or DEFAULT_LANGUAGE


# --- the tables ---------------------------------------------------------------------------

class MessageTables:
    """Every registered table, read when a message is first worded."""

    def __init__(self) -> None:
        self._sources: list[tuple[Path, str]] = []
        self._entries: dict[str, dict[str, str]] | None = None
        self._origin: dict[str, Path] = {}

    def add(self, path: Path, prefix: str = "") -> None:
        source = (Path(path), prefix)
        if source not in self._sources:
            self._sources.append(source)
            self._entries = None

    @property
    def sources(self) -> list[tuple[Path, str]]:
        return list(self._sources)

    def entries(self) -> dict[str, dict[str, str]]:
        if self._entries is None:
            entries: dict[str, dict[str, str]] = {}
            origin: dict[str, Path] = {}
            for path, prefix in self._sources:
                for key, texts in read_table(path).items():
                    full = prefix + key
                    if full in entries:
                        raise ValueError(f"{path}: message {full!r} is already in {origin[full]}")
                    entries[full], origin[full] = texts, path
            self._entries, self._origin = entries, origin
        return self._entries

    def origin(self, key: str) -> Path | None:
        self.entries()
        return self._origin.get(key)

    def template(self, key: str, language: str) -> str | None:
        texts = self.entries().get(key)
        if texts is None:
            return None
        for lang in (language, *LANGUAGES):
            if lang in texts:
                return texts[lang]
        return None


def read_table(path: Path) -> dict[str, dict[str, str]]:
    """``{key: {language: text}}`` of one table file."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ValueError(f"{path}: a message table is 'key: {{fr: …, en: …}}' lines")
    return data


TABLES = MessageTables()


def add_table(path: Path, prefix: str = "") -> None:
    """Register a table (``prefix`` is put before each of its keys: ``"chatbot."``)."""
    TABLES.add(path, prefix)


# --- wording a message -----------------------------------------------------------------------

@dataclass(frozen=True)
class Message:
    """What to say, in no language yet: a table key and the values its text needs."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)

    def text(self, language: str | None = None) -> str:
        return render(self.key, language, self.values)

    def __str__(self) -> str:
        return self.text()

    def to_json(self) -> dict[str, Any]:
        """The key and the values as a program reads them (the text is language's)."""
        return {"key": self.key, "values": {name: json_value(v) for name, v in self.values.items()}}


def say(key: str, /, **values: Any) -> Message:
    return Message(key, values)


def text(key: str, language: str | None = None, /, **values: Any) -> str:
    """The text of ``key`` with ``values``, in ``language`` (default: the current one)."""
    return render(key, language, values)


def render(key: str, language: str | None, values: Mapping[str, Any]) -> str:
    language = language or current_language()
    template = TABLES.template(key, language)
    if template is None:  # a key missing from the tables: visible, never a crash (a test forbids it)
        return key
    try:
        return _Formatter(language).vformat(template, (), values)
    except (KeyError, IndexError, ValueError, AttributeError):  # a value missing: the tests catch it
        return f"{key} " + ", ".join(f"{k}={one_line(str(v), 60)}" for k, v in values.items())


class _Formatter(string.Formatter):
    def __init__(self, language: str):
        super().__init__()
        self.language = language

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion == "q":
            return quoted(value, language=self.language)
        if _wordable(value):
            return one_line(value.text(self.language), 1000)
        if isinstance(value, str):
            return one_line(value, 300)
        if isinstance(value, Path):
            return one_line(str(value), 300)
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> str:
        out = super().format_field(value, format_spec)
        if self.language == "fr" and "," in format_spec and isinstance(value, (int, float)):
            out = out.replace(",", " ")  # 12 345, not 12,345
        return out


def _wordable(value: Any) -> bool:
    return callable(getattr(value, "text", None)) and not isinstance(value, (str, bytes))


def json_value(value: Any) -> Any:
    """A value as ``--json`` output shows it: numbers stay numbers; texts are clipped."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if abs(value) < 10**15 else quoted(value, language="en")
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else repr(value)
    if isinstance(value, Message):
        return value.to_json()
    if hasattr(value, "to_json"):
        return value.to_json()
    if isinstance(value, (list, tuple, dict)):
        return quoted(value, language="en")
    return one_line(str(value), 300)


# --- values from files, shown short and on one line ----------------------------------------------

def one_line(text: str, limit: int | None = None) -> str:
    """``text`` with its invisible and line-breaking characters written as escapes
    (``\\n``, ``\\x00``), clipped to ``limit`` characters with an ellipsis."""
    if limit is not None and len(text) > limit:
        text = text[: limit * 2]  # escapes only make it longer: no need to look further
    if not text.isprintable():
        text = "".join(ch if ch.isprintable() or ch in _SPACES else _escape(ch) for ch in text)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


_SPACES = {" ", "\u00a0", "\u202f"}  # French typography uses no-break spaces
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(ch: str) -> str:
    if ch in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def quoted(value: Any, limit: int = 60, language: str | None = None) -> str:
    """A value from a file as a message shows it: short, on one line, never whole."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "''"
    if isinstance(value, int):
        digits = value.bit_length() * 0.30103
        if digits < 4000:
            return one_line(str(value), limit)
        return text("value.huge_number", language, digits=int(digits))
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return text("value.list", language, count=len(value))
    if isinstance(value, dict):
        return text("value.group", language, count=len(value))
    if not isinstance(value, str):
        value = str(value)
    return f"'{one_line(value, limit)}'"


@dataclass(frozen=True)
class Size:
    """A number of bytes, worded for people: ``1.5 MB``, ``1,5 Mo``."""

    bytes: int

    def text(self, language: str | None = None) -> str:
        n: float = self.bytes
        for unit in ("bytes", "kb", "mb"):
            if n < 1024:
                break
            n /= 1024
        else:
            unit = "gb"
        if unit == "bytes":
            return text("size.bytes", language, n=int(n))
        number = f"{n:.1f}"
        if (language or current_language()) == "fr":
            number = number.replace(".", ",")
        return text(f"size.{unit}", language, n=number)

    def __str__(self) -> str:
        return self.text()

    def to_json(self) -> int:
        return self.bytes


add_table(Path(__file__).with_name("messages.yaml"))
