"""The editorial rules of ``launch.py check``: each one on its own, then through the
command on a broken copy of the content, with file and line."""
from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from kiosk.content.editorial import (
    ShownText,
    editorial_diagnostics,
    privacy_claim,
    shown_texts,
    text_warnings,
    undated_figures,
)
from kiosk.content.loader import load_content
from kiosk.content.messages import MESSAGES

ROOT = Path(__file__).resolve().parents[2]


def warnings_for(text: str, language: str = "fr", source: str | None = None, said_in: str = "en",
                 **kwargs) -> list[str]:
    """The warnings for one text, worded in ``said_in``."""
    found = text_warnings(ShownText(("x", language), language, text, source), **kwargs)
    return [m.text(said_in) for m, _ in found]


# --- figures ------------------------------------------------------------------------

@pytest.mark.parametrize("text, figures", [
    ("40 % des usagers ont déjà reçu une réponse d'un voicebot.", ["40 %"]),
    ("40% of users have already had an answer.", ["40%"]),
    ("Elle gère les cotisations de 12 millions d'usagers.", ["12 millions"]),
    ("It handles the contributions of 12 million users.", ["12 million"]),
    ("près de 22 000 comptes et 16 milliards d'euros", ["22 000", "16 milliards"]),
    ("close to 22,000 accounts", ["22,000"]),
    ("L'Urssaf a déployé 2 voicebots et 9 chatbots.", ["2", "9"]),     # counts, in a sentence about the Urssaf
    ("Elle circule dans les 8 départements.", []),                   # a plain number elsewhere is no figure
    ("En 2023, 4,8 millions d'usagers ont échangé avec un chatbot.", []),
    ("Selon l'Urssaf, mai 2024 : 40 % des usagers.", []),
    ("L'Urssaf Midi-Pyrénées travaille sur l'IA depuis 2019.", []),  # a year is a date, not a figure
])
def test_figures_need_a_date(text, figures):
    assert undated_figures(text) == figures


def test_a_dated_source_beside_the_text_is_enough():
    text = "Les premiers retours font état d'environ 95 % de compréhension."
    assert undated_figures(text) == ["95 %"]
    assert undated_figures(text, source="Entreprises Occitanie, 24 mai 2024") == []
    assert undated_figures(text, source="Connaissances générales") == ["95 %"]


# --- vocabulary, references -------------------------------------------------------------

@pytest.mark.parametrize("text, language, expected", [
    ("Le mailbot oriente les mails des usagers.", "fr", "'mails': write 'courriel(s)'"),
    ("Il trie les e-mails.", "fr", "'e-mails': write 'courriel(s)'"),
    ("Un email arrive.", "fr", "'email': write 'courriel(s)'"),
    ("L'IA a-t-elle des préjugés ?", "fr", "'préjugés': write 'biais"),
    ("for all publics, across the country", "en", "'for all publics': write"),
    ("it routes emails to the competent teams", "en", "'competent teams': write"),
    ("3 livechats sont déployés", "fr", "'livechats' is not explained"),
    ("3 livechats are deployed", "en", "'livechats' is not explained"),
    ("Ces outils resteront réservés à quelques régions.", "fr", "'Ces outils' refers to nothing"),
    ("Le ministre a fixé un objectif.", "fr", "'Le ministre' refers to nothing"),
    ("These tools will stay in a few regions.", "en", "'These tools' refers to nothing"),
    ("The minister set a goal.", "en", "'The minister' refers to nothing"),
    ("Voir {confidentialite}.", "fr", "unknown placeholder '{confidentialite}'"),
])
def test_each_rule_names_what_to_change(text, language, expected):
    found = warnings_for(text, language, placeholders=["privacy"])
    assert any(expected in m for m in found), found


@pytest.mark.parametrize("text, language", [
    ("Le mailbot oriente les courriels des usagers.", "fr"),           # a product name is no "mail"
    ("It routes users' emails and forms to the right teams.", "en"),   # "emails" is English
    ("Une IA peut reproduire les biais des données.", "fr"),
    ("3 livechats (des discussions écrites en direct avec un conseiller), puis 2 livechats", "fr"),
    ("Cette borne envoie votre voix sur internet.", "fr"),             # the kiosk itself, not a reference
    ("Ce que vous tapez part sur des serveurs.", "fr"),
    ("Ce n'est pas ce que dit l'Urssaf.", "fr"),                       # the card's own statement
    ("Le ministre des Comptes publics a fixé un objectif.", "fr"),     # which minister: said
    ("This kiosk keeps its statistics.", "en"),
    ("Voir {privacy}.", "fr"),
])
def test_correct_texts_pass(text, language):
    assert warnings_for(text, language, placeholders=["privacy"]) == []


def test_rules_read_only_what_visitors_see():
    """The chatbot's training phrases hold visitors' own words ('mails', 'préjugés'): not
    shown, not checked; its answers, questions and suggestions are."""
    chatbot = load_content(ROOT / "exhibits").exhibit("chatbot").definition
    where = {s.loc[:3] if s.loc[0] == "intents" else s.loc[:1] for s in shown_texts(chatbot)}
    assert ("intents", 0, "answers") in where and ("intents", 0, "question") in where
    assert ("suggestions",) in where and ("fallback",) in where
    assert not any(len(loc) > 2 and loc[2] in ("examples", "templates") for loc in where)
    assert ("out_of_scope",) not in where and ("synonyms",) not in where


