"""Coordinators' accounts and login sessions (tables ``users`` and ``sessions`` of
:mod:`collector.db`).

Passwords are hashed with Argon2id (argon2-cffi). A session is a random token kept in
an HttpOnly cookie; the database holds only its sha256 and its expiry, so a copy of the
database opens no session, and logging out or expiring really ends it.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine

from collector import db
from contract.clock import utcnow

USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
MIN_PASSWORD = 8

_hasher = PasswordHasher()
# Checked when the user does not exist, so a wrong name costs the same time as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class UserError(ValueError):
    """A refused account change, with a message for the coordinator."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(engine: Engine, username: str, password: str, *, replace: bool = False) -> None:
    """Create the account (or set a new password with ``replace``)."""
    if not USERNAME.match(username):
        raise UserError(f"{username!r} is not a user name (letters, digits, . _ @ -; up to 64)")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password must have at least {MIN_PASSWORD} characters")
    hashed = _hasher.hash(password)
    with engine.begin() as conn:
        exists = conn.execute(select(db.users.c.username).where(db.users.c.username == username)).first()
        if exists and not replace:
            raise UserError(f"user {username} already exists (--reset sets a new password)")
        if exists:
            conn.execute(update(db.users).where(db.users.c.username == username).values(password_hash=hashed))
            # A new password ends the sessions opened with the old one.
            conn.execute(delete(db.sessions).where(db.sessions.c.username == username))
        else:
            conn.execute(insert(db.users).values(username=username, password_hash=hashed, created_at=utcnow()))


def remove_user(engine: Engine, username: str) -> bool:
    with engine.begin() as conn:
        conn.execute(delete(db.sessions).where(db.sessions.c.username == username))
        return conn.execute(delete(db.users).where(db.users.c.username == username)).rowcount > 0


def check_password(engine: Engine, username: str, password: str) -> bool:
    with engine.connect() as conn:
        stored = conn.execute(select(db.users.c.password_hash).where(db.users.c.username == username)).scalar()
    try:
        _hasher.verify(stored or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    if stored is None:
        return False
    if _hasher.check_needs_rehash(stored):
        with engine.begin() as conn:
            conn.execute(update(db.users).where(db.users.c.username == username)
                         .values(password_hash=_hasher.hash(password)))
    return True


def open_session(engine: Engine, username: str, lifetime: timedelta) -> str:
    """A new session for the user; returns the token to put in the cookie."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with engine.begin() as conn:
        conn.execute(delete(db.sessions).where(db.sessions.c.expires_at < now))  # tidy expired ones
        conn.execute(insert(db.sessions).values(token_hash=_digest(token), username=username,
                                                created_at=now, expires_at=now + lifetime))
    return token


def session_user(engine: Engine, token: str | None) -> str | None:
    """The user of a live session, or None (unknown, expired, or the account was removed)."""
    if not token:
        return None
    with engine.connect() as conn:
        row = conn.execute(
            select(db.sessions.c.username)
            .join(db.users, db.users.c.username == db.sessions.c.username)
            .where(db.sessions.c.token_hash == _digest(token), db.sessions.c.expires_at > utcnow())
        ).first()
    return row.username if row else None


def close_session(engine: Engine, token: str | None) -> None:
    if token:
        with engine.begin() as conn:
            conn.execute(delete(db.sessions).where(db.sessions.c.token_hash == _digest(token)))
