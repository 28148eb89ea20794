"""``myths``: myth or fact? Statements about AI, judged one by one, then explained."""
from kiosk.exhibits.registry import ExhibitType

from .model import MythsModel
from .schema import MythsExhibit

EXHIBIT_TYPE = ExhibitType(
    name="myths",
    schema=MythsExhibit,
    model=MythsModel,
    screen="kiosk.exhibits.myths.screen:MythsScreen",
    summary="A quiz: each statement is a myth or a fact; the card turns to explain why.",
)
