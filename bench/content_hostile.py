"""Time and peak memory of `launch.py check` on each hostile content file.

Copies the shipped content, adds one hostile file (``tests/content/hostile.py``), runs
`check` as organisers do under ``/usr/bin/time`` and prints the exit code, the wall
time, the peak resident memory and the size of the report; the first line is the
shipped content alone, for comparison.

    .venv/bin/python bench/content_hostile.py [--runs 3]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.content.hostile import CASES  # noqa: E402


def measure(content: Path) -> tuple[int, float, float, int]:
    """(exit code, seconds, peak RSS in MB, bytes printed) of one `check` run."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as timing:
        proc = subprocess.run(
            ["/usr/bin/time", "-o", timing.name, "-f", "%e %M",
             sys.executable, str(ROOT / "launch.py"), "check", "--content", str(content)],
            cwd=ROOT, capture_output=True, timeout=600,
        )
        seconds, max_rss_kb = timing.read().split()[-2:]
    return proc.returncode, float(seconds), int(max_rss_kb) / 1024, len(proc.stdout) + len(proc.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per case (the median is printed)")
    args = parser.parse_args()
    print(f"{'case':<36} {'exit':>4} {'time s':>7} {'peak MB':>8} {'report B':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in [("(shipped content only)", None)] + [(c.name, c.data) for c in CASES]:
            folder = Path(tmp) / "exhibits"
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(ROOT / "exhibits", folder)
            if data is not None:
                (folder / "zz.yaml").write_bytes(data)
            runs = [measure(folder) for _ in range(args.runs)]
            code = runs[0][0]
            seconds = statistics.median(r[1] for r in runs)
            peak = max(r[2] for r in runs)
            printed = runs[0][3]
            print(f"{name:<36} {code:>4} {seconds:>7.2f} {peak:>8.1f} {printed:>9,}", flush=True)


if __name__ == "__main__":
    main()
