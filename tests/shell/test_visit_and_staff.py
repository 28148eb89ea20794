"""The shell's pure-Python parts, without a window: visits, idle timeout, staff PIN."""
from __future__ import annotations

from kiosk.config import hash_pin, verify_pin
from kiosk.events import MemorySink
from kiosk.staff import PinGate, status_rows
from kiosk.visit import VisitTracker


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_visit_records_its_events_with_one_visit_id_and_durations():
    sink, clock = MemorySink(), FakeClock()
    visit = VisitTracker(sink, idle_timeout_s=90, clock=clock)
    visit.record("language_changed", data={"language": "en"})  # outside a visit: no visit id
    visit.start("fr")
    clock.now += 5
    visit.exhibit_opened("mythes", "myths", "abc123")
    clock.now += 42.5
    visit.record("myths.answered", exhibit_id="mythes", content_version="abc123",
                 data={"statement_id": "x", "answer": "myth", "correct": True, "time_s": 4.0})
    visit.exhibit_opened("chatbot", "chatbot", "def456")  # opening another closes the first
    clock.now += 10
    assert visit.end("attract") is True
    assert visit.end("attract") is False, "a visit ends once"
    kinds = sink.kinds()
    assert kinds == ["language_changed", "visit_started", "exhibit_opened", "myths.answered",
                     "exhibit_closed", "exhibit_opened", "exhibit_closed", "visit_ended"]
    assert sink.events[0].visit_id is None
    ids = {e.visit_id for e in sink.events[1:]}
    assert len(ids) == 1 and None not in ids
    closed = sink.of_kind("exhibit_closed")
    assert closed[0].data == {"exhibit_type": "myths", "dwell_s": 42.5}
    assert closed[0].exhibit_id == "mythes" and closed[0].content_version == "abc123"
    assert sink.of_kind("visit_ended")[0].data == {"duration_s": 57.5, "reason": "attract"}


def test_idle_timeout_counts_from_the_last_touch():
    clock = FakeClock()
    visit = VisitTracker(MemorySink(), idle_timeout_s=90, clock=clock)
    assert not visit.idle_expired(), "no visit, nothing expires"
    visit.start("fr")
    clock.now += 80
    visit.touched()
    clock.now += 80
    assert not visit.idle_expired()
    clock.now += 10
    assert visit.idle_expired()
    visit.end("idle")
    assert not visit.idle_expired()


def test_each_visit_gets_a_new_id():
    sink = MemorySink()
    visit = VisitTracker(sink, idle_timeout_s=90, clock=FakeClock())
    visit.start("fr")
    visit.end("idle")
    visit.start("en")
    visit.end("idle")
    started = sink.of_kind("visit_started")
    assert started[0].visit_id != started[1].visit_id
    assert [e.data["language"] for e in started] == ["fr", "en"]


def test_pin_hash_round_trip_and_lockout():
    stored = hash_pin("2468", iterations=1000)
    assert verify_pin("2468", stored) and not verify_pin("2469", stored)
    assert not verify_pin("2468", "garbage"), "a malformed hash never opens the panel"
    clock = FakeClock()
    gate = PinGate(stored, max_attempts=3, lockout_s=60, clock=clock)
    assert gate.try_pin("0000") == "wrong"
    assert gate.try_pin("0000") == "wrong"
    assert gate.try_pin("0000") == "locked"
    assert gate.try_pin("2468") == "locked", "even the right PIN waits out the lockout"
    clock.now += 61
    assert gate.try_pin("2468") == "ok"


def test_staff_rows_survive_a_broken_statistics_store(tmp_path):
    from kiosk.config import KioskConfig
    from kiosk.content.loader import load_content

    class BrokenStore:
        def status(self):
            raise OSError("database disk image is malformed")

    config = KioskConfig(kiosk_id="k1", staff_pin_hash="x", data_dir=str(tmp_path))
    rows = dict(status_rows(config, load_content(config.content_path), BrokenStore()))
    assert rows["staff.kiosk"] == "k1"
    assert "malformed" in rows["staff.stats_error"]
