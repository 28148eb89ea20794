"""'What other visitors answered', read from a real statistics store holding known answers."""
from __future__ import annotations

import pytest

from kiosk.events import MemorySink
from kiosk.exhibits.myths.share import AnswerShares, Share
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
    store.flush()


def new_quiz(store, minimum=20, record_into_store=False):
    """A kiosk (re)started on ``store``: a new model, its first quiz started."""
    model, events, _ = make_model(definition(ITEMS, draw=2, draw_order="fixed", min_answers_for_share=minimum),
                                  stats=store, events=store if record_into_store else MemorySink())
    model.start("fr")
    assert model.shares.wait(10), "the store is read in the background"
    return model


def first_answer(store, choice="myth", minimum=20):
    """A new visitor answers the first statement ('robots'); the share they are shown."""
    return new_quiz(store, minimum).answer(choice)


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
    result = new_quiz(store, record_into_store=True).answer("myth")
    assert result.share == Share(myth=0, fact=20)
    store.flush()
    assert store.value_counts("myths.answered", "quiz", "answer", {"statement_id": "robots"}) == {
        "fact": 20, "myth": 1}


def test_answers_on_this_kiosk_count_for_the_next_visitors_without_reading_the_store_again(store):
    answered(store, "robots", "fact", 19)
    model = new_quiz(store, record_into_store=True)
    assert model.answer("fact").share is None  # 19 others: too few
    model.start("fr")  # the next visitor
    assert model.answer("myth").share == Share(myth=0, fact=20)
    model.start("fr")
    assert model.answer("fact").share == Share(myth=1, fact=20)
    # a kiosk restarted on the same store finds the same figures there
    store.flush()
    assert new_quiz(store).answer("fact").share == Share(myth=1, fact=21)


def test_answers_before_the_store_is_read_are_kept():
    class SlowStore:  # the real figures, delivered late: as a Pi reading a big store
        def __init__(self):
            import threading
            self.go = threading.Event()

        def value_counts(self, kind, exhibit_id, key, where):
            self.go.wait(10)
            return {"robots": 25} if where == {"answer": "fact"} else {}

    slow = SlowStore()
    shares = AnswerShares.load_in_background(slow, "quiz")
    assert shares.share("robots", 1) is None  # not read yet: say nothing
    shares.add("robots", "myth")
    slow.go.set()
    assert shares.wait(10)
    assert shares.share("robots", 1) == Share(myth=1, fact=25)


def test_percentages_always_add_up_to_100():
    for myth in range(0, 41):
        share = Share(myth=myth, fact=41 - myth)
        assert share.percent("myth") + share.percent("fact") == 100


def test_memory_sink_alone_gives_no_share():
    model, _, _ = make_model(definition(ITEMS, draw=1), events=MemorySink())
    model.start("fr")
    assert model.answer("fact").share is None
