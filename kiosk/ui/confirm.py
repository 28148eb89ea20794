"""A question staff answer before something that cannot be undone in one touch
(going back to an older version): the question, what it will do, and two buttons."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from kivy.lang import Builder
from kivy.properties import StringProperty
from kivy.uix.modalview import ModalView

Builder.load_file(str(Path(__file__).with_name("confirm.kv")))


class ConfirmDialog(ModalView):
    question = StringProperty("")
    explanation = StringProperty("")
    confirm_text = StringProperty("")
    cancel_text = StringProperty("")
    covers_screen = True  # nothing below it can be touched while it is open

    def __init__(self, *, on_confirm: Callable[[], None], on_cancel: Callable[[], None], **kwargs):
        super().__init__(**kwargs)
        self._on_confirm = on_confirm
        self._on_cancel = on_cancel

    def confirm(self) -> None:
        self.dismiss()
        self._on_confirm()

    def cancel(self) -> None:
        self.dismiss()
        self._on_cancel()
