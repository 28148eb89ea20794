"""The collector's release tables, and the folder holding the release files.

Files live on disk (``KIOSK_COLLECTOR_RELEASES_DIR``, by default a folder beside a
SQLite database) so that downloads are served with ranges straight from the file;
the database holds what is known of each release and who gets it.
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import JSON, BigInteger, Column, DateTime, Index, Integer, String, Table
from sqlalchemy.engine import Engine

from collector import db

FOLDER_ENV = "KIOSK_COLLECTOR_RELEASES_DIR"
FOLDER_NAME = "collector-releases"

releases = Table(
    "releases", db.metadata,
    Column("release_id", String(64), primary_key=True),
    Column("version", String(200), nullable=False),            # exhibition.yaml's version
    Column("created_at", DateTime, nullable=False),             # built on the organisers' computer (UTC)
    Column("key_id", String(16), nullable=False),
    Column("content_fingerprint", String(64), nullable=False),  # the content version of health reports
    Column("min_app_version", String(64), nullable=False),
    Column("exhibits", Integer, nullable=False),
    Column("warnings", Integer, nullable=False),
    Column("file_size", BigInteger, nullable=False),
    Column("file_sha256", String(64), nullable=False),
    Column("file_name", String(255), nullable=False),           # as it was uploaded (for people)
    Column("published_at", DateTime, nullable=False),
    Column("published_by", String(64), nullable=False),
    Index("releases_fingerprint", "content_fingerprint"),
)

#: one row per exhibit of a release: what names its figures
release_exhibits = Table(
    "release_exhibits", db.metadata,
    Column("id", db.BigId, primary_key=True, autoincrement=True),
    Column("release_id", String(64), nullable=False),
    Column("exhibit_id", String(64), nullable=False),
    Column("exhibit_type", String(64), nullable=False),
    Column("path", String(1024), nullable=False),
    Column("content_version", String(64), nullable=False),      # what its events carry
    Column("title", JSON, nullable=False),                      # {language: text}
    Column("texts", JSON, nullable=False),                      # {kind: {content id: {language: text}}}
    Index("release_exhibits_version", "exhibit_id", "content_version"),
)

#: who gets which release: the latest assignment covering a kiosk wins
assignments = Table(
    "release_assignments", db.metadata,
    Column("id", db.BigId, primary_key=True, autoincrement=True),
    Column("release_id", String(64), nullable=False),
    Column("target_kind", String(16), nullable=False),          # all, departement, site, kiosk
    Column("target", String(200), nullable=False),              # "" for all
    Column("assigned_at", DateTime, nullable=False),
    Column("assigned_by", String(64), nullable=False),
)

trusted_keys = Table(
    "release_keys", db.metadata,
    Column("key_id", String(16), primary_key=True),
    Column("public_key", String(64), nullable=False),           # ed25519:… as content keygen prints it
    Column("added_at", DateTime, nullable=False),
)

TABLES = (releases, release_exhibits, assignments, trusted_keys)


def ensure_schema(engine: Engine) -> None:
    for table in TABLES:
        table.create(engine, checkfirst=True)


class NoReleaseFolder(Exception):
    """The database is not a SQLite file and no release folder is set."""

    def __str__(self) -> str:
        return f"set {FOLDER_ENV} to the folder where the collector keeps release files"


def release_folder(engine: Engine) -> Path:
    """Where the release files are: ``KIOSK_COLLECTOR_RELEASES_DIR``, else the folder
    ``collector-releases`` beside a SQLite database."""
    if os.environ.get(FOLDER_ENV):
        folder = Path(os.environ[FOLDER_ENV])
    elif db.is_sqlite(engine) and engine.url.database and engine.url.database != ":memory:":
        folder = Path(engine.url.database).resolve().parent / FOLDER_NAME
    else:
        raise NoReleaseFolder()
    folder.mkdir(parents=True, exist_ok=True)
    return folder
