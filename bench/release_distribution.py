"""Distributing a content release: publish, download on loopback, resume, install, names.

    .venv/bin/python bench/release_distribution.py [--extra-mb 50] [--releases 50]

Builds a release of the shipped content plus one incompressible file of EXTRA MB (a
video, say), then prints:

- publishing it on the collector (every file's SHA-256, the exhibits' texts), in process;
- a kiosk downloading it from a collector process on 127.0.0.1: MB/s, and the Python
  memory the download allocates at its peak (tracemalloc): it streams to disk, so this
  does not grow with the file;
- the same download cut at half by a proxy, then resumed: bytes sent in all against
  the file's size (1.00 = nothing sent twice);
- installing the downloaded file (verify, extract, check);
- the dashboard's names for RELEASES published releases: loading the index, then cached.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from stats_drain import free_port, start_collector  # noqa: E402
from collector.db import connect  # noqa: E402
from collector.kiosks import add_kiosk  # noqa: E402
from collector.releases import keys, names, tables  # noqa: E402
from collector.releases.publish import publish  # noqa: E402
from collector.releases.targets import EVERYONE  # noqa: E402
from contract.releases.keys import SigningKey, TrustedKeys  # noqa: E402
from contract.releases.wire import ASSIGNMENT_PATH, Assignment  # noqa: E402
from kiosk.releases.apply import ReleaseManager  # noqa: E402
from kiosk.releases.download import ReleaseFetcher, _new_status  # noqa: E402
from kiosk.releases.store import ReleaseStore  # noqa: E402
from tests.releases.cutting_proxy import CuttingProxy  # noqa: E402
from tests.releases.helpers import build, make_content  # noqa: E402

MB = 1024 * 1024


def download(folder: Path, url: str, token: str, key: SigningKey, name: str):
    """One kiosk's download of its assigned release; returns (seconds, peak bytes, fetcher, path)."""
    manager = ReleaseManager(ReleaseStore(folder / name / "releases"), TrustedKeys([key.public]), ROOT / "exhibits")
    fetcher = ReleaseFetcher(manager, url=url, token=token, retry_delays=(0.01,))
    assigned = Assignment.model_validate(httpx.get(url + ASSIGNMENT_PATH, headers={
        "Authorization": f"Bearer {token}"}, timeout=30).json()).release
    fetcher._set_status(_new_status(assigned))
    tracemalloc.start()
    started = time.perf_counter()
    path = None
    while path is None:  # a cut link: the next attempt resumes
        path = fetcher._download(assigned)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak, manager, path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra-mb", type=int, default=50)
    parser.add_argument("--releases", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        key = SigningKey.generate()
        content = make_content(tmp, "2026.12-1")
        (content / "images" / "film.bin").write_bytes(os.urandom(args.extra_mb * MB))
        built = build(content, key, tmp / "release.zip")
        size = built.size
        print(f"release: {size / MB:.1f} MB, {len(built.manifest.files)} files")

        db_url = f"sqlite:///{tmp / 'collector.sqlite3'}"
        engine = connect(db_url)
        tables.ensure_schema(engine)
        keys.trust(engine, key.public)
        tokens = {k: add_kiosk(engine, k) for k in ("bench-1", "bench-2")}
        started = time.perf_counter()
        with open(built.path, "rb") as fh:
            publish(engine, fh, file_name="release.zip", by="bench", targets=[EVERYONE])
        print(f"publish (check every file, read the exhibits' texts, store): {time.perf_counter() - started:.2f} s")

        port = free_port()
        server = start_collector(db_url, port)
        try:
            url = f"http://127.0.0.1:{port}"
            seconds, peak, manager, path = download(tmp, url, tokens["bench-1"], key, "bench-1")
            print(f"download on loopback: {seconds:.2f} s, {size / MB / seconds:.0f} MB/s; "
                  f"Python memory at its peak: {peak / 1024:.0f} KB")
            started = time.perf_counter()
            manager.install(path)
            print(f"install after download (verify, extract, check): {time.perf_counter() - started:.2f} s")

            proxy = CuttingProxy(port, cut_after=size // 2, cuts=1)
            seconds, _, _, _ = download(tmp, proxy.url, tokens["bench-2"], key, "bench-2")
            print(f"download cut at half, resumed: {seconds:.2f} s; bytes sent / file size: "
                  f"{proxy.sent / size:.3f} ({proxy.cut} cut, ranges asked: {proxy.ranges})")
            proxy.close()
        finally:
            server.terminate()
            server.wait(30)

        for i in range(args.releases - 1):  # more releases: one file changed each time
            (content / "exhibition.yaml").write_text((content / "exhibition.yaml").read_text(encoding="utf-8")
                                                     .replace(f'version: "2026.12-{i + 1}"',
                                                              f'version: "2026.12-{i + 2}"'), encoding="utf-8")
            (content / "images" / "film.bin").unlink(missing_ok=True)
            small = build(content, key, tmp / f"r{i}.zip", hours=i + 1)
            with open(small.path, "rb") as fh:
                publish(engine, fh, file_name=f"r{i}.zip", by="bench")
        with engine.connect() as conn:
            names._cache.clear()
            started = time.perf_counter()
            names.load_index(conn)
            cold = time.perf_counter() - started
            started = time.perf_counter()
            names.load_index(conn)
            warm = time.perf_counter() - started
        print(f"dashboard names, {args.releases} releases: index {cold * 1000:.0f} ms, then {warm * 1000:.1f} ms "
              "(cached until a release is published)")
        engine.dispose()


if __name__ == "__main__":
    main()
