"""Time and peak memory of `launch.py check` on each hostile content file.

Copies the shipped content, adds one hostile file (``tests/content/hostile.py``), runs
`check` as organisers do under ``/usr/bin/time`` and prints the exit code, the wall
time, the peak resident memory and the size of the report; the first line is the
shipped content alone, for comparison. The last two columns are the hostile file
alone, in this process: the loader's time on it and the memory it allocated at peak
(tracemalloc), free of the start-up and the shipped chatbot's share.

    .venv/bin/python bench/content_hostile.py [--runs 3]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.content.loader import load_content  # noqa: E402
from tests.content.hostile import CASES, NEAR_LIMITS  # noqa: E402


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


def measure_alone(data: bytes | None, folder: Path) -> tuple[float, float]:
    """(milliseconds, peak MB allocated) of the loader on the exhibition and this file."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    shutil.copy(ROOT / "exhibits" / "exhibition.yaml", folder)
    if data is not None:
        (folder / "zz.yaml").write_bytes(data)
    start = time.perf_counter()
    load_content(folder)
    seconds = time.perf_counter() - start
    tracemalloc.start()  # a second run: tracing slows allocations down several times
    load_content(folder)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds * 1000, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per case (the median is printed)")
    args = parser.parse_args()
    load_content(ROOT / "exhibits")  # imports, compiled schemas: not the file's cost
    print(f"{'case':<36} {'exit':>4} {'time s':>7} {'peak MB':>8} {'report B':>9} {'file ms':>8} {'file MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in [("(shipped content only)", None)] + [(c.name, c.data) for c in CASES + NEAR_LIMITS]:
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
            alone = [measure_alone(data, Path(tmp) / "alone") for _ in range(args.runs)]
            ms = statistics.median(a[0] for a in alone)
            allocated = max(a[1] for a in alone)
            print(f"{name:<36} {code:>4} {seconds:>7.2f} {peak:>8.1f} {printed:>9,} {ms:>8.1f} {allocated:>8.2f}",
                  flush=True)


if __name__ == "__main__":
    main()
