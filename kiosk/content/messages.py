"""Every sentence the content checks produce, in one table to translate, and how a
value from a file is shown in them: clipped, on one line (:func:`quoted`), never whole,
so a hostile file cannot produce a huge or multi-line report."""
from __future__ import annotations

import string
from typing import Any

#: Every message of the content checks, by kind. ``{name!q}`` shows a value from the
#: file, quoted and clipped; ``{name}`` is a number or a text of ours.
MESSAGES: dict[str, str] = {
    # the content folder and its files
    "content_folder_missing": "content folder not found",
    "exhibition_file_missing": "missing {file}: the exhibition's name, languages and attract texts",
    "file_unreadable": "cannot read the file: {reason}",
    "file_not_regular": "not a regular file",
    "file_too_big": "the file is too big ({size:,} bytes): at most {limit:,} bytes per file",
    "file_not_utf8": "not UTF-8 text: byte {byte} cannot be read; save the file as UTF-8",
    "file_utf16": "the file is saved as UTF-16: save it as UTF-8",
    "forbidden_character": "forbidden invisible character {char}: delete it (it often comes with text "
                           "copied from a PDF or a word processor)",
    "internal_error": "this file could not be checked (internal error {error}); please report it",
    "too_many_problems": "{count:,} more problem(s) in this file not shown",
    # YAML
    "yaml_syntax": "YAML syntax error: {problem}",
    "yaml_syntax_context": "YAML syntax error: {problem} ({context})",
    "yaml_syntax_context_line": "YAML syntax error: {problem} ({context} that starts on line {line})",
    "yaml_error": "YAML error: {problem}",
    "yaml_several_documents": "only one YAML document per file: remove the second '---' and what follows",
    "duplicate_key": "duplicate key {key!q} (first defined on line {line})",
    "key_not_plain": "a key must be a plain value",
    "too_deep": "nested more than {limit} levels deep (lists or groups of fields inside each other)",
    "too_many_values": "too many values: more than {limit:,} in one file",
    "alias_too_many_values": "the aliases (*name) repeat too much: the file would hold more than {limit:,} values",
    "alias_too_many_characters": "the aliases (*name) repeat too much: the file would hold more than "
                                 "{limit:,} characters",
    "alias_undefined": "unknown alias '*{name}': no '&{name}' before it",
    "alias_cycle": "the alias '*{name}' is inside its own anchor '&{name}'",
    "anchor_duplicate": "the anchor '&{name}' is already defined on line {line}",
    "value_too_long": "value too long: {length:,} characters, at most {limit:,}",
    "number_too_long": "number too long: {digits:,} digits, at most {limit} (put it in quotes if it is a text)",
    "bad_int": "cannot read {value!q} as a whole number (put it in quotes if it is a text)",
    "bad_float": "cannot read {value!q} as a number (put it in quotes if it is a text)",
    "bad_date": "{value!q} is not a valid date (put it in quotes if it is a text)",
    "bad_value": "cannot read {value!q} as {tag} (put it in quotes if it is a text)",
    # fields (pydantic errors)
    "missing": "required field is missing",
    "unknown_field": "unknown field {key!q}",
    "unknown_field_close": "unknown field {key!q}; did you mean {close!q}?",
    "unknown_field_known": "unknown field {key!q}; known fields: {names}",
    "must_be_one_of": "must be one of {expected} (found {found!q})",
    "must_be_text": "must be text",
    "must_be_whole_number": "must be a whole number (found {found!q})",
    "must_be_number": "must be a number (found {found!q})",
    "must_be_bool": "must be true or false (found {found!q})",
    "must_be_list": "must be a list (one item per line starting with '- ')",
    "must_be_group": "must be a group of fields ('name: value' lines)",
    "must_not_be_empty": "must not be empty",
    "too_short_text": "too short: at least {limit} characters",
    "too_long_text": "too long: {length:,} characters, at most {limit} fit on screen",
    "too_few_items": "needs at least {limit} item(s), has {count}",
    "too_many_items": "at most {limit} item(s), has {count}",
    "greater_than_equal": "must be at least {limit} (found {found!q})",
    "greater_than": "must be more than {limit} (found {found!q})",
    "less_than_equal": "must be at most {limit} (found {found!q})",
    "less_than": "must be less than {limit} (found {found!q})",
    "wrong_form": "{found!q} has the wrong form ({pattern})",
    # paths of files under the content folder
    "path_empty": "the path is empty",
    "path_control": "the path holds an invisible character ({char}): retype it",
    "path_backslash": "use '/' between folders, not '\\'",
    "path_too_long": "the path is too long: {length:,} characters, at most {limit}",
    "path_name_too_long": "the name {name!q} is too long for a file (at most {limit} bytes)",
    "path_outside": "{path!q} must be inside the content folder",
    "path_not_found": "file not found: {path!q} (looked in {folder})",
    "path_unusable": "cannot use {path!q}: {reason}",
    "path_link_loop": "cannot use {path!q}: its symbolic links point at each other",
    # the exhibit files
    "exhibit_not_group": "an exhibit file must be a group of fields (id, type, title…)",
    "exhibition_not_group": "the exhibition file must be a group of fields (name, version, languages…)",
    "type_missing": "required field is missing (one of: {known})",
    "type_unknown": "unknown exhibit type {found!q} (known: {known})",
    "type_unknown_close": "unknown exhibit type {found!q} (known: {known}); did you mean {close!q}?",
    "translation_missing": "missing translation '{language}'",
    "language_unknown": "{language!q} is not a language of the exhibition ({languages})",
    "exhibit_duplicate_id": "duplicate exhibit id {id!q} (already used in {file})",
}


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


def quoted(value: Any, limit: int = 60) -> str:
    """A value from a file as a message shows it: short, on one line, never whole."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "''"
    if isinstance(value, int):
        digits = value.bit_length() * 0.30103
        return one_line(str(value), limit) if digits < 4000 else f"a number of about {int(digits):,} digits"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return f"a list of {len(value):,} item(s)"
    if isinstance(value, dict):
        return f"a group of {len(value):,} field(s)"
    if not isinstance(value, str):
        value = str(value)
    return f"'{one_line(value, limit)}'"


class _MessageFormatter(string.Formatter):
    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion == "q":
            return quoted(value)
        if isinstance(value, str):
            return one_line(value, 300)
        return super().convert_field(value, conversion)


_formatter = _MessageFormatter()


def message(kind: str, **values: Any) -> str:
    """The sentence for ``kind`` (a key of :data:`MESSAGES`) with its values."""
    return _formatter.format(MESSAGES[kind], **values)
