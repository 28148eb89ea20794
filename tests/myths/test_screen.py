"""The myths quiz in the real kiosk window (Xvfb), by touch, in both languages.

The kiosk records into a real statistics store that already holds known answers, so
the card shows what other visitors answered; screenshots go to artifacts/screens/.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.i18n import Translations
from kiosk.typography import typeset

pytestmark = pytest.mark.ui

ROOT = Path(__file__).resolve().parents[2]
STRINGS = Translations.load(("myths",))
FLIP = {"myth": "fact", "fact": "myth"}


def t(key: str, lang: str, **values) -> str:
    return STRINGS.t(key, lang, **values)


def shown(text: dict, lang: str) -> str:
    """A content text as the kiosk shows it (French typography)."""
    return typeset(text[lang], lang)


@pytest.fixture
def store(tmp_path):
    from kiosk.stats import StatsStore

    with StatsStore(tmp_path / "data" / "stats.sqlite3", kiosk_id="test-kiosk") as s:
        yield s


@pytest.fixture
def kiosk_with(store, kiosk):  # store first: it closes after the app stops
    """``kiosk_with(idle_timeout_s=90, **app_kwargs)``: the kiosk recording into ``store``."""

    def start(idle_timeout_s: float = 90, **app_kwargs):
        return kiosk(idle_timeout_s=idle_timeout_s, app_kwargs={"stats": store, **app_kwargs})

    return start


def seed_answers(store, myth: int, fact: int) -> None:
    """Earlier visitors: for every shipped statement, ``myth`` and ``fact`` answers."""
    from kiosk.content.loader import load_content

    quiz = load_content(ROOT / "exhibits").exhibit("mythes").definition
    for item in quiz.items:
        for answer, n in (("myth", myth), ("fact", fact)):
            for _ in range(n):
                store.record("myths.answered", exhibit_id="mythes", content_version="old",
                             data={"statement_id": item.id, "answer": answer,
                                   "correct": answer == item.verdict, "time_s": 4.0})
    store.flush()


def open_quiz(k, lang: str):
    if lang == "en":
        k.tap(k.find_text("EN", exact=True))
    k.tap(k.screen)  # leave the attract screen
    k.tap(k.find_text("Mythe ou réalité\u00a0?" if lang == "fr" else "Myth or fact?", exact=True))
    assert k.screen_name == "exhibit:mythes"
    return k.screen


def wait_for_card(k, screen, phase: str) -> None:
    k.wait_until(lambda: screen.phase == phase and screen.turn == 1.0, what=f"the {phase} card")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_whole_quiz_by_touch(lang, kiosk_with, store):
    seed_answers(store, myth=12, fact=18)  # 30 answers each: 60 % said "fact"
    k = kiosk_with()
    screen = open_quiz(k, lang)
    assert screen.phase == "intro"
    assert any(text.startswith(t("myths.swipe_hint", lang)[:20]) for text in k.texts())
    k.screenshot(f"myths-intro-{lang}")
    k.tap_text(t("myths.start", lang), exact=True)
    model = screen.model
    assert model.total == 10 and screen.phase == "question"
    assert model.shares.wait(10), "the statistics are read in the background"

    wrong_ids = []
    shot_image = False
    for n in range(10):
        statement = model.current
        text = shown(statement.statement, lang)
        assert text in k.texts()
        assert t("myths.progress", lang, position=n + 1, total=10) in k.texts()
        # right on even cards, wrong on odd ones; buttons and swipes in turn
        choice = statement.verdict if n % 2 == 0 else FLIP[statement.verdict]
        if n % 2:
            wrong_ids.append(statement.id)
        if n == 0:
            k.screenshot(f"myths-question-{lang}")
        if n % 4 < 2:
            k.tap_text(t(f"myths.{choice}", lang))
        else:
            card = screen.ids.stage.children[0].ids.card
            dx = card.width * 0.35 * (1 if choice == "fact" else -1)
            k.swipe(card, (card.to_window(*card.center)[0] + dx, card.to_window(*card.center)[1]))
        wait_for_card(k, screen, "answered")
        texts = k.texts()
        outcome = t("myths.right" if n % 2 == 0 else "myths.wrong", lang)
        assert any(outcome in x and t(f"myths.verdict_{statement.verdict}", lang) in x for x in texts), texts
        assert shown(statement.explanation, lang) in texts
        assert t("myths.source", lang, source=statement.source[lang]) in texts
        assert t("myths.share_fact", lang, percent=60) in texts, "others' share from the store"
        if n == 0 or (statement.image and not shot_image):
            shot_image = shot_image or bool(statement.image)
            k.screenshot(f"myths-answer{'-image' if statement.image else ''}-{lang}")
        k.tap_text(t("myths.see_score" if n == 9 else "myths.next", lang), exact=True)

    assert screen.phase == "finished"
    texts = k.texts()
    assert t("myths.score", lang, score=5, total=10) in texts
    assert t("myths.result_good", lang) in texts
    listed = [w.answer.statement.id for w in screen.ids.stage.children[0].ids.review_list.children]
    assert sorted(listed) == sorted(wrong_ids)
    k.screenshot(f"myths-score-{lang}")

    # re-read one of the wrong statements, then come back to the score
    again = model.wrong_answers[0].statement
    k.tap_text(shown(again.statement, lang), exact=True)
    assert screen.phase == "review"
    assert shown(again.explanation, lang) in k.texts()
    assert t("myths.your_answer", lang, answer=t(f"myths.{FLIP[again.verdict]}", lang)) in k.texts()
    k.screenshot(f"myths-review-{lang}")
    k.tap_text(t("myths.back", lang), exact=True)
    assert screen.phase == "finished"

    # play again: ten statements this visitor has not seen yet (the file has 20)
    first_ids = {a.statement.id for a in model.answers}
    k.tap_text(t("myths.play_again", lang), exact=True)
    assert screen.phase == "question" and model.position == 1
    assert first_ids.isdisjoint(s.id for s in model.drawn)
    assert shown(model.current.statement, lang) in k.texts()

    answered = [e for e in _events(store) if e["kind"] == "myths.answered" and e["visit_id"]]
    assert [e["data"]["correct"] for e in answered] == [n % 2 == 0 for n in range(10)]
    assert {e["content_version"] for e in answered} == {screen.loaded.version}
    [finished] = [e for e in _events(store) if e["kind"] == "myths.finished"]
    assert finished["data"]["score"] == 5 and finished["data"]["total"] == 10
    assert finished["visit_id"] == answered[0]["visit_id"], "quiz events belong to the visit"


def _events(store) -> list[dict]:
    store.flush()
    return store.pending_events(10_000)


def test_share_is_hidden_below_the_minimum_and_leaving_abandons(kiosk_with, store):
    seed_answers(store, myth=5, fact=5)  # 10 < min_answers_for_share (20)
    k = kiosk_with()
    screen = open_quiz(k, "fr")
    k.tap_text("Commencer", exact=True)
    k.tap_text("Mythe")
    wait_for_card(k, screen, "answered")
    assert not any("des visiteurs pensaient" in x for x in k.texts())
    k.screenshot("myths-answer-no-share-fr")
    k.tap_text("Suivant", exact=True)
    k.tap(k.find_text("‹ Accueil"))
    assert k.screen_name == "home"
    abandoned = [e for e in _events(store) if e["kind"] == "myths.abandoned"]
    assert [e["data"] for e in abandoned] == [{"answered": 1, "total": 10}]
    # back in: a fresh start card, not the old quiz
    k.tap(k.find_text("Mythe ou réalité\u00a0?", exact=True))
    assert screen.phase == "intro"


def test_short_drag_does_not_answer_and_language_switch_mid_card(kiosk_with, store):
    k = kiosk_with()
    screen = open_quiz(k, "fr")
    k.tap_text("Commencer", exact=True)
    card = screen.ids.stage.children[0].ids.card
    x, y = card.to_window(*card.center)
    k.swipe(card, (x + card.width * 0.05, y))
    assert screen.phase == "question" and screen.model.answers == []
    statement = screen.model.current
    k.tap(k.find_text("EN", exact=True))
    assert statement.statement["en"] in k.texts()
    assert "Myth" in " ".join(k.texts()) and "Fact" in " ".join(k.texts())
    k.tap_text("Fact")
    wait_for_card(k, screen, "answered")
    assert statement.explanation["en"] in k.texts()


def assert_fits(fit, card, size) -> None:
    """Every label of ``fit`` lies whole inside ``card``, in a font not shrunk below the minimum."""
    from kivy.uix.label import Label

    from kiosk.exhibits.myths.screen import MIN_FONT_SCALE

    assert fit.needed_height() <= fit.height + 1, f"texts need more room than the card has at {size}"
    assert fit.scale >= MIN_FONT_SCALE
    for label in (w for w in fit.children if isinstance(w, Label) and w.text):
        x, y = label.to_window(label.x, label.y)
        cx, cy = card.to_window(card.x, card.y)
        assert cy - 1 <= y and y + label.height <= cy + card.height + 1, f"{label.text[:30]!r} spills at {size}"
        assert cx - 1 <= x and x + label.width <= cx + card.width + 1, f"{label.text[:30]!r} spills at {size}"


def _longest(text: str, limit: int) -> str:
    return (text * (limit // len(text) + 1))[:limit - 1].rstrip() + "."


@pytest.mark.parametrize("size", [(1280, 800), (800, 480), (1920, 1080)])
def test_texts_at_the_schema_limits_fit_on_the_card(size, store, kiosk, content_copy):
    """The limits the schema states (statement, explanation, source) are real: at those
    lengths, with an image and the others' share, nothing spills out of the card."""
    import yaml

    from kiosk.exhibits.myths.schema import EXPLANATION_MAX, SOURCE_MAX, STATEMENT_MAX

    words = "Mémoriser des exemples, généraliser prudemment, vérifier régulièrement. "
    item = {
        "id": "longest", "verdict": "myth", "image": "images/myths/chat.png",
        "statement": {lang: _longest(words, STATEMENT_MAX) for lang in ("fr", "en")},
        "explanation": {lang: _longest(words, EXPLANATION_MAX) for lang in ("fr", "en")},
        "source": {lang: _longest(words, SOURCE_MAX) for lang in ("fr", "en")},
    }
    quiz = {"id": "limites", "type": "myths", "order": 0, "title": {"fr": "Limites", "en": "Limits"},
            "summary": {"fr": "s", "en": "s"}, "intro": {"fr": "i", "en": "i"}, "draw": 1,
            "min_answers_for_share": 1, "items": [item]}
    (content_copy / "limites.yaml").write_text(yaml.safe_dump(quiz, allow_unicode=True), encoding="utf-8")
    store.record("myths.answered", exhibit_id="limites", data={"statement_id": "longest", "answer": "fact"})
    store.flush()
    k = kiosk(content_copy, size=size, app_kwargs={"stats": store})
    k.tap(k.screen)
    k.tap(k.find_text("Limites", exact=True))
    screen = k.screen
    k.tap_text("Commencer", exact=True)
    assert screen.model.shares.wait(10)
    question = screen.ids.stage.children[0]
    k.pump(frames=3)
    assert_fits(question.ids.fit, question.ids.card, size)
    k.screenshot(f"myths-limits-question-{size[0]}x{size[1]}")
    k.tap_text("Mythe")
    wait_for_card(k, screen, "answered")
    k.pump(frames=3)
    panel = screen.ids.stage.children[0]
    assert panel.ids.share.text == t("myths.share_fact", "fr", percent=100)
    assert_fits(panel.ids.fit, panel.children[-1], size)
    k.screenshot(f"myths-limits-answer-{size[0]}x{size[1]}")


