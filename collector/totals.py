"""Headline counts of the collector (``collector totals``)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from collector import db
from contract.shell import VisitStarted


def totals(engine: Engine) -> dict:
    ev = db.events
    with engine.connect() as conn:
        events = conn.execute(select(func.count()).select_from(ev)).scalar_one()
        visits = conn.execute(select(func.count()).select_from(ev).where(ev.c.kind == VisitStarted.kind)).scalar_one()
        kiosks = conn.execute(select(func.count()).select_from(db.kiosks)).scalar_one()
        reporting = conn.execute(select(func.count(func.distinct(ev.c.kiosk_id)))).scalar_one()
        first, last = conn.execute(select(func.min(ev.c.time), func.max(ev.c.time))).one()
    return {"events": events, "visits": visits, "kiosks": kiosks, "kiosks_reporting": reporting,
            "first_event": first.isoformat() if first else None,
            "last_event": last.isoformat() if last else None}
