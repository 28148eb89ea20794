"""The hidden staff panel: a PIN pad, then the kiosk's status and staff actions."""
from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import ListProperty, StringProperty
from kivy.uix.modalview import ModalView
from kivy.uix.screenmanager import Screen

from kiosk.staff import status_rows

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
