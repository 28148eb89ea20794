"""The real kiosk window (Xvfb) with the runtime's release supervision: a new release
is shown at the attract screen, never during a visit, and one whose exhibit raises at
first use goes back to the previous release by itself, which the next visitor sees."""
from __future__ import annotations

import pytest

from kiosk.exhibits.info.model import InfoModel
from contract.releases.keys import SigningKey
from kiosk.runtime import KioskRuntime
from tests.releases.helpers import build, make_content, make_manager

pytestmark = pytest.mark.ui

TOUCH_FR = "Touchez l'écran pour commencer"


def content_with_touch_text(parent, version, touch):
    content = make_content(parent, version)
    exhibition = content / "exhibition.yaml"
    exhibition.write_text(exhibition.read_text(encoding="utf-8").replace(TOUCH_FR, touch), encoding="utf-8")
    return content


@pytest.fixture
def supervised(tmp_path):
    """(manager, start(kiosk) -> driver): the app with the runtime's supervision attached."""
    key = SigningKey.generate()
    made = tmp_path / "made"
    made.mkdir()
    files = {v: build(content_with_touch_text(made, f"2026.11-{v}", f"Touchez l'écran — version {v}"),
                      key, made / f"v{v}.zip", hours=24 * v).path for v in (1, 2)}
    manager = make_manager(tmp_path / "data", [key], make_content(made, "builtin"), probation_s=600)
    runtimes = []

    def start(kiosk, **config):
        k = kiosk(manager.content_to_load(), **config)
        runtime = KioskRuntime(k.config, kiosk_mode=False)
        runtime.releases = manager
        runtime._supervise_releases(k.app)
        runtimes.append(runtime)
        return k

    yield manager, files, start
    for runtime in runtimes:
        runtime._stop_supervision()


def test_a_new_release_waits_for_the_attract_screen(kiosk, supervised):
    manager, files, start = supervised
    manager.install(files[1])
    manager.kiosk_started()
    k = start(kiosk, idle_timeout_s=6)
    assert "Touchez l'écran — version 1" in k.texts()
    k.tap(k.screen)  # a visit starts
    manager.install(files[2])  # arrives during the visit (a stick, a download)
    k.tap(k.screen)
    k.pump(seconds=2.5)  # a supervision tick passes: the visitor keeps what they see
    assert k.screen_name == "home" and manager.state().ready
    k.wait_until(lambda: k.screen_name == "attract", timeout=10, what="idle timeout")
    k.wait_until(lambda: "Touchez l'écran — version 2" in k.texts(), timeout=10, what="switch to version 2")
    assert manager.shown().content_version == "2026.11-2" and manager.state().trial
    k.screenshot("release-switched-v2")


def test_an_exhibit_raising_at_first_use_is_rolled_back(kiosk, supervised, monkeypatch):
    manager, files, start = supervised
    manager.install(files[1])
    manager.kiosk_started()
    manager.confirm_healthy()
    m2 = manager.install(files[2])
    manager.kiosk_started()  # version 2 shown at start, on trial
    broken_root = manager.store.content_dir(m2.release_id)
    original_init = InfoModel.__init__

    def init(self, definition, context):
        # a bug that only this release's content triggers, at the exhibit's first opening
        if context.content_dir == broken_root:
            raise RuntimeError("page layout cannot be built")
        original_init(self, definition, context)

    monkeypatch.setattr(InfoModel, "__init__", init)
    k = start(kiosk, idle_timeout_s=2)
    assert "Touchez l'écran — version 2" in k.texts()
    k.tap(k.screen)
    k.tap(k.find_text("L'exposition", exact=True))
    assert k.screen_name != "exhibit:bienvenue"  # the shell said it cannot open
    failure = manager.state().last_failure
    assert failure["release_id"] == m2.release_id and "page layout cannot be built" in failure["reason"]["text"]
    assert manager.shown().content_version == "2026.11-1"  # the store went back at once
    k.wait_until(lambda: k.screen_name == "attract", timeout=10, what="idle timeout")
    k.wait_until(lambda: "Touchez l'écran — version 1" in k.texts(), timeout=10, what="back to version 1")
    k.screenshot("release-rolled-back-v1")
    k.tap(k.screen)
    k.tap(k.find_text("L'exposition", exact=True))
    assert k.screen_name == "exhibit:bienvenue"  # the previous release works
