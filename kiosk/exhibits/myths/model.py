"""One visitor's quiz: draw, answers, score, review, events. No Kivy here.

Phases: ``intro`` (start card) -> ``question`` -> ``answered`` (card turned) -> ``question``…
-> ``finished`` (score and the statements to re-read). The quiz counts as finished as soon
as the last statement is answered; leaving before that is an abandon.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kiosk.exhibits.base import ExhibitModel

from .schema import MythsExhibit, Statement, Verdict
from .share import AnswerShares, Share

Phase = Literal["intro", "question", "answered", "finished"]

#: lowest score ratio for each end message, best first (keys of strings.yaml)
RESULT_MESSAGES = ((1.0, "result_perfect"), (0.7, "result_great"), (0.4, "result_good"), (0.0, "result_keep_going"))


@dataclass(frozen=True)
class Answer:
    statement: Statement
    answer: Verdict
    time_s: float
    #: what other visitors answered before this one; None when too few or no store
    share: Share | None

    @property
    def correct(self) -> bool:
        return self.answer == self.statement.verdict


class MythsModel(ExhibitModel):
    definition: MythsExhibit

    def __init__(self, definition: MythsExhibit, context):
        super().__init__(definition, context)
        self._shares: AnswerShares | None = None  # kiosk-wide figures, kept across visits
        self._seen: set[str] = set()  # statements drawn during this visit
        self._clear()

    def _clear(self) -> None:
        self.phase: Phase = "intro"
        self.drawn: list[Statement] = []
        self.answers: list[Answer] = []
        self.index = 0
        self._started_at = 0.0
        self._shown_at = 0.0

    # --- the draw --------------------------------------------------------------
    def playable(self, language: str) -> list[Statement]:
        """Statements fully written in ``language`` (all of them if none is)."""
        ready = [s for s in self.definition.items if not s.missing_languages([language])]
        return ready or list(self.definition.items)

    def start(self, language: str) -> None:
        """Draw a new quiz (a running one counts as abandoned)."""
        self.leave()
        self.drawn = self._draw(self.playable(language))
        self._seen.update(s.id for s in self.drawn)
        self.answers = []
        self.index = 0
        self.phase = "question"
        if self._shares is None:
            self._shares = AnswerShares.load_in_background(
                getattr(self.context.services, "stats", None), self.context.exhibit_id)
        self._started_at = self._shown_at = self.context.clock()

    def _draw(self, pool: list[Statement]) -> list[Statement]:
        """``draw`` statements without repeats; a visitor who plays again gets the ones
        they have not seen yet first."""
        count = min(self.definition.draw, len(pool))
        fresh = [s for s in pool if s.id not in self._seen]
        again = [s for s in pool if s.id in self._seen]
        if self.definition.draw_order == "fixed":
            return (fresh + again)[:count]
        rng = self.context.rng
        drawn = rng.sample(fresh, min(count, len(fresh)))
        drawn += rng.sample(again, count - len(drawn))
        rng.shuffle(drawn)
        return drawn

    @property
    def shares(self) -> AnswerShares | None:
        """What other visitors answered (None before the first quiz)."""
        return self._shares

    # --- playing -----------------------------------------------------------------
    @property
    def total(self) -> int:
        return len(self.drawn)

    @property
    def current(self) -> Statement | None:
        return self.drawn[self.index] if self.phase in ("question", "answered") else None

    @property
    def position(self) -> int:
        """1-based number of the statement on screen (for '3 / 10')."""
        return self.index + 1

    @property
    def last_answer(self) -> Answer | None:
        return self.answers[-1] if self.phase == "answered" else None

    @property
    def is_last(self) -> bool:
        return self.index >= self.total - 1

    def answer(self, choice: str) -> Answer | None:
        """The visitor's answer to the current statement; ignored (None) outside a question,
        so a double tap or a swipe after a tap is harmless."""
        if self.phase != "question" or choice not in ("myth", "fact"):
            return None
        statement = self.drawn[self.index]
        now = self.context.clock()
        share = self._shares.share(statement.id, self.definition.min_answers_for_share)
        self._shares.add(statement.id, choice)
        result = Answer(statement, choice, round(now - self._shown_at, 3), share)  # type: ignore[arg-type]
        self.answers.append(result)
        self.phase = "answered"
        self.context.emit(
            "myths.answered", statement_id=statement.id, answer=choice, correct=result.correct, time_s=result.time_s
        )
        if self.is_last:
            self.context.emit(
                "myths.finished", score=self.score, total=self.total, duration_s=round(now - self._started_at, 3)
            )
        return result

    def next(self) -> None:
        """From a turned card to the next statement, or to the end screen after the last."""
        if self.phase != "answered":
            return
        if self.is_last:
            self.phase = "finished"
        else:
            self.index += 1
            self.phase = "question"
            self._shown_at = self.context.clock()

    # --- the end -----------------------------------------------------------------
    @property
    def score(self) -> int:
        return sum(a.correct for a in self.answers)

    @property
    def wrong_answers(self) -> list[Answer]:
        return [a for a in self.answers if not a.correct]

    @property
    def result_message(self) -> str:
        """Key of the encouraging end message (in strings.yaml) for the score."""
        ratio = self.score / self.total if self.total else 0.0
        return next(key for floor, key in RESULT_MESSAGES if ratio >= floor)

    @property
    def in_progress(self) -> bool:
        return self.phase == "question" or (self.phase == "answered" and len(self.answers) < self.total)

    def leave(self) -> None:
        """The visitor left (another exhibit, idle timeout): an unfinished quiz is abandoned."""
        if self.in_progress:
            self.context.emit("myths.abandoned", answered=len(self.answers), total=self.total)
        self._clear()

    def reset(self) -> None:
        """The visit is over: the next visitor may see any statement."""
        self.leave()
        self._seen.clear()
