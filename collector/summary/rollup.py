"""Summary tables behind the dashboard, so a page reads thousands of rows, not millions.

``dash_daily`` holds, per local day, kiosk, site, département, event kind, exhibit,
content version and *key*, the count of events and a few sums; ``dash_hourly`` holds
visits and exhibit openings per local day and hour. Both are filled by SQL
(``INSERT … SELECT … GROUP BY``) from ``events``; ``dash_monthly`` and
``dash_hourly_monthly`` sum them per calendar month, so a year reads twelve months
(plus the days at the ends of the period), not 365 days.

Refreshed **on demand**: each dashboard request first calls :func:`refresh_if_stale`
(at most every ``max_age_s``), and ``collector refresh-dashboard`` does it by hand.
A refresh recomputes, whole, every (kiosk, local day) that received an event since the
previous refresh — minus a safety margin, because an ingest transaction that began
before the refresh may commit after it. Recomputing a (kiosk, day) is idempotent, so
late events (a kiosk back after weeks offline) land in their own day, never twice.

What a row holds for a kind comes from the event catalogue (:mod:`contract.events`):
each kind's :class:`~contract.events.Summary` names the field whose value is the row's
*key* (the statement of a quiz answer, the intent of a question — or, for a question
not understood, its text where the kiosk's privacy setting let it keep one — the
exhibit type of an opening…), the booleans counted in ``flag1`` and ``flag2``, and the
number summed in ``value_sum``/``value_n`` (visit duration, dwell time, score share).
A kind the catalogue does not know (a newer kiosk's) is counted, without key. The
summary's name in ``dash_state`` carries a fingerprint of these declarations: when a
new exhibit type or field changes them, the next refresh rebuilds the tables.
"""
from __future__ import annotations

import threading
from collections import defaultdict
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import (BigInteger, Column, DateTime, Float, Index, Integer, String, Table, and_, case,
                        cast, delete, func, insert, literal, select, text)
from sqlalchemy.engine import Connection, Engine

from collector import db
from collector.catalogue import catalogue
from collector.summary.sqlfuncs import json_is_true, json_key, json_number, local_date_hour, register_sqlite_functions
from contract.clock import utcnow
from contract.events import Number, Ratio, Summary

DEFAULT_TZ = "Europe/Paris"
KEY_LENGTH = 200
REFRESH_MARGIN = timedelta(minutes=10)
_PG_LOCK_ID = 7_070_707  # pg_advisory_xact_lock: one refresh at a time across processes
#: Bump when the summary's definition changes: the next refresh then rebuilds it whole.
SUMMARY_VERSION = 3  # (the catalogue's fingerprint is added to it)

ev = db.events

daily = Table(
    "dash_daily", db.metadata,
    Column("day", String(10), nullable=False),          # local date, YYYY-MM-DD
    Column("kiosk_id", String(64), nullable=False),
    Column("site", String(200)),
    Column("departement", String(3)),
    Column("kind", String(64), nullable=False),
    Column("exhibit_id", String(64)),
    Column("content_version", String(64)),
    Column("key", String(KEY_LENGTH), nullable=False),
    Column("n", BigInteger, nullable=False),
    Column("flag1", BigInteger, nullable=False),
    Column("flag2", BigInteger, nullable=False),
    Column("value_sum", Float),
    Column("value_n", BigInteger, nullable=False),
    Index("dash_daily_kind_day", "kind", "day"),
    Index("dash_daily_kiosk_day", "kiosk_id", "day"),
    Index("dash_daily_exhibit", "exhibit_id", "kind", "day"),
)

hourly = Table(
    "dash_hourly", db.metadata,
    Column("day", String(10), nullable=False),
    Column("hour", Integer, nullable=False),             # local hour of day, 0-23
    Column("kiosk_id", String(64), nullable=False),
    Column("site", String(200)),
    Column("departement", String(3)),
    Column("kind", String(64), nullable=False),
    Column("n", BigInteger, nullable=False),
    Index("dash_hourly_day", "day"),
    Index("dash_hourly_kiosk_day", "kiosk_id", "day"),
)

