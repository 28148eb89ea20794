"""Property-based tests: whatever a content file holds, `check` and the kiosk's loader
answer with reported errors, each on one line with its file and line, in bounded
time, and the other exhibits still load.

Documents are random YAML (built from random values, or token soup, or bytes) and
random mutations of the shipped exhibits (characters, bytes, lines, and whole
subtrees swapped for random values). The default run is a few hundred examples; the
``slow`` variants run thousands (``pytest -m slow tests/content/test_properties.py``).
"""
from __future__ import annotations

import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase

from kiosk.cli import main as launch_main
from kiosk.config import ConfigError, load_config
from kiosk.content.loader import load_content
from kiosk.nlu.evaluate import EvalFileError, read_eval_file
from tests.conftest import ARTIFACTS, ROOT

SHIPPED = ROOT / "exhibits"
SENTINEL = (
    "id: sentinel\ntype: info\ntitle: {fr: Témoin, en: Witness}\nsummary: {fr: Témoin, en: Witness}\n"
    "pages: [{heading: {fr: Témoin, en: Witness}, text: {fr: Témoin, en: Witness}}]\n"
)
#: what the checker says when one of its own checks raised: a bug, never acceptable here
REPORT_LINE = re.compile(r"^(.+?\.ya?ml(:\d+:\d+)?: .+|\d+ module\(s\) valide\(s\), .+)$")

# A hang or a blow-up shows as an example over the deadline; a normal one takes
# milliseconds (the shipped chatbot, the slowest file, about 0.3 s on 2 shared cores).
DEFAULT = settings(
    max_examples=60,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=DirectoryBasedExampleDatabase(str(ARTIFACTS / "hypothesis")),
)
SLOW = settings(DEFAULT, max_examples=2000)


# --- strategies ----------------------------------------------------------------

FIELD_NAMES = [
    "id", "type", "title", "summary", "icon", "order", "enabled", "pages", "heading", "text", "image",
    "items", "statement", "verdict", "explanation", "source", "intro", "draw", "intents", "examples",
    "templates", "answers", "question", "fallback", "synonyms", "target", "variants", "chatbot",
    "max_hold_s", "threshold", "fr", "en", "name", "version", "languages", "attract", "theme", "logo",
]
TRICKY_TEXTS = [
    "info", "myths", "chatbot", "voicebot", "myth", "fact", "fr", "en", "", " ", "~", "null", "yes", "off",
    "images/myths/robot.png", "a\0b.png", "../../../etc/passwd", "/dev/zero", "a" * 300, "é" * 200,
    "line\nbreak", "tab\there", "\u202eevil", "\ud7ff", "\ufeff", "1:20:30", "2026-02-30", "0x1F", "1e999",
    "bienvenue", "sentinel", "9" * 120,
]
scalars = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-10**150, max_value=10**150),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(TRICKY_TEXTS),
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=20), st.integers(-5, 5), st.booleans(), st.none())
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=6),
        st.dictionaries(keys, children, max_size=6),
    ),
    max_leaves=40,
)
exhibit_like = st.fixed_dictionaries(
    {"id": st.one_of(st.sampled_from(["zz", "bienvenue", "sentinel", "Bad Id"]), st.text(max_size=10)),
     "type": st.one_of(st.sampled_from(["info", "myths", "chatbot", "voicebot"]), values)},
    optional={name: values for name in FIELD_NAMES if name not in ("id", "type")},
)


def _dump(value, unicode: bool) -> str:
    return yaml.safe_dump(value, allow_unicode=unicode, sort_keys=False)


#: Fragments of YAML syntax, aliases, tags and hostile characters: their soup finds
#: the corners of the parser that valid documents never reach.
TOKENS = [
    "[", "]", "{", "}", ": ", ":", ",", "- ", "\n", "\n  ", "  ", "\t", "&a ", "*a", "&b ", "*b", "<<: ",
    "!!int ", "!!float ", "!!binary ", "!!timestamp ", "!!set ", "!!omap ", "!!python/object:os.system ",
    "!local ", "? ", "|", ">-", "'", '"', "\\", "#", "---\n", "...\n", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n",
    "\x00", "\x01", "\x85", "\u2028", "\ufeff", "\ufffe", "é", "🙂", "9" * 60, "id: zz\n", "type: info\n",
    "type: myths\n", "title: {fr: T, en: T}\n", "icon: ", "order: ", "verdict: ", "[[[[[[[[", "]]]]]]]]",
    "*a, *a, *a, *a, *a", "null", "~", "true", "2026-02-30", "0o777", "0x", ".inf", ".nan",
]
token_soup = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)), max_size=60).map("".join)

