"""Shared by the distribution tests: a collector holding releases, and kiosks made of
the real parts (statistics store, release store and manager, sync worker) talking to
it over 127.0.0.1."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from collector import db
from collector.kiosks import add_kiosk
from collector.releases import keys
from collector.releases.publish import publish
from collector.releases.targets import EVERYONE, Target
from kiosk.config import KioskConfig
from kiosk.releases.apply import ReleaseManager
from kiosk.releases.store import ReleaseStore
from kiosk.stats import open_store
from kiosk.stats.sync import SyncWorker
from contract.releases.keys import TrustedKeys
from tests.releases.helpers import ROOT


def publish_file(engine, path: Path, targets: list[Target] = (EVERYONE,), by: str = "test"):
    with open(path, "rb") as fh:
        return publish(engine, fh, file_name=path.name, by=by, targets=list(targets))


def trust(engine, *signing_keys) -> None:
    for key in signing_keys:
        keys.trust(engine, key.public)


@dataclass
class Kiosk:
    """One kiosk's parts, as the runtime builds them (the supervisor's switch between
    visits is :meth:`between_visits`)."""

    kiosk_id: str
    config: KioskConfig
    store: object
    manager: ReleaseManager
    worker: SyncWorker

    @classmethod
    def make(cls, folder: Path, engine, kiosk_id: str, url: str, trusted, *, site="Labège", departement="31",
             clock=time.time, token: str | None = None) -> "Kiosk":
        token = token or add_kiosk(engine, kiosk_id)
        config = KioskConfig.model_validate({
            "kiosk_id": kiosk_id, "staff_pin_hash": "unused", "data_dir": str(folder / kiosk_id),
            "content_dir": str(ROOT / "exhibits"), "site": {"name": site, "departement": departement},
            "collector": {"url": url, "token": token}})
        store = open_store(config)
        trusted = trusted if isinstance(trusted, TrustedKeys) else TrustedKeys(k.public for k in trusted)
        manager = ReleaseManager(ReleaseStore(config.data_path / "releases"), trusted, ROOT / "exhibits",
                                 disk_margin=0, clock=clock)
        worker = cls.make_worker(store, config, manager)
        return cls(kiosk_id, config, store, manager, worker)

    @staticmethod
    def make_worker(store, config, manager) -> SyncWorker:
        worker = SyncWorker(store, config, releases=manager, health_extra=lambda: {"release": manager.status()},
                            backoff_base=0.05, backoff_cap=0.2)
        worker.releases.retry_delays = (0.05, 0.1, 0.2)
        return worker

    def restart(self) -> None:
        """The kiosk stops (cleanly) and starts again: new worker, same disk."""
        self.worker.stop()
        self.worker = self.make_worker(self.store, self.config, self.manager)

    def sync(self, wait: bool = True):
        """One sync round (as the background worker does it), then the download it started."""
        result = self.worker.sync_once()
        if wait:
            assert self.worker.releases.wait(120), "the download did not end"
        return result

    def between_visits(self):
        """The supervisor's move on the attract screen: show the release ready, if any."""
        if self.manager.state().ready:
            return self.manager.switch_now()
        return None

    def visit(self, when: float | None = None) -> None:
        when = when or time.time()
        self.store.record_at(when, "visit_started", data={"language": "fr"}, visit_id=f"v{when}")
        self.store.record_at(when + 30, "visit_ended", data={"duration_s": 30.0, "reason": "idle"},
                             visit_id=f"v{when}")
        self.store.flush()

    def close(self) -> None:
        self.worker.stop()
        self.store.close()


def health_of(engine, kiosk_id: str) -> dict:
    with engine.connect() as conn:
        row = conn.execute(select(db.kiosks.c.health).where(db.kiosks.c.kiosk_id == kiosk_id)).first()
    return (row.health if row else None) or {}


def shown_version(engine, kiosk_id: str) -> str | None:
    """The release a kiosk's latest health report says it shows."""
    return ((health_of(engine, kiosk_id).get("release") or {}).get("shown") or {}).get("version")
