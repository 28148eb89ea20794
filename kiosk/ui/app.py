"""The Kivy application: thin glue between the window, the navigator and the models.

Everything it needs is passed in (config, event sink, statistics store, clock), so the
UI tests run the real app on a temporary data folder.
"""
from __future__ import annotations

import logging
import time
from typing import Any, Callable

from kivy.app import App
from kivy.base import ExceptionHandler, ExceptionManager
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.properties import (
    BooleanProperty,
    DictProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)

from kiosk import PROJECT_ROOT, theme
from kiosk.content.loader import Content, load_content
from kiosk.content.schema import localize
from kiosk.events import EventSink, MemorySink
from kiosk.exhibits import TYPE_PACKAGES
from kiosk.i18n import Translations
from kiosk.services import Services
from kiosk.staff import PinGate
from kiosk.ui import frame_rate
from kiosk.ui.sizes import LARGE_TEXT_SCALE, sizes_for
from kiosk.visit import VisitTracker

log = logging.getLogger("kiosk")


class KioskApp(App):
    title = "Urssaf — L'IA à l'Urssaf"
    language = StringProperty("fr")
    content = ObjectProperty(None, rebind=True)
    colors = DictProperty()
    base_font = NumericProperty(24)  # font size unit, follows the window height
    touch = NumericProperty(60)  # minimum touch target (≥ 15 mm)
    px_per_mm = NumericProperty(4.0)
    portrait = BooleanProperty(False)  # taller than wide: layouts stack their columns
    controls_width = NumericProperty(0)  # the options and languages, top right: bars leave room
    # visitors' options, forgotten at the end of each visit
    large_text = BooleanProperty(False)
    high_contrast = BooleanProperty(False)
    reading = StringProperty("")  # key of the text being read aloud ("" when silent)
    icon_font = StringProperty(str(PROJECT_ROOT / "assets" / "fonts" / "fontawesome-webfont.ttf"))

    def __init__(self, config, *, events: EventSink | None = None, stats: Any = None,
                 clock: Callable[[], float] = time.monotonic, kiosk_mode: bool = False,
                 watchdog: Any = None, release_desk: Any = None, **kwargs):
        super().__init__(**kwargs)
        self.kiosk_config = config
        self.stats = stats
        self.kiosk_mode = kiosk_mode
        self.clock = clock
        self.watchdog = watchdog  # kiosk.watchdog.Watchdog (systemd), or None
        #: kiosk.releases.desk.ReleaseDesk: the staff panel's content versions (None: no release store)
        self.release_desk = release_desk
        #: set by the runtime's release supervision: show a release waiting, if no visit is on
        self.release_check: Callable[[], None] | None = None
        self.visit = VisitTracker(events or stats or MemorySink(), config.idle_timeout_s, clock,
                                  notice_s=config.idle_notice_s)
        self.translations = Translations.load(TYPE_PACKAGES)
        self.pin_gate = PinGate(config.staff_pin_hash, clock=clock)
        # the same texts for the exhibits: read once (reading them again cost 100 ms at the first opening)
        self.services = Services(config=config, stats=stats, translations=self.translations)
        self.navigator = None
        self.idle_notice = None  # kiosk.ui.idle_notice.IdleNotice, built when first needed
        self._read_aloud = None
        self._reading_event = None
        self._intervals: list = []
        self._keep_covering = None  # kiosk.ui.display.KeepCovering, in kiosk mode
        self._exception_handler = _RecoverToHome(self)
        self.load_content()
        self.language = self.default_language

    # --- content -------------------------------------------------------------------
    def load_content(self) -> Content:
        from kiosk.content.placeholders import fill
        from kiosk.privacy import placeholders

        content = load_content(self.kiosk_config.content_path)
        # texts that say what only this kiosk knows ({privacy}: what it keeps, per its settings)
        fill(content, placeholders(self.kiosk_config.privacy, content.exhibition.languages))
        for d in content.diagnostics:
            (log.error if d.severity == "error" else log.warning)("content: %s", d)
        self.services.content = content
        self.content = content
        self._apply_colors()
        if self.language not in self.languages:
            self.language = self.default_language
        return content

    def reload_content(self) -> None:
        """Staff action: read ``exhibits/`` again; the visit (if any) ends."""
        self.end_visit("attract")
        self.load_content()
        self.navigator.rebuild()

    # --- texts -----------------------------------------------------------------------
    @property
    def languages(self) -> list[str]:
        return list(self.content.exhibition.languages)

    @property
    def default_language(self) -> str:
        """The config's language if the exhibition has it, else the exhibition's first."""
        default = self.kiosk_config.default_language
        return default if default in self.languages else self.languages[0]

    def t(self, key: str, *_bound, **values) -> str:
        """Interface text in the current language (kv passes ``app.language`` to bind)."""
        return self.translations.t(key, self.language, **values)

    def loc(self, text: dict | None, *_bound) -> str:
        """Content text in the current language, falling back to the others."""
        return localize(text, self.language, self.languages)

    def set_language(self, language: str) -> None:
        if language != self.language and language in self.languages:
            self.stop_reading()
            self.language = language
            self.visit.language_changed(language)

    # --- visitors' options: larger text, high contrast -------------------------------------
    def toggle_large_text(self) -> None:
        self.large_text = not self.large_text

    def toggle_high_contrast(self) -> None:
        self.high_contrast = not self.high_contrast

    def on_large_text(self, *_args) -> None:
        self._follow_window_size()

    def on_high_contrast(self, *_args) -> None:
        self._apply_colors()

    def _apply_colors(self) -> None:
        colours = theme.HIGH_CONTRAST if self.high_contrast else self.content.exhibition.theme.model_dump()
        self.colors = theme.palette(colours)

    # --- reading texts aloud -------------------------------------------------------------
    @property
    def read_aloud(self):
        """The kiosk's one reader of texts (:class:`kiosk.voice.read_aloud.ReadAloud`)."""
        if self._read_aloud is None:
            from kiosk.voice.read_aloud import ReadAloud
            from kiosk.voice.runtime import voice_runtime

            self._read_aloud = ReadAloud(lambda: voice_runtime(self.services).speaker)
        return self._read_aloud

    def toggle_reading(self, key: str, text: str) -> None:
        """A speaker button: read ``text`` aloud in the current language, or stop it."""
        self.user_activity()
        self.read_aloud.toggle(key, text, self.language)
        self._follow_reading()

    def stop_reading(self) -> None:
        if self._read_aloud is not None:
            self._read_aloud.stop()
            self._follow_reading()

    def _follow_reading(self, *_args) -> bool:
        reader = self._read_aloud
        if reader is not None:
            reader.update()
        self.reading = (reader.current or "") if reader is not None else ""
        if self.reading and self._reading_event is None:
            self._reading_event = Clock.schedule_interval(self._follow_reading, 0.25)
        elif not self.reading and self._reading_event is not None:
            self._reading_event.cancel()
            self._reading_event = None
        return True

    # --- visit -----------------------------------------------------------------------
    def start_visit(self) -> None:
        self.visit.start(self.language)
        self.navigator.show_home()

    def go_home(self) -> None:
        self.visit.exhibit_closed()
        self.navigator.show_home()

    def open_exhibit(self, exhibit_id: str) -> None:
        self.navigator.open_exhibit(exhibit_id)

    def end_visit(self, reason: str) -> None:
        """Forget everything the visitor did and go back to the attract screen."""
        self.stop_reading()
        self._show_idle_notice(None)
        if self.navigator is not None:
            # first: exhibits record what the visit left unfinished (a quiz abandoned)
            self.navigator.reset_visit()
        self.visit.end(reason)
        self.language = self.default_language
        self.large_text = self.high_contrast = False

    def between_visits(self) -> bool:
        """No visitor is using the kiosk, nor staff: content may change."""
        return self.navigator is not None and not self.visit.active and not self.navigator.staff_shown

    def user_activity(self) -> None:
        self.visit.touched()
        self._show_idle_notice(None)

    def _check_idle(self, _dt) -> None:
        if self.visit.idle_expired():
            log.info("visit ended: idle for %ss", self.kiosk_config.idle_timeout_s)
            self.end_visit("idle")
        else:
            self._show_idle_notice(self.visit.notice_remaining())

    def _show_idle_notice(self, remaining: float | None) -> None:
        """"Are you still there?" with the seconds left, or hidden (None)."""
        if remaining is None and self.idle_notice is None:
            return
        if self.idle_notice is None:
            from kiosk.ui.idle_notice import IdleNotice

            self.idle_notice = IdleNotice()
        self.idle_notice.show(self.root, remaining)

    # --- Kivy life cycle --------------------------------------------------------------
    def build(self):
        from kiosk.ui.navigator import Navigator
        from kiosk.ui.root import KioskRoot

        self._follow_window_size()
        Window.bind(size=lambda *_: self._follow_window_size())
        root = KioskRoot()
        self.navigator = Navigator(self, root.ids.screens)
        self.navigator.rebuild()
        return root

    def on_start(self) -> None:
        if self.kiosk_mode:
            from kiosk.ui.display import KeepCovering

            Window.show_cursor = False
            self._keep_covering = KeepCovering(Window).start()
        Window.bind(on_request_close=self._refuse_close, on_key_down=self._on_key_down)
        self._intervals.append(Clock.schedule_interval(self._check_idle, 0.25))
        ExceptionManager.add_handler(self._exception_handler)
        Clock.schedule_once(lambda _dt: self._start_background_work(), 0.5)
        Clock.schedule_once(lambda _dt: self.navigator.prebuild(), 1.0)
        if self.watchdog is not None:
            # Ready once the attract screen has been drawn; beats from the UI clock so
            # a frozen UI stops them and systemd restarts the kiosk.
            Clock.schedule_once(lambda _dt: self.watchdog.ready(), 0)
            interval = self.watchdog.beat_interval_s
            if interval:
                self._intervals.append(Clock.schedule_interval(lambda _dt: self.watchdog.beat(), interval))

    def _start_background_work(self) -> None:
        """After the attract screen is up: each exhibit type shown starts what takes it
        time (its manifest's ``background``), off the UI thread."""
        from kiosk.exhibits.registry import background_work

        for prepare, exhibits in background_work(self.content):
            try:
                prepare(self.services, exhibits)
            except Exception:  # one type's preparation never stops the kiosk
                log.exception("background work of %s failed", exhibits[0].definition.type)

    def voice_status(self) -> dict:
        """Speech models and microphone, for the staff panel."""
        from kiosk.voice.runtime import voice_runtime

        return voice_runtime(self.services).status()

    def shutdown(self) -> None:
        """SIGTERM or SIGINT (the service manager): end the visit, then stop."""
        self.kiosk_mode = False
        self.stop()

    def on_stop(self) -> None:
        if self.watchdog is not None:
            self.watchdog.stopping()
        self.stop_reading()
        if self.navigator is not None:
            self.navigator.reset_visit()  # an unfinished quiz is recorded as abandoned
        self.visit.end("shutdown")
        if self.navigator is not None:
            self.navigator.close()
        frame_rate.restore()
        if self._keep_covering is not None:
            self._keep_covering.stop()
            self._keep_covering = None
        for ev in self._intervals:
            ev.cancel()
        self._intervals.clear()
        Window.unbind(on_request_close=self._refuse_close, on_key_down=self._on_key_down)
        if self._exception_handler in ExceptionManager.handlers:
            ExceptionManager.remove_handler(self._exception_handler)

    def _refuse_close(self, *_args, **_kwargs) -> bool:
        # In kiosk mode a visitor cannot close the window (Alt+F4, close button).
        return self.kiosk_mode

    def _on_key_down(self, _window, key, *_args) -> bool:
        self.user_activity()
        # ESC (27) and Android back would quit; F1 opens Kivy's settings.
        return self.kiosk_mode and key in (27, 1001, 282)

    def open_settings(self, *_args) -> bool:
        return False  # Kivy's settings panel (F1) is not for visitors

    def _follow_window_size(self) -> None:
        scale = LARGE_TEXT_SCALE if self.large_text else 1.0
        sizes = sizes_for(Window.width, Window.height, self.kiosk_config.screen.diagonal_in, scale)
        self.px_per_mm, self.touch, self.base_font = sizes.px_per_mm, sizes.touch, sizes.font
        self.portrait = Window.height > Window.width

    # --- staff -------------------------------------------------------------------------
    def leave_staff(self) -> None:
        """Back to the visit staff interrupted, or to the attract screen, where a
        release staff installed (or went back to) is shown at once."""
        if self.visit.active:
            self.go_home()
            return
        self.navigator.show_attract()
        if self.release_check is not None:
            Clock.schedule_once(lambda _dt: self.release_check(), 0)

    def exit_kiosk(self) -> None:
        """Staff action only."""
        self.kiosk_mode = False
        self.stop()


class _RecoverToHome(ExceptionHandler):
    """An exception in an exhibit sends the visitor home instead of closing the kiosk.

    If errors keep coming (more than 20 in 10 s), let the app stop so the service
    manager restarts it cleanly.
    """

    def __init__(self, app: KioskApp):
        super().__init__()
        self.app = app
        self.recent: list[float] = []

    def handle_exception(self, exception):
        now = time.monotonic()
        self.recent = [t for t in self.recent if now - t < 10] + [now]
        log.exception("exception in the kiosk, returning home", exc_info=exception)
        if len(self.recent) > 20:
            return ExceptionManager.RAISE
        try:
            self.app.navigator.recover()
        except Exception:  # pragma: no cover - never let recovery raise again
            log.exception("recovery failed")
        return ExceptionManager.PASS
