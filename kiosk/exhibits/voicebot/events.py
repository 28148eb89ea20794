"""What a ``voicebot`` exhibit records, and what the dashboard shows of it. No audio,
ever; the transcript only behind its privacy setting."""
from __future__ import annotations

from typing import ClassVar

from contract import AltKey, EventData, Privacy, Summary, Text, data_field
from contract.figures import (COUNT, Card, ContentText, Section, intents_table, share_false, share_true,
                              unanswered_table)
from contract.values import ContentId, FreeText, Language, Seconds, Unit

TEXT_SETTING = "privacy.store_voice_text"


class Utterance(EventData):
    kind: ClassVar[str] = "voice.utterance"
    visitors: ClassVar[Text] = Text("ce que le voicebot a reconnu (intention, confiance, durée de la phrase)",
                                    "what the voicebot recognised (intent, confidence, length of speech)")
    about: ClassVar[Text] = Text("Le visiteur a parlé au voicebot (le son n'est jamais gardé).",
                                 "The visitor spoke to the voicebot (the sound is never kept).")
    # A sentence not understood is listed by its transcript, where the privacy setting kept it.
    summary: ClassVar[Summary] = Summary(key="intent", alt_key=AltKey("fallback", "text"), flag1="recognised",
                                         flag2="fallback")

    recognised: bool = data_field("Des mots ont-ils été reconnus ?", "Whether any words were recognised",
                                  privacy=Privacy.TECHNICAL)
    intent: ContentId | None = data_field("Intention reconnue (vide si la phrase n'a pas été comprise)",
                                          "Intent recognised (empty when the sentence was not understood)",
                                          privacy=Privacy.CONTENT)
    confidence: Unit = data_field("Confiance du moteur d'intentions, de 0 à 1",
                                  "The intent engine's confidence, 0 to 1", privacy=Privacy.TECHNICAL)
    fallback: bool = data_field("Vrai si la phrase n'a pas été comprise", "True when the sentence was not understood")
    duration_s: Seconds = data_field("Durée de la parole, en secondes", "Length of the speech, in seconds")
    language: Language = data_field("Langue de la reconnaissance", "Language of the recognition",
                                    privacy=Privacy.TECHNICAL)
    text: FreeText | None = data_field("Les mots reconnus (200 caractères au plus)",
                                       "The words recognised (at most 200 characters)",
                                       privacy=Privacy.FREE_TEXT, setting=TEXT_SETTING, default=None,
                                       visitors=Text("le texte reconnu de ce que vous dites au voicebot",
                                                     "the recognised text of what you say to the voicebot"))


EVENTS = (Utterance,)

#: intents are those of the exhibit it links to (its manifest's link): named by their
#: question (else their first example) on the dashboard
INTENTS = ContentText("intent", items="intents", text=("question", "examples"), linked=True)

FIGURES = (
    Section(
        "voice-utterance",
        title=Text("Voicebot", "Voicebot"),
        cards=(
            Card(Utterance.kind, COUNT, Text("Phrases prononcées", "Utterances")),
            Card(Utterance.kind, share_true("recognised"), Text("Taux de reconnaissance", "Recognition rate"),
                 format="percent"),
            Card(Utterance.kind, share_false("fallback"), Text("Taux de compréhension", "Understanding rate"),
                 format="percent"),
        ),
        tables=(
            intents_table(Utterance.kind, INTENTS),
            unanswered_table(
                Utterance.kind, title=Text("Phrases restées sans réponse", "Sentences left unanswered"),
                label=Text("Phrase", "Sentence"),
                empty=Text("Aucun texte enregistré : les bornes ne gardent les mots reconnus que si le "
                           "réglage de confidentialité le permet.",
                           "No text stored: kiosks keep the words recognised only when the privacy setting "
                           "allows it."),
            ),
        ),
    ),
)
