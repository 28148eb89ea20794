"""YAML body of an ``info`` exhibit."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kiosk.content.schema import AssetPath, ExhibitHeader, Localized, LocalizedText, StrictModel, described

INFO_TEXT_MAX = 900  # characters that fit beside an image at a readable size


class InfoPage(StrictModel):
    heading: LocalizedText = described("Titre de la page", "Heading of the page")
    text: Localized(max_length=INFO_TEXT_MAX) = described(
        f"Texte de la page ({INFO_TEXT_MAX} caractères au plus par langue)",
        f"Body text (at most {INFO_TEXT_MAX} characters per language)",
    )
    image: AssetPath | None = described("Image facultative à côté du texte", "Optional image beside the text", None)


class InfoExhibit(ExhibitHeader):
    type: Literal["info"]
    pages: Annotated[list[InfoPage], Field(min_length=1)] = described("Les pages, dans l'ordre", "Pages, in order")

    def item_counts(self) -> dict[str, int]:
        return {"pages": len(self.pages)}
