"""``info``: pages of text and images (the exhibition's welcome, credits…)."""
from contract import ExhibitManifest

from . import events

EXHIBIT_TYPE = ExhibitManifest(
    name="info",
    summary="Pages of text with an optional image, turned with arrows.",
    schema="kiosk.exhibits.info.schema:InfoExhibit",
    model="kiosk.exhibits.info.model:InfoModel",
    screen="kiosk.exhibits.info.screen:InfoScreen",
    events=events.EVENTS,
    simulate="kiosk.exhibits.info.simulate:visit",
    figures=events.FIGURES,
)
