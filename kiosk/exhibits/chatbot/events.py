"""What a ``chatbot`` exhibit records, and what the dashboard shows of it."""
from __future__ import annotations

from typing import ClassVar, Literal

from contract import AltKey, EventData, Privacy, Summary, Text, data_field
from contract.figures import (COUNT, EXHIBIT, EXHIBIT_TITLE, KEY, KEY_TEXT, KIND, Card, Column, ContentText,
                              Section, Table, share_true)
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
            Table(
                Asked.kind,
                title=Text("Intentions les plus demandées", "Intents asked most"),
                columns=(
                    Column("exhibit_id", EXHIBIT, "the exhibit"),
                    Column("kind", KIND, "the kind of event"),
                    Column("intent", KEY, "intent id (as in the content file)", Text("Intention", "Intent"),
                           format="text", content=INTENTS),
                    Column("asked", COUNT, "times it was asked and understood", Text("Nombre", "Count")),
                    Column("intent_text", KEY_TEXT, "the intent's question in the dashboard's language (its "
                           "`question`, else its first example), from the latest release that produced these "
                           "figures (empty when no published release holds it)"),
                    Column("exhibit_title", EXHIBIT_TITLE, "the exhibit's title in the dashboard's language (empty "
                           "when no published release holds it)"),
                ),
                only=("fallback", False), order_by="asked", descending=True, limit=15,
                export="intents", export_label=Text("Intentions", "Intents"),
                export_doc="How often each intent was understood, per exhibit and kind of event.",
            ),
            Table(
                Asked.kind,
                title=Text("Questions restées sans réponse", "Questions left unanswered"),
                columns=(
                    Column("exhibit_id", EXHIBIT, "the exhibit"),
                    Column("kind", KIND, "the kind of event"),
                    Column("text", KEY, "the question as typed or transcribed (first 200 characters)",
                           Text("Question", "Question"), format="text"),
                    Column("asked", COUNT, "times this exact text was asked", Text("Nombre", "Count")),
                    Column("exhibit_title", EXHIBIT_TITLE, "the exhibit's title in the dashboard's language (empty "
                           "when no published release holds it)"),
                ),
                only=("fallback", True), order_by="asked", descending=True, limit=50,
                empty=Text("Aucun texte enregistré : les bornes ne gardent le texte des questions que si le "
                           "réglage de confidentialité le permet.",
                           "No text stored: kiosks keep the text of questions only when the privacy setting "
                           "allows it."),
                export="unanswered", export_label=Text("Questions sans réponse", "Unanswered questions"),
                export_doc="Questions that were not understood.",
            ),
        ),
    ),
)
