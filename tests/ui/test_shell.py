"""The visitor's path through the shell, by touch, in a real window."""
from __future__ import annotations

from kiosk.events import MemorySink


def test_attract_home_exhibit_back_and_idle_timeout(kiosk, content_copy):
    events = MemorySink()
    k = kiosk(content_copy, idle_timeout_s=3, app_kwargs={"events": events})
    assert k.screen_name == "attract"
    assert "Touchez l'écran pour commencer" in k.texts()
    k.screenshot("shell-attract-fr")

    k.tap(k.find_text("Touchez l'écran pour commencer"))
    assert k.screen_name == "home"
    k.screenshot("shell-home-fr")

    k.tap(k.find_text("L'exposition", exact=True))
    assert k.screen_name == "exhibit:bienvenue"
    assert "Une exposition itinérante sur l'IA" in k.texts()
    k.tap(k.find(lambda w: getattr(w, "text", None) == "›"))
    assert "L'IA et l'humain, complémentaires" in k.texts()
    k.screenshot("shell-info-fr")

    k.tap(k.find_text("‹ Accueil"))
    assert k.screen_name == "home"

    # Back into the exhibit, then no touch: the visit ends and the page is forgotten.
    k.tap(k.find_text("L'exposition", exact=True))
    assert "L'IA et l'humain, complémentaires" in k.texts()  # the page of this visit
    k.wait_until(lambda: k.screen_name == "attract", timeout=10, what="idle timeout")
    assert events.kinds() == [
        "visit_started", "exhibit_opened", "info.page_viewed", "exhibit_closed",
        "exhibit_opened", "exhibit_closed", "visit_ended",
    ]
    assert events.events[-1].data["reason"] == "idle"
    visit_ids = {e.visit_id for e in events.events}
    assert len(visit_ids) == 1 and None not in visit_ids

    k.tap(k.screen)
    k.tap(k.find_text("L'exposition", exact=True))
    assert "Une exposition itinérante sur l'IA" in k.texts(), "the new visit starts on page 1"
    assert len({e.visit_id for e in events.events}) == 2


def test_language_switch_changes_every_text_at_once(kiosk):
    k = kiosk()
    k.tap(k.find_text("EN", exact=True))
    assert "Touch the screen to start" in k.texts()
    assert not any("Touchez" in t for t in k.texts())
    k.screenshot("shell-attract-en")
    k.tap(k.find_text("Touch the screen to start"))
    assert k.screen_name == "home", "the visit starts in English"
    assert "Choose an activity" in k.texts()
    k.screenshot("shell-home-en")
    k.tap(k.find_text("The exhibition", exact=True))
    assert "‹ Home" in k.texts()
    k.tap(k.find_text("FR", exact=True))
    texts = k.texts()
    assert "‹ Accueil" in texts and "L'exposition" in texts
    assert "‹ Home" not in texts


def test_idle_timeout_resets_the_language(kiosk):
    k = kiosk(idle_timeout_s=1.0)
    k.tap(k.screen)
    k.tap(k.find_text("EN", exact=True))
    k.wait_until(lambda: k.screen_name == "attract", timeout=5)
    assert k.app.language == "fr"
    assert "Touchez l'écran pour commencer" in k.texts()


def test_staff_panel_needs_the_right_pin(kiosk):
    k = kiosk()
    corner = k.app.root.ids.staff_corner
    k.long_press(corner, seconds=1.0)  # too short: an ordinary touch, the visit starts
    assert not any("Code du personnel" in t for t in k.texts())
    assert k.screen_name == "home"
    k.long_press(corner, seconds=3.3)
    assert "Code du personnel" in k.texts()
    for digit in "1111":
        k.tap_text(digit, exact=True)
    k.tap_text("Valider")
    assert "Code incorrect" in k.texts()
    k.screenshot("shell-staff-pin-wrong")
    for digit in "2468":
        k.tap_text(digit, exact=True)
    k.tap_text("Valider")
    assert k.screen_name == "staff"
    texts = k.texts()
    assert "test-kiosk" in texts
    assert any(t.startswith("2026.11") for t in texts), "content version shown"
    assert "Modèles vocaux" in texts and "Microphone" in texts, "voice status shown"
    assert "Événements enregistrés" not in texts, "no statistics store in this test"
    k.screenshot("shell-staff-panel")
    k.tap_text("Retour")
    assert k.screen_name == "home"


