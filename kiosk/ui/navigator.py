"""Which screen is shown; screens are built the first time they are shown."""
from __future__ import annotations

import logging

from kivy.uix.screenmanager import NoTransition

from kiosk.exhibits.base import ExhibitContext

log = logging.getLogger("kiosk")

STAFF_SCREENS = ("staff", "staff-usb")


class Navigator:
    def __init__(self, app, manager):
        self.app = app
        self.manager = manager
        self.manager.transition = NoTransition()  # instant: a Pi 3 has no frames to spare
        self._exhibit_screens: dict[str, object] = {}
        self.unavailable: dict[str, str] = {}  # exhibit id -> why it cannot open

    # --- building -----------------------------------------------------------------
    def rebuild(self) -> None:
        """(Re)start from the content: drop every built screen, show the attract screen."""
        for screen in list(self._exhibit_screens.values()):
            self._dispose(screen)
        shown = self.manager.current_screen
        if shown is not None and shown.name == "attract":
            # removed without leaving, its slide loop would run on unseen (a release switch)
            shown.dispatch("on_leave")
        for screen in list(self.manager.screens):
            self.manager.remove_widget(screen)
        self._exhibit_screens.clear()
        self.unavailable.clear()
        self.show_attract()

    def close(self) -> None:
        """The app stops: every screen lets go of what it runs (slide loops, timers), so
        nothing of this app keeps ticking in a process that goes on (tests, a restart)."""
        for screen in list(self._exhibit_screens.values()):
            self._dispose(screen)
        self._exhibit_screens.clear()
        shown = self.manager.current_screen
        if shown is not None and shown.name == "attract":
            shown.dispatch("on_leave")

    def _screen(self, name: str, factory):
        if not self.manager.has_screen(name):
            self.manager.add_widget(factory(name=name))
        return self.manager.get_screen(name)

    def _exhibit_screen(self, loaded):
        screen = self._exhibit_screens.get(loaded.id)
        if screen is None:
            context = ExhibitContext(
                exhibit_id=loaded.id,
                content_version=loaded.version,
                content_dir=self.app.content.root,
                languages=self.app.languages,
                events=self.app.visit,
                clock=self.app.clock,
                services=self.app.services,
            )
            model = loaded.exhibit_type.model(loaded.definition, context)
            screen_class = loaded.exhibit_type.load_screen_class()
            screen = screen_class(loaded=loaded, model=model, name=f"exhibit:{loaded.id}")
            self.manager.add_widget(screen)
            self._exhibit_screens[loaded.id] = screen
        return screen

    def prebuild(self, delay_s: float = 0.3) -> None:
        """Build the home screen, then each exhibit's screen (its layout, its model),
        one per clock tick, while the attract screen waits: a visitor's first opening
        then only shows it (building the chatbot's widgets took 70 ms, more than half
        of a transition's budget). Models share the app's services object, so what the
        background work prepares later (speech, intent engines) reaches them all the
        same. An exhibit that fails here says why when it opens."""
        from kivy.clock import Clock

        from kiosk.ui.home import HomeScreen

        pending: list = [None] + list(self.app.content.exhibits)

        def prepare_next(_dt) -> None:
            if not pending or self.manager.current != "attract":
                return  # a visit started: what is left is built when opened
            loaded = pending.pop(0)
            try:
                if loaded is None:
                    self._screen("home", HomeScreen)  # the tiles, ready for the first touch
                else:
                    self._exhibit_screen(loaded)
            except Exception:
                log.warning("screen of %s could not be prepared", getattr(loaded, "id", "home"), exc_info=True)
            if pending:
                Clock.schedule_once(prepare_next, delay_s)

        Clock.schedule_once(prepare_next, delay_s)

    # --- navigation ------------------------------------------------------------------
    def show_attract(self) -> None:
        from kiosk.ui.attract import AttractScreen

        self._screen("attract", AttractScreen)
        self.manager.current = "attract"

    def show_home(self) -> None:
        from kiosk.ui.home import HomeScreen

        self._screen("home", HomeScreen)
        self.manager.current = "home"

    def open_exhibit(self, exhibit_id: str) -> bool:
        loaded = self.app.content.exhibit(exhibit_id)
        if loaded is None:
            return False
        try:
            screen = self._exhibit_screen(loaded)
        except Exception as exc:  # a broken exhibit says why; the others keep working
            log.exception("exhibit %s cannot open", exhibit_id)
            self.unavailable[exhibit_id] = f"{type(exc).__name__}: {exc}"
            self.show_home()
            self.manager.get_screen("home").show_message(
                self.app.t("exhibit.unavailable", reason=str(exc) or type(exc).__name__))
            return False
        self.app.visit.exhibit_opened(loaded.id, loaded.definition.type, loaded.version)
        self.manager.current = screen.name
        return True

    def show_staff(self) -> None:
        from kiosk.ui.staff import StaffScreen

        self._screen("staff", StaffScreen).refresh()
        self.manager.current = "staff"

    def show_staff_usb(self) -> None:
        from kiosk.ui.staff_usb import UsbScreen

        self._screen("staff-usb", UsbScreen)
        self.manager.current = "staff-usb"

    @property
    def staff_shown(self) -> bool:
        return self.manager.current in STAFF_SCREENS

    @property
    def current_exhibit_screen(self):
        return next((s for s in self._exhibit_screens.values() if s.name == self.manager.current), None)

    # --- visits and failures ---------------------------------------------------------
    def reset_visit(self) -> None:
        for screen in self._exhibit_screens.values():
            try:
                screen.reset_visit()
            except Exception:  # a broken exhibit is rebuilt on its next opening
                log.exception("reset of %s failed", screen.name)
                self._drop(screen)
        for name in STAFF_SCREENS:
            if self.manager.has_screen(name):
                self.manager.remove_widget(self.manager.get_screen(name))
        self.show_attract()

    def _drop(self, screen) -> None:
        self._exhibit_screens = {k: s for k, s in self._exhibit_screens.items() if s is not screen}
        self._dispose(screen)
        self.manager.remove_widget(screen)

    @staticmethod
    def _dispose(screen) -> None:
        try:
            screen.dispose()
        except Exception:  # a broken screen is dropped all the same
            log.exception("dispose of %s failed", screen.name)

    def recover(self) -> None:
        """After an exception: drop the current exhibit screen (rebuilt fresh next time), go home."""
        screen = self.current_exhibit_screen
        if screen is not None:
            self._drop(screen)
            self.app.visit.exhibit_closed()
        self.show_home()
        self.manager.get_screen("home").show_message(self.app.t("exhibit.error"))
