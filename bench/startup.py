"""Start-up time to the attract screen and resident memory of the kiosk.

Starts the real kiosk (`launch.py`, kiosk mode unless --windowed) on the current X
display, listens on a systemd-style notify socket for the READY=1 the app sends once the
attract screen is drawn, then reads the process's resident memory (RSS, and PSS where
the kernel gives it). Besides the wall-clock time it prints the CPU time the process
used until READY: on a busy machine (shared cores) the wall time says more about the
neighbours than about the kiosk.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python bench/startup.py [--runs 5] [--windowed]
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent


def one_run(settle_s: float, windowed: bool) -> tuple[float, float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        sock_path = os.path.join(tmp, "notify")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(sock_path)
        sock.settimeout(60)
        env = {**os.environ, "NOTIFY_SOCKET": sock_path, "KIVY_NO_CONSOLELOG": "1"}
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "launch.py"), "--data-dir", os.path.join(tmp, "data")]
            + (["--windowed"] if windowed else []),
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        try:
            while True:
                message = sock.recv(4096).decode()
                if "READY=1" in message:
                    ready_s = time.perf_counter() - start
                    times = psutil.Process(proc.pid).cpu_times()
                    cpu_s = times.user + times.system
                    break
            time.sleep(settle_s)  # let lazy work after the first frame settle
            info = psutil.Process(proc.pid).memory_full_info()
            return ready_s, info.rss / 2**20, getattr(info, "pss", info.rss) / 2**20, cpu_s
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
            sock.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--settle", type=float, default=2.0, help="seconds after READY before reading memory")
    parser.add_argument("--windowed", action="store_true", help="a window instead of kiosk mode")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        sys.exit("needs an X display: run under xvfb-run")
    results = [one_run(args.settle, args.windowed) for _ in range(args.runs)]
    ready = [r[0] for r in results]
    rss = [r[1] for r in results]
    pss = [r[2] for r in results]
    print(f"start-up to attract screen: median {statistics.median(ready):.2f} s, "
          f"min {min(ready):.2f} s, max {max(ready):.2f} s over {args.runs} runs")
    print(f"CPU time of the kiosk process until READY: median {statistics.median(r[3] for r in results):.2f} s")
    print(f"resident memory after start: RSS median {statistics.median(rss):.0f} MB, "
          f"PSS median {statistics.median(pss):.0f} MB")
    print(f"machine: {os.cpu_count()} CPUs, {psutil.virtual_memory().total / 2**30:.0f} GiB; "
          f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
