"""The privacy register and the CSV column reference are generated from the event
catalogue and never drift from it; every field the kiosk may record is in the register."""
from __future__ import annotations

import re

from contract.events import Privacy
from kiosk.config import KioskConfig
from kiosk.docs_events import CSV_MD, REGISTER_MD, render_csv_columns, render_privacy_register
from kiosk.exhibits import catalogue


def test_committed_references_match_the_catalogue(launch):
    proc = launch("docs", "all", "--check")
    assert proc.returncode == 0, f"run `python launch.py docs all` and commit the result:\n{proc.stderr}"


def test_check_fails_on_a_stale_register(tmp_path, capsys, english):
    from kiosk.docs_gen import _write_or_check

    stale = tmp_path / "register.md"
    stale.write_text(render_privacy_register().replace("`statement_id`", "`statement`"), encoding="utf-8")
    assert _write_or_check("privacy-register", stale, check_only=True) is False
    assert "out of date" in capsys.readouterr().err
    assert _write_or_check("privacy-register", stale, check_only=False)
    assert _write_or_check("privacy-register", stale, check_only=True)


def test_every_kind_and_field_is_in_the_register_with_its_class():
    text = REGISTER_MD.read_text(encoding="utf-8")
    for model in catalogue():
        section = re.search(rf"^### `{re.escape(model.kind)}`\n(.*?)(?=^##|\Z)", text, re.S | re.M)
        assert section, f"{model.kind} is not in the register"
        for row in model.field_rows():
            line = re.search(rf"^\| `{row['name']}` \|.*$", section.group(1), re.M)
            assert line, f"{model.kind}.{row['name']} is not in the register"
            assert row["fr"] and row["en"], f"{model.kind}.{row['name']}: describe it in French and English"
            if row["privacy"] is Privacy.FREE_TEXT:
                assert row["setting"] in line.group(0)


def test_free_text_only_behind_a_setting_that_exists_and_is_off_by_default():
    settings = KioskConfig.model_validate({"kiosk_id": "k", "staff_pin_hash": "x"})
    free = [(m.kind, r) for m in catalogue() for r in m.field_rows() if r["privacy"] is Privacy.FREE_TEXT]
    assert free, "the chatbot and voicebot texts are free text"
    for kind, row in free:
        section, _, name = row["setting"].partition(".")
        assert getattr(getattr(settings, section), name) is False, f"{kind}.{row['name']}: {row['setting']}"
        assert not row["required"], f"{kind}.{row['name']} must be absent when the setting is off"


def test_csv_reference_is_the_generated_one():
    assert CSV_MD.read_text(encoding="utf-8") == render_csv_columns()
