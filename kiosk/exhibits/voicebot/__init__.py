"""``voicebot``: talk to the chatbot; see what it heard, understood and answers."""
from kiosk.exhibits.registry import ExhibitType

from .model import VoicebotModel
from .schema import VoicebotExhibit

EXHIBIT_TYPE = ExhibitType(
    name="voicebot",
    schema=VoicebotExhibit,
    model=VoicebotModel,
    screen="kiosk.exhibits.voicebot.screen:VoicebotScreen",
    summary="A voicebot using a chatbot's intents: hold to talk, offline speech recognition, spoken answers.",
)
