"""Hostile and broken files: `check`, the kiosk's loader, the config and the NLU test
files answer each with one line naming file, line and field, in bounded time and
memory, and the other exhibits still load."""
from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.content.loader import load_content
from tests.conftest import ROOT

from .hostile import BASE, BY_NAME, CASES, NEAR_LIMITS, laughs

SHIPPED_IDS = sorted(e.id for e in load_content(ROOT / "exhibits").exhibits)
#: the expected messages below are the English ones (tests/content/test_languages.py reads French)
pytestmark = pytest.mark.usefixtures("english")
#: ``file:line:col: …``, ``file: …`` or the summary line: nothing else may be printed
REPORT_LINE = re.compile(r"^(.+?\.ya?ml(:\d+:\d+)?: .+|\d+ exhibit\(s\) ok, .+)$")
#: address space of a `check` run: the unguarded loader took 1.6 GB on the alias chain
MEMORY_LIMIT = 768 * 1024 * 1024


def _hostile_errors(content, name: str = "zz.yaml"):
    return [d for d in content.diagnostics if d.file.endswith(name)]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_file_is_one_error_with_line_and_the_rest_loads(case, content_copy):
    (content_copy / "zz.yaml").write_bytes(case.data)
    content = load_content(content_copy)
    reported = [str(d).split("zz.yaml", 1)[1] for d in _hostile_errors(content)]
    assert any(r.startswith(case.expected) or case.expected in r for r in reported), reported
    assert sorted(e.id for e in content.exhibits) == SHIPPED_IDS
    assert any(f.endswith("zz.yaml") for f in content.skipped_files)
    for d in _hostile_errors(content):
        assert "\n" not in str(d) and len(str(d)) < 1500, str(d)[:300]
        assert d.line is not None or case.name == "file_over_1_mb", str(d)


@pytest.mark.parametrize("case", NEAR_LIMITS, ids=lambda c: c.name)
def test_files_just_under_the_limits_are_checked_whole(case, content_copy):
    """The limits leave room: these are read, then refused by the schema."""
    (content_copy / "zz.yaml").write_bytes(case.data)
    content = load_content(content_copy)
    reported = [str(d).split("zz.yaml", 1)[1] for d in _hostile_errors(content)]
    assert any(case.expected in r for r in reported), reported[:5]
    assert not any("repeat too much" in r or "too many values" in r for r in reported)
    assert sorted(e.id for e in content.exhibits) == SHIPPED_IDS


def _limited_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _check(content: Path | None, *extra: str) -> subprocess.CompletedProcess:
    """`launch.py check` as organisers run it, in at most MEMORY_LIMIT of address space
    (without a content folder, it reads the config to find it)."""
    where = ["--content", str(content)] if content else []
    return subprocess.run(
        [sys.executable, str(ROOT / "launch.py"), "--lang", "en", *extra, "check", *where],
        cwd=ROOT, capture_output=True, text=True, timeout=120, preexec_fn=_limited_memory,
    )


@pytest.mark.parametrize("name", [
    "nul_in_asset_path", "asset_path_300_characters", "integer_of_5000_digits", "990_nested_brackets",
    "billion_laughs_as_number", "billion_laughs_depth_6_as_choice", "not_utf8", "control_character",
    "key_holding_newlines",
])
def test_check_reports_the_issue_reproductions_in_bounded_memory(name, content_copy):
    case = BY_NAME[name]
    (content_copy / "zz.yaml").write_bytes(case.data)
    proc = _check(content_copy)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr
    assert f"zz.yaml{case.expected}" in proc.stderr, proc.stderr[-2000:]
    assert len(proc.stdout) + len(proc.stderr) < 20_000
    lines = (proc.stdout + proc.stderr).splitlines()
    assert all(REPORT_LINE.match(line) for line in lines), lines
    assert f"{len(SHIPPED_IDS)} exhibit(s) ok, 1 file(s) skipped" in proc.stdout


@pytest.mark.timeout(120)
def test_the_kiosk_loads_the_other_exhibits_beside_every_hostile_file_at_once(content_copy):
    for case in CASES:
        (content_copy / f"{case.name}.yaml").write_bytes(case.data)
    os.mkfifo(content_copy / "fifo.yaml")  # reading it would block forever
    (content_copy / "zero.yaml").symlink_to("/dev/zero")  # reading it would never end
    (content_copy / "folder.yaml").mkdir()
    content = load_content(content_copy)
    assert sorted(e.id for e in content.exhibits) == SHIPPED_IDS
    assert content.exhibition.name["fr"] != "Exposition", "the real exhibition.yaml, not the fallback"
    skipped = {Path(f).stem for f in content.skipped_files}
    assert skipped == {case.name for case in CASES}
    for case in CASES:
        assert any(case.expected in str(d) for d in _hostile_errors(content, f"{case.name}.yaml")), case.name


def test_hostile_exhibition_file_falls_back_and_exhibits_still_load(content_copy):
    exhibition = content_copy / "exhibition.yaml"
    exhibition.write_text(laughs(9) + exhibition.read_text(encoding="utf-8"), encoding="utf-8")
    content = load_content(content_copy)
    [error] = [d for d in content.errors if d.file.endswith("exhibition.yaml")]
    assert error.line == 6 and "the aliases (*name) repeat too much" in error.message
    assert sorted(e.id for e in content.exhibits) == SHIPPED_IDS


