"""What 'what other visitors answered' costs, as the kiosk's statistics store grows.

The store is read once per kiosk run, in a background thread, when the quiz is first
played; each answer then only looks up and updates counts in memory. This prints both:
the background read (two grouped SQLite queries over every myths answer) and the work
left on the UI thread at each answer. Fills a temporary real StatsStore with N events,
40 % of them myths answers spread over 20 statements.

    .venv/bin/python bench/myths_share.py [--events 10000 100000 300000] [--repeat 10]

Figures depend on the machine: note the cores printed (shared with other work here);
a Raspberry Pi is several times slower than a desktop core.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.exhibits.myths.share import AnswerShares  # noqa: E402
from kiosk.stats import StatsStore  # noqa: E402


def fill(store: StatsStore, count: int, rng: random.Random) -> None:
    kinds = ["visit_started", "exhibit_opened", "exhibit_closed", "chatbot.asked", "visit_ended"]
    for _ in range(count):
        if rng.random() < 0.4:
            answer = rng.choice(["myth", "fact"])
            store.record("myths.answered", exhibit_id="mythes", content_version="v1",
                         data={"statement_id": f"s{rng.randrange(20)}", "answer": answer,
                               "correct": answer == "myth", "time_s": 3.2})
        else:
            store.record(rng.choice(kinds), exhibit_id=rng.choice(["mythes", "chatbot", None]),
                         data={"language": "fr"})
    store.flush()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[10_000, 100_000, 300_000])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    print(f"cpu cores visible: {os.cpu_count()} (shared with other work: figures are upper bounds)")
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        store = StatsStore(Path(tmp) / "stats.sqlite3", kiosk_id="bench")
        have = 0
        try:
            for target in sorted(args.events):
                fill(store, target - have, rng)
                have = target
                reads = []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    shares = AnswerShares.load_in_background(store, "mythes")
                    shares.wait()
                    reads.append(time.perf_counter() - start)
                answers = []
                for i in range(1000):
                    start = time.perf_counter()
                    shares.share(f"s{i % 20}", 20)
                    shares.add(f"s{i % 20}", "myth")
                    answers.append(time.perf_counter() - start)
                total = sum(s.total for s in shares.counts.values())
                print(f"{target:>8} events ({total} answers): background read median {ms(statistics.median(reads))}"
                      f" (max {ms(max(reads))}); per answer on the UI thread {statistics.median(answers) * 1e6:.1f} µs")
        finally:
            store.close()


if __name__ == "__main__":
    main()
