"""``voicebot``: talk to the chatbot; see what it heard, understood and answers."""
from contract import ExhibitManifest, Link

from . import events

#: its YAML field `chatbot` names the exhibit whose intents, answers and suggestions it speaks
SPEAKS_FOR = Link(field="chatbot", type="chatbot")

EXHIBIT_TYPE = ExhibitManifest(
    name="voicebot",
    summary="A voicebot using a chatbot's intents: hold to talk, offline speech recognition, spoken answers.",
    schema="kiosk.exhibits.voicebot.schema:VoicebotExhibit",
    model="kiosk.exhibits.voicebot.model:VoicebotModel",
    screen="kiosk.exhibits.voicebot.screen:VoicebotScreen",
    events=events.EVENTS,
    links=(SPEAKS_FOR,),
    services=("voice", "intents"),
    provides={"intents": "kiosk.exhibits.voicebot.intents:engine_for_exhibit"},
    background="kiosk.exhibits.voicebot.background:load_speech_models",
    simulate="kiosk.exhibits.voicebot.simulate:visit",
    figures=events.FIGURES,
)
