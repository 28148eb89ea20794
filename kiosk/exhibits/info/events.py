"""What an ``info`` exhibit records, and what the dashboard shows of it."""
from __future__ import annotations

from typing import ClassVar

from contract import EventData, Summary, Text, data_field
from contract.figures import COUNT, Card, Section
from contract.values import SmallCount


class PageViewed(EventData):
    kind: ClassVar[str] = "info.page_viewed"
    visitors: ClassVar[Text] = Text("les pages vues",
                                    "the pages viewed")
    about: ClassVar[Text] = Text("Le visiteur a tourné une page.", "The visitor turned to another page.")
    summary: ClassVar[Summary] = Summary(key="page")

    page: SmallCount = data_field("Numéro de la page affichée (0 : la première)",
                                  "Number of the page shown (0: the first)")


EVENTS = (PageViewed,)

FIGURES = (
    Section("info", cards=(Card(PageViewed.kind, COUNT, Text("Pages vues", "Pages viewed")),)),
)
