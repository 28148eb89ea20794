"""The kinds the kiosk's shell records for every visit, whatever the exhibits."""
from __future__ import annotations

from typing import Any, ClassVar, Literal

from .events import EventData, Number, Privacy, Summary, data_field
from .text import Text
from .values import ContentId, Language, Seconds


VISITS_VISITORS = Text("les visites (langue et durée)", "visits (language and length)")
EXHIBITS_VISITORS = Text("les animations ouvertes et le temps passé", "the exhibits opened and the time spent")


def language_field() -> Any:
    return data_field("Langue de l'interface à ce moment (fr, en…)",
                      "Language of the interface at that moment (fr, en…)", privacy=Privacy.TECHNICAL)


class VisitStarted(EventData):
    kind: ClassVar[str] = "visit_started"
    visitors: ClassVar[Text] = VISITS_VISITORS
    about: ClassVar[Text] = Text("Un visiteur a touché l'écran d'accueil : une visite anonyme commence.",
                                 "A visitor touched the attract screen: an anonymous visit starts.")
    summary: ClassVar[Summary] = Summary(key="language", hourly=True)

    language: Language = language_field()


class LanguageChanged(EventData):
    kind: ClassVar[str] = "language_changed"
    visitors: ClassVar[Text] = VISITS_VISITORS
    about: ClassVar[Text] = Text("Le visiteur a changé la langue de l'interface.",
                                 "The visitor switched the interface's language.")
    summary: ClassVar[Summary] = Summary(key="language")

    language: Language = language_field()


class VisitEnded(EventData):
    kind: ClassVar[str] = "visit_ended"
    visitors: ClassVar[Text] = VISITS_VISITORS
    about: ClassVar[Text] = Text("La visite est finie (plus de toucher, ou retour à l'écran d'accueil) ; "
                                 "la borne oublie tout ce que le visiteur a fait.",
                                 "The visit is over (no touch for a while, or back to the attract screen); "
                                 "the kiosk forgets all the visitor did.")
    summary: ClassVar[Summary] = Summary(key="reason", value=Number("duration_s"))

    duration_s: Seconds = data_field("Durée de la visite, en secondes", "Length of the visit, in seconds")
    reason: Literal["idle", "attract", "shutdown"] = data_field(
        "Pourquoi elle finit : idle (plus de toucher), attract (retour à l'écran d'accueil), "
        "shutdown (la borne s'arrête)",
        "Why it ended: idle (no touch), attract (back to the attract screen), shutdown (the kiosk stops)")


class ExhibitOpened(EventData):
    kind: ClassVar[str] = "exhibit_opened"
    visitors: ClassVar[Text] = EXHIBITS_VISITORS
    about: ClassVar[Text] = Text("Le visiteur a ouvert un module (l'identifiant du module accompagne "
                                 "chaque événement).", "The visitor opened an exhibit (every event carries "
                                 "the exhibit's id).")
    summary: ClassVar[Summary] = Summary(key="exhibit_type", hourly=True)

    exhibit_type: ContentId = data_field("Type du module", "The exhibit's type", privacy=Privacy.CONTENT)


class ExhibitClosed(EventData):
    kind: ClassVar[str] = "exhibit_closed"
    visitors: ClassVar[Text] = EXHIBITS_VISITORS
    about: ClassVar[Text] = Text("Le visiteur a quitté un module.", "The visitor left an exhibit.")
    summary: ClassVar[Summary] = Summary(key="exhibit_type", value=Number("dwell_s"))

    exhibit_type: ContentId = data_field("Type du module", "The exhibit's type", privacy=Privacy.CONTENT)
    dwell_s: Seconds = data_field("Temps passé dans le module, en secondes", "Time spent in it, in seconds")


SHELL_KINDS: tuple[type[EventData], ...] = (VisitStarted, LanguageChanged, VisitEnded, ExhibitOpened,
                                            ExhibitClosed)