def test_asset_behind_a_symbolic_link_loop_is_an_error(content_copy):
    (content_copy / "loop.png").symlink_to("loop.png")
    (content_copy / "zz.yaml").write_text(BASE.replace("id: zz\n", "id: zz\nicon: loop.png\n"), encoding="utf-8")
    content = load_content(content_copy)
    [error] = _hostile_errors(content)
    assert (error.line, error.field) == (2, "icon")
    assert error.message == "cannot use 'loop.png': its symbolic links point at each other"


def test_file_names_with_newlines_or_bad_bytes_stay_on_one_line(content_copy):
    broken = BASE.replace("id: zz", "id: zz\nbogus: 1")
    (content_copy / "zz\nerror: forged line.yaml").write_text(broken, encoding="utf-8")
    (content_copy / os.fsdecode(b"bad\xffname.yaml")).write_text(broken.replace("zz", "yy"), encoding="utf-8")
    (content_copy / "ok\u2028name.yaml").write_text(BASE.replace("zz", "ok"), encoding="utf-8")
    proc = _check(content_copy)
    lines = (proc.stdout + proc.stderr).splitlines()
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert all(REPORT_LINE.match(line) for line in lines), lines
    assert not any(line.startswith("error: forged line") for line in lines)
    assert any("zz\\nerror: forged line.yaml:2:1: bogus: unknown field 'bogus'" in line for line in lines), lines
    assert any("bad\\udcffname.yaml:2:1: bogus" in line for line in lines), lines
    report = json.loads(subprocess.run(
        [sys.executable, str(ROOT / "launch.py"), "check", "--content", str(content_copy), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120).stdout)
    assert any(e["id"] == "ok" and e["file"].endswith("ok\\u2028name.yaml") for e in report["exhibits"])


def test_a_file_with_hundreds_of_mistakes_reports_the_first_hundred_and_counts_the_rest(content_copy):
    (content_copy / "zz.yaml").write_text(BASE + "".join(f"bogus{i}: 1\n" for i in range(500)), encoding="utf-8")
    reported = _hostile_errors(load_content(content_copy))
    assert len(reported) == 101
    assert reported[-1].message == "400 more problem(s) in this file not shown" and reported[-1].line is None
    assert reported[0].field == "bogus0" and reported[0].line == 8


# --- the config and the NLU test files go through the same reader ----------------

CONFIG = "kiosk_id: k1\nstaff_pin_hash: x\n"
HOSTILE_CONFIGS = {
    "laughs": (laughs(9) + CONFIG, ":6:15: l5[1]: the aliases (*name) repeat too much"),
    "nested": (CONFIG + "idle_timeout_s: " + "[" * 990 + "]" * 990 + "\n",
               ":3:36: idle_timeout_s[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nested more than 20"),
    "big_number": (CONFIG + "idle_timeout_s: " + "9" * 5000 + "\n", ":3:17: idle_timeout_s: number too long"),
    "nul_in_data_dir": (CONFIG + 'data_dir: "da\\0ta"\n',
                        ":3:11: data_dir: the path holds an invisible character (U+0000): retype it"),
    "newline_in_content_dir": (CONFIG + 'content_dir: "exhi\\nbits"\n',
                               ":3:14: content_dir: the path holds an invisible character (U+000A)"),
    "control_character": (CONFIG + "site: {name: La\x07bège}\n", ":3:16: forbidden invisible character U+0007"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_CONFIGS))
def test_hostile_config_is_reported_with_its_line(name, tmp_path):
    text, expected = HOSTILE_CONFIGS[name]
    config = tmp_path / "kiosk.yaml"
    config.write_text(text, encoding="utf-8")
    proc = _check(None, "--config", str(config))
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert f"kiosk.yaml{expected}" in proc.stderr, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and len(proc.stderr) < 5000
    assert len(proc.stderr.strip().splitlines()) == 1


def test_staff_pin_refuses_to_rewrite_a_hostile_config(tmp_path, launch):
    config = tmp_path / "kiosk.yaml"
    config.write_text(laughs(9) + CONFIG, encoding="utf-8")
    before = config.read_bytes()
    proc = launch("--lang", "en", "--config", str(config), "staff-pin", "--pin", "4321")
    assert proc.returncode == 2, proc.stderr
    assert "kiosk.yaml:6:15: l5[1]: the aliases (*name) repeat too much" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert config.read_bytes() == before


@pytest.mark.parametrize("text, expected", [
    (laughs(9) + "language: fr\ncases: []\n", "eval.yaml:6:15: l5[1]: the aliases (*name) repeat too much"),
    ("language: fr\ncases: " + "[" * 990 + "]" * 990 + "\n", "eval.yaml:2:27: cases[0]"),
    ("language: fr\ncases:\n  - {text: a\x00, expect: null}\n", "eval.yaml:3:13: forbidden invisible character U+0000"),
])
def test_hostile_nlu_test_file_is_one_line_with_its_line(text, expected, tmp_path, launch):
    cases = tmp_path / "eval.yaml"
    cases.write_text(text, encoding="utf-8")
    proc = launch("--lang", "en", "nlu-eval", str(cases))
    assert proc.returncode != 0
    assert expected in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
