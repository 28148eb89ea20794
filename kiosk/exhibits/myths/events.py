"""What a ``myths`` quiz records, and what the dashboard shows of it."""
from __future__ import annotations

from typing import ClassVar, Literal

from contract import EventData, Number, Ratio, Summary, Text, data_field
from contract.events import Privacy
from contract.figures import (AVERAGE, COUNT, EXHIBIT, EXHIBIT_TITLE, KEY, KEY_TEXT, VERSION_NAMES, VERSIONS, Card,
                              Column, ContentText, Section, Table, count_true, share_true)
from contract.values import ContentId, Seconds, SmallCount


#: the three kinds count one thing, for visitors
QUIZ_VISITORS = Text("les réponses au quiz", "the quiz answers")


class Answered(EventData):
    kind: ClassVar[str] = "myths.answered"
    visitors: ClassVar[Text] = QUIZ_VISITORS
    about: ClassVar[Text] = Text("Le visiteur a dit si une affirmation est une idée reçue ou un fait.",
                                 "The visitor said whether a statement is a myth or a fact.")
    summary: ClassVar[Summary] = Summary(key="statement_id", flag1="correct", value=Number("time_s"))

    statement_id: ContentId = data_field("Identifiant de l'affirmation (dans le fichier du quiz)",
                                         "Id of the statement (in the quiz's file)", privacy=Privacy.CONTENT)
    answer: Literal["myth", "fact"] = data_field("Sa réponse : myth (idée reçue) ou fact (fait)",
                                                 "The answer: myth or fact")
    correct: bool = data_field("La réponse est-elle juste ?", "Whether the answer is right")
    time_s: Seconds = data_field("Temps mis à répondre, en secondes", "Time taken to answer, in seconds")


class Finished(EventData):
    kind: ClassVar[str] = "myths.finished"
    visitors: ClassVar[Text] = QUIZ_VISITORS
    about: ClassVar[Text] = Text("Le visiteur a répondu à toutes les affirmations tirées.",
                                 "The visitor answered every statement drawn.")
    summary: ClassVar[Summary] = Summary(value=Ratio("score", "total"))

    score: SmallCount = data_field("Bonnes réponses", "Right answers")
    total: SmallCount = data_field("Affirmations tirées", "Statements drawn")
    duration_s: Seconds = data_field("Durée du quiz, en secondes", "Length of the quiz, in seconds")


class Abandoned(EventData):
    kind: ClassVar[str] = "myths.abandoned"
    visitors: ClassVar[Text] = QUIZ_VISITORS
    about: ClassVar[Text] = Text("Le visiteur a quitté le quiz avant la fin.", "The visitor left before the end.")

    answered: SmallCount = data_field("Affirmations déjà jugées", "Statements already answered")
    total: SmallCount = data_field("Affirmations tirées", "Statements drawn")


EVENTS = (Answered, Finished, Abandoned)

FIGURES = (
    Section(
        "myths",
        title=Text("Idées reçues : part de bonnes réponses par affirmation",
                   "Myths: share of right answers per statement"),
        intro=Text("Les affirmations les moins bien comprises d'abord : ce que les agents croient encore.",
                   "Least understood statements first: what agents still believe."),
        cards=(
            Card(Finished.kind, COUNT, Text("Quiz terminés", "Quizzes finished")),
            Card(Abandoned.kind, COUNT, Text("Quiz abandonnés", "Quizzes abandoned")),
            Card(Finished.kind, AVERAGE, Text("Score moyen", "Average score"), format="percent"),
        ),
        tables=(Table(
            Answered.kind,
            title=Text("Par affirmation", "Per statement"),
            columns=(
                Column("exhibit_id", EXHIBIT, "the quiz exhibit"),
                Column("statement_id", KEY, "statement id (as in the content file)",
                       Text("Affirmation", "Statement"), format="text",
                       content=ContentText("statement", items="items", text=("statement",))),
                Column("answers", COUNT, "answers given", Text("Réponses", "Answers")),
                Column("right_answers", count_true("correct"), "right answers"),
                Column("right_share", share_true("correct"),
                       "`right_answers / answers`, between 0 and 1: low = a myth agents still believe",
                       Text("Bonnes réponses", "Right answers"), format="percent", bar=True, low_below=0.5),
                Column("avg_answer_time_s", AVERAGE, "average time to answer, seconds",
                       Text("Temps de réponse moyen", "Average answer time"), format="duration"),
                Column("content_versions", VERSIONS, "content versions in which it was answered, space-separated",
                       Text("Versions du contenu", "Content versions"), format="text"),
                Column("statement_text", KEY_TEXT, "the statement's text in the dashboard's language, from the "
                       "latest release that produced these figures (empty when no published release holds it)"),
                Column("exhibit_title", EXHIBIT_TITLE, "the quiz's title in the dashboard's language (empty when "
                       "no published release holds it)"),
                Column("content_version_names", VERSION_NAMES, "the content versions as `exhibition.yaml` names "
                       "them (`version`), from the published releases, comma-separated; a version no published "
                       "release holds stays as it is"),
            ),
            order_by="right_share",
            export="statements",
            export_label=Text("Idées reçues", "Myths"),
            export_doc="Myths quiz: one row per exhibit and statement id. A statement edited between content "
                       "versions keeps its id, so its history stays in one row (`content_versions` lists the "
                       "versions seen).",
        ),),
    ),
)
