"""What the "how I understood you" panel shows for a match, as plain texts.

Pure Python (no Kivy): the screen only displays these fields, the tests read them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from kiosk.nlu import Match

Translate = Callable[..., str]  # (key, **values) -> text in the current language


@dataclass(frozen=True)
class RunnerUp:
    intent: str
    question: str
    score: float
    label: str  # question and score, as shown


@dataclass(frozen=True)
class Explanation:
    verdict: str
    understood: bool
    read_as: str
    corrections: str  # "" when nothing was corrected
    closest: str
    shared: str
    confidence: float
    threshold: float
    confidence_text: str
    runner_ups: list[RunnerUp] = field(default_factory=list)
    unknown: str = ""  # words of the question no example uses; "" when none


def explain(match: Match, t: Translate, chosen: bool = False) -> Explanation:
    if chosen:
        verdict = t("chatbot.verdict_chosen", intent=match.intent)
    elif match.fallback:
        verdict = _fallback_verdict(match, t)
    else:
        verdict = t("chatbot.verdict_understood", intent=match.intent)
    pairs = ", ".join(f"{typed} → {known}" for typed, known in match.corrections.items())
    return Explanation(
        verdict=verdict,
        understood=not match.fallback,
        read_as=t("chatbot.quote", text=match.normalized) if match.normalized else "—",
        corrections=t("chatbot.corrected", pairs=pairs) if pairs else "",
        closest=t("chatbot.quote", text=match.closest_example) if match.closest_example else "—",
        shared=t("chatbot.shared", terms=" · ".join(match.shared_terms)) if match.shared_terms else t("chatbot.shared_none"),
        confidence=max(0.0, min(1.0, match.confidence)),
        threshold=match.threshold,
        confidence_text=t("chatbot.confidence", percent=round(100 * match.confidence),
                          threshold=round(100 * match.threshold)),
        runner_ups=[
            RunnerUp(a.intent, a.question, a.score, t("chatbot.runner_up", question=a.question, percent=round(100 * a.score)))
            for a in match.alternatives[:3]
        ],
        unknown=t("chatbot.unknown_words", words=", ".join(match.unknown_words)) if match.unknown_words else "",
    )


def _fallback_verdict(match: Match, t: Translate) -> str:
    """Why the bot did not answer, in plain words."""
    reason = match.reason or "low_confidence"
    if reason == "other_organisation":
        if match.own_organisation:
            return t("chatbot.verdict_other_organisation", name=match.about, own=match.own_organisation)
        return t("chatbot.verdict_other_organisation_alone", name=match.about)
    if reason == "own_situation":
        return t("chatbot.verdict_own_situation", about=match.about)
    if reason == "unknown_words":
        return t("chatbot.verdict_unknown_words", words=", ".join(match.unknown_words))
    return t(f"chatbot.verdict_{reason}")

