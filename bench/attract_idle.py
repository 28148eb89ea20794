"""CPU the kiosk uses on its idle attract loop (where it spends most of its day).

Starts the real kiosk (`launch.py`, kiosk mode) in an X server of its own at the given
size (Xvfb, software OpenGL), waits for READY=1, lets it settle, then reads the CPU time
of the kiosk process (all its threads, OpenGL's included) over a window of time.

    .venv/bin/python bench/attract_idle.py [--size 1280x800] [--seconds 30] [--windowed]
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent


def start_x(size: str) -> tuple[subprocess.Popen, str]:
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        return server, ":" + pipe.readline().strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--settle", type=float, default=3)
    parser.add_argument("--windowed", action="store_true", help="a window instead of kiosk mode")
    args = parser.parse_args()
    server, display = start_x(args.size)
    with tempfile.TemporaryDirectory() as tmp:
        sock_path = os.path.join(tmp, "notify")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(sock_path)
        sock.settimeout(90)
        env = {**os.environ, "DISPLAY": display, "NOTIFY_SOCKET": sock_path, "KIVY_NO_CONSOLELOG": "1",
               "SDL_AUDIODRIVER": "dummy"}
        command = [sys.executable, str(ROOT / "launch.py"), "--data-dir", os.path.join(tmp, "data")]
        proc = subprocess.Popen(command + (["--windowed"] if args.windowed else []), env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while "READY=1" not in sock.recv(4096).decode():
                pass
            time.sleep(args.settle)
            kiosk, x = psutil.Process(proc.pid), psutil.Process(server.pid)
            k0, x0, t0 = kiosk.cpu_times(), x.cpu_times(), time.monotonic()
            time.sleep(args.seconds)
            k1, x1, t1 = kiosk.cpu_times(), x.cpu_times(), time.monotonic()
            elapsed = t1 - t0
            kiosk_pct = 100 * ((k1.user - k0.user) + (k1.system - k0.system)) / elapsed
            x_pct = 100 * ((x1.user - x0.user) + (x1.system - x0.system)) / elapsed
            rss = kiosk.memory_info().rss / 2**20
        finally:
            proc.terminate()
            proc.wait(10)
            server.terminate()
            server.wait(10)
            sock.close()
    mode = "windowed" if args.windowed else "kiosk mode"
    print(f"attract loop, {mode}, {args.size}, {elapsed:.0f} s: kiosk process {kiosk_pct:.1f} % of a core "
          f"(X server {x_pct:.1f} %), RSS {rss:.0f} MB")
    print(f"machine: {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
