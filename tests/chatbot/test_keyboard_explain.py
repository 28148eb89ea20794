"""The on-screen keyboard's layouts and the explanation panel's texts, without a window."""
from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content.loader import load_content
from kiosk.exhibits.chatbot import keyboard
from kiosk.exhibits.chatbot.explain import explain
from kiosk.i18n import Translations
from kiosk.typography import typeset
from kiosk.exhibits.chatbot.intents import build_engine, find_chatbot

ROOT = Path(__file__).resolve().parents[2]
STRINGS = Translations.load(("chatbot",))


def test_azerty_in_french_qwerty_in_english_accents_reachable():
    assert "".join(keyboard.layout("fr")[0][:10]) == "azertyuiop"
    assert "".join(keyboard.layout("en")[0][:10]) == "qwertyuiop"
    assert keyboard.layout("ko") == keyboard.layout("en")  # no own layout: QWERTY
    for lang in ("fr", "en"):
        keys = {k for layer in keyboard.LAYERS for row in keyboard.layout(lang, layer) for k in row}
        assert set("éèêàçùûôî") <= keys and set("0123456789?'") <= keys
        assert {keyboard.BACKSPACE, keyboard.SPACE, keyboard.SEND, keyboard.LAYER} <= keys
    assert set("éèàç") <= set(keyboard.layout("fr")[3])  # French accents on the first layer


def test_rows_too_wide_for_a_narrow_screen_split_in_order_and_evenly():
    widths = {keyboard.BACKSPACE: 1.8, keyboard.SPACE: 5.0}
    rows = keyboard.layout("fr")
    assert keyboard.fit_rows(rows, widths, 12.0) == rows  # wide enough: unchanged
    narrow = keyboard.fit_rows(rows, widths, 7.0)
    assert [k for row in narrow for k in row] == [k for row in rows for k in row]  # same keys, same order
    assert all(sum(widths.get(k, 1.0) for k in row) <= 7.0 for row in narrow)
    assert ["".join(row) for row in narrow[:2]] == ["azerty", "uiop" + keyboard.BACKSPACE]
    assert keyboard.fit_rows([["a", "b"]], {}, 0.5) == [["a"], ["b"]]  # never lost, even too narrow


def test_every_special_key_has_a_label_in_both_languages():
    for lang in ("fr", "en"):
        for key in ("backspace", "space", "send", "layer_letters", "layer_symbols"):
            assert STRINGS.t(f"chatbot.key_{key}", lang) != f"chatbot.key_{key}"


def test_apply_key():
    assert keyboard.apply_key("ab", keyboard.BACKSPACE, 10) == "a"
    assert keyboard.apply_key("", keyboard.BACKSPACE, 10) == ""
    assert keyboard.apply_key("", keyboard.SPACE, 10) == ""  # no leading space
    assert keyboard.apply_key("a ", keyboard.SPACE, 10) == "a "  # no double space
    assert keyboard.apply_key("a", "é", 10) == "aé"
    assert keyboard.apply_key("abc", "d", 3) == "abc"  # the field is full
    assert keyboard.apply_key("a", keyboard.SEND, 10) == "a"
    assert keyboard.next_layer("letters") == "symbols" and keyboard.next_layer("symbols") == "letters"


@pytest.fixture(scope="module")
def engine():
    return build_engine(find_chatbot(load_content(ROOT / "exhibits")).definition, "fr")


def t_fr(key, **values):
    return STRINGS.t(key, "fr", **values)


def test_explanation_of_an_answer(engine):
    match = engine.match("c'est quoi le mailbott")
    shown = explain(match, t_fr)
    assert shown.understood and shown.verdict == "Compris\u00a0: intention «\u00a0mailbot\u00a0»"
    assert shown.read_as == "«\u00a0ce est quoi le mailbot\u00a0»"
    assert shown.corrections == "Fautes corrigées\u00a0: mailbott → mailbot"
    assert "mailbot" in shown.shared and shown.closest.startswith("«")
    assert shown.confidence == pytest.approx(match.confidence) and shown.threshold == match.threshold
    assert shown.confidence_text == (f"Confiance\u00a0: {round(100 * match.confidence)}\u00a0% "
                                     f"(seuil\u00a0: {round(100 * match.threshold)}\u00a0%)")
    assert [r.intent for r in shown.runner_ups] == [a.intent for a in match.alternatives[:3]]
    assert all(r.label.startswith(typeset(r.question, "fr")) for r in shown.runner_ups)


def test_explanation_of_a_fallback(engine):
    shown = explain(engine.match("combien de chatbots et d'usagers"), t_fr)
    assert not shown.understood
    assert shown.verdict == STRINGS.t("chatbot.verdict_too_close", "fr")
    assert len(shown.runner_ups) == 2


@pytest.fixture(scope="module")
def engine_en():
    return build_engine(find_chatbot(load_content(ROOT / "exhibits")).definition, "en")


def test_another_organisation_is_explained_in_plain_words(engine, engine_en):
    shown = explain(engine.match("Combien de chatbots a la CAF ?"), t_fr)
    assert not shown.understood
    assert shown.verdict == "Vous parlez de la CAF\u00a0; je ne connais que l'Urssaf."
    shown = explain(engine_en.match("How many chatbots does the CAF have?"), lambda k, **v: STRINGS.t(k, "en", **v))
    assert shown.verdict == "You are asking about the CAF; I only know about the Urssaf."


def test_the_visitors_own_case_is_explained(engine):
    shown = explain(engine.match("Quel est le montant de mes cotisations ?"), t_fr)
    assert shown.verdict.startswith("Cela concerne votre situation personnelle («\u00a0mes cotisations\u00a0»)")


def test_words_the_bot_does_not_know_are_named(engine):
    match = engine.match("donne moi une notice de tartiflette")
    shown = explain(match, t_fr)
    assert match.unknown_words == ["notice", "tartiflette"]
    assert shown.unknown == "Mots que je ne connais pas\u00a0: notice, tartiflette"
    if match.reason == "unknown_words":
        assert shown.verdict.startswith("Je ne connais pas ces mots\u00a0: notice, tartiflette.")
    assert explain(engine.match("c'est quoi le mailbot"), t_fr).unknown == ""