random_documents = st.one_of(
    st.builds(_dump, values, st.booleans()).map(str.encode),
    st.builds(_dump, exhibit_like, st.booleans()).map(str.encode),
    token_soup.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.binary(max_size=300),
)

SHIPPED_FILES = sorted(p.name for p in SHIPPED.glob("*.yaml"))


@st.composite
def mutated_shipped_file(draw) -> tuple[str, bytes]:
    """A shipped exhibit file with a few random mutations."""
    name = draw(st.sampled_from(SHIPPED_FILES))
    data = (SHIPPED / name).read_bytes()
    for _ in range(draw(st.integers(1, 4))):
        data = draw(_mutation(data))
    return name, data


def _mutation(data: bytes):
    size = len(data)
    at = st.integers(0, size)
    return st.one_of(
        # characters and bytes
        st.builds(lambda i, t: data[:i] + t.encode("utf-8", "surrogatepass") + data[i:], at,
                  st.one_of(st.sampled_from(TOKENS), st.text(max_size=8))),
        st.builds(lambda i, b: data[:i] + b + data[i:], at, st.binary(min_size=1, max_size=4)),
        st.builds(lambda i, n: data[:i] + data[i + n:], at, st.integers(1, 200)),
        st.builds(lambda i: data[:i], at),
        # lines: duplicated, swapped, re-indented
        st.builds(_lines_mutated, st.just(data), st.integers(0, data.count(b"\n")), st.integers(0, data.count(b"\n")),
                  st.sampled_from(["duplicate", "swap", "indent", "dedent", "delete"])),
        # structure: a subtree replaced by a random value
        st.builds(_subtree_replaced, st.just(data), st.lists(st.integers(0, 50), max_size=6), values),
    )


def _lines_mutated(data: bytes, i: int, j: int, how: str) -> bytes:
    lines = data.split(b"\n")
    i, j = i % len(lines), j % len(lines)
    if how == "duplicate":
        lines.insert(j, lines[i])
    elif how == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif how == "indent":
        lines[i] = b"  " + lines[i]
    elif how == "dedent":
        lines[i] = lines[i][2:]
    else:
        del lines[i]
    return b"\n".join(lines)


def _subtree_replaced(data: bytes, path: list[int], value) -> bytes:
    """Follows ``path`` (each number picks a child) and replaces what it reaches."""
    try:
        doc = yaml.safe_load(data)
    except yaml.YAMLError:
        return data  # an earlier mutation broke it already
    if not isinstance(doc, (dict, list)):
        return data
    parent, key = None, None
    node = doc
    for step in path:
        children = list(node.keys()) if isinstance(node, dict) else list(range(len(node))) if isinstance(node, list) else []
        if not children:
            break
        parent, key = node, children[step % len(children)]
        node = node[key]
    if parent is None:
        return _dump(value, True).encode()
    parent[key] = value
    return _dump(doc, True).encode()


