"""SIGKILL soak of content releases: 1,000 times, a process installing, switching or
rolling back a release is killed at a random moment; after each kill the kiosk's next
start must show exactly the old or the new release, whole (every SHA-256 checked), and
load it without error.

    .venv/bin/python bench/release_kill_soak.py [--cycles 1000] [--seed 1]

Prints where the kills landed and the outcomes; exits 1 if any cycle found anything
else. Half the kills fall at a uniformly random time within one change, half a few
milliseconds after a step began (so short steps like the state commit get their share).
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.releases.kill_harness import make_soak  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="release-soak-") as tmp:
        soak = make_soak(Path(tmp), random.Random(args.seed))
        window = soak.calibrate()
        print(f"one uninterrupted install + switch: {window / 1.1:.2f} s (kills drawn in 0..{window:.2f} s)")
        started = time.monotonic()
        for i in range(1, args.cycles + 1):
            soak.cycle()
            if i % 100 == 0:
                print(f"  {i} cycles, {len(soak.report.problems)} problem(s), {time.monotonic() - started:.0f} s",
                      flush=True)
        print("\n".join(soak.report.lines()))
        print(f"elapsed: {time.monotonic() - started:.0f} s")
        return 1 if soak.report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
