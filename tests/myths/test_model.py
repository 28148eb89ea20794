"""The quiz without a window: draw, answers, score, review, events."""
from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content.loader import load_content

from .helpers import definition, make_model, statement

ROOT = Path(__file__).resolve().parents[2]
TEN = [statement(f"s{i}", "myth" if i % 2 else "fact") for i in range(10)]
TEN_IDS = [f"s{i}" for i in range(10)]


def play(model, answers):
    for choice in answers:
        assert model.answer(choice) is not None
        model.next()


def test_shuffled_draw_has_no_repeats_and_respects_the_count():
    model, _, _ = make_model(definition(TEN, draw=6))
    orders = set()
    for seed in range(20):
        model.context.rng.seed(seed)
        model.start("fr")
        ids = [s.id for s in model.drawn]
        assert len(ids) == 6 == len(set(ids)) == model.total
        orders.add(tuple(ids))
    assert len(orders) > 1, "shuffled draws differ between visits"


def test_fixed_order_takes_the_first_statements_in_file_order():
    model, _, _ = make_model(definition(TEN, draw=4, draw_order="fixed"))
    model.start("en")
    assert [s.id for s in model.drawn] == ["s0", "s1", "s2", "s3"]


def test_draw_larger_than_the_list_draws_every_statement_once():
    model, _, _ = make_model(definition(TEN[:3], draw=10))
    model.start("fr")
    assert sorted(s.id for s in model.drawn) == ["s0", "s1", "s2"]


def test_statements_missing_the_visitors_language_are_not_drawn():
    items = TEN[:4] + [statement("fr-only", "myth", langs=("fr",))]
    model, _, _ = make_model(definition(items, draw=10))
    model.start("en")
    assert "fr-only" not in [s.id for s in model.drawn]
    model.start("fr")
    assert "fr-only" in [s.id for s in model.drawn]


def test_a_whole_quiz_scores_and_emits_events(tmp_path):
    model, events, clock = make_model(definition(TEN[:4], draw=4, draw_order="fixed"))
    assert model.phase == "intro"
    model.start("fr")
    # s0 fact, s1 myth, s2 fact, s3 myth: two right, two wrong
    for choice, wait in zip(["fact", "fact", "myth", "myth"], [2.0, 3.5, 1.0, 4.0]):
        assert model.phase == "question"
        clock.advance(wait)
        result = model.answer(choice)
        assert model.phase == "answered" and model.last_answer is result
        model.next()
    assert model.phase == "finished"
    assert model.score == 2 and model.total == 4
    assert [a.statement.id for a in model.wrong_answers] == ["s1", "s2"]
    answered = events.of_kind("myths.answered")
    assert [e.data for e in answered] == [
        {"statement_id": "s0", "answer": "fact", "correct": True, "time_s": 2.0},
        {"statement_id": "s1", "answer": "fact", "correct": False, "time_s": 3.5},
        {"statement_id": "s2", "answer": "myth", "correct": False, "time_s": 1.0},
        {"statement_id": "s3", "answer": "myth", "correct": True, "time_s": 4.0},
    ]
    assert all(e.exhibit_id == "quiz" and e.content_version == "v1" for e in events.events)
    [finished] = events.of_kind("myths.finished")
    assert finished.data == {"score": 2, "total": 4, "duration_s": 10.5}
    assert events.of_kind("myths.abandoned") == []
    model.leave()  # leaving the end screen is not an abandon
    assert events.of_kind("myths.abandoned") == []


def test_time_to_answer_counts_from_when_the_card_is_shown():
    model, events, clock = make_model(definition(TEN[:2], draw=2, draw_order="fixed"))
    model.start("fr")
    clock.advance(5)
    model.answer("fact")
    clock.advance(30)  # reading the explanation is not answering time
    model.next()
    clock.advance(2)
    model.answer("myth")
    assert [e.data["time_s"] for e in events.of_kind("myths.answered")] == [5.0, 2.0]


def test_second_answer_to_the_same_card_is_ignored():
    model, events, _ = make_model(definition(TEN[:2], draw=2, draw_order="fixed"))
    model.start("fr")
    assert model.answer("fact") is not None
    assert model.answer("myth") is None  # a swipe after the tap
    assert model.answer("bogus") is None
    assert len(events.of_kind("myths.answered")) == 1
    assert model.answers[0].answer == "fact"


