"""'What other visitors answered': the split of past answers to each statement.

The store is read once, in a background thread, when the quiz is first played (two
grouped queries for the whole exhibit); after that the kiosk's own answers are counted
in memory. Reading at each answer would block the UI thread: with weeks of unsent
events the queries take hundreds of milliseconds on a Pi (``bench/myths_share.py``),
and the answer is the moment the card must turn at once.
"""
from __future__ import annotations

import logging
import threading
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


class AnswerShares:
    """Answers per statement of one exhibit: read from the statistics store, then kept
    up to date with the answers given on this kiosk."""

    def __init__(self, counts: dict[str, Share] | None = None):
        self.counts = dict(counts or {})
        self._lock = threading.Lock()
        self._loaded = threading.Event()
        self._pending: list[tuple[str, str]] = []  # answers given while the store was being read

    @classmethod
    def read(cls, stats: Any, exhibit_id: str) -> dict[str, Share]:
        """The counts in the store; empty without a store or if it fails (a broken store
        must never stop the quiz)."""
        if stats is None:
            return {}
        try:
            myth = stats.value_counts(ANSWERED, exhibit_id, "statement_id", {"answer": "myth"})
            fact = stats.value_counts(ANSWERED, exhibit_id, "statement_id", {"answer": "fact"})
        except Exception:  # noqa: BLE001 - any store failure: show nothing, keep playing
            log.warning("could not read the answers to %s", exhibit_id, exc_info=True)
            return {}
        return {sid: Share(int(myth.get(sid, 0)), int(fact.get(sid, 0))) for sid in {*myth, *fact}}

    @classmethod
    def load_in_background(cls, stats: Any, exhibit_id: str) -> "AnswerShares":
        shares = cls()
        if stats is None:
            shares._loaded.set()
            return shares

        def load() -> None:
            counts = cls.read(stats, exhibit_id)
            with shares._lock:
                # answers given meanwhile may or may not be in the store's figures yet
                # (its writer is asynchronous): count them once more at worst
                for sid, answer in shares._pending:
                    counts[sid] = _plus(counts.get(sid), answer)
                shares.counts, shares._pending = counts, []
                shares._loaded.set()

        threading.Thread(target=load, name=f"myths-shares-{exhibit_id}", daemon=True).start()
        return shares

    def wait(self, timeout: float | None = None) -> bool:
        """True once the store has been read (for tests and benchmarks)."""
        return self._loaded.wait(timeout)

    def add(self, statement_id: str, answer: str) -> None:
        with self._lock:
            if self._loaded.is_set():
                self.counts[statement_id] = _plus(self.counts.get(statement_id), answer)
            else:
                self._pending.append((statement_id, answer))

    def share(self, statement_id: str, minimum: int) -> Share | None:
        """The split for one statement, or None below ``minimum`` answers (a figure from a
        handful of visitors would mislead) or while the store is still being read."""
        with self._lock:
            found = self.counts.get(statement_id) if self._loaded.is_set() else None
        return found if found is not None and found.total >= minimum else None


def _plus(share: Share | None, answer: str) -> Share:
    share = share or Share(0, 0)
    return Share(share.myth + (answer == "myth"), share.fact + (answer == "fact"))
