"""The visitor's side of the shell, by touch in a real window: "are you still there?",
larger text and high contrast, reading texts aloud, the attract loop, and screens
that follow the written life cycle."""
from __future__ import annotations

import shutil

import pytest

from kiosk.events import MemorySink
from kiosk.typography import typeset
from kiosk.ui import frame_rate


def test_idle_notice_counts_down_and_a_touch_keeps_the_visit(kiosk):
    events = MemorySink()
    k = kiosk(idle_timeout_s=4, idle_notice_s=2.5, app_kwargs={"events": events})
    k.tap(k.screen)
    assert k.screen_name == "home"
    k.wait_until(lambda: k.app.idle_notice is not None and k.app.idle_notice.shown, timeout=5, what="notice")
    assert "Vous êtes toujours là\u00a0?" in k.texts() and "Je continue" in k.texts()
    first = k.app.idle_notice.seconds
    k.screenshot("shell-idle-notice-fr")
    k.pump(seconds=1.1)
    assert k.app.idle_notice.seconds < first, "the countdown goes down"
    # a touch anywhere (here over a tile) keeps the visit and reaches nothing below
    k.tap(k.find_text("Mythe ou réalité ?", exact=True))
    assert not k.app.idle_notice.shown and k.screen_name == "home" and k.app.visit.active
    # the big button does the same
    k.wait_until(lambda: k.app.idle_notice.shown, timeout=5, what="notice again")
    k.tap_text("Je continue")
    assert not k.app.idle_notice.shown and k.app.visit.active
    assert "visit_ended" not in events.kinds()


def test_without_a_touch_the_notice_ends_the_visit(kiosk):
    events = MemorySink()
    k = kiosk(idle_timeout_s=3, idle_notice_s=1.5, app_kwargs={"events": events})
    k.tap(k.screen)
    k.wait_until(lambda: k.app.idle_notice is not None and k.app.idle_notice.shown, timeout=5, what="notice")
    k.wait_until(lambda: k.screen_name == "attract", timeout=6, what="end of the visit")
    assert not k.app.idle_notice.shown
    assert events.of_kind("visit_ended")[0].data["reason"] == "idle"


def test_larger_text_and_high_contrast_in_one_touch_forgotten_after_the_visit(kiosk):
    k = kiosk(idle_timeout_s=8)
    k.tap(k.screen)
    font, background = k.app.base_font, list(k.app.colors["background"])
    k.tap(k.find_text("A+", exact=True))
    k.tap(k.find_text("\uf042", exact=True))
    assert k.app.base_font == pytest.approx(font * 1.3)
    assert k.app.colors["background"] == [0.0, 0.0, 0.0, 1.0] and k.app.colors["background"] != background
    k.tap(k.find_text("L'exposition", exact=True))
    k.screenshot("shell-info-large-contrast")
    heading = k.screen.ids.heading
    assert heading.font_size == pytest.approx(k.app.base_font * 1.6)
    k.wait_until(lambda: k.screen_name == "attract", timeout=20, what="end of the visit")
    assert k.app.base_font == pytest.approx(font) and list(k.app.colors["background"]) == background


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is installed by deploy/install.sh")
def test_a_text_is_read_aloud_one_at_a_time_and_stops_when_leaving(kiosk):
    k = kiosk()
    k.tap(k.screen)
    k.tap(k.find_text("L'exposition", exact=True))
    listen = k.screen.ids.listen
    assert listen.text == "\uf028"  # the speaker
    k.tap(listen)
    key = listen.key
    assert k.app.reading == key and listen.text == "\uf04d", "the button turns into a stop button"
    speaker = k.app.read_aloud.speaker
    k.wait_until(lambda: k.app.read_aloud._sounding or k.app.read_aloud.error, timeout=20, what="speech")
    assert k.app.read_aloud.error is None
    assert list(speaker.cache_dir.glob("fr-*.wav")), "synthesised in the child process"
    k.tap(listen)  # stop
    assert k.app.reading == "" and not speaker.speaking
    k.tap(listen)
    assert k.app.reading == key
    k.tap(k.find(lambda w: getattr(w, "text", None) == "›"))  # another page: the old one stops
    assert k.app.reading == ""
    k.tap(k.screen.ids.listen)
    assert k.app.reading
    k.tap_text("‹ Accueil")  # leaving the screen stops it too
    assert k.app.reading == "" and not speaker.speaking


def test_attract_loop_shows_the_content_with_a_capped_frame_rate(kiosk, content_copy):
    exhibition = content_copy / "exhibition.yaml"
    exhibition.write_text(exhibition.read_text(encoding="utf-8").replace("slide_s: 8", "slide_s: 3"), encoding="utf-8")
    k = kiosk(content_copy)
    screen = k.screen
    from kivy.clock import Clock

    assert Clock._max_fps == frame_rate.ATTRACT_FPS
    k.wait_until(lambda: screen.kind == "title", timeout=20, what="the title slide")
    assert screen.heading == "L'IA à l'Urssaf"
    k.wait_until(lambda: screen.kind == "exhibit", timeout=8, what="the next slide")
    assert screen.heading == typeset("Mythe ou réalité ?", "fr")
    statements = {typeset(s.statement["fr"], "fr") for s in k.app.content.exhibit("mythes").definition.items}
    assert screen.text in statements
    k.screenshot("shell-attract-slide-myths")
    k.tap(k.screen)
    assert k.screen_name == "home" and Clock._max_fps == frame_rate.VISIT_FPS


def test_a_dropped_screen_no_longer_follows_the_language(kiosk):
    k = kiosk()
    k.tap(k.screen)
    k.tap(k.find_text("L'exposition", exact=True))
    old = k.screen
    heading = old.ids.heading
    k.tap(k.find_text("EN", exact=True))
    assert heading.text == "A touring exhibition about AI", "an open screen follows the language"
    k.tap(k.find_text("FR", exact=True))
    k.tap_text("‹ Accueil")
    assert not old.is_open
    k.app.reload_content()  # staff reloads: every exhibit screen is dropped
    k.app.set_language("en")
    k.pump(frames=3)
    assert heading.text == "Une exposition itinérante sur l'IA", "a dropped screen keeps still"
    k.tap(k.screen)
    k.tap(k.find_text("The exhibition", exact=True))
    assert k.screen is not old and k.screen.ids.heading.text == "A touring exhibition about AI"
