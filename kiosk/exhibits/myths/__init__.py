"""``myths``: myth or fact? Statements about AI, judged one by one, then explained."""
from contract import ExhibitManifest

from . import events

EXHIBIT_TYPE = ExhibitManifest(
    name="myths",
    summary="A quiz: each statement is a myth or a fact; the card turns to explain why.",
    schema="kiosk.exhibits.myths.schema:MythsExhibit",
    model="kiosk.exhibits.myths.model:MythsModel",
    screen="kiosk.exhibits.myths.screen:MythsScreen",
    events=events.EVENTS,
    # "what other visitors answered" is read from the kiosk's own statistics
    services=("stats",),
    simulate="kiosk.exhibits.myths.simulate:visit",
    figures=events.FIGURES,
)
