"""Synthetic visits (``stats simulate``): for demos, load tests and the dashboard.

Visits follow the event catalogue (docs in the issue): a visit starts, opens a few
exhibits (the shipped ids: bienvenue, mythes, chatbot, voicebot), answers the quiz,
asks the chatbot, talks to the voicebot, and ends on idle or on return to attract.
Statement and intent ids come from the loaded content when it has them.
"""
from __future__ import annotations

import random
import uuid
import zlib
from dataclasses import dataclass, field

SIM_BOOT_ID = "simulated"

DEFAULT_STATEMENTS = ["replace-agents", "decides-alone", "always-right", "reads-everything",
                      "learns-by-itself", "understands-like-human", "needs-data", "saves-time"]
DEFAULT_INTENTS = ["hours", "contact", "declare-income", "payment-deadline", "what-is-ai",
                   "ai-at-urssaf", "data-privacy", "job-impact", "greeting", "goodbye"]
INFO_PAGES = 3


@dataclass
class SimContent:
    exhibits: dict[str, str] = field(default_factory=lambda: {
        "bienvenue": "info", "mythes": "myths", "chatbot": "chatbot", "voicebot": "voicebot"})
    versions: dict[str, str] = field(default_factory=dict)
    statements: list[str] = field(default_factory=lambda: list(DEFAULT_STATEMENTS))
    verdicts: dict[str, str] = field(default_factory=dict)  # statement id -> "myth" | "fact"
    intents: list[str] = field(default_factory=lambda: list(DEFAULT_INTENTS))
    pages: int = INFO_PAGES
    draw: int = 5


def _ids(items) -> list[str]:
    out = []
    for item in items or []:
        ident = getattr(item, "id", None) if not isinstance(item, dict) else item.get("id")
        if isinstance(ident, str):
            out.append(ident)
    return out


def content_from(config) -> SimContent:
    """Exhibit ids, versions, statements and intents of the loaded content, where present."""
    sim = SimContent()
    try:
        from kiosk.content.loader import load_content

        content = load_content(config.content_path)
    except Exception:  # noqa: BLE001 - broken or missing content: plausible fixed ids
        return sim
    for loaded in content.exhibits:
        definition = loaded.definition
        sim.exhibits.setdefault(loaded.id, definition.type)
        sim.versions[loaded.id] = loaded.version
        items = getattr(definition, "statements", None) or getattr(definition, "items", None)
        statements = _ids(items)
        if definition.type == "myths" and statements:
            sim.statements = statements
            sim.verdicts = {s.id: s.verdict for s in items if getattr(s, "verdict", None) in ("myth", "fact")}
            sim.draw = int(getattr(definition, "draw", sim.draw) or sim.draw)
        if definition.type == "info" and getattr(definition, "pages", None):
            sim.pages = len(definition.pages)
        intents = _ids(getattr(definition, "intents", None))
        if definition.type == "chatbot" and intents:
            sim.intents = intents
    return sim


def simulate_visits(store, visits: int, *, start: float, end: float, rng: random.Random,
                    content: SimContent | None = None) -> int:
    """Record ``visits`` visits with times between ``start`` and ``end``; returns events made."""
    content = content or SimContent()
    made = 0
    mono = [0]

    def emit(t: float, kind: str, visit: str, exhibit: str | None = None, **data) -> None:
        nonlocal made
        mono[0] += 1_000_000
        store.record_at(t, kind, exhibit_id=exhibit, content_version=content.versions.get(exhibit, "sim-1")
                        if exhibit else None, data=data, visit_id=visit, mono_ns=mono[0],
                        boot_id=SIM_BOOT_ID)
        made += 1

    # Visits cluster in opening hours (9 h - 18 h, busier mid-morning and mid-afternoon).
    times = sorted(_visit_time(start, end, rng) for _ in range(visits))
    by_type = {}
    for exhibit, kind in content.exhibits.items():
        by_type.setdefault(kind, exhibit)
    for t in times:
        visit = uuid.uuid4().hex
        language = "fr" if rng.random() < 0.85 else "en"
        t0 = t
        emit(t, "visit_started", visit, language=language)
        if rng.random() < 0.05:
            t += rng.uniform(1, 5)
            language = "en" if language == "fr" else "fr"
            emit(t, "language_changed", visit, language=language)
        for exhibit, kind in rng.sample(list(content.exhibits.items()), rng.randint(1, len(content.exhibits))):
            t += rng.uniform(1, 4)
            emit(t, "exhibit_opened", visit, exhibit, exhibit_type=kind)
            opened = t
            t = _exhibit_events(emit, rng, content, visit, exhibit, kind, t, language)
            emit(t, "exhibit_closed", visit, exhibit, exhibit_type=kind, dwell_s=round(t - opened, 1))
        reason = "idle" if rng.random() < 0.6 else "attract"
        if reason == "idle":
            t += 90
        emit(t, "visit_ended", visit, duration_s=round(t - t0, 1), reason=reason)
    return made


