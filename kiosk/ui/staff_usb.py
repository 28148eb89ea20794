"""The staff panel's "install from a USB stick": a thin view of
:class:`kiosk.releases.usb_panel.UsbPanel`; the desk does the slow work off the UI
thread and the screen pumps its results from the Kivy clock while it is shown."""
from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from kiosk.releases import usb_panel
from kiosk.releases.desk import Reason
from kiosk.releases.messages import text as release_text
from kiosk.releases.usb_panel import Offer, UsbPanel
from kiosk.ui.while_shown import WhileShown

Builder.load_file(str(Path(__file__).with_name("staff_usb.kv")))

#: the message each install phase shows (ReleaseManager.install's progress)
PHASES = {"verifying": "usb.phase_verifying", "extracting": "usb.phase_extracting", "checking": "usb.phase_checking"}


def reason_text(reason: Reason | None, app) -> str:
    """A failure in the reader's language, from the table it belongs to."""
    if reason is None:
        return ""
    if reason.release_message:
        return release_text(reason.key, app.language, **reason.values)
    return app.t(reason.key, **reason.values)


def built_values(when) -> dict:
    """A release's build time, in the kiosk's time zone, as the strings' {day}, {month},
    {year} and {time} (each language orders them its way)."""
    local = when.astimezone()
    return dict(day=f"{local:%d}", month=f"{local:%m}", year=f"{local:%Y}", time=f"{local:%H:%M}")


class OfferCard(BoxLayout):
    """One release found on a stick: what it is, the verdict, and its action."""

    title = StringProperty("")
    where = StringProperty("")
    built = StringProperty("")
    status = StringProperty("")
    status_role = StringProperty("text")  # the theme colour of the verdict
    action_text = StringProperty("")  # "" when it cannot be installed

    def __init__(self, offer: Offer, choose, **kwargs):
        self.offer = offer
        self._choose = choose
        super().__init__(**kwargs)

    def choose(self) -> None:
        self._choose(self.offer)


class UsbScreen(Screen):
    shown_text = StringProperty("")
    message = StringProperty("")
    message_role = StringProperty("text")
    detail = StringProperty("")
    progress = NumericProperty(-1)  # 0..1 while installing; -1: no progress bar
    busy = BooleanProperty(False)  # installing: staff stay until it ends
    listing = BooleanProperty(False)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        app = App.get_running_app()
        desk = app.release_desk
        self.model = UsbPanel(desk, on_change=self._render) if desk is not None else None
        self._shown = WhileShown()
        self._dialog = None

    # --- life cycle ---------------------------------------------------------------------
    def on_pre_enter(self, *_args) -> None:
        self._shown.start(self._render, self.model.desk if self.model is not None else None)
        if self.model is not None:
            self.model.search()
        self._render()

    def on_leave(self, *_args) -> None:
        self._shown.stop()

    # --- staff's touches ------------------------------------------------------------------
    def search_again(self) -> None:
        if self.model is not None:
            self.model.search()

    def back(self) -> None:
        if not self.busy:
            App.get_running_app().navigator.show_staff()

    # --- showing the model -----------------------------------------------------------------
    def _render(self) -> None:
        app = App.get_running_app()
        model = self.model
        if model is None:
            self.message, self.message_role = app.t("staff.releases_unavailable"), "bad"
            return
        version = model.shown_version
        self.shown_text = (app.t("usb.shown_now", version=version) if version
                           else app.t("usb.shown_folder") if model.state != usb_panel.SEARCHING else "")
        self.busy = model.busy
        self.listing = model.state in (usb_panel.LIST, usb_panel.CONFIRM)
        self.progress, self.detail, self.message_role = -1, "", "text"
        state = model.state
        if state == usb_panel.SEARCHING:
            self.message = app.t("usb.searching")
        elif state == usb_panel.INSTALLING:
            self.message = app.t("usb.installing", version=model.chosen.version)
            phase = PHASES.get(model.phase, "usb.phase_saving")
            self.detail = app.t(phase, done=model.files_done, total=model.files_total)
            self.progress = model.files_done / model.files_total if model.files_total else 0
        elif state == usb_panel.DONE:
            self.message, self.message_role = app.t("usb.done", version=model.installed.content_version), "good"
        elif state == usb_panel.FAILED:
            self.message = app.t("usb.failed", reason=reason_text(model.failure, app))
            self.message_role, self.detail = "bad", app.t("usb.nothing_changed")
        else:
            self.message = "" if model.offers else app.t("usb.none")
        self._fill_list(app)
        self._show_dialog(app)

    def _fill_list(self, app) -> None:
        box = self.ids.offers
        box.clear_widgets()  # out of the list, no card is left to touch
        for offer in self.model.offers if self.listing else ():
            box.add_widget(OfferCard(offer, self.model.choose, **self._card_texts(offer, app)))

    def _card_texts(self, offer: Offer, app) -> dict:
        texts = dict(
            title=app.t("usb.offer_title", version=offer.version) if offer.version else app.t("usb.offer_unreadable"),
            where=app.t("usb.offer_where", file=offer.path.name, stick=offer.stick),
            built=app.t("usb.offer_built", **built_values(offer.built)) if offer.built else "",
            action_text=(app.t("usb.install_older") if offer.needs_confirmation else app.t("usb.install"))
            if offer.installable else "",
        )
        if offer.status == usb_panel.REFUSED:
            texts.update(status=app.t("usb.status_refused", reason=reason_text(offer.reason, app)), status_role="bad")
        elif offer.status == usb_panel.NEWER:
            texts.update(status=app.t("usb.status_newer", exhibits=offer.exhibits, warnings=offer.warnings),
                         status_role="good")
        else:
            texts.update(status=app.t(f"usb.status_{offer.status}"))
        return texts

    def _show_dialog(self, app) -> None:
        model = self.model
        if model.state != usb_panel.CONFIRM:
            if self._dialog is not None:
                self._dialog.dismiss()
                self._dialog = None
            return
        if self._dialog is not None:
            return
        from kiosk.ui.confirm import ConfirmDialog

        offer = model.chosen
        explanation = (app.t("usb.confirm_withdrawn") if offer.status == usb_panel.WITHDRAWN
                       else app.t("usb.confirm_older", shown=model.shown_version or ""))
        self._dialog = ConfirmDialog(
            question=app.t("usb.confirm_question", version=offer.version), explanation=explanation,
            confirm_text=app.t("usb.confirm"), cancel_text=app.t("staff.cancel"),
            on_confirm=self._confirmed, on_cancel=self._cancelled)
        self._dialog.open()

    def _confirmed(self) -> None:
        self._dialog = None
        self.model.confirm()

    def _cancelled(self) -> None:
        self._dialog = None
        self.model.cancel()