# The same figures per calendar month: a page over a year reads these for the whole
# months of its period and the daily rows only for the days at either end.
monthly = Table(
    "dash_monthly", db.metadata,
    Column("month", String(7), nullable=False),          # YYYY-MM
    *[Column(c.name, c.type, nullable=c.nullable) for c in daily.columns if c.name != "day"],
    Index("dash_monthly_kind", "kind", "month"),
    Index("dash_monthly_exhibit", "exhibit_id", "kind", "month"),
    Index("dash_monthly_kiosk", "kiosk_id", "month"),
)

hourly_monthly = Table(
    "dash_hourly_monthly", db.metadata,
    Column("month", String(7), nullable=False),
    *[Column(c.name, c.type, nullable=c.nullable) for c in hourly.columns if c.name != "day"],
    Index("dash_hourly_monthly_month", "month"),
)

state = Table(
    "dash_state", db.metadata,
    Column("name", String(64), primary_key=True),
    Column("value", DateTime, nullable=False),
)

#: Finds the events received since the last refresh (the affected kiosk-days).
events_received_index = Index("dash_events_received", ev.c.received_at)

#: ``dash_state`` row written by :mod:`collector.summary.retention`: the raw events before
#: this instant (a local midnight) were deleted, so the summary rows of the days before
#: it are the only record left of them. Refreshes, full ones too, leave those rows alone.
PRUNED_BEFORE = "pruned_before"


def _by_spec(summaries: dict[str, Summary], spec) -> list[tuple[list[str], object]]:
    """Kinds grouped by ``spec(summary)`` (None: left out), in first-seen order."""
    groups: dict = {}
    for kind, summary in summaries.items():
        value = spec(summary)
        if value is not None:
            groups.setdefault(value, []).append(kind)
    return [(kinds, value) for value, kinds in groups.items()]


def _key_expr(summaries: dict[str, Summary]):
    whens = []
    for kinds, (field, alt) in _by_spec(summaries, lambda s: (s.key, s.alt_key) if s.key else None):
        key = json_key(ev.c.data, field)
        if alt is not None:
            key = case((json_is_true(ev.c.data, alt.when) == 1, func.substr(json_key(ev.c.data, alt.field), 1,
                                                                              KEY_LENGTH)), else_=key)
        whens.append((ev.c.kind.in_(kinds), key))
    expr = case(*whens) if whens else literal(None, String)
    return func.coalesce(func.substr(expr, 1, KEY_LENGTH), "")


def _flag(summaries: dict[str, Summary], column: str):
    whens = [(ev.c.kind.in_(kinds), json_is_true(ev.c.data, field))
             for kinds, field in _by_spec(summaries, lambda s: getattr(s, column))]
    return case(*whens, else_=0) if whens else literal(0)


def _value(summaries: dict[str, Summary]):
    whens = []
    for kinds, spec in _by_spec(summaries, lambda s: s.value):
        if isinstance(spec, Number):
            value = json_number(ev.c.data, spec.field)
            whens.append((and_(ev.c.kind.in_(kinds), value >= spec.low, value <= spec.high), value))
        elif isinstance(spec, Ratio):
            part, whole = json_number(ev.c.data, spec.part), json_number(ev.c.data, spec.whole)
            whens.append((and_(ev.c.kind.in_(kinds), whole > 0, part >= 0, part <= whole), part / whole))
    return case(*whens) if whens else literal(None, Float)


def hourly_kinds() -> list[str]:
    return [kind for kind, summary in catalogue().summaries().items() if summary.hourly]


def summary_name(tz: str) -> str:
    """The ``dash_state`` row of the summary of this definition and zone."""
    return f"rolled_up:v{SUMMARY_VERSION}:{catalogue().fingerprint()}:{tz}"


def _daily_select(tz: str, where):
    summaries = catalogue().summaries()
    ldh = local_date_hour(ev.c.time, tz)
    day, key, value = func.substr(ldh, 1, 10), _key_expr(summaries), _value(summaries)
    groups = (day, ev.c.kiosk_id, ev.c.site, ev.c.departement, ev.c.kind, ev.c.exhibit_id,
              ev.c.content_version, key)
    # Ordered so that rows read together (one kind, one exhibit, a run of days) lie together.
    return (select(*groups, func.count(), func.sum(_flag(summaries, "flag1")), func.sum(_flag(summaries, "flag2")),
                   func.sum(value),
                   func.count(value))
            .where(*where).group_by(*groups).order_by(ev.c.kind, ev.c.exhibit_id, day))


