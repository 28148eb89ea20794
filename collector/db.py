"""The collector's database: table definitions and ``connect(url)``, one SQL layer
(SQLAlchemy Core) over SQLite (embedded default) and PostgreSQL (national deployment).

Times are naive UTC datetimes. ``events.time`` is the kiosk's wall time corrected for
its clock skew (see :mod:`collector.ingest`); the raw ``wall_time`` and the
server's ``received_at`` are kept beside it. The dashboard aggregates with SQL on the
typed columns; ``data`` keeps each event's own fields (JSONB on PostgreSQL).
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import (JSON, BigInteger, Boolean, Column, DateTime, Float, Index, Integer, MetaData,
                        String, Table, create_engine, event)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Engine

metadata = MetaData()

JsonData = JSON().with_variant(JSONB(), "postgresql")
# SQLite only makes an INTEGER PRIMARY KEY an alias of its rowid (fast, auto-increment).
BigId = BigInteger().with_variant(Integer(), "sqlite")

kiosks = Table(
    "kiosks", metadata,
    Column("kiosk_id", String(64), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),  # sha256 hex of the token
    Column("created_at", DateTime, nullable=False),
    # From the kiosk's latest health report (all nullable until its first sync):
    Column("site", String(200)),
    Column("departement", String(3)),
    Column("last_seen_at", DateTime),       # last authenticated request
    Column("last_sync_at", DateTime),       # last batch accepted
    Column("pending", BigInteger),          # events the kiosk still had to send
    Column("disk_free_mb", Float),
    Column("app_version", String(64)),
    Column("content_version", String(64)),
    Column("uptime_s", Float),
    Column("clock_offset_s", Float),        # server time minus kiosk time at the last sync
    Column("errors", Integer),              # errors reported since its previous sync
    Column("health", JsonData),             # the full last health report
)

events = Table(
    "events", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("event_id", String(64), nullable=False, unique=True),  # idempotent ingestion
    Column("kiosk_id", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),             # per-kiosk sequence number
    Column("kind", String(64), nullable=False),
    Column("exhibit_id", String(64)),
    Column("content_version", String(64)),
    Column("visit_id", String(64)),
    Column("site", String(200)),
    Column("departement", String(3)),
    Column("time", DateTime, nullable=False),               # corrected kiosk time (UTC)
    Column("wall_time", DateTime, nullable=False),          # the kiosk's clock, as sent
    Column("sent_at", DateTime, nullable=False),            # the kiosk's clock when it sent the batch
    Column("mono_ns", BigInteger, nullable=False),
    Column("boot_id", String(64), nullable=False),
    Column("clock_corrected", Boolean, nullable=False),     # False: kiosk time kept as is (USB bundle)
    Column("received_at", DateTime, nullable=False),
    Column("source", String(8), nullable=False),            # "http" or "usb"
    Column("data", JsonData, nullable=False),
    Index("events_kind_exhibit_time", "kind", "exhibit_id", "time"),
    Index("events_time", "time"),
    Index("events_kiosk_time", "kiosk_id", "time"),
    Index("events_visit", "visit_id"),
)

#: One row per accepted request or imported bundle: sync history for the kiosk pages.
syncs = Table(
    "syncs", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("kiosk_id", String(64), nullable=False),
    Column("received_at", DateTime, nullable=False),
    Column("source", String(8), nullable=False),
    Column("accepted", Integer, nullable=False),
    Column("known", Integer, nullable=False),
    Column("pending", BigInteger),
    Index("syncs_kiosk_time", "kiosk_id", "received_at"),
)

# Coordinators' accounts and sessions, for the dashboard (filled by its own commands).
users = Table(
    "users", metadata,
    Column("username", String(64), primary_key=True),
    Column("password_hash", String(200), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

sessions = Table(
    "sessions", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
)


def default_url(data_path: Path) -> str:
    return f"sqlite:///{Path(data_path) / 'collector.sqlite3'}"


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` URLs as people write them; we use psycopg 3."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")  # an acknowledged event survives a power cut
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def connect(url: str, *, create: bool = True) -> Engine:
    """An engine on the collector database; creates the tables when missing."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    if create:
        metadata.create_all(engine)
    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
