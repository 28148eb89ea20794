"""'What other visitors answered': the split of past answers to one statement."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

ANSWERED = "myths.answered"


@dataclass(frozen=True)
class Share:
    myth: int  # answers counted
    fact: int

    @property
    def total(self) -> int:
        return self.myth + self.fact

    def percent(self, answer: str) -> int:
        """Whole percentages that add up to 100."""
        myth_pct = round(100 * self.myth / self.total)
        return myth_pct if answer == "myth" else 100 - myth_pct

    @property
    def majority(self) -> str:
        """The answer most visitors gave (``myth`` on a tie: the screen says 50 % either way)."""
        return "fact" if self.fact > self.myth else "myth"


def others_share(stats: Any, exhibit_id: str, statement_id: str, minimum: int) -> Share | None:
    """The split of past answers, or None below ``minimum`` answers (a figure from a handful
    of visitors would mislead), without a statistics store, or if the store fails: a broken
    store must never stop the quiz."""
    if stats is None:
        return None
    try:
        counts = stats.value_counts(ANSWERED, exhibit_id, "answer", {"statement_id": statement_id})
        share = Share(myth=int(counts.get("myth", 0)), fact=int(counts.get("fact", 0)))
    except Exception:  # noqa: BLE001 - any store failure: show nothing, keep playing
        log.warning("could not read the answers to %s/%s", exhibit_id, statement_id, exc_info=True)
        return None
    return share if share.total >= minimum else None
