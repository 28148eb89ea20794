"""The running kiosk's side, without a window: switch only between visits, confirm a
release after its trial, roll it back on a failure or content that does not load."""
from __future__ import annotations

import logging

import pytest

from kiosk.content.loader import load_content
from kiosk.releases.supervisor import FailureLogHandler, ReleaseSupervisor
from tests.releases.helpers import make_content, make_manager, release_series

#: the reasons' wording is read in English below (French: tests/content/test_languages.py)
pytestmark = pytest.mark.usefixtures("english")


class FakeApp:
    """Stands for the Kivy app: loads content folders for real, says whether a visit runs."""

    def __init__(self, path):
        self.visit_active = False
        self.shown = []
        self.content = load_content(path)

    def show(self, path):
        self.content = load_content(path)
        self.shown.append(self.content.exhibition.version)
        return self.content


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture(scope="module")
def releases(tmp_path_factory, key):
    d = tmp_path_factory.mktemp("releases")
    return release_series(d, key, 2)


@pytest.fixture
def kiosk(tmp_path, key, releases):
    """A kiosk showing release 1 (confirmed) with its supervisor running."""
    manager = make_manager(tmp_path / "data", [key], make_content(tmp_path, "builtin"), probation_s=600)
    manager.install(releases[1])
    manager.kiosk_started()
    manager.confirm_healthy()
    app = FakeApp(manager.content_to_load())
    clock = Clock()
    supervisor = ReleaseSupervisor(manager, between_visits=lambda: not app.visit_active, show=app.show, clock=clock)
    supervisor.started(manager.content_to_load(), app.content)
    return manager, app, supervisor, clock


def test_a_new_release_is_shown_only_between_visits(kiosk, releases):
    manager, app, supervisor, _clock = kiosk
    manager.install(releases[2])  # e.g. from a USB stick, or (later) a download
    app.visit_active = True
    supervisor.tick()
    assert app.shown == [] and manager.state().ready  # a visitor is there: wait
    app.visit_active = False
    supervisor.tick()
    assert app.shown == ["2026.11-2"] and supervisor.on_trial
    supervisor.tick()
    assert app.shown == ["2026.11-2"]  # once


def test_a_release_that_runs_its_trial_without_error_is_kept(kiosk, releases):
    manager, app, supervisor, clock = kiosk
    manager.install(releases[2])
    supervisor.tick()
    clock.now += 599
    supervisor.tick()
    assert manager.state().trial
    clock.now += 2  # monotonic time, whatever the wall clock says
    supervisor.tick()
    assert not manager.state().trial and not supervisor.on_trial
    supervisor.failure("late error")  # a confirmed release is not rolled back
    assert manager.shown().content_version == "2026.11-2"


def test_an_error_during_the_trial_rolls_back_at_the_next_moment_between_visits(kiosk, releases):
    manager, app, supervisor, clock = kiosk
    manager.install(releases[2])
    supervisor.tick()
    app.visit_active = True
    logger = logging.getLogger("kiosk")
    handler = FailureLogHandler(supervisor)
    logger.addHandler(handler)
    try:
        try:
            raise KeyError("answers")
        except KeyError:
            logger.exception("exhibit %s cannot open", "mythes")
        logging.getLogger("kiosk.stats.sync").exception("not the content's fault", exc_info=ValueError("x"))
    finally:
        logger.removeHandler(handler)
    state = manager.state()
    assert manager.shown().content_version == "2026.11-1"  # the store went back at once
    assert "exhibit mythes cannot open: KeyError" in state.last_failure["reason"]["text"]
    supervisor.tick()
    assert app.shown == ["2026.11-2"]  # the visitor keeps what they are using
    app.visit_active = False
    supervisor.tick()
    assert app.shown == ["2026.11-2", "2026.11-1"] and not supervisor.on_trial


def test_content_that_does_not_load_is_rolled_back(kiosk, releases):
    manager, app, supervisor, clock = kiosk
    m2 = manager.install(releases[2])
    # damaged on the kiosk's disk after it was checked (a bad SD card)
    (manager.store.content_dir(m2.release_id) / "exhibition.yaml").write_text("name: [", encoding="utf-8")
    supervisor.tick()
    # the broken content is loaded (the loader's fallback, "?"), found failing, and replaced at once
    assert app.shown == ["?", "2026.11-1"]
    assert manager.shown().content_version == "2026.11-1"
    reason = manager.state().last_failure["reason"]["text"]
    assert "could not be loaded" in reason and "exhibition.yaml" in reason
    supervisor.tick()
    assert app.shown == ["?", "2026.11-1"]


def test_a_failing_release_found_at_start_is_replaced_before_the_first_visit(tmp_path, key, releases):
    manager = make_manager(tmp_path / "data", [key], make_content(tmp_path, "builtin"))
    m1 = manager.install(releases[1])
    manager.kiosk_started()  # switched at start, on trial
    (manager.store.content_dir(m1.release_id) / "exhibition.yaml").write_text("name: [", encoding="utf-8")
    app = FakeApp(manager.content_to_load())
    supervisor = ReleaseSupervisor(manager, between_visits=lambda: True, show=app.show, clock=Clock())
    supervisor.started(manager.content_to_load(), app.content)
    assert app.shown == ["builtin"] and manager.state().current is None
