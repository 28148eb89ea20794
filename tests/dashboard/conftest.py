"""The collector every dashboard test reads: two kiosks simulated and synced for real."""
from __future__ import annotations

import os
from dataclasses import dataclass

import httpx
import pytest

from tests.collector.helpers import DB_KINDS, PG_ENV, fresh_engine, serve, sqlite_url
from tests.dashboard.helpers import KIOSKS, NEVER_SYNCED, PASSWORD, USER, KioskEvents, kiosk_config, launch, login


@dataclass
class Filled:
    engine: object
    url: str
    kiosks: list[KioskEvents]
    db_url: str

    def client(self, logged_in: bool = True) -> httpx.Client:
        client = httpx.Client(base_url=self.url, timeout=60)
        if logged_in:
            assert login(client).status_code == 303
        return client


@pytest.fixture(scope="module", params=DB_KINDS)
def filled(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"dashboard-{request.param}")
    engine = fresh_engine(request.param, folder)
    db_url = sqlite_url(folder) if request.param == "sqlite" else os.environ[PG_ENV]
    previous = os.environ.get("KIOSK_DASHBOARD_REFRESH_S")
    os.environ["KIOSK_DASHBOARD_REFRESH_S"] = "0"  # every page sees the latest sync
    try:
        launch("collector", "add-user", USER, "--password-stdin", "--db", db_url, input=PASSWORD + "\n")
        tokens = {k: launch("collector", "add-kiosk", k, "--db", db_url).stdout.strip() for k in KIOSKS}
        launch("collector", "add-kiosk", NEVER_SYNCED, "--db", db_url)
        with serve(engine) as url:
            for kiosk_id, (site, dep, visits, seed) in KIOSKS.items():
                config = str(kiosk_config(folder, kiosk_id, site, dep, url, tokens[kiosk_id]))
                launch("--config", config, "stats", "simulate", "--visits", str(visits), "--seed", str(seed),
                       "--days", "6")
                assert "new" in launch("--config", config, "sync", "--once").stdout
            yield Filled(engine, url, [KioskEvents.read(folder, k) for k in KIOSKS], db_url)
    finally:
        if previous is None:
            os.environ.pop("KIOSK_DASHBOARD_REFRESH_S", None)
        else:
            os.environ["KIOSK_DASHBOARD_REFRESH_S"] = previous
        engine.dispose()