# --- the property ----------------------------------------------------------------


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A content folder: the shipped exhibition and images, a sentinel exhibit, and
    room for the file under test (the shipped chatbot only when it is needed)."""
    root = tmp_path_factory.mktemp("content")
    shutil.copy(SHIPPED / "exhibition.yaml", root)
    shutil.copytree(SHIPPED / "images", root / "images")
    (root / "aaa_sentinel.yaml").write_text(SENTINEL, encoding="utf-8")
    return root


def _prepare(folder: Path, name: str, data: bytes) -> None:
    for old in folder.glob("*.yaml"):
        if old.name not in ("aaa_sentinel.yaml",):
            old.unlink()
    if name != "exhibition.yaml":
        shutil.copy(SHIPPED / "exhibition.yaml", folder)
    if name == "voicebot.yaml":  # it names the chatbot: the references are checked too
        shutil.copy(SHIPPED / "chatbot.yaml", folder)
    (folder / name).write_bytes(data)


def assert_reported(folder: Path, name: str) -> None:
    """The kiosk's loader: no exception, every problem one line with its file and
    line, the sentinel exhibit still shown."""
    content = load_content(folder)
    mine = [d for d in content.diagnostics if d.file.endswith(name)]
    for d in content.diagnostics:
        text = str(d)
        assert "\n" not in text and "\r" not in text and len(text) < 1500, text[:300]
        assert d.key != "internal_error", text
    for d in mine:
        assert d.line is not None and d.line >= 1 and d.column >= 1, str(d)
    if name == "exhibition.yaml":
        assert content.exhibition is not None
    else:
        loaded = {e.path.name for e in content.exhibits + content.disabled}
        skipped = any(f.endswith(name) for f in content.skipped_files)
        assert (name in loaded) != skipped
        if skipped:
            assert any(d.severity == "error" for d in mine), "a skipped file says why"
    assert content.exhibit("sentinel") is not None, [str(d) for d in content.errors]


def assert_check_prints_one_line_each(folder: Path) -> None:
    """`launch.py check`: exit 0 or 1, each line a diagnostic or the summary."""
    result = CliRunner().invoke(launch_main, ["--lang", "fr", "check", "--content", str(folder)])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    for line in result.output.splitlines():  # stdout and stderr, as a terminal shows them
        assert REPORT_LINE.match(line), line


def _random_document_property(folder: Path, data: bytes) -> None:
    _prepare(folder, "zz.yaml", data)
    assert_reported(folder, "zz.yaml")
    assert_check_prints_one_line_each(folder)


def _mutation_property(folder: Path, mutated: tuple[str, bytes]) -> None:
    name, data = mutated
    _prepare(folder, name, data)
    assert_reported(folder, name)


@DEFAULT
@given(data=random_documents)
def test_random_documents_are_reported_never_raised(folder, data):
    _random_document_property(folder, data)


@DEFAULT
@given(mutated=mutated_shipped_file())
def test_mutated_shipped_exhibits_are_reported_never_raised(folder, mutated):
    _mutation_property(folder, mutated)


@DEFAULT
@given(mutated=mutated_shipped_file())
def test_mutated_shipped_exhibits_through_check(folder, mutated):
    name, data = mutated
    _prepare(folder, name, data)
    assert_check_prints_one_line_each(folder)


@DEFAULT
@given(data=st.one_of(random_documents, st.builds(
    lambda extra, unicode: _dump({"kiosk_id": "k1", "staff_pin_hash": "x", **extra}, unicode).encode(),
    st.dictionaries(st.sampled_from(["site", "idle_timeout_s", "content_dir", "data_dir", "voice", "collector",
                                     "stats", "privacy", "fullscreen", "default_language"]), values, max_size=4),
    st.booleans())))
def test_random_configs_are_reported_never_raised(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("config") / "kiosk.yaml"
    path.write_bytes(data)
    try:
        load_config(path)
    except ConfigError as exc:
        assert exc.diagnostics
        for d in exc.diagnostics:
            assert "\n" not in str(d) and len(str(d)) < 1500, str(d)[:300]


@DEFAULT
@given(data=random_documents)
def test_random_nlu_test_files_are_reported_never_raised(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("nlu") / "eval.yaml"
    path.write_bytes(data)
    try:
        read_eval_file(path)
    except EvalFileError as exc:
        assert "\n" not in str(exc) and len(str(exc)) < 1500, str(exc)[:300]


@pytest.mark.slow
@SLOW
@given(data=random_documents)
def test_many_random_documents(folder, data):
    _random_document_property(folder, data)


@pytest.mark.slow
@SLOW
@given(mutated=mutated_shipped_file())
def test_many_mutated_shipped_exhibits(folder, mutated):
    _mutation_property(folder, mutated)
