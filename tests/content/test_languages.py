"""Organisers' messages in French first, English kept, from the translation tables.

Every table has every message in both languages with the same values; no sentence is
written outside the tables; ``--lang`` or the system locale chooses the language;
``--json`` keeps the same keys and values whatever the language.
"""
from __future__ import annotations

import ast
import json
import re
import string
import textwrap

import pytest

from kiosk.content import diagnostics, yamlsource
from kiosk.content.loader import load_content
from kiosk.content.messages import MESSAGES, parser_words
from kiosk.exhibits import exhibit_types
from kiosk.messages import LANGUAGES, TABLES, Message, Size, language_from_environment, quoted, read_table, text
from kiosk.releases import messages as release_messages
from tests.conftest import ROOT, run_launch

exhibit_types()  # the registry adds each type's table


def _fields(template: str) -> list[tuple[str, str | None, str]]:
    return sorted((name, conversion, spec) for _, name, spec, conversion in string.Formatter().parse(template)
                  if name is not None)


# --- the tables ----------------------------------------------------------------------------

def test_every_table_is_registered():
    sources = {path.resolve() for path, _ in TABLES.sources}
    assert {ROOT / "kiosk" / "messages.yaml", ROOT / "kiosk" / "content" / "messages.yaml",
            ROOT / "contract" / "releases" / "strings.yaml"} <= sources
    for exhibit_type in exhibit_types().values():
        table = exhibit_type.folder / "messages.yaml"
        assert table.resolve() in sources, f"{exhibit_type.name}: its messages.yaml is not registered"


def test_every_message_is_in_french_and_english_with_the_same_values():
    """A missing language, or a value one language forgets, fails here."""
    problems = []
    for path, prefix in TABLES.sources:
        for key, texts in read_table(path).items():
            where = f"{path.relative_to(ROOT)}: {key}"
            if set(texts) != set(LANGUAGES) or not all(isinstance(t, str) and t.strip() for t in texts.values()):
                problems.append(f"{where}: needs a non-empty text in each of {LANGUAGES}, has {sorted(texts)}")
                continue
            try:
                fields = {language: _fields(texts[language]) for language in LANGUAGES}
            except ValueError as exc:  # a lone { or }: write {{ or }}
                problems.append(f"{where}: {exc}")
                continue
            if fields["fr"] != fields["en"]:
                problems.append(f"{where}: values differ: fr {fields['fr']} en {fields['en']}")
    assert not problems, "\n".join(problems)


def test_no_key_is_in_two_tables():
    TABLES.entries()  # raises on a key defined twice


def test_french_comes_first_in_every_table():
    for path, _ in TABLES.sources:
        for key, texts in read_table(path).items():
            assert list(texts)[0] == "fr", f"{path.name}: {key}: write fr first"


# --- no sentence outside the tables --------------------------------------------------------------

#: modules whose calls produce what organisers read
SCANNED = sorted({
    *(ROOT / "kiosk" / "content").glob("*.py"),
    *(ROOT / "kiosk" / "releases").glob("*.py"),
    *(ROOT / "kiosk" / "exhibits").glob("*/schema.py"),
    *(ROOT / "kiosk" / "exhibits").glob("*/collisions.py"),
    ROOT / "kiosk" / "config.py",
    ROOT / "kiosk" / "docs_gen.py",
})
#: call -> position of its key argument
KEYED_CALLS = {"message": 0, "say": 0, "Message": 0, "ReleaseError": 0, "text": 0, "PydanticCustomError": 0,
               "YamlSyntaxError": 2, "fail": 1}
