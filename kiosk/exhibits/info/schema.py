"""YAML body of an ``info`` exhibit."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kiosk.content.schema import AssetPath, ExhibitHeader, Localized, LocalizedText, StrictModel

INFO_TEXT_MAX = 900  # characters that fit beside an image at a readable size


class InfoPage(StrictModel):
    heading: LocalizedText = Field(description="Heading of the page")
    text: Localized(max_length=INFO_TEXT_MAX) = Field(
        description=f"Body text (at most {INFO_TEXT_MAX} characters per language)"
    )
    image: AssetPath | None = Field(None, description="Optional image beside the text")


class InfoExhibit(ExhibitHeader):
    type: Literal["info"]
    pages: Annotated[list[InfoPage], Field(min_length=1)] = Field(description="Pages, in order")

    def item_counts(self) -> dict[str, int]:
        return {"pages": len(self.pages)}