def _visit_time(start: float, end: float, rng: random.Random) -> float:
    day0 = int(start // 86400)
    days = max(1, int((end - start) // 86400) + 1)
    for _ in range(100):
        day = day0 + rng.randrange(days)
        hour = rng.choice([9, 10, 10, 11, 11, 11, 12, 13, 14, 14, 15, 15, 15, 16, 16, 17])
        t = day * 86400 + hour * 3600 + rng.uniform(0, 3600)
        if start <= t <= end:
            return t
    return rng.uniform(start, end)


def _exhibit_events(emit, rng, content, visit, exhibit, kind, t, language) -> float:
    if kind == "myths":
        statements = rng.sample(content.statements, min(len(content.statements), content.draw))
        answered = rng.randint(1, len(statements)) if rng.random() < 0.3 else len(statements)
        score = 0
        quiz_start = t
        for statement in statements[:answered]:
            t += rng.uniform(3, 20)
            # Some myths are widely believed: a statement's hash sets how often it fools visitors.
            fooled = (zlib.crc32(statement.encode()) % 50) / 100 + 0.1
            correct = rng.random() > fooled
            truth = content.verdicts.get(statement) or ("fact" if zlib.crc32(statement.encode()) % 3 == 0 else "myth")
            answer = truth if correct else ("myth" if truth == "fact" else "fact")
            score += correct
            emit(t, "myths.answered", visit, exhibit, statement_id=statement, answer=answer, correct=correct,
                 time_s=round(rng.uniform(3, 20), 1))
        if answered == len(statements):
            emit(t, "myths.finished", visit, exhibit, score=score, total=len(statements),
                 duration_s=round(t - quiz_start, 1))
        else:
            emit(t, "myths.abandoned", visit, exhibit, answered=answered, total=len(statements))
    elif kind == "chatbot":
        for _ in range(rng.randint(1, 5)):
            t += rng.uniform(5, 30)
            fallback = rng.random() < 0.15
            emit(t, "chatbot.asked", visit, exhibit, intent=None if fallback else rng.choice(content.intents),
                 confidence=round(rng.uniform(0.1, 0.4) if fallback else rng.uniform(0.55, 0.99), 2),
                 fallback=fallback, language=language,
                 source=rng.choice(["typed", "typed", "suggestion", "did_you_mean"]))
    elif kind == "voicebot":
        for _ in range(rng.randint(1, 4)):
            t += rng.uniform(5, 20)
            recognised = rng.random() < 0.85
            fallback = not recognised or rng.random() < 0.2
            emit(t, "voice.utterance", visit, exhibit, recognised=recognised,
                 intent=None if fallback else rng.choice(content.intents),
                 confidence=round(rng.uniform(0.1, 0.99), 2), fallback=fallback,
                 duration_s=round(rng.uniform(1, 6), 1), language=language)
    else:
        for page in range(1, rng.randint(1, content.pages)):  # pages turned forward (0 is shown first)
            t += rng.uniform(5, 40)
            emit(t, "info.page_viewed", visit, exhibit, page=page)
    return t + rng.uniform(1, 5)
