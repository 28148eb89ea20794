"""A collector filled the way a coordinator fills it: kiosks simulate visits with
``launch.py stats simulate`` and send them with ``launch.py sync`` to a real server."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import yaml

from tests.collector.helpers import ROOT

TZ = "Europe/Paris"
USER, PASSWORD = "coordinatrice", "correct horse battery"
KIOSKS = {  # id: (site, département, visits, seed)
    "occ-31-labege-1": ("Labège", "31", 45, 11),
    "ara-69-lyon-1": ("Lyon", "69", 30, 12),
}
NEVER_SYNCED = "bre-35-rennes-1"


def launch(*args: str, input: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, str(ROOT / "launch.py"), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=180, input=input, env=os.environ.copy())
    if check and proc.returncode != 0:
        raise AssertionError(f"launch.py {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return proc


def kiosk_config(folder: Path, kiosk_id: str, site: str, departement: str, url: str, token: str) -> Path:
    data = yaml.safe_load((ROOT / "config" / "kiosk.yaml").read_text())
    data.update(kiosk_id=kiosk_id, data_dir=str(folder / kiosk_id), content_dir=str(ROOT / "exhibits"),
                site={"name": site, "departement": departement}, collector={"url": url, "token": token})
    path = folder / f"{kiosk_id}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


@dataclass
class KioskEvents:
    """What a kiosk recorded, read straight from its own store: the expected figures."""
    kiosk_id: str
    rows: list[dict] = field(default_factory=list)

    @classmethod
    def read(cls, folder: Path, kiosk_id: str) -> "KioskEvents":
        conn = sqlite3.connect(folder / kiosk_id / "stats.sqlite3")
        conn.row_factory = sqlite3.Row
        rows = [dict(r) | {"data": json.loads(r["data"])} for r in conn.execute("SELECT * FROM events")]
        conn.close()
        return cls(kiosk_id, rows)

    def of(self, kind: str, exhibit_id: str | None = None) -> list[dict]:
        return [r for r in self.rows if r["kind"] == kind and (exhibit_id is None or r["exhibit_id"] == exhibit_id)]


def local_day(wall_time: float) -> str:
    return datetime.fromtimestamp(wall_time, timezone.utc).astimezone(ZoneInfo(TZ)).date().isoformat()


def expected_statements(kiosks: list[KioskEvents]) -> dict[tuple[str, str], tuple[int, int]]:
    """(exhibit, statement) -> (answers, right answers)."""
    out: dict = defaultdict(lambda: [0, 0])
    for k in kiosks:
        for r in k.of("myths.answered"):
            entry = out[(r["exhibit_id"], r["data"]["statement_id"])]
            entry[0] += 1
            entry[1] += bool(r["data"]["correct"])
    return {key: tuple(v) for key, v in out.items()}


def expected_intents(kiosks: list[KioskEvents], kind: str) -> Counter:
    return Counter((r["exhibit_id"], r["data"]["intent"]) for k in kiosks for r in k.of(kind)
                   if not r["data"]["fallback"] and r["data"]["intent"])


def form_token(client: httpx.Client, page: str = "/dashboard/login") -> str:
    """The CSRF token of the page's form, as a browser gets it (with its cookie)."""
    html = client.get(page).text
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, f"no CSRF field on {page}"
    return match.group(1)


def login(client: httpx.Client, username: str = USER, password: str = PASSWORD) -> httpx.Response:
    return client.post("/dashboard/login", data={"username": username, "password": password,
                                                 "next": "/dashboard/", "csrf_token": form_token(client)})


def logout(client: httpx.Client) -> httpx.Response:
    return client.post("/dashboard/logout", data={"csrf_token": form_token(client, "/dashboard/kiosks")})


def read_csv(resp: httpx.Response) -> list[dict]:
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(resp.text)))
