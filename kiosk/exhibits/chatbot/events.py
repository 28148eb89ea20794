"""What a ``chatbot`` exhibit records, and what the dashboard shows of it."""
from __future__ import annotations

from typing import ClassVar, Literal

from contract import AltKey, EventData, Privacy, Summary, Text, data_field
from contract.figures import COUNT, Card, ContentText, Section, intents_table, share_true, unanswered_table
from contract.values import ContentId, FreeText, Language, Unit

TEXT_SETTING = "privacy.store_chat_text"


class Asked(EventData):
    kind: ClassVar[str] = "chatbot.asked"
    visitors: ClassVar[Text] = Text("ce que le chatbot a reconnu (intention et confiance)",
                                    "what the chatbot recognised (intent and confidence)")
    about: ClassVar[Text] = Text("Le visiteur a posé une question (tapée, suggérée, ou « vouliez-vous dire… ? »).",
                                 "The visitor asked a question (typed, suggested, or \"did you mean…?\").")
    # A question not understood is listed by its text, where the privacy setting kept it.
    summary: ClassVar[Summary] = Summary(key="intent", alt_key=AltKey("fallback", "text"), flag2="fallback")

    intent: ContentId | None = data_field("Intention reconnue (vide si la question n'a pas été comprise)",
                                          "Intent recognised (empty when the question was not understood)",
                                          privacy=Privacy.CONTENT)
    confidence: Unit = data_field("Confiance du moteur d'intentions, de 0 à 1", "The intent engine's confidence, 0 to 1",
                                  privacy=Privacy.TECHNICAL)
    fallback: bool = data_field("Vrai si la question n'a pas été comprise", "True when the question was not understood")
    language: Language = data_field("Langue de la question", "Language of the question", privacy=Privacy.TECHNICAL)
    source: Literal["typed", "suggestion", "did_you_mean"] = data_field(
        "Comment elle a été posée : typed (tapée), suggestion, did_you_mean (« vouliez-vous dire… ? »)",
        "How it was asked: typed, suggestion, did_you_mean")
    text: FreeText | None = data_field("La question telle que tapée (200 caractères au plus)",
                                       "The question as typed (at most 200 characters)",
                                       privacy=Privacy.FREE_TEXT, setting=TEXT_SETTING, default=None,
                                       visitors=Text("le texte des questions tapées au chatbot",
                                                     "the text of the questions typed to the chatbot"))


EVENTS = (Asked,)

#: intents are named by their question (else their first example) on the dashboard
INTENTS = ContentText("intent", items="intents", text=("question", "examples"))

FIGURES = (
    Section(
        "chatbot-asked",
        title=Text("Chatbot", "Chatbot"),
        cards=(
            Card(Asked.kind, COUNT, Text("Questions posées", "Questions asked")),
            Card(Asked.kind, share_true("fallback"), Text("Questions non comprises", "Questions not understood"),
                 format="percent", html_id="fig-fallback"),
        ),
        tables=(
            intents_table(Asked.kind, INTENTS),
            unanswered_table(
                Asked.kind, title=Text("Questions restées sans réponse", "Questions left unanswered"),
                label=Text("Question", "Question"),
                empty=Text("Aucun texte enregistré : les bornes ne gardent le texte des questions que si le "
                           "réglage de confidentialité le permet.",
                           "No text stored: kiosks keep the text of questions only when the privacy setting "
                           "allows it."),
            ),
        ),
    ),
)
