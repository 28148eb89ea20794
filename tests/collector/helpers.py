"""Shared by the statistics and collector tests: a real collector on 127.0.0.1, real
databases (SQLite file, or the PostgreSQL server of KIOSK_TEST_PG_URL), kiosk configs."""
from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy import func, select

from collector import db
from collector.app import create_app
from kiosk.config import KioskConfig

PG_ENV = "KIOSK_TEST_PG_URL"
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(engine, port: int | None = None):
    """The collector app on a real uvicorn server in a thread; yields its base URL."""
    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(engine), host="127.0.0.1", port=port,
                                           log_level="error", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("collector did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'collector.sqlite3'}"


def fresh_engine(kind: str, tmp_path: Path):
    """An empty collector database of that kind ("sqlite" or "postgres")."""
    if kind == "sqlite":
        return db.connect(sqlite_url(tmp_path))
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} not set (deploy/test-postgres.sh starts a server)")
    engine = db.connect(url, create=False)
    db.metadata.drop_all(engine)
    db.metadata.create_all(engine)
    return engine


DB_KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def event_count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(db.events)).scalar_one()


def event_ids(engine) -> list[str]:
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(select(db.events.c.event_id))]


def kiosk_config(tmp_path: Path, kiosk_id: str = "test-kiosk-1", **collector) -> KioskConfig:
    return KioskConfig.model_validate({
        "kiosk_id": kiosk_id, "staff_pin_hash": "unused", "data_dir": str(tmp_path / "data"),
        "content_dir": str(ROOT / "exhibits"), "collector": collector,
    })


def write_config(tmp_path: Path, kiosk_id: str = "test-kiosk-1", **collector) -> Path:
    """A config file for ``launch.py --config`` (the shipped one with our own fields)."""
    import yaml

    data = yaml.safe_load((ROOT / "config" / "kiosk.yaml").read_text())
    data.update(kiosk_id=kiosk_id, data_dir=str(tmp_path / "data"), content_dir=str(ROOT / "exhibits"))
    data["collector"] = {k: v for k, v in collector.items()}
    path = tmp_path / "kiosk.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path
