"""``info``: pages of text and images (the exhibition's welcome, credits…)."""
from kiosk.exhibits.registry import ExhibitType

from .model import InfoModel
from .schema import InfoExhibit

EXHIBIT_TYPE = ExhibitType(
    name="info",
    schema=InfoExhibit,
    model=InfoModel,
    screen="kiosk.exhibits.info.screen:InfoScreen",
    summary="Pages of text with an optional image, turned with arrows.",
)
