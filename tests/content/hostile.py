"""Hostile content files, as an attacker or a clumsy organiser would write them.

Each case is an exhibit file (bytes) and what the report must say about it, with its
line, column and field. Used by the regression tests and by
``bench/content_hostile.py`` (time and peak memory of ``check`` on each).
"""
from __future__ import annotations

from dataclasses import dataclass

#: A valid info exhibit; the cases add to it or change it.
BASE = (
    "id: zz\n"
    "type: info\n"
    "title: {fr: Titre, en: Title}\n"
    "summary: {fr: Résumé, en: Summary}\n"
    "pages:\n"
    "  - heading: {fr: Titre, en: Heading}\n"
    "    text: {fr: Texte, en: Text}\n"
)
MYTHS = (
    "id: zz\n"
    "type: myths\n"
    "title: {fr: Titre, en: Title}\n"
    "summary: {fr: Résumé, en: Summary}\n"
    "intro: {fr: Intro, en: Intro}\n"
    "items:\n"
    "  - id: s1\n"
    "    statement: {fr: Énoncé, en: Statement}\n"
    "    explanation: {fr: Explication, en: Explanation}\n"
    "    source: {fr: Source, en: Source}\n"
    "    verdict: myth\n"
)


@dataclass(frozen=True)
class Hostile:
    name: str
    data: bytes
    #: the error, as printed after the file's name: ``:line:col: field: message``
    expected: str


def _after_id(text: str, lines: str) -> bytes:
    return text.replace("id: zz\n", "id: zz\n" + lines, 1).encode("utf-8")


def laughs(depth: int, fanout: int = 10, prefix: str = "l") -> str:
    """The "billion laughs": anchors each holding ``fanout`` aliases of the previous one."""
    lines = [f"{prefix}0: &{prefix}0 [lol]"]
    for level in range(1, depth + 1):
        aliases = ", ".join([f"*{prefix}{level - 1}"] * fanout)
        lines.append(f"{prefix}{level}: &{prefix}{level} [{aliases}]")
    return "\n".join(lines) + "\n"


def merge_laughs(depth: int, fanout: int = 10) -> str:
    """The same with merge keys: each group merges ``fanout`` copies of the previous."""
    lines = ["m0: &m0 {a: 1, b: 2}"]
    for level in range(1, depth + 1):
        aliases = ", ".join([f"*m{level - 1}"] * fanout)
        lines.append(f"m{level}: &m{level} {{<<: [{aliases}]}}")
    return "\n".join(lines) + "\n"


_OVER_1_MB = (BASE + ("# " + "x" * 98 + "\n") * 11_000).encode()

