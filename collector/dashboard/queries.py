"""The dashboard's figures: SQL aggregates over the summary tables (:mod:`.rollup`), a few
rows per day or per exhibit back to Python — never the events themselves."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import and_, func, select, union_all
from sqlalchemy.engine import Connection

from collector import db
from collector.dashboard.filters import Filters
from collector.summary.rollup import daily, hourly, hourly_monthly, monthly
from contract.shell import ExhibitClosed, ExhibitOpened, VisitEnded, VisitStarted

STARTED, ENDED, OPENED, CLOSED = VisitStarted.kind, VisitEnded.kind, ExhibitOpened.kind, ExhibitClosed.kind

def period_rows(f: Filters, where=lambda t: [], by_day=daily, by_month=monthly):
    """The summary rows of the filters' period and place (and ``where(table)``), as one
    subquery with the columns of ``by_day`` but ``day``: whole months come from the
    monthly table, the days at either end from the daily one."""
    months, edges = f.split_by_month()
    columns = [c.name for c in by_day.columns if c.name != "day"]
    parts = []
    if months:
        parts.append(select(*[by_month.c[c] for c in columns])
                     .where(by_month.c.month >= months[0], by_month.c.month <= months[1], *f.place(by_month),
                            *where(by_month)))
    for first, last in edges:
        parts.append(select(*[by_day.c[c] for c in columns])
                     .where(by_day.c.day >= first.isoformat(), by_day.c.day <= last.isoformat(), *f.place(by_day),
                            *where(by_day)))
    return (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("period")


# PostgreSQL's sum() of integers is a NUMERIC (Decimal): figures become int/float here.
def _ratio(part, whole) -> float | None:
    return (float(part) / float(whole)) if whole else None


def _avg(total, count) -> float | None:
    return (float(total or 0) / float(count)) if count else None


# --- overview ---------------------------------------------------------------------------

@dataclass
class Overview:
    visits: int = 0
    visits_ended: int = 0
    avg_visit_s: float | None = None
    exhibits_opened: int = 0
    by_day: list[dict] = field(default_factory=list)     # day, visits, visits_ended, avg_visit_s, exhibits_opened
    by_hour: list[dict] = field(default_factory=list)    # hour, visits, exhibits_opened
    exhibits: list[dict] = field(default_factory=list)   # exhibit_id, exhibit_type, opened, closed, avg_dwell_s


def overview(conn: Connection, f: Filters) -> Overview:
    out = Overview()
    rows = conn.execute(
        select(daily.c.day, daily.c.kind, func.sum(daily.c.n), func.sum(daily.c.value_sum), func.sum(daily.c.value_n))
        .where(daily.c.kind.in_((STARTED, ENDED, OPENED)), *f.where(daily))
        .group_by(daily.c.day, daily.c.kind)).all()
    per_day: dict[str, dict] = {d.isoformat(): {"day": d.isoformat(), "visits": 0, "visits_ended": 0,
                                                "avg_visit_s": None, "exhibits_opened": 0} for d in f.days()}
    dur_sum = dur_n = 0.0
    for day, kind, n, vsum, vn in rows:
        entry = per_day.setdefault(day, {"day": day, "visits": 0, "visits_ended": 0, "avg_visit_s": None,
                                         "exhibits_opened": 0})
        if kind == STARTED:
            entry["visits"] += int(n)
        elif kind == OPENED:
            entry["exhibits_opened"] += int(n)
        else:
            entry["visits_ended"] += int(n)
            entry["avg_visit_s"] = _avg(vsum or 0, vn)
            dur_sum += float(vsum or 0)
            dur_n += float(vn or 0)
    out.by_day = [per_day[k] for k in sorted(per_day)]
    out.visits = sum(d["visits"] for d in out.by_day)
    out.visits_ended = sum(d["visits_ended"] for d in out.by_day)
    out.exhibits_opened = sum(d["exhibits_opened"] for d in out.by_day)
    out.avg_visit_s = _avg(dur_sum, dur_n)

    hours = {h: {"hour": h, "visits": 0, "exhibits_opened": 0} for h in range(24)}
    per_hour = period_rows(f, by_day=hourly, by_month=hourly_monthly)
    for hour, kind, n in conn.execute(
            select(per_hour.c.hour, per_hour.c.kind, func.sum(per_hour.c.n))
            .group_by(per_hour.c.hour, per_hour.c.kind)):
        if 0 <= hour <= 23:
            hours[hour]["visits" if kind == STARTED else "exhibits_opened"] += int(n)
    out.by_hour = [hours[h] for h in range(24)]
    out.exhibits = exhibits(conn, f)
    return out


def exhibits(conn: Connection, f: Filters, only: str | None = None) -> list[dict]:
    """Per exhibit (or ``only`` that one): its type, openings, closings and average dwell time."""
    p = period_rows(f, lambda t: [t.c.kind.in_((OPENED, CLOSED)),
                                  t.c.exhibit_id == only if only is not None else t.c.exhibit_id.is_not(None)])
    rows = conn.execute(
        select(p.c.exhibit_id, p.c.key, p.c.kind, func.sum(p.c.n), func.sum(p.c.value_sum), func.sum(p.c.value_n))
        .group_by(p.c.exhibit_id, p.c.key, p.c.kind)).all()
    out: dict[str, dict] = {}
    for exhibit_id, exhibit_type, kind, n, vsum, vn in rows:
        e = out.setdefault(exhibit_id, {"exhibit_id": exhibit_id, "exhibit_type": exhibit_type, "opened": 0,
                                        "closed": 0, "_dwell": 0.0, "_dwell_n": 0})
        e["exhibit_type"] = e["exhibit_type"] or exhibit_type
        if kind == OPENED:
            e["opened"] += int(n)
        else:
            e["closed"] += int(n)
            e["_dwell"] += float(vsum or 0)
            e["_dwell_n"] += int(vn or 0)
    result = []
    for e in sorted(out.values(), key=lambda e: (-e["opened"], e["exhibit_id"])):
        e["avg_dwell_s"] = _avg(e.pop("_dwell"), e.pop("_dwell_n"))
        result.append(e)
    return result


# --- kiosks ---------------------------------------------------------------------------

def kiosks(conn: Connection, f: Filters, now: datetime, silent_after: timedelta) -> list[dict]:
    """Every kiosk's health, silent ones first; its visits over the chosen period."""
    p = period_rows(replace(f, site=None, departement=None, kiosk=None), lambda t: [t.c.kind == STARTED])
    counts = dict(conn.execute(select(p.c.kiosk_id, func.sum(p.c.n)).group_by(p.c.kiosk_id)).all())
    k = db.kiosks
    query = select(k)
    if f.site:
        query = query.where(k.c.site == f.site)
    if f.departement:
        query = query.where(k.c.departement == f.departement)
    if f.kiosk:
        query = query.where(k.c.kiosk_id == f.kiosk)
    out = []
    for row in conn.execute(query.order_by(k.c.kiosk_id)):
        health = row.health if isinstance(row.health, dict) else {}
        errors = health.get("errors") if isinstance(health.get("errors"), list) else []
        versions = health.get("content_versions")
        last_error = errors[-1] if errors else None
        if isinstance(last_error, dict):
            last_error = last_error.get("error") or last_error.get("message") or str(last_error)
        silent = row.last_seen_at is None or now - row.last_seen_at > silent_after
        out.append({
            "kiosk_id": row.kiosk_id, "site": row.site, "departement": row.departement,
            "last_seen_at": row.last_seen_at, "last_sync_at": row.last_sync_at, "pending": row.pending,
            "app_version": row.app_version,
            "content_versions": versions if isinstance(versions, dict) else (
                {"": row.content_version} if row.content_version else {}),
            "disk_free_mb": row.disk_free_mb, "disk_low": bool(health.get("disk_low")),
            "errors": row.errors, "last_error": str(last_error)[:200] if last_error else None,
            "visits": int(counts.get(row.kiosk_id, 0)), "silent": silent,
            "never_seen": row.last_seen_at is None,
        })
    return sorted(out, key=lambda r: (not r["silent"], r["kiosk_id"]))


def choices(conn: Connection) -> dict[str, list[str]]:
    """Values for the filter menus: the registered kiosks, their sites and départements."""
    k = db.kiosks
    rows = conn.execute(select(k.c.kiosk_id, k.c.site, k.c.departement)).all()
    return {"sites": sorted({r.site for r in rows if r.site}),
            "departements": sorted({r.departement for r in rows if r.departement}),
            "kiosks": sorted(r.kiosk_id for r in rows)}


def event_rows(conn: Connection, f: Filters, start_utc: datetime, end_utc: datetime, batch: int = 5000):
    """The raw events of the filters, oldest first, streamed (for the CSV export)."""
    ev = db.events
    query = select(ev).where(and_(*f.where_events(ev, start_utc, end_utc))).order_by(ev.c.time, ev.c.id)
    result = conn.execution_options(stream_results=True, yield_per=batch).execute(query)
    yield from result