def test_answers_outside_a_question_are_ignored():
    model, events, _ = make_model(definition(TEN[:1], draw=1))
    assert model.answer("myth") is None  # before start
    model.next()
    assert model.phase == "intro"
    model.start("fr")
    model.answer("myth")
    model.next()
    assert model.phase == "finished"
    assert model.answer("fact") is None
    assert len(events.of_kind("myths.answered")) == 1


def test_leaving_mid_quiz_is_an_abandon_once():
    model, events, _ = make_model(definition(TEN[:5], draw=5))
    model.start("fr")
    play(model, ["myth", "fact"])
    model.leave()
    model.leave()
    model.reset()
    assert [e.data for e in events.of_kind("myths.abandoned")] == [{"answered": 2, "total": 5}]
    assert model.phase == "intro" and model.answers == []


def test_restarting_mid_quiz_abandons_the_running_one():
    model, events, _ = make_model(definition(TEN[:5], draw=5))
    model.start("fr")
    model.answer("myth")
    model.start("fr")
    assert [e.data for e in events.of_kind("myths.abandoned")] == [{"answered": 1, "total": 5}]
    assert model.answers == [] and model.phase == "question" and model.position == 1


def test_last_answer_finishes_the_quiz_even_if_the_visitor_walks_away():
    model, events, _ = make_model(definition(TEN[:2], draw=2, draw_order="fixed"))
    model.start("fr")
    play(model, ["fact"])
    model.answer("myth")  # last card turned, "see my score" never touched
    model.leave()
    assert len(events.of_kind("myths.finished")) == 1
    assert events.of_kind("myths.abandoned") == []


@pytest.mark.parametrize("right,key", [(10, "result_perfect"), (7, "result_great"), (4, "result_good"),
                                      (3, "result_keep_going"), (0, "result_keep_going")])
def test_end_message_follows_the_score(right, key):
    model, _, _ = make_model(definition(TEN, draw=10, draw_order="fixed"))
    model.start("fr")
    verdicts = [s.verdict for s in model.drawn]
    flip = {"myth": "fact", "fact": "myth"}
    play(model, [v if i < right else flip[v] for i, v in enumerate(verdicts)])
    assert model.score == right
    assert model.result_message == key


def test_progress_counts_one_based():
    model, _, _ = make_model(definition(TEN[:3], draw=3))
    model.start("fr")
    seen = []
    while model.phase != "finished":
        seen.append((model.position, model.total))
        model.answer("myth")
        assert not model.is_last or model.position == 3
        model.next()
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_without_a_statistics_store_no_share_is_given():
    model, _, _ = make_model(definition(TEN[:1], draw=1))
    model.start("fr")
    assert model.answer("myth").share is None


def test_a_failing_statistics_store_never_stops_the_quiz():
    class BrokenStore:  # stands in for a damaged database file, not for the statistics
        def value_counts(self, *args, **kwargs):
            raise OSError("disk I/O error")

    model, events, _ = make_model(definition(TEN[:1], draw=1), stats=BrokenStore())
    model.start("fr")
    result = model.answer("myth")
    assert result is not None and result.share is None
    assert len(events.of_kind("myths.answered")) == 1


def test_shipped_quiz_plays_through_in_both_languages():
    content = load_content(ROOT / "exhibits")
    loaded = content.exhibit("mythes")
    assert loaded is not None, [str(d) for d in content.diagnostics]
    defn = loaded.definition
    assert len(defn.items) >= 15
    for lang in ("fr", "en"):
        model, events, _ = make_model(defn)
        model.start(lang)
        assert model.total == defn.draw == 10
        play(model, [s.verdict for s in model.drawn])
        assert model.score == 10 and model.result_message == "result_perfect"
        assert len(events.of_kind("myths.finished")) == 1


def test_playing_again_shows_unseen_statements_first_until_the_visit_ends():
    for order in ("shuffled", "fixed"):
        model, _, _ = make_model(definition(TEN, draw=4, draw_order=order))
        model.start("fr")
        first = {s.id for s in model.drawn}
        model.start("fr")  # "play again"
        second = {s.id for s in model.drawn}
        assert first.isdisjoint(second) and len(second) == 4
        model.start("fr")  # only 2 unseen left: both, then 2 seen ones
        third = {s.id for s in model.drawn}
        assert len(third) == 4 and (set(TEN_IDS) - first - second) <= third
        model.reset()  # visit over
        model.start("fr")
        if order == "fixed":
            assert [s.id for s in model.drawn] == ["s0", "s1", "s2", "s3"]