def test_hurried_touches_answer_once_and_advance_once(kiosk_with, store):
    k = kiosk_with()
    screen = open_quiz(k, "fr")
    k.tap_text("Commencer", exact=True)
    myth, fact = k.find_text("Mythe"), k.find_text("Réalité")
    k.tap(myth)
    k.tap(fact.to_window(*fact.center))  # at once, during the card turn (a widget's tap waits for the layout)
    wait_for_card(k, screen, "answered")
    assert [a.answer for a in screen.model.answers] == ["myth"]
    # A double tap on "Next" (where "Fact" appears on the next card) does not answer it.
    from kivy.base import EventLoop
    from kivy.input import kivy_postproc_modules

    doubletap = kivy_postproc_modules["doubletap"]  # installed like App.run() does
    assert doubletap in EventLoop.postproc_modules
    saved, doubletap.double_tap_time = doubletap.double_tap_time, 60.0  # however slow this machine is
    try:
        button = k.find_text("Suivant", exact=True)
        k.tap(button)
        assert screen.phase == "question" and screen.model.position == 2
        assert k.find_text("Réalité").collide_point(*button.center), "the buttons overlap: the case to guard"
        k.tap(button.center)
        assert screen.phase == "question" and len(screen.model.answers) == 1
    finally:
        doubletap.double_tap_time = saved
        doubletap.touches.clear()
    k.tap_text("Réalité")  # a deliberate single tap still answers
    wait_for_card(k, screen, "answered")
    assert [a.answer for a in screen.model.answers] == ["myth", "fact"]


def test_idle_timeout_mid_quiz_gives_the_next_visitor_a_fresh_start(kiosk_with, store):
    k = kiosk_with(idle_timeout_s=1.5)
    screen = open_quiz(k, "fr")
    k.tap_text("Commencer", exact=True)
    k.tap_text("Réalité")
    wait_for_card(k, screen, "answered")
    k.wait_until(lambda: k.screen_name == "attract", timeout=10, what="idle timeout")
    assert screen.phase == "intro" and screen.model.answers == []
    abandoned = [e for e in _events(store) if e["kind"] == "myths.abandoned"]
    assert [e["data"] for e in abandoned] == [{"answered": 1, "total": 10}]
    k.tap(k.screen)
    k.tap(k.find_text("Mythe ou réalité\u00a0?", exact=True))
    assert "Commencer" in k.texts()
