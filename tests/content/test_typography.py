"""French typography at display time: kiosk.typography, and the two funnels that apply it."""
from __future__ import annotations

import pytest

from kiosk.content.schema import localize
from kiosk.i18n import Translations
from kiosk.typography import NBSP, is_french, typeset

N = NBSP


@pytest.mark.parametrize("raw, expected", [
    ("C'est quoi ?", f"C'est quoi{N}?"),
    ("Vraiment ! Et ; puis : fin", f"Vraiment{N}! Et{N}; puis{N}: fin"),
    ("C'est quoi?", f"C'est quoi{N}?"),                       # a missing space is added
    ("Quoi ?!", f"Quoi{N}?!"),                                 # one space before a group of signs
    ("Quoi?!", f"Quoi{N}?!"),
    ("95 % des usagers", f"95{N}% des usagers"),
    ("95% des usagers", f"95{N}% des usagers"),
    ("« L'IA et l'humain »", f"«{N}L'IA et l'humain{N}»"),
    ("«L'IA»", f"«{N}L'IA{N}»"),
    ('le panneau "comment je vous ai compris" !', f"le panneau «{N}comment je vous ai compris{N}»{N}!"),
    ("près de 22 000 comptes", f"près de 22{N}000 comptes"),
    ("4,8 millions d'usagers, 16 milliards", f"4,8{N}millions d'usagers, 16{N}milliards"),
    ("mot\u202f?", f"mot{N}?"),                                # the font has no U+202F
    ("mot \u2009 ?", f"mot{N}?"),                              # any run of spaces becomes one
    ("Il est 10:30.", "Il est 10:30."),                        # no space inserted before ':'
    ("Voir https://exemple.fr/page?x=1!", "Voir https://exemple.fr/page?x=1!"),
    ("Écrivez à expo@exemple.fr; merci", "Écrivez à expo@exemple.fr; merci"),
    ("? au début", "? au début"),                              # nothing to hold it to
    ("(?)", "(?)"),
    ("", ""),
])
def test_french_typography(raw, expected):
    assert typeset(raw, "fr") == expected


def test_a_sign_can_no_longer_start_a_line():
    text = typeset("Les IA sont-elles neutres ? Non : elles ont des biais ; 95 % « vrai » !", "fr")
    for sign in "?:;%»!":
        assert f" {sign}" not in text
    assert "« " not in text


@pytest.mark.parametrize("raw", [
    "C'est quoi ? « Oui » : 95 % ; 22 000",
    'Un "chatbot" ? Oui!',
    f"Déjà{N}typographié{N}? «{N}oui{N}»",
    "https://exemple.fr/?q=1 et mot?",
])
def test_typesetting_twice_changes_nothing(raw):
    once = typeset(raw, "fr")
    assert typeset(once, "fr") == once


@pytest.mark.parametrize("language", ["en", "de", None, ""])
def test_other_languages_are_left_untouched(language):
    raw = 'What? "Yes" : 95 % ; 22 000 \u202f!'
    assert typeset(raw, language) == raw


def test_french_variants_count_as_french():
    assert is_french("fr") and is_french("fr_CA") and is_french("fr-BE")
    assert not is_french("en") and not is_french(None) and not is_french("frr")


def test_content_texts_are_typeset_by_localize():
    text = {"fr": "C'est quoi ? 95 %", "en": "What is it? 95 %"}
    assert localize(text, "fr") == f"C'est quoi{N}? 95{N}%"
    assert localize(text, "en") == "What is it? 95 %"
    # a language without its text falls back to another one, typeset for the language shown
    assert localize({"en": "Why?"}, "fr", ("fr", "en")) == "Why?"
    assert localize({"fr": "Pourquoi ?"}, "en", ("fr", "en")) == f"Pourquoi{N}?"


def test_interface_strings_are_typeset_by_the_translation_tables():
    strings = Translations({"k": {"fr": "Question : {q} ?", "en": "Question: {q}?"}})
    assert strings.t("k", "fr", q="« oui »") == f"Question{N}: «{N}oui{N}»{N}?"
    assert strings.t("k", "en", q="yes") == "Question: yes?"
    assert strings.t("missing.key", "fr") == "missing.key"


def test_every_shipped_interface_string_is_stable_once_typeset():
    """The tables' own no-break spaces agree with the rules (nothing is typeset twice
    differently), and each French string comes out without a breakable space before a sign."""
    from kiosk.exhibits import TYPE_PACKAGES

    class AnyValue(dict):
        def __missing__(self, name):
            return "12"

    strings = Translations.load(TYPE_PACKAGES)
    for key, entry in strings.table.items():
        if "fr" not in entry:
            continue
        shown = typeset(entry["fr"].format_map(AnyValue()), "fr")
        assert typeset(shown, "fr") == shown
        for sign in "?:;!»%":
            assert f" {sign}" not in shown, (key, shown)
