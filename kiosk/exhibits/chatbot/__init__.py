"""``chatbot``: a small offline chatbot that shows how it understood each question."""
from contract import ExhibitManifest

from . import events

EXHIBIT_TYPE = ExhibitManifest(
    name="chatbot",
    summary="A mini-chatbot: intents with example phrases and answers, and a panel showing how it understood.",
    schema="kiosk.exhibits.chatbot.schema:ChatbotExhibit",
    model="kiosk.exhibits.chatbot.model:ChatbotModel",
    screen="kiosk.exhibits.chatbot.screen:ChatbotScreen",
    events=events.EVENTS,
    services=("intents",),
    provides={"intents": "kiosk.exhibits.chatbot.intents:engine_for_exhibit"},
    simulate="kiosk.exhibits.chatbot.simulate:visit",
    figures=events.FIGURES,
)
