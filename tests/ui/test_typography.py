"""French typography on the kiosk's real screens, at the narrowest size (800x480): no
sign alone at the start of a line on the attract, home, info, myths and chatbot screens.
Screenshots go to artifacts/screens/typography-*.png."""
from __future__ import annotations

import pytest

from kiosk.typography import NBSP, typeset

pytestmark = pytest.mark.ui

SIGNS = "?!:;%»"
SENTENCE = "Les IA ont-elles des biais ? Oui : elles apprennent de nos données ; 95 % disent « vrai » !"


def wrapped_lines(label) -> list[str]:
    """The lines Kivy laid the label's text out in (the texture is up to date)."""
    label.texture_update()
    core = label._label
    return ["".join(word.text for word in line.words) for line in core._cached_lines]


def bad_breaks(lines: list[str]) -> list[str]:
    return [line for line in lines if line.lstrip()[:1] in SIGNS or line.rstrip().endswith("«")]


def french_labels(k):
    from kivy.uix.label import Label

    return [w for w in k.widgets() if isinstance(w, Label) and w.text and k._visible(w) and w.text_size[0]]


def check_screen(k, name: str) -> int:
    """Every wrapping label of the screen: no sign starts a line. Returns how many
    labels hold a no-break space (so the test knows typography was applied)."""
    typeset_labels = 0
    for label in french_labels(k):
        lines = wrapped_lines(label)
        assert not bad_breaks(lines), f"{name}: {lines}"
        typeset_labels += NBSP in label.text
    k.screenshot(f"typography-{name}-800x480")
    return typeset_labels


def test_kivy_keeps_a_no_break_space_on_the_line(kiosk):
    """Why typesetting works: Kivy breaks lines at ordinary spaces only. At widths a
    narrow screen gives a text, the raw sentence leaves signs alone at the start of a
    line; typeset, it never does."""
    from kivy.core.text import Label as CoreLabel

    kiosk(size=(800, 480))

    def lines(text: str, width: int) -> list[str]:
        label = CoreLabel(text=text, font_size=24, text_size=(width, None))
        label.refresh()
        return ["".join(word.text for word in line.words) for line in label._cached_lines]

    widths = range(150, 600, 5)
    raw_breaks = [w for w in widths if bad_breaks(lines(SENTENCE, w))]
    assert len(raw_breaks) > 5, "the raw sentence would break before its signs"
    for width in widths:
        assert not bad_breaks(lines(typeset(SENTENCE, "fr"), width)), width


def test_french_typography_on_every_screen_at_800x480(kiosk):
    k = kiosk(size=(800, 480))
    assert k.screen_name == "attract"
    shown = check_screen(k, "attract")
    assert "Questions, craintes et clichés\u00a0: venez tester l'intelligence artificielle" in k.texts()

    k.tap(k.screen)
    assert k.screen_name == "home"
    shown += check_screen(k, "home")
    assert "Mythe ou réalité\u00a0?" in k.texts()

    # the info exhibit, every page (the last one says what the kiosk keeps: a long text)
    k.tap(k.find_text("L'exposition", exact=True))
    for page in range(3):
        shown += check_screen(k, f"info-{page + 1}")
        if page < 2:
            k.tap(k.find(lambda w: getattr(w, "text", None) == "›"))
    assert any("Ce que cette borne garde de votre visite" in t for t in k.texts())
    k.tap(k.find_text("‹ Accueil"))

    # the quiz: a question, then the card's back (explanation, source, verdict)
    k.tap(k.find_text("Mythe ou réalité\u00a0?", exact=True))
    screen = k.screen
    k.tap_text(typeset("Commencer", "fr"), exact=True)
    for n in range(3):
        k.wait_until(lambda: screen.phase == "question" and screen.turn == 1.0, what="a question")
        shown += check_screen(k, f"myths-question-{n + 1}")
        k.tap_text("‹  Mythe", exact=True)
        k.wait_until(lambda: screen.phase == "answered" and screen.turn == 1.0, what="the answer")
        shown += check_screen(k, f"myths-answer-{n + 1}")
        k.tap_text("Suivant", exact=True)
    k.tap(k.find_text("‹ Accueil"))

    # the chatbot: a suggested question, its answer in a bubble, the explanation panel
    k.tap(k.find_text("Parlez au mini-chatbot", exact=True))
    k.tap_text(typeset("Est-ce que tu enregistres ce que je tape ?", "fr"), exact=True)
    k.wait_until(lambda: k.screen.model.last is not None, what="the answer")
    shown += check_screen(k, "chatbot")
    assert shown >= 10, "French texts are typeset (no-break spaces) on these screens"
