"""Where the code names an exhibit type or one of its event kinds, outside that type's
folder. A plug-in is complete in its folder: the shell, the engines, the simulator and
the collector go through the manifests, so this finds only the registration line (and
a type's declared links to the types it works with, in its manifest).

    .venv/bin/python -m tests.architecture.type_names      # prints every occurrence and the counts

Code means string literals and the .kv, .html, .js files; prose (docstrings, comments)
is not counted.
"""
from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: the code that must not name a type (content, tests, docs and benchmarks may)
SCANNED = ("kiosk", "collector", "contract", "launch.py", "deploy")
#: the intent engine's spelling tables hold words of the language that happen to be a
#: type's name ("info", an SMS spelling of "information"): a word, not the type
WORDS = {("kiosk/nlu/normalize.py", "info")}


@dataclass(frozen=True)
class Occurrence:
    path: str
    line: int
    name: str        # the type named
    text: str
    allowed: str     # why it may be there ("" when it may not)


def _names() -> tuple[dict[str, str], dict[str, str]]:
    """type name -> its folder; event kind -> its type."""
    from kiosk.exhibits import TYPE_PACKAGES, manifests

    folders = {m.name: f"kiosk/exhibits/{pkg}/" for pkg, m in zip(TYPE_PACKAGES, manifests().values())}
    kinds = {k.kind: m.name for m in manifests().values() for k in m.events}
    return folders, kinds


def _named(value: str, folders: dict, kinds: dict) -> str | None:
    if value in folders:
        return value
    if value in kinds:
        return kinds[value]
    prefix = value.split(".", 1)[0]
    return prefix if "." in value and prefix in folders else None


def _literals(path: Path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.STRING:
                try:
                    value = ast.literal_eval(tok.string)
                except (ValueError, SyntaxError):  # f-strings
                    continue
                if isinstance(value, str):
                    yield tok.start[0], value, tok.line.strip()
    else:
        for number, line in enumerate(text.splitlines(), 1):
            for match in re.finditer(r"""["']([a-z_][a-z_.]*)["']""", line):
                yield number, match.group(1), line.strip()


def occurrences() -> list[Occurrence]:
    from kiosk.exhibits import manifests

    folders, kinds = _names()
    links = {folders[m.name]: {link.type for link in m.links} for m in manifests().values()}
    found = []
    for top in SCANNED:
        base = ROOT / top
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*")
                                                      if p.suffix in (".py", ".kv", ".html", ".js", ".sh"))
        for path in files:
            rel = path.relative_to(ROOT).as_posix()
            for line, value, source in _literals(path):
                name = _named(value, folders, kinds)
                if name is None or rel.startswith(folders[name]):
                    continue
                allowed = ""
                if rel == "kiosk/exhibits/__init__.py" and value == name:
                    allowed = "the registration line"
                elif rel.endswith("/__init__.py") and name in links.get(rel[: -len("__init__.py")], ()):
                    allowed = "a link the type's manifest declares"
                elif (rel, value) in WORDS:
                    allowed = "a word of the language, not the type"
                found.append(Occurrence(rel, line, name, source, allowed))
    return found


if __name__ == "__main__":
    everything = occurrences()
    for o in everything:
        print(f"{o.path}:{o.line}: {o.name}: {o.text}" + (f"   [{o.allowed}]" if o.allowed else "   [NOT ALLOWED]"))
    registration = sum(o.allowed == "the registration line" for o in everything)
    links = sum(o.allowed == "a link the type's manifest declares" for o in everything)
    words = sum(o.allowed.startswith("a word") for o in everything)
    print(f"type names outside their own folder: {len(everything)} "
          f"(registration line: {registration}, declared links: {links}, words that are not the type: {words}, "
          f"anywhere else: {sum(not o.allowed for o in everything)})")
