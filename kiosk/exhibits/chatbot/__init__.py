"""``chatbot``: a small offline chatbot that shows how it understood each question."""
from kiosk.exhibits.registry import ExhibitType

from .model import ChatbotModel
from .schema import ChatbotExhibit

EXHIBIT_TYPE = ExhibitType(
    name="chatbot",
    schema=ChatbotExhibit,
    model=ChatbotModel,
    screen="kiosk.exhibits.chatbot.screen:ChatbotScreen",
    summary="A mini-chatbot: intents with example phrases and answers, and a panel showing how it understood.",
)
