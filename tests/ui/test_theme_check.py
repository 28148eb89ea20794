"""`check` warns organisers about theme colours that make text hard to read and about
attract slides naming no exhibit; the kiosk's own high-contrast colours reach 7:1.
The attract loop's slides come from the content."""
from __future__ import annotations

import random

from kiosk import theme
from kiosk.content.loader import load_content
from kiosk.typography import typeset
from kiosk.ui.slides import build_slides
from tests.conftest import ROOT


def test_contrast_ratios_follow_wcag():
    assert theme.contrast(theme.rgba("#000000"), theme.rgba("#ffffff")) == 21
    assert round(theme.contrast(theme.rgba("#777777"), theme.rgba("#ffffff")), 2) == 4.48
    assert theme.over([1, 1, 1, 0.5], [0, 0, 0]) == [0.5, 0.5, 0.5]


def test_high_contrast_reaches_7_to_1_and_the_shipped_theme_4_5_to_1():
    assert theme.failing_pairs(theme.HIGH_CONTRAST, theme.MIN_CONTRAST_HIGH) == []
    shipped = load_content(ROOT / "exhibits").exhibition.theme.model_dump()
    assert theme.failing_pairs(shipped) == []


def test_check_warns_about_a_pale_theme_and_an_unknown_slide(launch, content_copy):
    path = content_copy / "exhibition.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('  text: "#ffffff"', '  text: "#3a4a66"').replace("slides: [title, mythes,", "slides: [title, quiz,")
    path.write_text(text, encoding="utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l.startswith('  text: "#3a4a66"'))
    proc = launch("check", "--content", str(content_copy), "--lang", "en")
    assert proc.returncode == 0, proc.stdout + proc.stderr  # warnings only
    out = proc.stdout + proc.stderr
    assert f"exhibition.yaml:{line}:" in out and "theme.text: warning: text in 'text' on 'background' has a contrast of" in out
    assert "exhibition.yaml:20:19: attract.slides[1]: warning: no exhibit with id 'quiz'" in out


def test_slides_show_the_title_then_each_exhibit_with_one_of_its_texts():
    content = load_content(ROOT / "exhibits")
    slides = build_slides(content, "fr", random.Random(1))
    assert [s.kind for s in slides] == ["title", "exhibit", "exhibit", "exhibit"]
    assert slides[0].heading == "L'IA à l'Urssaf"
    myths, chatbot, voicebot = (content.exhibit(i).definition for i in ("mythes", "chatbot", "voicebot"))
    fr = [typeset(t, "fr") for t in ("Mythe ou réalité ?",)]  # French typography, as shown
    assert slides[1].heading == fr[0] and slides[1].text in [typeset(s.statement["fr"], "fr") for s in myths.items]
    assert slides[2].text in [typeset(t, "fr") for t in chatbot.suggestions["fr"]]
    assert slides[3].text == typeset(voicebot.intro["fr"], "fr")
    english = build_slides(content, "en", random.Random(1))
    assert english[1].heading == "Myth or fact?" and english[1].text in [s.statement["en"] for s in myths.items]
