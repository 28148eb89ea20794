"""``collector import`` against what a USB stick may hold: junk beside genuine bundles,
a bundle that inflates to 1 GiB, a link to a device, a FIFO, names that try to forge
output lines. Run as a coordinator runs it (``launch.py``), on a real SQLite file."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from collector import db
from collector.kiosks import add_kiosk
from contract import bundles
from contract.limits import MAX_BUNDLE_JSON_BYTES
from tests.collector.helpers import ROOT, event_count, sqlite_url
from tests.collector.test_api import KIOSK, make_batch, make_event


@pytest.fixture
def collector(tmp_path):
    url = sqlite_url(tmp_path)
    engine = db.connect(url)
    token = add_kiosk(engine, KIOSK)
    yield engine, url, token
    engine.dispose()


def run_import(path: Path, url: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "launch.py"), "collector", "import", str(path), "--db", url],
                          capture_output=True, text=True, timeout=timeout)


def genuine(folder: Path, token: str, name: str = "genuine", events: int = 3) -> Path:
    batch = make_batch([make_event(i) for i in range(1, events + 1)])
    return bundles.write_bundle(batch, token, folder / f"{name}{bundles.BUNDLE_SUFFIX}")


def test_a_folder_of_junk_and_one_genuine_bundle_imports_it_and_says_so_briefly(collector, tmp_path):
    engine, url, token = collector
    stick = tmp_path / "stick"
    stick.mkdir()
    for i in range(1000):
        (stick / f"junk-{i:04d}{bundles.BUNDLE_SUFFIX}").write_bytes(os.urandom(64))
    genuine(stick, token)
    proc = run_import(stick, url)
    assert proc.returncode == 1
    out, err = proc.stdout.splitlines(), proc.stderr.splitlines()
    assert out[0].startswith('"') and "genuine.kstats.gz\": 3 new events, 0 already known" in out[0]
    assert out[-1] == "import: 1 bundle imported (3 new events, 0 already known), 1000 files refused"
    assert len(err) == 11 and err[-1] == "error: … and 990 more files refused"
    assert all(line.startswith('error: "') and "not a statistics bundle" in line for line in err[:10])
    assert event_count(engine) == 3 and "Traceback" not in proc.stderr
    again = run_import(stick / f"genuine{bundles.BUNDLE_SUFFIX}", url)
    assert again.returncode == 0 and again.stdout.splitlines()[-1].startswith("import: 1 bundle imported (0 new")


def _bomb(path: Path, gib: int = 1) -> Path:
    """A valid gzip file of about 1 MB that inflates to ``gib`` GiB."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = b"\0" * (1 << 20)
    with open(path, "wb") as fh:
        for _ in range(1024 * gib):
            fh.write(deflate.compress(zeros))
        fh.write(deflate.flush())
    return path


# Run in a child process under an address-space limit: the collector's modules are
# loaded first, then the limit is set a little above what they take.
UNDER_LIMIT = r"""
import resource, sys
sys.path.insert(0, sys.argv[1])
import collector.bundles, collector.cli, collector.db, contract.bundles, kiosk.cli, sqlalchemy.dialects.sqlite  # noqa
with open("/proc/self/status") as fh:
    vm = next(int(l.split()[1]) * 1024 for l in fh if l.startswith("VmSize:"))
headroom = int(sys.argv[2]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (vm + headroom, vm + headroom))
kiosk.cli.main(["collector", "import", sys.argv[3], "--db", sys.argv[4]], prog_name="launch.py")
"""


def test_a_bundle_inflating_to_a_gibibyte_is_refused_within_a_few_mb(collector, tmp_path):
    engine, url, token = collector
    bomb = _bomb(tmp_path / f"bomb{bundles.BUNDLE_SUFFIX}")
    assert bomb.stat().st_size < 1_200_000
    proc = subprocess.run([sys.executable, "-c", UNDER_LIMIT, str(ROOT), "48", str(bomb), url],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr
    assert f"inflates to more than {MAX_BUNDLE_JSON_BYTES} bytes" in proc.stderr
    # The same child, same limit, imports a genuine bundle: the limit leaves room for real work.
    good = genuine(tmp_path, token)
    proc = subprocess.run([sys.executable, "-c", UNDER_LIMIT, str(ROOT), "48", str(good), url],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert event_count(engine) == 3


def test_only_regular_files_are_read_never_a_device_or_a_fifo(collector, tmp_path):
    engine, url, token = collector
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / f"zero{bundles.BUNDLE_SUFFIX}").symlink_to("/dev/zero")
    os.mkfifo(stick / f"fifo{bundles.BUNDLE_SUFFIX}")
    (stick / f"folder{bundles.BUNDLE_SUFFIX}").mkdir()
    genuine(stick, token)
    (stick / f"link{bundles.BUNDLE_SUFFIX}").symlink_to(stick / f"genuine{bundles.BUNDLE_SUFFIX}")
    proc = run_import(stick, url, timeout=60)  # a FIFO read would hang: the timeout fails the test
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    err = proc.stderr
    assert '/zero.kstats.gz"' in err and "not a regular file (a device)" in err
    assert '/fifo.kstats.gz"' in err and "not a regular file (a FIFO)" in err
    assert '/folder.kstats.gz"' in err and "not a regular file (a folder)" in err
    assert proc.stdout.splitlines()[-1] == "import: 2 bundles imported (3 new events, 3 already known), " \
                                           "3 files refused"
    for single in ("zero", "fifo"):
        alone = run_import(stick / f"{single}{bundles.BUNDLE_SUFFIX}", url, timeout=60)
        assert alone.returncode == 1 and "not a regular file" in alone.stderr
    assert event_count(engine) == 3


def test_a_file_name_cannot_forge_output_lines(collector, tmp_path):
    engine, url, token = collector
    stick = tmp_path / "stick"
    stick.mkdir()
    forged = "x\nerror: fake line\r\u202eexe.kstats.gz\n\"quoted\"" + bundles.BUNDLE_SUFFIX
    (stick / forged).write_bytes(b"junk")
    genuine(stick, token, name="ok\n3 new events, 0 already known")
    proc = run_import(stick, url)
    err, out = proc.stderr.splitlines(), proc.stdout.splitlines()
    assert len(err) == 1 and err[0].startswith('error: "')
    assert '/x\\x0aerror: fake line\\x0d\\u202eexe.kstats.gz\\x0a\\"quoted' in err[0]
    assert len(out) == 2 and '/ok\\x0a3 new events' in out[0] and out[1].startswith("import: 1 bundle")
    assert not any(line.startswith("error: fake line") for line in err + out)
    assert json.loads(json.dumps(proc.stdout))  # one string, nothing the terminal would act on
