"""The developers' guide's walk — adding a ``poll`` exhibit type — replayed in a copy of
the project: its commands run as a reader types them, the simulated visits reach a
collector started on 127.0.0.1 (a real server process), and the poll's figure is on
its dashboard page. Outside ``kiosk/exhibits/poll/`` the walk may touch only the
registration line, the content file, its test and the generated references.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
import subprocess
from collections import Counter
from pathlib import Path

import httpx

from tests.docs.test_guide_commands import COLLECTOR_PORT, DEDICATED, ROOT, guide_running, sandbox  # noqa: F401
from tests.dashboard.helpers import login

GUIDE = ROOT / "docs" / "developers" / "guide.md"
TYPE_FOLDER = "kiosk/exhibits/poll/"
#: what the walk may touch outside the type's folder
ALLOWED_OUTSIDE = {
    "kiosk/exhibits/__init__.py": "the registration line",
    "exhibits/sondage.yaml": "the content file",
    "tests/poll/test_model.py": "its test",
    "docs/organisers/fields.md": "generated: the field reference",
    "docs/coordinators/privacy-register.md": "generated: the privacy register",
    "docs/coordinators/csv-columns.md": "generated: the CSV columns",
}
SKIPPED = ("data/", "artifacts/", ".venv", ".pytest_cache")
#: the new type's screen in the real kiosk window (Xvfb), in the walked copy
TOUCH_THE_POLL = """
import sys
from pathlib import Path
sys.path.insert(0, ".")
from kiosk.events import MemorySink
from tests.conftest import make_config
from tests.ui.harness import KioskDriver

events = MemorySink()
k = KioskDriver(make_config(Path(sys.argv[1]), Path("exhibits")), events=events)
k.start(size=(1280, 800))
k.tap(k.screen)
k.tap_text("Votre avis")
k.wait_until(lambda: k.screen_name == "exhibit:sondage", what="the poll's screen")
k.tap_text("Oui", exact=True)
k.wait_until(lambda: any("Votre réponse est comptée" in t for t in k.texts()), what="the thanks")
assert [e.data for e in events.of_kind("poll.answered")] == [{"answer": "oui"}], events.events
print(k.screenshot("poll-walk"))
k.stop()
"""


def snapshot(project: Path) -> dict[str, str]:
    files = {}
    for path in project.rglob("*"):
        rel = path.relative_to(project).as_posix()
        if path.is_file() and not path.is_symlink() and not rel.startswith(SKIPPED) and "__pycache__" not in rel:
            files[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def guide_account() -> tuple[str, str]:
    text = GUIDE.read_text(encoding="utf-8")
    found = re.search(r"printf '([^'\\]+)\\n' \| \.venv/bin/python launch\.py collector add-user (\S+)", text)
    assert found, "the guide creates a dashboard account"
    return found.group(2), found.group(1)


def test_the_poll_walk_reaches_the_dashboard_touching_only_its_folder(sandbox):
    assert GUIDE in DEDICATED
    project = sandbox["project"]
    before = snapshot(project)
    with guide_running(GUIDE, sandbox):
        after = snapshot(project)
        conn = sqlite3.connect(project / "data" / "stats.sqlite3")
        votes = Counter(answer for (answer,) in conn.execute(
            "SELECT data ->> '$.answer' FROM events WHERE kind = 'poll.answered' AND exhibit_id = 'sondage'"))
        conn.close()
        assert set(votes) == {"oui", "non"}, f"the simulated visits answered the poll: {votes}"
        user, password = guide_account()
        client = httpx.Client(base_url=f"http://127.0.0.1:{sandbox['replace'][COLLECTOR_PORT]}", timeout=60)
        assert login(client, user, password).status_code == 303
        page = client.get("/dashboard/exhibits/sondage")
        touched = subprocess.run([str(project / ".venv/bin/python"), "-c", TOUCH_THE_POLL, str(sandbox["tmp"])],
                                 cwd=project, env=sandbox["env"], capture_output=True, text=True, timeout=300)
    assert touched.returncode == 0, touched.stdout[-2000:] + touched.stderr[-4000:]
    shot = Path(touched.stdout.strip().splitlines()[-1])
    (ROOT / "artifacts" / "screens").mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, ROOT / "artifacts" / "screens" / shot.name)
    assert page.status_code == 200
    figure = re.search(r'<section id="poll">(.*?)</section>', page.text, re.S)
    assert figure, "the poll's figure is not on its page"
    assert "Sondage : les réponses" in figure.group(1)
    total = sum(votes.values())
    for answer, n in votes.items():
        assert f'<td>{answer}</td><td class="num">{n}</td>' in figure.group(1)
        share = f"{round(n / total * 100)}\u202f%"
        assert share in figure.group(1)

    touched = sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))
    inside = [name for name in touched if name.startswith(TYPE_FOLDER)]
    outside = [name for name in touched if not name.startswith(TYPE_FOLDER)]
    assert set(outside) <= set(ALLOWED_OUTSIDE), f"the walk touched {outside}"
    registration = set(after_lines(project, "kiosk/exhibits/__init__.py")) ^ set(
        (ROOT / "kiosk/exhibits/__init__.py").read_text(encoding="utf-8").splitlines())
    assert registration == {'    "poll",'}, f"more than the registration line changed: {registration}"
    by_hand = [n for n in outside if not ALLOWED_OUTSIDE[n].startswith("generated")]
    print(f"\npoll walk: {len(touched)} files touched: {len(inside)} in {TYPE_FOLDER}, "
          f"{len(by_hand)} written outside it ({', '.join(by_hand)}), "
          f"{len(outside) - len(by_hand)} regenerated ({', '.join(n for n in outside if n not in by_hand)})")


def after_lines(project: Path, name: str) -> list[str]:
    return (project / name).read_text(encoding="utf-8").splitlines()