def _hourly_select(tz: str, where):
    ldh = local_date_hour(ev.c.time, tz)
    groups = (func.substr(ldh, 1, 10), cast(func.substr(ldh, 12, 2), Integer), ev.c.kiosk_id,
              ev.c.site, ev.c.departement, ev.c.kind)
    return (select(*groups, func.count())
            .where(ev.c.kind.in_(hourly_kinds()), *where).group_by(*groups).order_by(ev.c.kind, groups[0]))


DAILY_COLUMNS = ["day", "kiosk_id", "site", "departement", "kind", "exhibit_id", "content_version", "key",
                 "n", "flag1", "flag2", "value_sum", "value_n"]
HOURLY_COLUMNS = ["day", "hour", "kiosk_id", "site", "departement", "kind", "n"]


def _fill(conn: Connection, tz: str, where) -> None:
    conn.execute(insert(daily).from_select(DAILY_COLUMNS, _daily_select(tz, where)))
    conn.execute(insert(hourly).from_select(HOURLY_COLUMNS, _hourly_select(tz, where)))


def _monthly_select(source: Table, where):
    month = func.substr(source.c.day, 1, 7)
    keys = [c for c in source.columns if c.name != "day" and c.name not in SUMMED]
    sums = [func.sum(c) for c in source.columns if c.name in SUMMED]
    return select(month, *keys, *sums).where(*where).group_by(month, *keys)


SUMMED = {"n", "flag1", "flag2", "value_sum", "value_n"}


def _fill_monthly(conn: Connection, where_daily, where_hourly) -> None:
    for target, source, where in ((monthly, daily, where_daily), (hourly_monthly, hourly, where_hourly)):
        columns = ["month"] + [c.name for c in source.columns if c.name != "day" and c.name not in SUMMED] \
            + [c.name for c in source.columns if c.name in SUMMED]
        conn.execute(insert(target).from_select(columns, _monthly_select(source, where)))


def utc_bounds(day: date, tz: str) -> tuple[datetime, datetime]:
    """The UTC instants (naive) where a local day starts and the next one starts."""
    zone = ZoneInfo(tz)
    start = datetime.combine(day, time(0), zone).astimezone(timezone.utc).replace(tzinfo=None)
    end = datetime.combine(day + timedelta(days=1), time(0), zone).astimezone(timezone.utc).replace(tzinfo=None)
    return start, end


def ensure_schema(engine: Engine) -> None:
    for table in (daily, hourly, monthly, hourly_monthly, state):
        table.create(engine, checkfirst=True)
    events_received_index.create(engine, checkfirst=True)


_local_lock = threading.Lock()
_last_check: dict[int, float] = {}


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PG_LOCK_ID})


@contextmanager
def summary_transaction(engine: Engine):
    """A transaction no refresh runs beside (the retention's deletions take it too)."""
    with _local_lock, engine.begin() as conn:
        _lock(conn)
        yield conn


def mark_pruned_before(conn: Connection, cutoff: datetime) -> None:
    """Record that the raw events before ``cutoff`` are (being) deleted; never moves back."""
    previous = conn.execute(select(state.c.value).where(state.c.name == PRUNED_BEFORE)).scalar()
    if previous is None:
        conn.execute(insert(state).values(name=PRUNED_BEFORE, value=cutoff))
    elif cutoff > previous:
        conn.execute(state.update().where(state.c.name == PRUNED_BEFORE).values(value=cutoff))


def first_kept_day(conn: Connection, tz: str) -> date | None:
    """The first local day whose raw events were all kept (None: nothing was pruned)."""
    cutoff = conn.execute(select(state.c.value).where(state.c.name == PRUNED_BEFORE)).scalar()
    if cutoff is None:
        return None
    local = cutoff.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(tz))
    return local.date() if local.time() == time(0) else local.date() + timedelta(days=1)


