"""SIGKILL soak of the statistics: a kiosk process records visits without pause and
syncs them to a real collector on 127.0.0.1; it is killed at a random moment, started
again, killed again — 1,000 times — then syncs in peace. After each kill, every event it
had reported committed must still be in its store, and every event it marked sent must
be in the collector; at the end the collector must hold each of its events exactly once.

    .venv/bin/python bench/stats_kill_soak.py [--cycles 1000] [--seed 1] [--pg URL]

Prints cycles, events, lost, duplicated and resent counts (resent: events a kill made
the kiosk send again, which the collector recognised and did not count twice); exits 1
if anything was lost, duplicated or out of place.
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

from collector import db  # noqa: E402
from collector.kiosks import add_kiosk  # noqa: E402
from tests.collector.helpers import serve  # noqa: E402
from tests.stats.kill_harness import KillSoak  # noqa: E402

KIOSK = "soak-kiosk-1"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pg", metavar="URL", help="a PostgreSQL collector database (emptied first)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stats-soak-") as tmp:
        if args.pg:
            engine = db.connect(args.pg, create=False)
            db.metadata.drop_all(engine)
            db.metadata.create_all(engine)
        else:
            engine = db.connect(f"sqlite:///{tmp}/collector.sqlite3")
        token = add_kiosk(engine, KIOSK)
        started = time.monotonic()
        with serve(engine) as url:
            soak = KillSoak(Path(tmp), engine, url, token, KIOSK, random.Random(args.seed))
            for i in range(1, args.cycles + 1):
                soak.cycle()
                if i % 100 == 0:
                    print(f"  {i} kills, {len(soak.reported)} events reported committed, "
                          f"{len(soak.figures.problems)} problem(s), {time.monotonic() - started:.0f} s", flush=True)
            figures = soak.finish()
        engine.dispose()
    print(f"database: {'PostgreSQL' if args.pg else 'SQLite'}; {time.monotonic() - started:.0f} s")
    print(f"cycles: {figures.cycles}")
    print(f"events: {figures.events} recorded by the kiosk, all at the collector: "
          f"{'yes' if not figures.lost else 'NO'}")
    print(f"lost: {figures.lost}")
    print(f"duplicated: {figures.duplicated}")
    print(f"resent: {figures.resent}")
    for problem in figures.problems[:20]:
        print(f"PROBLEM: {problem}")
    return 1 if figures.problems or figures.lost or figures.duplicated else 0


if __name__ == "__main__":
    sys.exit(main())
