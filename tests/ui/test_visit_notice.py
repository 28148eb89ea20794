"""When "are you still there?" shows, without a window."""
from kiosk.events import MemorySink
from kiosk.visit import VisitTracker


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_the_notice_takes_the_last_seconds_of_the_idle_timeout():
    clock = FakeClock()
    visit = VisitTracker(MemorySink(), idle_timeout_s=90, clock=clock, notice_s=20)
    assert visit.notice_remaining() is None, "no visit, no notice"
    visit.start("fr")
    clock.now += 69
    assert visit.notice_remaining() is None
    clock.now += 2
    assert visit.notice_remaining() == 19
    visit.touched()
    assert visit.notice_remaining() is None, "a touch keeps the visit"
    clock.now += 89.5
    assert visit.notice_remaining() == 0.5 and not visit.idle_expired()
    clock.now += 0.5
    assert visit.notice_remaining() is None and visit.idle_expired()


def test_the_notice_never_shows_right_after_a_touch():
    clock = FakeClock()
    visit = VisitTracker(MemorySink(), idle_timeout_s=10, clock=clock, notice_s=20)
    visit.start("fr")
    clock.now += 4.9
    assert visit.notice_remaining() is None
    clock.now += 0.2
    assert visit.notice_remaining() is not None
    assert VisitTracker(MemorySink(), 10, clock, notice_s=0).notice_s == 0
