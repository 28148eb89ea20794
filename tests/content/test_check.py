"""`launch.py check`: the shipped content passes; each kind of mistake is named with
file, line, column and field, and one broken file never hides the others."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from kiosk.content.loader import load_content

GOOD_INFO = textwrap.dedent("""\
    id: extra
    type: info
    title: {fr: Titre, en: Title}
    summary: {fr: Résumé, en: Summary}
    pages:
      - heading: {fr: Titre, en: Heading}
        text: {fr: Texte, en: Text}
    """)


def test_shipped_content_passes_check(launch):
    proc = launch("check", "--json")
    report = json.loads(proc.stdout)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert report["errors"] == []
    assert {e["type"] for e in report["exhibits"]} >= {"info"}


def test_shipped_config_passes(launch):
    proc = launch("check")
    assert proc.returncode == 0, proc.stderr
    assert "error" not in proc.stderr


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


#: each mistake, and what check says about it in French (the organisers' language) and English
BROKEN_CASES = {
    "syntax": (
        "id: a\ntype: info\ntitle: {fr: x, en: y\nsummary: z\n",
        ":4:8: erreur de syntaxe YAML : ',' ou '}' attendu introuvable (en lisant un groupe entre { } qui "
        "commence à la ligne 3)",
        ":4:8: YAML syntax error: did not find expected ',' or '}' (while parsing a flow mapping that starts on line 3)",
    ),
    "wrong_type": (
        GOOD_INFO.replace("id: extra", "id: wt").replace("pages:", "order: first\npages:"),
        ":5:8: order: doit être un nombre entier (valeur trouvée : 'first')",
        ":5:8: order: must be a whole number (found 'first')",
    ),
    "unknown_key": (
        GOOD_INFO.replace("id: extra", "id: uk").replace("    text:", "    txt:"),
        ":7:5: pages[0].txt: champ inconnu 'txt' ; vouliez-vous dire 'text' ?",
        ":7:5: pages[0].txt: unknown field 'txt'; did you mean 'text'?",
    ),
    "missing_translation": (
        GOOD_INFO.replace("id: extra", "id: mt").replace("summary: {fr: Résumé, en: Summary}", "summary: {fr: Résumé}"),
        ":4:10: summary: avertissement : traduction 'en' manquante",
        ":4:10: summary: warning: missing translation 'en'",
    ),
    "missing_asset": (
        GOOD_INFO.replace("id: extra", "id: ma") + "    image: images/absent.png\n",
        ":8:12: pages[0].image: fichier introuvable : 'images/absent.png'",
        ":8:12: pages[0].image: file not found: 'images/absent.png'",
    ),
    "duplicate_id": (
        GOOD_INFO.replace("id: extra", "id: bienvenue"),
        ":1:5: id: identifiant de module 'bienvenue' en double (déjà utilisé dans",
        ":1:5: id: duplicate exhibit id 'bienvenue' (already used in",
    ),
    "unknown_exhibit_type": (
        GOOD_INFO.replace("id: extra", "id: ut").replace("type: info", "type: infos"),
        ":2:7: type: type de module inconnu 'infos'",
        ":2:7: type: unknown exhibit type 'infos'",
    ),
    "duplicate_key": (
        GOOD_INFO.replace("id: extra", "id: dk") + "order: 1\norder: 2\n",
        ":9:1: clé 'order' en double (déjà définie à la ligne 8)",
        ":9:1: duplicate key 'order' (first defined on line 8)",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_CASES))
def test_each_broken_case_is_named_with_file_line_and_field(case, content_copy, launch):
    text, french, english = BROKEN_CASES[case]
    _write(content_copy, f"zz_{case}.yaml", text)
    for language, expected in (("fr", french), ("en", english)):
        proc = launch("check", "--content", str(content_copy), "--lang", language)
        out = proc.stdout + proc.stderr
        assert f"zz_{case}.yaml{expected}" in out, out
        assert "Traceback" not in out
        is_warning_only = case == "missing_translation"
        assert proc.returncode == (0 if is_warning_only else 1), out


def test_every_mistake_is_reported_at_once_and_other_files_still_load(content_copy):
    _write(content_copy, "a.yaml", GOOD_INFO.replace("id: extra", "id: a").replace("type: info", "type: nope"))
    _write(content_copy, "b.yaml", "id: b\ntype: info\nbogus: 1\n")
    _write(content_copy, "c.yaml", GOOD_INFO.replace("id: extra", "id: c"))
    content = load_content(content_copy)
    files = {d.file.rsplit("/", 1)[-1] for d in content.errors}
    assert files == {"a.yaml", "b.yaml"}
    # b.yaml: the unknown key and the three missing fields, all at once
    b_fields = {d.field for d in content.errors if d.file.endswith("b.yaml")}
    assert b_fields == {"bogus", "title", "summary", "pages"}
    assert [e.id for e in content.exhibits].count("c") == 1
    assert "bienvenue" in [e.id for e in content.exhibits]


def test_missing_exhibition_file_is_an_error_but_exhibits_still_load(content_copy):
    (content_copy / "exhibition.yaml").unlink()
    content = load_content(content_copy)
    assert any(d.key == "exhibition_file_missing" for d in content.errors)
    assert any(d.message_in("fr") == "exhibition.yaml manque : le nom de l'exposition, ses langues et les textes "
               "de l'écran d'attente" for d in content.errors)
    assert any("missing exhibition.yaml" in d.message_in("en") for d in content.errors)
    assert content.exhibits, "exhibits still load with the fallback exhibition"


def test_disabled_exhibit_is_not_shown(content_copy):
    _write(content_copy, "off.yaml", GOOD_INFO.replace("id: extra", "id: off") + "enabled: false\n")
    content = load_content(content_copy)
    assert "off" not in [e.id for e in content.exhibits]
    assert "off" in [e.id for e in content.disabled]


def test_content_version_changes_when_a_file_changes(content_copy):
    before = load_content(content_copy)
    _write(content_copy, "c.yaml", GOOD_INFO.replace("id: extra", "id: c"))
    after = load_content(content_copy)
    assert before.version != after.version
    same = {e.id: e.version for e in before.exhibits}
    assert all(same[e.id] == e.version for e in after.exhibits if e.id in same)


def test_bad_config_is_reported_with_line(tmp_path, launch):
    cfg = tmp_path / "kiosk.yaml"
    cfg.write_text("kiosk_id: k1\nidle_timeout_s: soon\nstaff_pin_hash: x\n", encoding="utf-8")
    proc = launch("--config", str(cfg), "check", "--lang", "fr")
    assert proc.returncode == 2
    assert "kiosk.yaml:2:17: idle_timeout_s: doit être un nombre (valeur trouvée : 'soon')" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = launch("--lang", "en", "--config", str(cfg), "check")
    assert "kiosk.yaml:2:17: idle_timeout_s: must be a number (found 'soon')" in proc.stderr
