"""SIGKILL a process while it installs, switches and rolls back releases, at random
moments: after each kill the kiosk's next start shows exactly the old or the new
release, whole (every hash checked), and it loads. 1,000 cycles:
``bench/release_kill_soak.py``."""
from __future__ import annotations

import random

import pytest

from tests.releases.kill_harness import make_soak


def run_soak(tmp_path, cycles: int, seed: int):
    soak = make_soak(tmp_path, random.Random(seed))
    soak.calibrate()
    for _ in range(cycles):
        soak.cycle()
    report = soak.report
    print("\n".join(report.lines()))
    assert report.problems == []
    assert report.cycles == cycles and report.outcome["old"] + report.outcome["new"] == cycles
    return report


def test_sigkill_while_applying_releases_leaves_the_old_or_the_new_one(tmp_path):
    report = run_soak(tmp_path, 20, seed=14)
    # kills really land inside the work, not only before or after it
    assert sum(report.killed_during.values()) >= 10, report.lines()


@pytest.mark.slow
def test_sigkill_while_applying_releases_200_times(tmp_path):
    report = run_soak(tmp_path, 200, seed=2026)
    assert report.outcome["old"] > 0 and report.outcome["new"] > 0
    assert {"extracting", "checking"} <= set(report.killed_during), report.lines()
