"""The editorial rules ``launch.py check`` can enforce, as warnings with file and line.

What they stand for is in the organisers' editorial guide
(``docs/organisers/redaction.md``): Urssaf figures come only from the exhibition's
brief and carry their date; the exhibition's vocabulary; a card or an answer is read
alone; a text never promises more about privacy than the kiosk's settings. The rules
read every text visitors see (``Localized`` fields and fields marked ``ShownMarker``),
never the chatbot's training phrases, where visitors' own words belong.

Every message is in the content checks' table (``kiosk/content/messages.yaml``, keys
``editorial.*``), French and English.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from kiosk.messages import Message

from .diagnostics import Diagnostic, display_path, format_loc
from .placeholders import PLACEHOLDER, names_in
from .schema import LocalizedMarker, ShownMarker, walk_marked
from .yamlsource import Loc, Position, YamlDocument, YamlSyntaxError, load_yaml

def message(key: str, /, **values: Any) -> Message:
    """One of the rules' messages: ``editorial.<key>`` in ``kiosk/content/messages.yaml``."""
    return Message(f"editorial.{key}", values)


# --- what counts as a figure, a date -------------------------------------------------

_NUMBER = r"\d+(?:[.,]\d+)?"
_SPACE = r"[ \u00a0\u202f]?"
#: 95 %, 40%, 95 pour cent; 4,8 millions, 16 milliards, 12 million; 22 000, 22,000
_FIGURES = re.compile(
    rf"{_NUMBER}{_SPACE}(?:%|pour cent\b|per ?cent\b|percent\b)"
    rf"|{_NUMBER}{_SPACE}(?:millions?|milliards?|billions?|thousand)\b"
    r"|\b\d{1,3}(?:[ \u00a0\u202f,]\d{3})+\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_COUNT = re.compile(r"\b\d+\b")
#: a sentence naming the Urssaf: its plain numbers are Urssaf figures too (2 voicebots…)
_URSSAF = re.compile(r"\burssaf\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def undated_figures(text: str, source: str | None = None) -> list[str]:
    """Figures in ``text`` with no year in it nor in its ``source``."""
    if _YEAR.search(text) or (source and _YEAR.search(source)):
        return []
    found = [m.group(0) for m in _FIGURES.finditer(text)]
    covered = " ".join(found)
    for sentence in _SENTENCE_END.split(text):
        if _URSSAF.search(sentence):
            found += [n for n in _COUNT.findall(sentence) if n not in covered]
    return found


# --- vocabulary ------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    language: str
    pattern: re.Pattern
    instead: str  # what to write (in the text's language), or how it reads once explained


def _term(language: str, pattern: str, instead: str) -> Term:
    return Term(language, re.compile(pattern, re.IGNORECASE), instead)


#: words the exhibition does not use, and what it writes instead
VOCABULARY: tuple[Term, ...] = (
    _term("fr", r"\b(?:e-?mails?|mails?|m[eè]ls?)\b", "courriel(s)"),
    _term("fr", r"\bpr[ée]jug[ée]s?\b", "biais"),
    _term("en", r"\bfor all publics\b|\bpublics\b", "everyone / all users"),
    _term("en", r"\bcompetent (?:teams?|services?|departments?)\b", "the right team(s), the teams in charge"),
    _term("en", r"\bformations?\b", "training"),
)

#: words a visitor may not know, explained in brackets where they first appear
EXPLAINED: tuple[Term, ...] = (
    _term("fr", r"\blivechats?\b(?!\s*\()", "livechats (des discussions écrites en direct avec un conseiller)"),
    _term("en", r"\blive ?chats?\b(?!\s*\()", "livechats (live written chats with an adviser)"),
)

#: first words that point to something said before: wrong where a text is read alone
_REFERS_BACK = {
    "fr": re.compile(
        r"^(?:(?:Ces|Cet|Cette)\s+(?!borne|exposition|écran)\w+|Ce\s+(?!que\b|qui\b|dont\b|n')\w+"
        r"|L[ea] ministre\b(?!\s+(?:des?|du|d'|chargée?)\b))", re.IGNORECASE),
    "en": re.compile(
        r"^(?:(?:These|Those)\s+\w+|This\s+(?!kiosk|exhibition|screen)\w+"
        r"|The minister\b(?!\s+(?:for|of|in charge)\b))", re.IGNORECASE),
}


# --- privacy claims --------------------------------------------------------------------

_KEEP = re.compile(
    r"\b(?:gard|conserv|enregistr|stock|retien|collect|compt|sauvegard|m[ée]moris"
    r"|keep|kept|record|stor|collect|count|retain|remember)\w*", re.IGNORECASE)
_NOTHING = re.compile(r"\b(?:rien|nothing|aucune donn[ée]e|no data)\b", re.IGNORECASE)
_ONLY = re.compile(r"\b(?:seulement|uniquement|only)\b|\bne\b[^.]*\bque\b|\bn'\w+[^.]*\bque\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:ne|n'|ni|not|never|neither|jamais)\b|\bn'", re.IGNORECASE)
_TEXT_WORDS = re.compile(
    r"\b(?:tap\w*|écri\w*|dit\w*|dites|phrases?|questions?|textes?|type[ds]?|typing|writ\w*|say|said"
    r"|sentences?|words?)\b", re.IGNORECASE)


def privacy_claim(text: str, stores_free_text: bool) -> str | None:
    """The message key when a sentence of ``text`` says more than the kiosk can promise."""
    for sentence in _SENTENCE_END.split(PLACEHOLDER.sub(" ", text)):
        if not _KEEP.search(sentence):
            continue
        if _NOTHING.search(sentence):
            return "keeps_nothing"
        if stores_free_text and (_ONLY.search(sentence)
                                 or (_NEGATION.search(sentence) and _TEXT_WORDS.search(sentence))):
            return "keeps_only"
    return None


# --- the texts visitors see --------------------------------------------------------------

@dataclass(frozen=True)
class ShownText:
    loc: Loc  # e.g. ("items", 3, "explanation", "fr") or ("intents", 2, "answers", "fr", 0)
    language: str
    text: str
    source: str | None  # the same item's source line in this language, if it has one


def shown_texts(model: Any) -> Iterator[ShownText]:
    """Every text of a definition that visitors see, with where it is."""
    for loc, value, marker in walk_marked(model):
        if not isinstance(marker, (LocalizedMarker, ShownMarker)) or not isinstance(value, dict):
            continue
        source = _sibling(model, loc, "source")
        for language, text in value.items():
            source_text = source.get(language) if isinstance(source, dict) else None
            if isinstance(text, str):
                yield ShownText(loc + (language,), language, text, source_text)
            elif isinstance(text, list):
                for i, item in enumerate(text):
                    if isinstance(item, str):
                        yield ShownText(loc + (language, i), language, item, source_text)


def _sibling(model: Any, loc: Loc, name: str) -> Any:
    parent = model
    for part in loc[:-1]:
        parent = parent[part] if isinstance(part, int) else getattr(parent, part, None)
        if parent is None:
            return None
    return getattr(parent, name, None) if loc[-1] != name else None


def text_warnings(shown: ShownText, *, text_settings: Iterable[str] = (),
                  placeholders: Iterable[str] = ()) -> list[tuple[Message, str]]:
    """``(message, the words it is about)`` for one text. ``text_settings``: the kiosk's
    privacy settings that are on and keep what visitors type or say."""
    text_settings = list(text_settings)
    text, language = shown.text, shown.language
    out: list[tuple[str, str]] = []
    figures = undated_figures(text, shown.source)
    if figures:
        listed = ", ".join(f"'{f}'" for f in figures)
        key = "undated_figure" if len(figures) == 1 else "undated_figures"
        out.append((message(key, figures=listed), figures[0]))
    for term in VOCABULARY:
        if term.language == language:
            for found in term.pattern.finditer(text):
                out.append((message("vocabulary", found=found.group(0), instead=term.instead), found.group(0)))
    for term in EXPLAINED:
        found = term.pattern.search(text) if term.language == language else None
        if found and found.start() == _first(text, found.group(0)):
            out.append((message("unexplained", found=found.group(0), example=term.instead), found.group(0)))
    refers = _REFERS_BACK.get(language)
    found = refers.match(text) if refers else None
    if found:
        out.append((message("refers_to_nothing", found=found.group(0)), found.group(0)))
    claim = privacy_claim(text, bool(text_settings))
    if claim:
        settings = ", ".join(f"privacy.{name}: true" for name in text_settings)
        out.append((message(claim, settings=settings), ""))
    known = sorted(placeholders)
    for name in names_in(text):
        if name not in known:
            out.append((message("unknown_placeholder", name=name, known=", ".join(known) or message("none")),
                        "{" + name))
    return out


def _first(text: str, word: str) -> int:
    """Where ``word`` first appears (a word explained once needs no second explanation)."""
    return text.lower().find(word.lower())


# --- over a loaded content ----------------------------------------------------------------

def editorial_diagnostics(content: Any, *, text_settings: Iterable[str] = (),
                          placeholders: Iterable[str] = ()) -> list[Diagnostic]:
    """Warnings for every text of a loaded content (``kiosk.content.loader.Content``);
    ``text_settings`` and ``placeholders`` as in :func:`text_warnings`."""
    placeholders, text_settings = list(placeholders), list(text_settings)
    files: list[tuple[Path, Any]] = []
    exhibition_file = Path(content.root) / "exhibition.yaml"
    if exhibition_file.is_file():
        files.append((exhibition_file, content.exhibition))
    files += [(loaded.path, loaded.definition) for loaded in content.exhibits + content.disabled]
    out: list[Diagnostic] = []
    for path, model in files:
        doc = _document(path)
        found = []
        for shown in shown_texts(model):
            for text, words in text_warnings(shown, text_settings=text_settings, placeholders=placeholders):
                pos = _position(doc, shown.loc, words)
                found.append(Diagnostic("warning", display_path(path), pos.line if pos else None,
                                        pos.column if pos else None, format_loc(shown.loc), text))
        out += sorted(found, key=lambda d: (d.line or 0, d.column or 0))
    return out


def _document(path: Path) -> YamlDocument | None:
    try:
        return load_yaml(path)
    except YamlSyntaxError:  # already reported by the loader
        return None


def _position(doc: YamlDocument | None, loc: Loc, words: str) -> Position | None:
    """The line of ``words`` inside the text at ``loc`` (a folded text spans lines)."""
    if doc is None:
        return None
    start = doc.position_of(loc)
    lines = doc.text.splitlines(keepends=True)
    offset = sum(len(line) for line in lines[:start.line - 1]) + start.column - 1
    first_word = words.split()[0] if words.split() else ""
    if not first_word:
        return start
    # the word itself, not a piece of a longer one ("2" in "2024", "mail" in "mailbot")
    match = re.compile(rf"(?<!\w){re.escape(first_word)}(?!\w)").search(doc.text, offset, offset + 4000)
    if match is None:
        return start
    found = match.start()
    line = doc.text.count("\n", 0, found) + 1
    column = found - (doc.text.rfind("\n", 0, found) + 1) + 1
    return Position(line, column)