#: modules whose ``message()`` puts a prefix before its keys
PREFIXED = {"kiosk/content/editorial.py": "editorial."}
#: calls whose key is computed; each is checked by a test of its own below, or is a
#: wrapper passing on its caller's key (those callers are checked)
DYNAMIC = {
    ("kiosk/content/diagnostics.py", "syntax_diagnostic"),   # YamlSyntaxError.kind: test_yaml_error_kinds
    ("kiosk/content/diagnostics.py", "_sentence"),           # pydantic error kinds: test_pydantic_kinds
    ("kiosk/content/editorial.py", "text_warnings"),         # privacy_claim's answers: test_editorial_keys
    ("kiosk/content/editorial.py", "message"),               # wrappers
    ("kiosk/content/messages.py", "message"),
    ("kiosk/content/yamlsource.py", "message"),
    ("kiosk/content/yamlsource.py", "fail"),
    ("kiosk/content/schema.py", "error"),                    # CheckContext: the types' keys, checked above
    ("kiosk/content/schema.py", "warning"),
    ("kiosk/releases/messages.py", "text"),
    ("kiosk/releases/messages.py", "stored_text"),
    ("kiosk/releases/messages.py", "__init__"),
    ("kiosk/releases/messages.py", "_render"),               # the contract's errors: their keys are checked here
    ("kiosk/content/messages.py", "_parser_texts"),         # the parser's words: test_the_parsers_words…
    ("kiosk/content/messages.py", "parser_words"),
    ("kiosk/content/yamlsource.py", "load_yaml"),            # _BAD_VALUE_KINDS: test_yaml_error_kinds
    ("kiosk/releases/apply.py", "report_failure"),           # the supervisor's reasons: test_release_reasons
    ("kiosk/releases/cli.py", "status"),                     # action.<name>, if the table has it
    ("kiosk/docs_gen.py", "_write_or_check"),                # the generated files' sources: test_docs_sources
}


def _key_nodes(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.IfExp):
        return _key_nodes(node.body) + _key_nodes(node.orelse)
    return [node]


def _calls(source: str):
    """(function it is in, call name, owner, call) for every call of a module's source."""
    tree = ast.parse(source)

    def walk(node, function):
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            if isinstance(child, ast.Call):
                func = child.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                owner = "" if isinstance(func, ast.Name) else (
                    func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else "…")
                yield inner, name, owner, child
            yield from walk(child, inner)

    yield from walk(tree, "")


