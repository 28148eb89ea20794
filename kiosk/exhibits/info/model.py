"""State of an ``info`` exhibit: which page is shown."""
from __future__ import annotations

from kiosk.exhibits.base import ExhibitModel


class InfoModel(ExhibitModel):
    def __init__(self, definition, context):
        super().__init__(definition, context)
        self.page = 0

    @property
    def page_count(self) -> int:
        return len(self.definition.pages)

    @property
    def current(self):
        return self.definition.pages[self.page]

    @property
    def can_go_back(self) -> bool:
        return self.page > 0

    @property
    def can_go_forward(self) -> bool:
        return self.page < self.page_count - 1

    def go(self, step: int) -> None:
        new = min(max(self.page + step, 0), self.page_count - 1)
        if new != self.page:
            self.page = new
            self.context.emit("info.page_viewed", page=new)

    def reset(self) -> None:
        self.page = 0
