"""What hostile requests and USB bundles cost the collector: time per request, and the
server's resident memory (VmRSS) and peak (VmHWM) before and after each kind, the
collector running as ``launch.py collector serve`` in its own process; then
``collector import`` of a 1 MB bundle inflating to 1 GiB (time, peak memory).

    .venv/bin/python bench/collector_hostile.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from collector import db  # noqa: E402
from collector.kiosks import add_kiosk  # noqa: E402
from tests.collector.helpers import free_port  # noqa: E402
from tests.collector.test_api import KIOSK, make_batch, make_event  # noqa: E402


# The import command in a process that reports its own peak memory before and after.
MEASURED_IMPORT = r"""
import resource, sys, time
sys.path.insert(0, sys.argv[1])
import kiosk.cli, collector.cli, collector.bundles, collector.db, sqlalchemy.dialects.sqlite  # noqa
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    kiosk.cli.main(["collector", "import", sys.argv[2], "--db", sys.argv[3]], prog_name="launch.py")
except SystemExit as exc:
    code = exc.code
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"exit {code} in {time.perf_counter() - start:.2f} s; peak memory {before / 1024:.0f} MB with the modules "
      f"loaded, {after / 1024:.0f} MB after (+{(after - before) / 1024:.1f} MB)")
"""


def memory_kb(pid: int) -> tuple[int, int]:
    with open(f"/proc/{pid}/status") as fh:
        fields = dict(line.split(":", 1) for line in fh)
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def hostile_requests() -> dict[str, tuple[bytes, dict]]:
    gz = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    plain = {"Content-Type": "application/json"}
    literal = json.dumps(make_batch([make_event(1)], health={"pending": 7, "disk_free_mb": 5.0}))
    return {
        "31 MB string (30 KB gzipped)": (gzip.compress(json.dumps(make_batch(
            [make_event(1, kind="poll.answered", text="x" * 31_000_000)])).encode()), gz),
        "gzip bomb, 1 GiB of zeros": (_bomb(), gz),
        "3.9 MB body, not compressed": (b'{"kiosk_id": "' + b"x" * 3_900_000 + b'"}', plain),
        "5,000 events of 4 KB data": (gzip.compress(json.dumps(make_batch(
            [make_event(i, kind="poll.answered", **{f"f{k}": "y" * 900 for k in range(4)})
             for i in range(1, 5001)])).encode()), gz),
        "10^30 in health.pending": (literal.replace('"pending": 7', '"pending": 1' + "0" * 30).encode(), plain),
        "1 and 400 zeros in disk_free_mb": (literal.replace('"disk_free_mb": 5.0', '"disk_free_mb": 1' + "0" * 400)
                                            .encode(), plain),
        "NaN in event data": (json.dumps(make_batch([make_event(1, kind="poll.answered", v=float("nan"))]))
                              .encode(), plain),
        "two events, one id": (json.dumps(make_batch([e := make_event(1), dict(e)])).encode(), plain),
        "text/plain body": (json.dumps(make_batch([make_event(1)])).encode(), {"Content-Type": "text/plain"}),
    }


def _bomb(gib: int = 1) -> bytes:
    deflate = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = b"\0" * (1 << 20)
    return b"".join(deflate.compress(zeros) for _ in range(1024 * gib)) + deflate.flush()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        url_db = f"sqlite:///{tmp}/c.sqlite3"
        engine = db.connect(url_db)
        token = add_kiosk(engine, KIOSK)
        engine.dispose()
        port = free_port()
        server = subprocess.Popen([sys.executable, str(ROOT / "launch.py"), "collector", "serve", "--port",
                                   str(port), "--db", url_db], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  env={**os.environ, "KIOSK_COLLECTOR_RETENTION_MONTHS": "0"})
        url = f"http://127.0.0.1:{port}/api/v1/events"
        try:
            for _ in range(300):
                try:
                    httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            auth = {"Authorization": f"Bearer {token}"}
            httpx.post(url, content=json.dumps(make_batch([make_event(1)])).encode(),
                       headers={**auth, "Content-Type": "application/json"})  # warm
            rss0, peak0 = memory_kb(server.pid)
            print(f"collector at rest: {rss0 / 1024:.0f} MB resident, peak {peak0 / 1024:.0f} MB\n")
            print(f"{'request':34} {'status':>6} {'sent':>9} {'ms/request':>10} {'RSS +MB':>8} {'peak +MB':>8}")
            for name, (body, headers) in hostile_requests().items():
                rss_before, peak_before = memory_kb(server.pid)
                times, status = [], None
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    status = httpx.post(url, content=body, headers={**auth, **headers}, timeout=120).status_code
                    times.append(time.perf_counter() - start)
                rss, peak = memory_kb(server.pid)
                print(f"{name:34} {status:>6} {len(body):>9} {1000 * sorted(times)[len(times) // 2]:>10.1f} "
                      f"{(rss - rss_before) / 1024:>8.1f} {(peak - peak_before) / 1024:>8.1f}")
        finally:
            server.terminate()
            server.wait(20)
        bomb = Path(tmp) / "bomb.kstats.gz"
        bomb.write_bytes(_bomb())
        proc = subprocess.run([sys.executable, "-c", MEASURED_IMPORT, str(ROOT), str(bomb), url_db],
                              capture_output=True, text=True)
        print(f"\ncollector import of a {bomb.stat().st_size / 1e6:.1f} MB bundle inflating to 1 GiB: "
              f"{proc.stdout.strip()}")
        print("  " + proc.stderr.strip().splitlines()[0][:160])
    return 0


if __name__ == "__main__":
    sys.exit(main())