def test_staff_panel_lists_a_broken_file_and_reload_picks_up_fixes(kiosk, content_copy):
    broken = content_copy / "cassé.yaml"
    broken.write_text("id: casse\ntype: info\ntitle: {fr: Cassé, en: Broken}\n", encoding="utf-8")
    k = kiosk(content_copy)
    k.long_press(k.app.root.ids.staff_corner, seconds=3.3)
    assert not k.app.visit.active, "staff's long press on the attract screen is not a visit"
    for digit in "2468":
        k.tap_text(digit, exact=True)
    k.tap_text("Valider")
    errors = k.screen.ids.errors.text
    assert "cassé.yaml:1:1: summary: champ obligatoire manquant" in errors  # the organisers' language
    assert "cassé.yaml:1:1: pages: champ obligatoire manquant" in errors
    # the organiser fixes the file; staff reloads
    broken.write_text(broken.read_text(encoding="utf-8") + "summary: {fr: R, en: S}\npages:\n"
                      "  - heading: {fr: T, en: H}\n    text: {fr: T, en: T}\n", encoding="utf-8")
    k.tap_text("Recharger le contenu")
    assert k.screen_name == "attract"
    k.tap(k.screen)
    assert "Cassé" in k.texts()


def test_kiosk_mode_refuses_escape_and_window_close(kiosk):
    from kivy.base import EventLoop
    from kivy.core.window import Window

    k = kiosk(app_kwargs={"kiosk_mode": True})
    assert k.key(27) is True, "ESC is swallowed"
    assert k.key(282) is True, "F1 is swallowed"
    assert Window.dispatch("on_request_close") is True, "closing the window is refused"
    k.pump(frames=3)
    assert EventLoop.status == "started" and not EventLoop.quit
    assert Window.show_cursor is False
    Window.show_cursor = True


def test_an_exception_in_an_exhibit_sends_the_visitor_home(kiosk):
    from kivy.base import ExceptionManager

    k = kiosk()
    k.tap(k.screen)
    k.tap(k.find_text("L'exposition", exact=True))
    screen = k.screen

    def boom(_step):
        raise RuntimeError("exhibit bug")

    screen.go = boom
    next_button = k.find(lambda w: getattr(w, "text", None) == "›")
    try:
        k.tap(next_button)
    except RuntimeError:
        # Kivy re-raises unless a handler passes it: the app's handler must have passed
        raise AssertionError("the exception reached the main loop")
    assert k.screen_name == "home"
    assert "Un problème est survenu\u00a0; retour à l'accueil." in k.texts()
    assert k.app._exception_handler in ExceptionManager.handlers


def test_idle_timeout_mid_quiz_records_the_abandon_inside_the_visit(kiosk):
    events = MemorySink()
    k = kiosk(idle_timeout_s=3, app_kwargs={"events": events})
    k.tap(k.screen)
    k.tap(k.find_text("Mythe ou réalité\u00a0?", exact=True))
    k.tap_text("Commencer", exact=True)
    k.tap(k.find_text("Mythe"))  # the answer button (buttons come first)
    k.wait_until(lambda: k.screen_name == "attract", timeout=8, what="idle timeout")
    kinds = events.kinds()
    assert kinds[-3:] == ["myths.abandoned", "exhibit_closed", "visit_ended"]
    visit_id = events.events[0].visit_id
    assert all(e.visit_id == visit_id for e in events.events)


def test_staff_panel_shows_the_statistics_queue_of_a_real_store(kiosk, tmp_path):
    from kiosk.stats import open_store
    from tests.conftest import make_config

    store = open_store(make_config(tmp_path))
    try:
        k = kiosk(app_kwargs={"stats": store})
        k.tap(k.screen)  # a visit: one event recorded in the real store
        k.long_press(k.app.root.ids.staff_corner, seconds=3.3)
        for digit in "2468":
            k.tap_text(digit, exact=True)
        k.tap_text("Valider")
        rows = dict(k.screen.rows)
        status = store.status()
        assert status["recorded"] >= 1
        assert rows["Événements enregistrés"] == str(status["recorded"])
        assert rows["Événements à envoyer"] == str(status["pending"])
        assert rows["Dernier envoi"] == "-"
    finally:
        store.close()
