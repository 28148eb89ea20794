"""The organisers' field reference is generated from the schema and never drifts."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kiosk.content.schema import AssetPath, ExhibitHeader, LanguageCode, Localized, StrictModel
from kiosk.docs_gen import FIELDS_MD, REGENERATE, SchemaWalker, render_fields
from kiosk.exhibits import exhibit_types


def test_committed_reference_matches_schema(launch):
    proc = launch("docs", "fields", "--check")
    assert proc.returncode == 0, (
        f"{FIELDS_MD} drifted from the content schema: run `{REGENERATE}` and commit it.\n{proc.stderr}"
    )


def test_check_fails_on_a_stale_file(launch, tmp_path):
    stale = tmp_path / "fields.md"
    stale.write_text(render_fields().replace("| `order` |", "| `rank` |"), encoding="utf-8")
    proc = launch("docs", "fields", "--check", "--output", str(stale))
    assert proc.returncode == 1
    assert "out of date" in proc.stderr and REGENERATE in proc.stderr
    assert "Traceback" not in proc.stderr
    assert launch("docs", "fields", "--output", str(stale)).returncode == 0
    assert launch("docs", "fields", "--check", "--output", str(stale)).returncode == 0


def _paths(model) -> set[str]:
    return {row.path for row in SchemaWalker(model).rows()}


def test_every_field_of_every_registered_type_is_described():
    text = render_fields()
    header = set(ExhibitHeader.model_fields)
    for name, exhibit_type in exhibit_types().items():
        assert f"## Type `{name}`" in text
        assert exhibit_type.summary.split()[0] in text
        for path in _paths(exhibit_type.schema):
            if path.split(".")[0].split("[")[0] not in header:
                assert f"| `{path}` |" in text, f"{name}: {path} missing from the reference"
    for field in header:
        assert f"| `{field}` |" in text


class _Answer(StrictModel):
    label: Localized(max_length=30) = Field(description="Button text")
    sound: AssetPath | None = Field(None, description="Played when touched")


class _Hint(StrictModel):
    word: str = Field(description="A word to look for")


class _PollExhibit(ExhibitHeader):
    """A type that does not exist yet: the walker must describe it like the real ones."""

    type: Literal["poll"]
    question: Localized(max_length=200) = Field(description="The question asked")
    answers: Annotated[list[_Answer], Field(min_length=2, max_length=4)] = Field(description="Possible answers")
    mode: Literal["single", "multiple"] = Field("single", description="How many answers a visitor may pick")
    weights: dict[str, float] = Field(default_factory=dict, description="Score per answer id")
    hints: dict[LanguageCode, list[_Hint]] = Field(default_factory=dict, description="Hints per language")


def test_walker_flattens_nested_lists_and_describes_values():
    rows = {row.path: row for row in SchemaWalker(_PollExhibit).rows(skip=set(ExhibitHeader.model_fields))}
    assert list(rows) == [
        "question", "answers", "answers[].label", "answers[].sound", "mode", "weights", "hints", "hints.<lang>[].word"]
    assert rows["question"].required and "per language (1 to 200 characters)" in rows["question"].kind
    assert "2 to 4 items" in rows["answers"].kind
    assert rows["answers[].label"].description == "Button text"
    assert rows["answers[].sound"].kind == "a file path, from the content folder"
    assert not rows["answers[].sound"].required
    assert rows["mode"].kind == "one of `single`, `multiple`" and rows["mode"].default == "`single`"
    assert rows["weights"].kind == "a mapping of names to: a number"
    assert rows["hints"].kind.startswith("per language: a list") and not rows["hints"].required
