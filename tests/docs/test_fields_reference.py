"""The organisers' field reference is generated from the schema, French first with
English beside, and never drifts."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kiosk.config import KioskConfig
from kiosk.content.schema import AssetPath, Exhibition, ExhibitHeader, LanguageCode, Localized, StrictModel, described
from kiosk.docs_gen import FIELDS_MD, REGENERATE, SchemaWalker, render_fields, type_summary
from kiosk.exhibits import exhibit_types


def test_committed_reference_matches_schema(launch):
    proc = launch("docs", "fields", "--check")
    assert proc.returncode == 0, (
        f"{FIELDS_MD} drifted from the content schema: run `{REGENERATE}` and commit it.\n{proc.stderr}"
    )


def test_check_fails_on_a_stale_file(launch, tmp_path):
    stale = tmp_path / "fields.md"
    stale.write_text(render_fields().replace("| `order` |", "| `rank` |"), encoding="utf-8")
    proc = launch("docs", "fields", "--check", "--output", str(stale), "--lang", "fr")
    assert proc.returncode == 1
    assert "n'est plus à jour (le schéma du contenu a changé)" in proc.stderr and REGENERATE in proc.stderr
    assert "Traceback" not in proc.stderr
    english = launch("--lang", "en", "docs", "fields", "--check", "--output", str(stale))
    assert "out of date with the content schema" in english.stderr
    assert launch("docs", "fields", "--output", str(stale)).returncode == 0
    assert launch("docs", "fields", "--check", "--output", str(stale)).returncode == 0


def _paths(model) -> set[str]:
    return {row.path for row in SchemaWalker(model).rows()}


def test_every_field_of_every_registered_type_is_described():
    text = render_fields()
    header = set(ExhibitHeader.model_fields)
    for name, exhibit_type in exhibit_types().items():
        assert f"## Type `{name}`" in text
        assert exhibit_type.summary in text and type_summary(exhibit_type).fr in text
        for path in _paths(exhibit_type.schema):
            if path.split(".")[0].split("[")[0] not in header:
                assert f"| `{path}` |" in text, f"{name}: {path} missing from the reference"
    for field in header:
        assert f"| `{field}` |" in text


def test_every_field_is_described_in_french_and_english():
    """A field without its French description would show English in the French column."""
    header = set(ExhibitHeader.model_fields)  # described once, in ExhibitHeader
    models = [(Exhibition, set()), (ExhibitHeader, set()), (KioskConfig, set()),
              *((t.schema, header) for t in exhibit_types().values())]
    for model, skip in models:
        for row in SchemaWalker(model).rows(skip=skip):
            assert row.description.en, f"{model.__name__}.{row.path}: no description"
            assert row.description.fr != row.description.en or not row.description.en.strip(), (
                f"{model.__name__}.{row.path}: no French description (described(fr, en))")
    for exhibit_type in exhibit_types().values():
        summary = type_summary(exhibit_type)
        assert summary.fr != summary.en, f"{exhibit_type.name}: no French summary in its messages.yaml"


def test_the_reference_is_french_first():
    text = FIELDS_MD.read_text(encoding="utf-8")
    assert text.startswith("# Référence des champs / Field reference")
    assert "| `title` | oui / *yes* | un texte par langue / *a text per language* |  | Titre sur la tuile " \
           "d'accueil et sur l'écran du module | Title on the home tile and the exhibit screen |" in text
    assert "| `draw` | non / *no* | un nombre entier ≥ 1 / *a whole number ≥ 1* | `10` |" in text


class _Answer(StrictModel):
    label: Localized(max_length=30) = described("Texte du bouton", "Button text")
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
    assert rows["question"].required and "per language (1 to 200 characters)" in rows["question"].kind.en
    assert "par langue (1 à 200 caractères)" in rows["question"].kind.fr
    assert "2 to 4 items" in rows["answers"].kind.en and "2 à 4 éléments" in rows["answers"].kind.fr
    assert rows["answers[].label"].description.en == "Button text"
    assert rows["answers[].label"].description.fr == "Texte du bouton"
    assert rows["answers[].sound"].description.fr == "Played when touched", "no French: the English stands"
    assert rows["answers[].sound"].kind.en == "a file path, from the content folder"
    assert rows["answers[].sound"].kind.fr == "un chemin de fichier, depuis le dossier du contenu"
    assert not rows["answers[].sound"].required
    assert rows["mode"].kind.en == "one of `single`, `multiple`" and rows["mode"].default == "`single`"
    assert rows["mode"].kind.fr == "l'une des valeurs `single`, `multiple`"
    assert rows["weights"].kind.en == "a mapping of names to: a number"
    assert rows["hints"].kind.en.startswith("per language: a list") and not rows["hints"].required