def test_every_message_comes_from_the_one_table():
    """One table to translate: no message is written where a rule reports."""
    source = (ROOT / "kiosk" / "content" / "editorial.py").read_text(encoding="utf-8")
    reported = re.findall(r"out\.append\(\((.*)", source)
    assert reported and all(line.startswith("message(") for line in reported), reported
    # keys passed as such, and those chosen in code (privacy_claim, one or more figures)
    keys = set(re.findall(r'message\(\s*"(\w+)"', source)) | set(re.findall(r'"(\w+)" if .* else "(\w+)"', source)[0])
    keys |= {"keeps_nothing", "keeps_only"}
    assert {f"editorial.{key}" for key in keys} == {key for key in MESSAGES if key.startswith("editorial.")}


def test_the_rules_speak_french_first():
    assert warnings_for("Le mailbot trie les mails.", said_in="fr") == [
        "'mails' : écrivez 'courriel(s)' (docs/organisers/redaction.md, vocabulaire)"]
    assert warnings_for("Voir {confidentialite}.", said_in="fr", placeholders=[]) == [
        "variable '{confidentialite}' inconnue : la borne l'afficherait telle quelle (connues : aucune)"]


# --- privacy claims -----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Cette borne ne garde rien de vous.",
    "This kiosk keeps nothing about you.",
])
def test_keeping_nothing_is_never_true(text):
    assert privacy_claim(text, stores_free_text=False) == "keeps_nothing"


@pytest.mark.parametrize("text", [
    "Je n'enregistre ni votre voix ni vos phrases : je compte seulement les questions comprises.",
    "Elle compte uniquement les visites.",
    "The kiosk only counts visits and quiz answers.",
    "It records neither your voice nor what you type.",
    "La borne ne garde pas ce que vous tapez.",
])
def test_only_and_never_claims_are_wrong_once_text_is_kept(text):
    assert privacy_claim(text, stores_free_text=False) is None
    assert privacy_claim(text, stores_free_text=True) == "keeps_only"


@pytest.mark.parametrize("text", [
    "La reconnaissance vocale fonctionne sur la borne, sans internet : votre voix ne la quitte pas. {privacy}",
    "Ce que vous tapez dans un service d'IA public en ligne peut être conservé.",
    "L'Urssaf collecte les cotisations de 12 millions d'usagers.",
])
def test_texts_that_promise_nothing_pass_whatever_the_settings(text):
    assert privacy_claim(text, stores_free_text=True) is None


# --- through launch.py check ------------------------------------------------------------------

BAD_INFO = textwrap.dedent("""\
    id: redaction
    type: info
    title: {fr: Essai, en: Test}
    summary: {fr: Essai, en: Test}
    pages:
      - heading: {fr: Chiffres, en: Figures}
        text:
          fr: >-
            Voici une page d'essai assez longue pour tenir sur plusieurs lignes du
            fichier. Le mailbot trie les mails ; 40 % des usagers
            ont déjà eu une réponse d'un voicebot.
          en: >-
            A test page. The mailbot sorts emails; 40% of users had an answer.
      - heading: {fr: "Ce que la borne garde", en: "What the kiosk keeps"}
        text:
          fr: "La borne compte seulement les visites et les réponses au quiz."
          en: "The kiosk only counts visits and quiz answers. {privacy}"
    """)


def test_check_reports_each_rule_with_file_and_line(launch, content_copy, tmp_path):
    (content_copy / "redaction.yaml").write_text(BAD_INFO, encoding="utf-8")
    proc = launch("check", "--content", str(content_copy), "--lang", "fr")
    assert proc.returncode == 0, "editorial rules are warnings: the exhibit still runs"
    out = proc.stdout
    name = str(content_copy / "redaction.yaml")
    # the line of the word inside a folded text, not the line where the text starts
    assert f"{name}:10:38: pages[0].text.fr: avertissement : 'mails' : écrivez 'courriel(s)'" in out
    assert f"{name}:10:46: pages[0].text.fr: avertissement : chiffre '40 %' sans date" in out
    assert f"{name}:13:48: pages[0].text.en: avertissement : chiffre '40%' sans date" in out
    assert "pages[1].text" not in out, "the default settings keep no text: 'only' is true"
    assert "4 module(s)" not in out and "5 module(s) valide(s)" in out
    english = launch("check", "--content", str(content_copy), "--lang", "en").stdout
    assert f"{name}:10:38: pages[0].text.fr: warning: 'mails': write 'courriel(s)'" in english
    assert f"{name}:13:48: pages[0].text.en: warning: figure '40%' without a date" in english
    assert "5 exhibit(s) ok" in english


def test_check_reads_the_kiosks_privacy_settings(launch, content_copy, tmp_path):
    (content_copy / "redaction.yaml").write_text(BAD_INFO, encoding="utf-8")
    config = tmp_path / "kiosk.yaml"
    shipped = (ROOT / "config" / "kiosk.yaml").read_text(encoding="utf-8")
    config.write_text(shipped.replace("store_chat_text: false", "store_chat_text: true"), encoding="utf-8")
    assert "store_chat_text: true" in config.read_text(encoding="utf-8")

    proc = launch("--config", str(config), "check", "--content", str(content_copy), "--json")
    warnings = json.loads(proc.stdout)["warnings"]
    claims = [w for w in warnings if w["file"].endswith("redaction.yaml") and w["field"].startswith("pages[1]")]
    assert [(w["field"], w["line"]) for w in claims] == [("pages[1].text.fr", 16), ("pages[1].text.en", 17)]
    assert all("privacy.store_chat_text: true" in w["message"] and "{privacy}" in w["message"] for w in claims)
    # the shipped texts say what is kept only through {privacy}: nothing to change there
    assert not [w for w in warnings if not w["file"].endswith("redaction.yaml")]


def test_shipped_content_passes_the_editorial_rules():
    content = load_content(ROOT / "exhibits")
    for settings in ([], ["store_chat_text", "store_voice_text"]):
        found = editorial_diagnostics(content, text_settings=settings, placeholders=["privacy"])
        assert found == [], "\n".join(map(str, found))
