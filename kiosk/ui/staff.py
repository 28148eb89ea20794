"""The hidden staff panel: a PIN pad, then the kiosk's status and staff actions —
among them installing a content version from a USB stick (:mod:`kiosk.ui.staff_usb`)
and going back to the previous version (:class:`~kiosk.releases.rollback_panel.RollbackPanel`)."""
from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, StringProperty
from kivy.uix.modalview import ModalView
from kivy.uix.screenmanager import Screen

from kiosk.releases import rollback_panel
from kiosk.releases.rollback_panel import RollbackPanel
from kiosk.staff import status_rows
from kiosk.ui.while_shown import WhileShown

Builder.load_file(str(Path(__file__).with_name("staff.kv")))


class PinPad(ModalView):
    entered = StringProperty("")
    message = StringProperty("")

    def press(self, digit: str) -> None:
        if len(self.entered) < 12:
            self.entered += digit
        self.message = ""

    def clear(self) -> None:
        self.entered = ""

    def submit(self) -> None:
        app = App.get_running_app()
        result = app.pin_gate.try_pin(self.entered)
        self.entered = ""
        if result == "ok":
            self.dismiss()
            app.navigator.show_staff()
        else:
            self.message = app.t(f"staff.pin_{result}")


class StaffScreen(Screen):
    rows = ListProperty()  # [(label, value)]
    errors_text = StringProperty("")
    releases_available = BooleanProperty(False)
    rollback_enabled = BooleanProperty(False)
    release_note = StringProperty("")  # where "back" would go, why not, or how it went
    release_note_role = StringProperty("text")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        app = App.get_running_app()
        self.releases_available = app.release_desk is not None
        self.rollback = RollbackPanel(app.release_desk, on_change=self._show_rollback)
        self._shown = WhileShown()

    def refresh(self) -> None:
        app = App.get_running_app()
        rows = status_rows(app.kiosk_config, app.content, app.stats, app.voice_status)
        self.rows = [(app.t(key), str(value)) for key, value in rows]
        errors = [str(d) for d in app.content.errors]
        unavailable = [f"{k}: {v}" for k, v in app.navigator.unavailable.items()]
        self.errors_text = "\n".join(errors + unavailable) or app.t("staff.no_errors")
        grid = self.ids.rows
        grid.clear_widgets()
        from kiosk.ui.widgets import KLabel

        for label, value in self.rows:
            grid.add_widget(KLabel(text=label, bold=True, size_hint_y=None, height=app.touch * 0.7))
            grid.add_widget(KLabel(text=value, size_hint_y=None, height=app.touch * 0.7))
        self.rollback.refresh()
        self._show_rollback()

    # --- life cycle ------------------------------------------------------------------------
    def on_enter(self, *_args) -> None:
        self._shown.start(self._show_rollback, self.rollback.desk)

    def on_leave(self, *_args) -> None:
        self._shown.stop()

    # --- content versions --------------------------------------------------------------------
    def open_usb(self) -> None:
        App.get_running_app().navigator.show_staff_usb()

    def ask_rollback(self) -> None:
        if not self.rollback.ask():
            return
        from kiosk.ui.confirm import ConfirmDialog

        app = App.get_running_app()
        offer = self.rollback.offer
        explanation = (app.t("staff.rollback_explain", shown=offer.shown_version, version=offer.target_version)
                       if offer.target_version else app.t("staff.rollback_explain_folder", shown=offer.shown_version))
        ConfirmDialog(question=app.t("staff.rollback_question"), explanation=explanation,
                      confirm_text=app.t("staff.rollback_confirm"), cancel_text=app.t("staff.cancel"),
                      on_confirm=self.rollback.confirm, on_cancel=self.rollback.cancel).open()

    def _show_rollback(self) -> None:
        from kiosk.ui.staff_usb import built_values, reason_text

        app = App.get_running_app()
        panel, offer = self.rollback, self.rollback.offer
        self.rollback_enabled = offer.available and panel.state != rollback_panel.WORKING
        self.release_note_role = {rollback_panel.DONE: "good", rollback_panel.FAILED: "bad"}.get(panel.state, "text")
        if panel.state == rollback_panel.WORKING:
            self.release_note = app.t("staff.rollback_working")
        elif panel.state == rollback_panel.DONE:
            self.release_note = (app.t("staff.rollback_done", version=panel.back_to) if panel.back_to
                                 else app.t("staff.rollback_done_folder"))
        elif panel.state == rollback_panel.FAILED:
            self.release_note = app.t("staff.rollback_failed", reason=reason_text(panel.failure, app))
        elif offer.why_not == rollback_panel.NO_RELEASES:
            self.release_note = app.t("staff.releases_unavailable")
        elif offer.why_not == rollback_panel.NOTHING_INSTALLED:
            self.release_note = app.t("staff.rollback_none")
        elif offer.why_not == rollback_panel.RELEASE_WAITING:
            self.release_note = app.t("staff.rollback_waiting", version=offer.waiting_version)
        elif offer.target_version:
            self.release_note = app.t("staff.rollback_to", version=offer.target_version,
                                      **built_values(offer.target_built))
        else:
            self.release_note = app.t("staff.rollback_to_folder")
