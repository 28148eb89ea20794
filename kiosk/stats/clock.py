"""What the kiosk knows about time: wall time (may be wrong after a move: a Pi has no
battery clock) plus a monotonic time and the id of the boot it counts from."""
from __future__ import annotations

import time
import uuid
from functools import lru_cache
from pathlib import Path

BOOT_ID_FILE = Path("/proc/sys/kernel/random/boot_id")


@lru_cache(maxsize=1)
def boot_id() -> str:
    """Linux's id of the current boot (CLOCK_MONOTONIC counts from it); elsewhere one
    random id per process, which is still correct, only less precise."""
    try:
        return BOOT_ID_FILE.read_text().strip()
    except OSError:
        return "proc-" + uuid.uuid4().hex


def wall_time() -> float:
    return time.time()


def monotonic_ns() -> int:
    return time.monotonic_ns()