def _sentence_literal(node: ast.AST) -> bool:
    """An English (or any) sentence written in code: words in a literal text."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(_WORD.search(node.value)) and " " in node.value.strip()
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and _WORD.search(v.value) for v in node.values)
    return False


_WORD = re.compile(r"[^\W\d_]{2,}")


def problems_in(where: str, source: str, type_prefix: str = "") -> list[str]:
    """What in one module makes a message outside the tables (``where``: its path from
    the project; ``type_prefix``: ``"<type>."`` in an exhibit type's folder)."""
    entries = TABLES.entries()
    problems = []
    for function, name, owner, call in _calls(source):
        line = f"{where}:{call.lineno}"
        if owner in ("report", "sink") and name in ("error", "warning"):
            if len(call.args) < 2:
                continue
            key_arg = call.args[1]
            if owner == "report":
                for node in _key_nodes(key_arg):
                    if not (isinstance(node, ast.Constant) and type_prefix + str(node.value) in entries):
                        problems.append(f"{line}: report.{name}() needs a key of the type's messages.yaml")
            elif _sentence_literal(key_arg) or isinstance(key_arg, ast.Constant):
                problems.append(f"{line}: sink.{name}() needs message(key, …), not a text")
            continue
        if name == "echo" and owner == "click":
            if call.args and _sentence_literal(call.args[0]):
                problems.append(f"{line}: click.echo() of a text written in code")
            continue
        position = KEYED_CALLS.get(name)
        if position is None or len(call.args) <= position:
            continue
        if name == "text" and owner not in ("", "messages"):
            continue  # another object's text(language)
        key_prefix = PREFIXED.get(where, "") if name == "message" else ""
        for node in _key_nodes(call.args[position]):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if key_prefix + node.value not in entries:
                    problems.append(f"{line}: {name}({node.value!r}): no such message in the tables")
            elif (where, function) not in DYNAMIC:
                problems.append(f"{line}: {name}() with a computed key: list it in DYNAMIC with its test")
        for keyword in call.keywords:
            if _sentence_literal(keyword.value):
                problems.append(f"{line}: {name}({keyword.arg}=…) holds words: make it a message (say(key))")
    return problems


def test_every_message_comes_from_a_table():
    """Each key written in code is in the tables; no sentence is written in code where a
    message is made, reported or printed."""
    types = {t.folder.resolve(): name for name, t in exhibit_types().items()}
    problems = []
    for path in SCANNED:
        prefix = next((f"{name}." for folder, name in types.items() if folder in path.resolve().parents), "")
        problems += problems_in(path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8"), prefix)
    assert not problems, "\n".join(problems)


def test_the_scan_finds_sentences_written_in_code():
    source = textwrap.dedent("""\
        def check(self, report):
            report.error(("answers", 1, "id"), f"duplicate answer id '{answer.id}'")
            report.warning(("draw",), "few_statements")
        def load(sink):
            sink.error((), "configuration file not found")
            click.echo(f"{n} exhibit(s) ok")
            raise ReleaseError("manifest.invalid", detail="not a JSON object")
            return message("no_such_key"), message(kind)
        """)
    found = problems_in("kiosk/exhibits/poll/schema.py", source, "poll.")
    assert [p.split(": ", 1)[1] for p in found] == [
        "report.error() needs a key of the type's messages.yaml",
        "report.warning() needs a key of the type's messages.yaml",
        "sink.error() needs message(key, …), not a text",
        "click.echo() of a text written in code",
        "ReleaseError(detail=…) holds words: make it a message (say(key))",
        "message('no_such_key'): no such message in the tables",
        "message() with a computed key: list it in DYNAMIC with its test",
    ]


def test_yaml_error_kinds():
    source = ast.parse((ROOT / "kiosk" / "content" / "yamlsource.py").read_text(encoding="utf-8"))
    kinds = {node.args[2].value for node in ast.walk(source) if isinstance(node, ast.Call)
             and getattr(node.func, "id", "") == "YamlSyntaxError" and len(node.args) > 2
             and isinstance(node.args[2], ast.Constant)}
    kinds |= set(yamlsource._BAD_VALUE_KINDS.values())
    assert {"yaml_syntax", "file_too_big", "bad_int"} <= kinds
    assert kinds <= set(MESSAGES)


def test_docs_sources():
    from kiosk.docs_gen import _generated

    assert all(source in TABLES.entries() for _, source, _ in _generated().values())


def test_pydantic_kinds():
    assert set(diagnostics._SIMPLE_KINDS.values()) <= set(MESSAGES)
    assert set(diagnostics._COMPARISONS) <= set(MESSAGES)


def test_editorial_keys():
    assert {"editorial.keeps_nothing", "editorial.keeps_only"} <= set(MESSAGES)


def test_release_reasons():
    source = (ROOT / "kiosk" / "releases" / "supervisor.py").read_text(encoding="utf-8")
    reasons = {node.elts[0].value for node in ast.walk(ast.parse(source))
               if isinstance(node, ast.Tuple) and node.elts and isinstance(node.elts[0], ast.Constant)
               and str(node.elts[0].value).startswith("reason.")}
    assert reasons and all(release_messages.has_text(r) for r in reasons)


def test_the_parsers_words_are_translated():
    said = parser_words("did not find expected key")
    assert isinstance(said, Message) and said.text("fr") == "clé attendue introuvable"
    assert said.text("en") == "did not find expected key"
    assert parser_words("some words a newer parser says") == "some words a newer parser says"


# --- wording -----------------------------------------------------------------------------------------

def test_numbers_and_sizes_are_written_the_french_way():
    assert text("file_too_big", "fr", size=2_500_000, limit=1_048_576) == \
        "le fichier est trop gros (2 500 000 octets) : 1 048 576 octets au plus par fichier"
    assert text("file_too_big", "en", size=2_500_000, limit=1_048_576) == \
        "the file is too big (2,500,000 bytes): at most 1,048,576 bytes per file"
    assert Size(1_600_000).text("fr") == "1,5 Mo" and Size(1_600_000).text("en") == "1.5 MB"
    assert Size(12).text("fr") == "12 octets"


def test_values_from_files_are_clipped_in_every_language():
    assert quoted(list(range(50_000)), language="fr") == "une liste de 50 000 élément(s)"
    assert quoted({"a": 1}, language="en") == "a group of 1 field(s)"
    long = text("unknown_field", "fr", key="x" * 10_000 + "\n")
    assert len(long) < 100 and "\n" not in long


def test_a_nested_message_is_worded_in_the_same_language():
    refused = release_messages.ReleaseError("verify.refused", reason=release_messages.ReleaseError("sig.invalid"))
    assert refused.text("fr").startswith("Refusée : la signature ne correspond pas")
    assert refused.text("en").startswith("Refused: the signature does not match")


# --- choosing the language -------------------------------------------------------------------------

@pytest.mark.parametrize("environ, language", [
    ({}, "fr"),
    ({"LANG": "C.UTF-8"}, "fr"),
    ({"LANG": "fr_FR.UTF-8"}, "fr"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "de_DE.UTF-8"}, "fr"),                                   # the users speak French
    ({"LANG": "fr_FR.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "en"),     # LC_MESSAGES before LANG
    ({"LC_ALL": "fr_BE.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "fr"),   # LC_ALL before everything
    ({"LC_ALL": "", "LANG": "en_US"}, "en"),                            # empty means unset
])
def test_the_locale_chooses_unless_lang_is_given(environ, language):
    assert language_from_environment(environ) == language


def _summary(proc) -> str:
    return proc.stdout.strip().splitlines()[-1]


def test_lang_after_launch_or_after_the_command_and_the_locale_otherwise():
    french = "module(s) valide(s)"
    english = "exhibit(s) ok"
    assert french in _summary(run_launch("check", env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "fr_FR.UTF-8"}))
    assert english in _summary(run_launch("check", env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_GB.UTF-8"}))
    assert french in _summary(run_launch("check", env={"LC_ALL": "C", "LANG": "en_GB.UTF-8"}))
    assert english in _summary(run_launch("--lang", "en", "check", env={"LANG": "fr_FR.UTF-8"}))
    assert french in _summary(run_launch("check", "--lang", "fr", env={"LC_ALL": "en_US.UTF-8"}))
    assert french in _summary(run_launch("--lang", "en", "check", "--lang", "fr"))  # the command's own wins
    bad = run_launch("--lang", "de", "check")
    assert bad.returncode == 2 and "'de' is not one of 'fr', 'en'" in bad.stderr


BROKEN = {
    "zz_type.yaml": "id: zz\ntype: chatbt\n",
    "zz_chatbot.yaml": (ROOT / "exhibits" / "chatbot.yaml").read_text(encoding="utf-8")
    .replace("id: chatbot\n", "id: zzbot\n").replace("- id: what_is_ai", "- id: greeting", 1),
    "zz_voice.yaml": "id: zzvoice\ntype: voicebot\ntitle: {fr: a, en: b}\nsummary: {fr: a, en: b}\nchatbot: nope\n",
    "zz_myths.yaml": "id: zzmyths\ntype: myths\ntitle: {fr: a}\nsummary: {fr: a, en: b}\nintro: {fr: a, en: b}\n"
                     "items:\n  - {id: a, statement: {fr: x}, verdict: mythe, explanation: {fr: y}, source: {fr: z}}\n",
}


@pytest.fixture
def broken(content_copy):
    for name, text_ in BROKEN.items():
        (content_copy / name).write_text(text_, encoding="utf-8")
    return content_copy


def test_json_keeps_the_same_keys_and_values_in_every_language(broken):
    reports = {language: json.loads(run_launch("check", "--content", str(broken), "--json", "--lang", language).stdout)
               for language in LANGUAGES}
    fr, en = reports["fr"], reports["en"]
    assert fr["language"] == "fr" and en["language"] == "en"
    for kind in ("errors", "warnings"):
        assert [(d["file"], d["line"], d["field"], d["key"], d["values"]) for d in fr[kind]] == \
               [(d["file"], d["line"], d["field"], d["key"], d["values"]) for d in en[kind]]
    assert {"type_unknown_close", "must_be_one_of", "voicebot.no_exhibit_of_type"} <= {d["key"] for d in fr["errors"]}
    unknown = next(d for d in fr["errors"] if d["key"] == "type_unknown_close")
    assert unknown["values"] == {"found": "chatbt", "known": "chatbot, info, myths, voicebot", "close": "chatbot"}
    assert unknown["message"] == ("type de module inconnu 'chatbt' (types connus : chatbot, info, myths, voicebot) ; "
                                  "vouliez-vous dire 'chatbot' ?")
    assert next(d for d in en["errors"] if d["key"] == "type_unknown_close")["message"].startswith(
        "unknown exhibit type 'chatbt'")


def test_each_types_checks_speak_french(broken):
    proc = run_launch("check", "--content", str(broken), "--lang", "fr")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1
    assert "zz_voice.yaml:5:10: chatbot: aucun module n'a l'identifiant 'nope' (modules de type chatbot : chatbot)" \
        in out, out
    assert "zz_myths.yaml:7:42: items[0].verdict: doit être l'une de ces valeurs : myth, fact (valeur trouvée : " \
           "'mythe')" in out, out
    assert "identifiant d'intention 'greeting' en double (aussi intents[0])" in out, out
    assert "voicebot.no_exhibit" not in out and "chatbot.duplicate" not in out  # no key shown for want of a text


def test_warnings_of_the_types_speak_french(content_copy):
    (content_copy / "zz_myths.yaml").write_text(
        "id: zzmyths\ntype: myths\ntitle: {fr: a, en: b}\nsummary: {fr: a, en: b}\nintro: {fr: a, en: b}\n"
        "items:\n  - {id: a, statement: {fr: x}, verdict: myth, explanation: {fr: y, en: y}, source: {fr: z, en: z}}\n",
        encoding="utf-8")
    content = load_content(content_copy)
    said = {d.message_in("fr") for d in content.warnings if d.file.endswith("zz_myths.yaml")}
    assert "seulement 1 affirmation(s) en 'fr' : une visite en tire 1, pas 10" in said
    assert "pas tirée pour les visiteurs en 'en' tant que ses textes ne sont pas traduits" in said


# --- the content commands ------------------------------------------------------------------------------

def test_the_content_commands_speak_french_and_english(tmp_path):
    key, out = tmp_path / "organisateurs.cle", tmp_path / "exposition.zip"
    made = run_launch("content", "keygen", str(key), "--lang", "fr", check=True).stdout
    assert made.startswith(f"Clé privée écrite dans {key} (gardez-la secrète")
    again = run_launch("content", "keygen", str(key), "--lang", "fr")
    assert again.returncode == 1 and "existe déjà : une clé n'est jamais écrasée" in again.stderr
    built = run_launch("content", "release", "--key", str(key), "--out", str(out), "--content", str(ROOT / "exhibits"),
                       "--lang", "fr", check=True).stdout
    assert f"écrite dans {out} :" in built and " Ko, 4 module(s), 0 avertissement(s) ; identifiant " in built
    verified = run_launch("content", "verify", str(out), "--pubkey", f"{key}.pub", "--lang", "fr", check=True).stdout
    assert verified.startswith("Acceptée : version ") and "signée avec la clé" in verified
    other = tmp_path / "autre.cle"
    run_launch("content", "keygen", str(other), check=True)
    refused = run_launch("content", "verify", str(out), "--pubkey", f"{other}.pub", "--lang", "fr")
    assert refused.returncode == 1
    assert refused.stderr.startswith("Refusée : signée avec une clé que cette borne ne reconnaît pas")
    answer = json.loads(run_launch("content", "verify", str(out), "--pubkey", f"{other}.pub", "--json",
                                   "--lang", "en").stdout)
    assert answer["error"]["key"] == "sig.unknown_key" and answer["error"]["text"].startswith("signed with a key")
    english = run_launch("--lang", "en", "content", "verify", str(out), "--pubkey", f"{key}.pub", check=True)
    assert english.stdout.startswith("Accepted: release ")


def test_a_release_of_broken_content_is_refused_in_french(tmp_path, broken):
    key = tmp_path / "cle"
    run_launch("content", "keygen", str(key), check=True)
    proc = run_launch("content", "release", "--key", str(key), "--out", str(tmp_path / "x.zip"),
                      "--content", str(broken), "--lang", "fr")
    assert proc.returncode == 1 and not (tmp_path / "x.zip").exists()
    assert "zz_type.yaml:2:7: type: type de module inconnu 'chatbt'" in proc.stderr
    assert "erreur(s) : rien n'a été écrit. Corrigez-les (python launch.py check) et recommencez." in proc.stderr


def test_docs_commands_follow_the_language():
    assert run_launch("docs", "fields", "--check", "--lang", "fr", check=True).stdout.endswith(": à jour\n")
    assert run_launch("--lang", "en", "docs", "fields", "--check", check=True).stdout.endswith(": up to date\n")
