"""'What other visitors answered', read from a real statistics store holding known answers."""
from __future__ import annotations

import pytest

from kiosk.events import MemorySink
from kiosk.exhibits.myths.share import Share
from kiosk.stats import StatsStore

from .helpers import definition, make_model, statement

ITEMS = [statement("robots", "myth"), statement("data", "fact")]


@pytest.fixture
def store(tmp_path):
    with StatsStore(tmp_path / "stats.sqlite3", kiosk_id="test-kiosk") as s:
        yield s


def answered(store, statement_id, answer, n, exhibit_id="quiz"):
    for _ in range(n):
        store.record("myths.answered", exhibit_id=exhibit_id, content_version="v0",
                     data={"statement_id": statement_id, "answer": answer, "correct": answer == "myth",
                           "time_s": 3.0})


def first_answer(store, choice="myth", minimum=20, record_into_store=False):
    """A new visitor answers the first statement ('robots'); the share they are shown."""
    store.flush()
    model, events, _ = make_model(definition(ITEMS, draw=2, draw_order="fixed", min_answers_for_share=minimum),
                                  stats=store, events=store if record_into_store else MemorySink())
    model.start("fr")
    return model.answer(choice)


def test_share_of_known_answers(store):
    answered(store, "robots", "fact", 31)
    answered(store, "robots", "myth", 19)
    answered(store, "data", "myth", 40)  # another statement
    answered(store, "robots", "myth", 40, exhibit_id="other-quiz")  # another exhibit
    store.record("myths.finished", exhibit_id="quiz", data={"score": 1, "total": 2, "duration_s": 9})
    result = first_answer(store)
    assert result.share == Share(myth=19, fact=31)
    assert result.share.percent("fact") == 62 and result.share.percent("myth") == 38
    assert result.share.majority == "fact"


def test_nothing_is_said_below_the_minimum(store):
    answered(store, "robots", "fact", 12)
    answered(store, "robots", "myth", 7)
    assert first_answer(store).share is None  # 19 < 20
    answered(store, "robots", "myth", 1)
    assert first_answer(store).share == Share(myth=8, fact=12)


def test_minimum_comes_from_the_exhibit_file(store):
    answered(store, "robots", "fact", 3)
    assert first_answer(store, minimum=4).share is None
    assert first_answer(store, minimum=3).share == Share(myth=0, fact=3)


def test_the_visitors_own_answer_is_not_in_the_share_but_is_recorded(store):
    answered(store, "robots", "fact", 20)
    result = first_answer(store, choice="myth", record_into_store=True)
    assert result.share == Share(myth=0, fact=20)
    store.flush()
    assert store.value_counts("myths.answered", "quiz", "answer", {"statement_id": "robots"}) == {
        "fact": 20, "myth": 1}


def test_percentages_always_add_up_to_100():
    for myth in range(0, 41):
        share = Share(myth=myth, fact=41 - myth)
        assert share.percent("myth") + share.percent("fact") == 100


def test_memory_sink_alone_gives_no_share():
    model, _, _ = make_model(definition(ITEMS, draw=1), events=MemorySink())
    model.start("fr")
    assert model.answer("fact").share is None
