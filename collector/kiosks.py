"""Kiosk accounts: one random token per kiosk, stored as its sha256 (a 256-bit random
token needs no slow hash, and checking it stays cheap at thousands of requests)."""
from __future__ import annotations

import hmac
import secrets

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine

from collector import db
from contract.bundles import token_hash
from contract.clock import utcnow


class KioskExists(Exception):
    pass


def add_kiosk(engine: Engine, kiosk_id: str, *, rotate: bool = False) -> str:
    """Create the kiosk (or give it a new token with ``rotate``); returns the token."""
    token = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        exists = conn.execute(select(db.kiosks.c.kiosk_id).where(db.kiosks.c.kiosk_id == kiosk_id)).first()
        if exists and not rotate:
            raise KioskExists(kiosk_id)
        if exists:
            conn.execute(update(db.kiosks).where(db.kiosks.c.kiosk_id == kiosk_id)
                         .values(token_hash=token_hash(token)))
        else:
            conn.execute(insert(db.kiosks).values(kiosk_id=kiosk_id, token_hash=token_hash(token),
                                                  created_at=utcnow()))
    return token


def kiosk_for_token(engine: Engine, token: str) -> str | None:
    digest = token_hash(token)
    with engine.connect() as conn:
        row = conn.execute(select(db.kiosks.c.kiosk_id, db.kiosks.c.token_hash)
                           .where(db.kiosks.c.token_hash == digest)).first()
    if row is None or not hmac.compare_digest(row.token_hash, digest):
        return None
    return row.kiosk_id


def kiosk_token_hash(engine: Engine, kiosk_id: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(db.kiosks.c.token_hash).where(db.kiosks.c.kiosk_id == kiosk_id)).scalar()
