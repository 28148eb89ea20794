"""The organisers' public keys the collector accepts releases from (several while keys
change), kept in the database: ``collector trust-key FILE.pub`` adds one."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine

from contract.clock import utcnow
from contract.releases.keys import PublicKey, TrustedKeys
from contract.releases.messages import ReleaseError

from .tables import trusted_keys


def read_public_key(source: str) -> PublicKey:
    """A public key from a file made by ``content keygen`` (KEYFILE.pub) or its one line."""
    if source.strip().startswith("ed25519:"):
        return PublicKey.parse(source, source="public key")
    return PublicKey.read(Path(source))


def trust(engine: Engine, key: PublicKey) -> bool:
    """Accept releases signed with ``key``; False if it was already accepted."""
    with engine.begin() as conn:
        if conn.execute(select(trusted_keys.c.key_id).where(trusted_keys.c.key_id == key.key_id)).first():
            return False
        conn.execute(insert(trusted_keys).values(key_id=key.key_id, public_key=key.text, added_at=utcnow()))
    return True


def untrust(engine: Engine, key_id: str) -> bool:
    with engine.begin() as conn:
        return conn.execute(delete(trusted_keys).where(trusted_keys.c.key_id == key_id)).rowcount > 0


def listed(engine: Engine) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(trusted_keys).order_by(trusted_keys.c.added_at))]


def trusted(engine: Engine) -> TrustedKeys:
    keys = []
    for row in listed(engine):
        try:
            keys.append(PublicKey.parse(row["public_key"]))
        except ReleaseError:  # written by this module: only a hand-edited row gets here
            continue
    return TrustedKeys(keys)