CASES: list[Hostile] = [
    # the reproductions
    Hostile("nul_in_asset_path", _after_id(BASE, 'icon: "a\\0b.png"\n'),
            ":2:7: icon: the path holds an invisible character (U+0000): retype it"),
    Hostile("asset_path_300_characters", _after_id(BASE, "icon: " + "a" * 296 + ".png\n"),
            ":2:7: icon: the path is too long: 300 characters, at most 255"),
    Hostile("asset_name_over_255_bytes", _after_id(BASE, "icon: images/" + "é" * 130 + ".png\n"),
            ":2:7: icon: the name '" + "é" * 59 + "…' is too long for a file (at most 255 bytes)"),
    Hostile("integer_of_5000_digits", _after_id(BASE, "order: " + "9" * 5000 + "\n"),
            ":2:8: order: number too long: 5,000 digits, at most 100"),
    Hostile("990_nested_brackets", _after_id(BASE, "order: " + "[" * 990 + "]" * 990 + "\n"),
            ":2:27: order[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nested more than 20 levels"),
    Hostile("billion_laughs_as_number", (laughs(9) + BASE.replace("id: zz\n", "id: zz\norder: *l9\n")).encode(),
            ":6:15: l5[1]: the aliases (*name) repeat too much: the file would hold more than 50,000 values"),
    Hostile("billion_laughs_depth_6_as_choice", (laughs(6) + MYTHS.replace("verdict: myth", "verdict: *l6")).encode(),
            ":6:15: l5[1]: the aliases (*name) repeat too much"),
    Hostile("laughs_within_budget_as_choice", (laughs(4) + MYTHS.replace("verdict: myth", "verdict: *l4")).encode(),
            ":5:5: items[0].verdict: must be one of myth, fact (found a list of 10 item(s))"),
    Hostile("alias_chain_nesting_deeper_than_20",
            ("".join(f"a{i}: &a{i} [{'*a%d' % (i - 1) if i else 'x'}]\n" for i in range(30)) + BASE).encode(),
            ":20:12: a19[0]: nested more than 20 levels deep"),
    Hostile("merge_key_laughs", (merge_laughs(8) + BASE).encode(),
            ":5:55: m4.<<[8]: the aliases (*name) repeat too much"),
    Hostile("not_utf8", BASE.replace("Résumé", "R\xe9sum\xe9").encode("latin-1"),
            ":4:16: not UTF-8 text: byte 0xE9 cannot be read; save the file as UTF-8"),
    Hostile("utf16", BASE.encode("utf-16"), ":1:1: the file is saved as UTF-16: save it as UTF-8"),
    Hostile("control_character", _after_id(BASE, "order: 1\x01\n"),
            ":2:9: forbidden invisible character U+0001"),
    Hostile("nul_byte_in_text", BASE.replace("Texte", "Te\0xte").encode(),
            ":7:18: forbidden invisible character U+0000"),
    Hostile("key_holding_newlines", (BASE + '"bad\\nkey\\nhere": 1\n').encode(),
            ":8:1: bad\\nkey\\nhere: unknown field 'bad\\nkey\\nhere'; known fields: id, type"),
    # more of the same family
    Hostile("key_of_10000_characters", (BASE + "? " + "k" * 10000 + "\n: 1\n").encode(),
            ":8:3: " + "k" * 39 + "…: unknown field '" + "k" * 59 + "…'; known fields"),
    Hostile("implicit_key_over_1024_characters", (BASE + "k" * 2000 + ": 1\n").encode(),
            ":8:2001: YAML syntax error: could not find expected ':' (while scanning a simple key)"),
    Hostile("value_of_30000_characters", _after_id(BASE, "order: " + "1" * 30000 + "\n"),
            ":2:8: order: value too long: 30,000 characters, at most 20,000"),
    Hostile("alias_inside_its_anchor", _after_id(BASE, "order: &a [*a]\n"),
            ":2:12: order[0]: the alias '*a' is inside its own anchor '&a'"),
    Hostile("undefined_alias", _after_id(BASE, "order: *nowhere\n"),
            ":2:8: order: unknown alias '*nowhere': no '&nowhere' before it"),
    Hostile("duplicate_anchor", _after_id(BASE, "order: &a 1\nenabled: &a true\n"),
            ":3:10: enabled: the anchor '&a' is already defined on line 2"),
    Hostile("impossible_date", _after_id(BASE, "order: 2026-02-30\n"),
            ":2:8: order: '2026-02-30' is not a valid date"),
    Hostile("bad_explicit_int", _after_id(BASE, "order: !!int twelve\n"),
            ":2:8: order: cannot read 'twelve' as a whole number"),
    Hostile("explicit_int_on_nothing", _after_id(BASE, "order: !!int\n"),
            ":2:8: order: cannot read '' as a whole number"),
    Hostile("explicit_bool_on_a_word", _after_id(BASE, "enabled: !!bool maybe\n"),
            ":2:10: enabled: cannot read 'maybe' as !!bool"),
    Hostile("explicit_timestamp_on_a_word", _after_id(BASE, "order: !!timestamp soon\n"),
            ":2:8: order: 'soon' is not a valid date"),
    Hostile("python_object_tag", _after_id(BASE, "order: !!python/object/apply:os.system [echo]\n"),
            ":2:8: order: YAML syntax error: could not determine a constructor"),
    Hostile("two_documents", (BASE + "---\nid: other\n").encode(),
            ":8:1: only one YAML document per file"),
    Hostile("list_as_key", (BASE + "? [a, b]\n: 1\n").encode(), ":8:3: a key must be a plain value"),
    Hostile("file_over_1_mb", _OVER_1_MB, f": the file is too big ({len(_OVER_1_MB):,} bytes): at most 1,000,000 bytes"),
]

BY_NAME = {case.name: case for case in CASES}


def _near_limits() -> list[Hostile]:
    """Files just under every limit: the worst the checker has to go through."""
    unknown_keys = "".join(f"k{i}: 1\n" for i in range(24_900))
    flat_list = "order: [" + ", ".join("1" for _ in range(49_900)) + "]\n"
    many_aliases = laughs(3) + MYTHS.replace("verdict: myth", "verdict: [" + ", ".join(["*l3"] * 20) + "]")
    long_values = BASE.replace("id: zz\n", "id: zz\n" + "".join(
        f"t{i}: {'x' * 19_000}\n" for i in range(50)))
    return [
        Hostile("near_limit_24900_unknown_keys", (BASE + unknown_keys).encode(),
                ":8:1: k0: unknown field 'k0'"),
        Hostile("near_limit_list_of_49900_values", _after_id(BASE, flat_list),
                ":2:8: order: must be a whole number (found a list of 49,900 item(s))"),
        Hostile("near_limit_aliases_to_42000_values", many_aliases.encode(),
                "items[0].verdict: must be one of myth, fact (found a list of 20 item(s))"),
        Hostile("near_limit_950000_characters", long_values.encode(), ":2:1: t0: unknown field 't0'"),
    ]


NEAR_LIMITS = _near_limits()