def refresh(engine: Engine, tz: str, *, full: bool = False) -> dict:
    """Bring the summary tables up to date; returns what was done (for the CLI and the bench)."""
    with summary_transaction(engine) as conn:
        register_sqlite_functions(conn)
        now = utcnow()
        name = summary_name(tz)
        previous = conn.execute(select(state.c.value).where(state.c.name == name)).scalar()
        kept_from = first_kept_day(conn, tz)
        if full or previous is None:
            # Retention: the days before ``kept_from`` have no raw events left, so a
            # rebuild keeps their rows (as summed then: in the zone and summary version
            # of that time) and recomputes the days from ``kept_from`` on, whole months
            # from the daily rows.
            day_from = kept_from.isoformat() if kept_from else ""
            for table in (daily, hourly):
                conn.execute(delete(table).where(table.c.day >= day_from))
            for table in (monthly, hourly_monthly):
                conn.execute(delete(table).where(table.c.month >= day_from[:7]))
            _fill(conn, tz, [ev.c.time >= utc_bounds(kept_from, tz)[0]] if kept_from else [])
            _fill_monthly(conn, [daily.c.day >= day_from[:7]], [hourly.c.day >= day_from[:7]])
            if conn.dialect.name == "postgresql":
                for table in (daily, hourly, monthly, hourly_monthly):
                    conn.execute(text(f"ANALYZE {table.name}"))  # row estimates for the planner
            done = {"full": True, "kiosk_days": None}
        else:
            done = {"full": False, "kiosk_days": _refresh_since(conn, tz, previous - REFRESH_MARGIN, kept_from)}
        # One summary at a time (the one of this version and zone); the retention mark stays.
        conn.execute(delete(state).where(state.c.name != PRUNED_BEFORE))
        conn.execute(insert(state).values(name=name, value=now))
    return done


def _refresh_since(conn: Connection, tz: str, since: datetime, kept_from: date | None) -> int:
    day_of = func.substr(local_date_hour(ev.c.time, tz), 1, 10)
    touched = conn.execute(select(ev.c.kiosk_id, day_of).where(ev.c.received_at >= since).distinct()).all()
    by_day: dict[str, list[str]] = defaultdict(list)
    for kiosk_id, day in touched:
        # A late event of a pruned day would replace that day's figures by its own alone.
        if day and (kept_from is None or day >= kept_from.isoformat()):
            by_day[day].append(kiosk_id)
    for day, kiosk_ids in sorted(by_day.items()):
        start, end = utc_bounds(date.fromisoformat(day), tz)
        for table in (daily, hourly):
            conn.execute(delete(table).where(table.c.day == day, table.c.kiosk_id.in_(kiosk_ids)))
        _fill(conn, tz, [ev.c.kiosk_id.in_(kiosk_ids), ev.c.time >= start, ev.c.time < end])
    by_month: dict[str, set[str]] = defaultdict(set)
    for day, kiosk_ids in by_day.items():
        by_month[day[:7]].update(kiosk_ids)
    for month, kiosk_ids in sorted(by_month.items()):
        for table in (monthly, hourly_monthly):
            conn.execute(delete(table).where(table.c.month == month, table.c.kiosk_id.in_(kiosk_ids)))
        in_month = [lambda t: t.c.day >= f"{month}-01", lambda t: t.c.day <= f"{month}-31",
                    lambda t: t.c.kiosk_id.in_(kiosk_ids)]
        _fill_monthly(conn, [w(daily) for w in in_month], [w(hourly) for w in in_month])
    return len(touched)


def refresh_if_stale(engine: Engine, tz: str, max_age_s: float) -> None:
    """Refresh unless this process did so less than ``max_age_s`` ago (page loads call this)."""
    import time as _time

    now = _time.monotonic()
    last = _last_check.get(id(engine))
    if last is not None and now - last < max_age_s:
        return
    refresh(engine, tz)
    _last_check[id(engine)] = _time.monotonic()


def forget_refresh(engine: Engine) -> None:
    """The next :func:`refresh_if_stale` refreshes (tests, after a sync)."""
    _last_check.pop(id(engine), None)

