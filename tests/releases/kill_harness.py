"""SIGKILL a process applying releases at a random moment, then check the store as the
kiosk's next start finds it: exactly the old or the new release, whole, and it loads.

Used by tests/releases/test_kill.py (20 and 200 cycles) and bench/release_kill_soak.py
(1,000 cycles).
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.content.loader import load_content
from kiosk.releases.apply import ReleaseManager
from contract.releases.keys import SigningKey, TrustedKeys
from kiosk.releases.store import STAGING, ReleaseStore
from kiosk.releases.verify import open_release, verify_installed

HERE = Path(__file__).resolve().parent
CHILD = HERE / "apply_process.py"
#: the steps apply_process.py announces, per operation
PHASES = {
    "install": ["verifying", "extracting", "checking", "adopting", "committing", "committed", "switching"],
    "rollback": ["rolling_back"],
}


@dataclass
class SoakReport:
    cycles: int = 0
    killed_during: Counter = field(default_factory=Counter)  # last step the process announced
    finished_before_kill: int = 0
    outcome: Counter = field(default_factory=Counter)  # "old" / "new" after the kill
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"cycles: {self.cycles}",
               f"after the kill the kiosk showed: old {self.outcome['old']}, new {self.outcome['new']}, "
               f"anything else {self.cycles - self.outcome['old'] - self.outcome['new']}",
               f"process had finished before the kill: {self.finished_before_kill}"]
        out += [f"killed while {phase}: {n}" for phase, n in sorted(self.killed_during.items())]
        out.append(f"problems: {len(self.problems)}")
        out += [f"  {p}" for p in self.problems[:20]]
        return out


class KillSoak:
    def __init__(self, workdir: Path, release_files: list[Path], key: SigningKey, fallback: Path,
                 rng: random.Random):
        self.workdir = Path(workdir)
        self.release_files = release_files
        self.fallback = Path(fallback)
        self.rng = rng
        self.pubkey = self.workdir / "organisers.key.pub"
        self.pubkey.write_text(key.public.text + "\n")
        self.data = self.workdir / "data"
        self.manager = ReleaseManager(ReleaseStore(self.data / "releases"), TrustedKeys([key.public]), self.fallback,
                                      disk_margin=0)
        self.release_ids = {}
        for path in release_files:
            with open_release(path, self.manager.trusted) as r:
                self.release_ids[path] = r.manifest.release_id
        self.window_s = 1.0
        self.report = SoakReport()

    # --- one child -----------------------------------------------------------------------------
    def _spawn(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, str(CHILD), str(self.data), str(self.fallback), str(self.pubkey),
                                 *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})

    def _run(self, args: list[str], kill_after: float | None, at_phase: str | None = None) -> tuple[str, float, str]:
        """Run the child; SIGKILL it ``kill_after`` s after it is ready, or that long after
        it announced ``at_phase``. Returns (last line, seconds from ready to exit or kill, stderr)."""
        proc = self._spawn(*args)
        lines: list[str] = []
        ready, reached = threading.Event(), threading.Event()

        def read():
            for line in proc.stdout:
                lines.append(line.strip())
                if line.strip() == "ready":
                    ready.set()
                if at_phase and line.strip() == f"phase {at_phase}":
                    reached.set()
            ready.set()
            reached.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        if not ready.wait(60):
            proc.kill()
            raise RuntimeError("child did not start")
        started = time.monotonic()
        if kill_after is not None:
            if at_phase:
                reached.wait(60)
            time.sleep(kill_after)
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(60)
        elapsed = time.monotonic() - started
        reader.join(10)
        stderr = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
        return (lines[-1] if lines else ""), elapsed, stderr

    def _choose(self, rollback_share: float = 0.2) -> tuple[list[str], str | None, str | None]:
        """(child arguments, release shown before, release that should be shown after)."""
        state = self.manager.state()
        if state.current and self.rng.random() < rollback_share:
            return ["rollback"], state.current, state.previous
        choices = [p for p in self.release_files if self.release_ids[p] != state.current]
        path = self.rng.choice(choices)
        return ["install", str(path)], state.current, self.release_ids[path]

    def calibrate(self, runs: int = 3) -> float:
        """Time one uninterrupted change; kills then land anywhere in that window."""
        times = []
        for _ in range(runs):
            args, _old, _new = self._choose(rollback_share=0)
            last, elapsed, stderr = self._run(args, None)
            if last != "done":
                raise RuntimeError(f"calibration run failed: {stderr[-2000:]}")
            times.append(elapsed)
            self._after(None, None, check=False)
        self.window_s = max(0.05, max(times) * 1.1)
        return self.window_s

    # --- the cycle -----------------------------------------------------------------------------------
    def cycle(self) -> None:
        """Half the kills at a uniformly random time in the change, half a few milliseconds
        after a step (chosen at random) began, so that short steps get their share."""
        args, old, new = self._choose()
        if self.rng.random() < 0.5:
            last, _elapsed, stderr = self._run(args, self.rng.uniform(0, self.window_s))
        else:
            phase = self.rng.choice(PHASES[args[0]])
            last, _elapsed, stderr = self._run(args, self.rng.uniform(0, 0.005), at_phase=phase)
        self.report.cycles += 1
        if last == "done":
            self.report.finished_before_kill += 1
        else:
            self.report.killed_during[last.removeprefix("phase ") or "starting"] += 1
        if "Traceback" in stderr:
            self.report.problems.append(f"cycle {self.report.cycles}: child raised: {stderr[-500:]}")
        self._after(old, new, check=True)

    def _after(self, old, new, *, check: bool) -> None:
        m = self.manager
        problems = self.report.problems
        n = self.report.cycles
        raw = m.state().current
        if check and raw not in (old, new):
            problems.append(f"cycle {n}: state names {raw}, neither old {old} nor new {new}")
        state = m.kiosk_started()  # what the kiosk's next start does
        current = state.current
        if check:
            if current not in (old, new):
                problems.append(f"cycle {n}: after start {current}, neither old {old} nor new {new}")
            else:
                self.report.outcome["old" if current == old else "new"] += 1
        try:
            if current:
                manifest = verify_installed(m.store.release_dir(current))
                expected = manifest.content_version
            else:
                expected = load_content(self.fallback).exhibition.version
            content = load_content(m.content_to_load())
            if content.errors or content.exhibition.version != expected:
                problems.append(f"cycle {n}: content does not load as {expected}: {content.errors[:1]}")
        except Exception as exc:  # noqa: BLE001 - every problem is counted, not raised
            problems.append(f"cycle {n}: {type(exc).__name__}: {exc}")
        leftovers = set(m.store.installed()) - state.referenced()
        if leftovers or (m.store.root / STAGING).exists():
            problems.append(f"cycle {n}: leftovers after start: {sorted(leftovers)}")
        m.confirm_healthy(lock_timeout=None)  # the kiosk ran fine with it: the next cycle starts clean


def make_soak(workdir: Path, rng: random.Random, count: int = 3) -> KillSoak:
    from tests.releases.helpers import build, make_content

    key = SigningKey.generate()
    made = workdir / "made"
    made.mkdir(parents=True)
    files = [build(make_content(made, f"2026.11-{i}"), key, made / f"v{i}.zip", hours=24 * i).path
             for i in range(1, count + 1)]
    return KillSoak(workdir, files, key, make_content(made, "builtin"), rng)
