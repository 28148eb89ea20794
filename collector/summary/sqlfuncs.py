"""SQL expressions the dashboard needs that SQLite and PostgreSQL spell differently.

Reading a field of an event's JSON ``data`` checks its JSON type first: a kiosk with a
bug may send ``"duration_s": "abc"``, and a failing cast on PostgreSQL would stop every
summary refresh. A field of the wrong type simply counts as missing.
"""
from __future__ import annotations

import functools
import re
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import Float, Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

_KEY = re.compile(r"^[a-z_][a-z0-9_]*$")


class _JsonField(FunctionElement):
    # The field name is an attribute, not a bound parameter: no statement caching, or two
    # fields would share one cached SQL string. These statements are few and small.
    inherit_cache = False

    def __init__(self, column: ColumnElement, key: str):
        if not _KEY.match(key):  # keys are constants of this package, never user input
            raise ValueError(f"not a JSON field name: {key!r}")
        self.key = key
        super().__init__(column)

    def _column(self, compiler, **kw) -> str:
        return compiler.process(list(self.clauses)[0], **kw)


class json_number(_JsonField):
    """The field as a float when it is a JSON number, else NULL."""
    type = Float()
    name = "json_number"
    inherit_cache = False


class json_text(_JsonField):
    """The field when it is a JSON string, else NULL."""
    type = String()
    name = "json_text"
    inherit_cache = False


class json_key(_JsonField):
    """The field as text when it is a JSON string or number (a page number), else NULL."""
    type = String()
    name = "json_key"
    inherit_cache = False


class json_is_true(_JsonField):
    """1 when the field is JSON ``true``, else 0 (ready to be summed)."""
    type = Integer()
    name = "json_is_true"
    inherit_cache = False


@compiles(json_number, "sqlite")
def _number_sqlite(element, compiler, **kw):
    col, path = element._column(compiler, **kw), f"'$.{element.key}'"
    return f"(CASE WHEN json_type({col}, {path}) IN ('integer', 'real') THEN json_extract({col}, {path}) END)"


@compiles(json_number, "postgresql")
def _number_pg(element, compiler, **kw):
    col, key = element._column(compiler, **kw), f"'{element.key}'"
    return f"(CASE WHEN jsonb_typeof({col} -> {key}) = 'number' THEN ({col} ->> {key})::double precision END)"


@compiles(json_text, "sqlite")
def _text_sqlite(element, compiler, **kw):
    col, path = element._column(compiler, **kw), f"'$.{element.key}'"
    return f"(CASE WHEN json_type({col}, {path}) = 'text' THEN json_extract({col}, {path}) END)"


@compiles(json_text, "postgresql")
def _text_pg(element, compiler, **kw):
    col, key = element._column(compiler, **kw), f"'{element.key}'"
    return f"(CASE WHEN jsonb_typeof({col} -> {key}) = 'string' THEN {col} ->> {key} END)"


@compiles(json_key, "sqlite")
def _key_sqlite(element, compiler, **kw):
    col, path = element._column(compiler, **kw), f"'$.{element.key}'"
    return (f"(CASE json_type({col}, {path}) WHEN 'text' THEN json_extract({col}, {path}) "
            f"WHEN 'integer' THEN CAST(json_extract({col}, {path}) AS TEXT) "
            f"WHEN 'real' THEN CAST(json_extract({col}, {path}) AS TEXT) END)")


@compiles(json_key, "postgresql")
def _key_pg(element, compiler, **kw):
    col, key = element._column(compiler, **kw), f"'{element.key}'"
    return f"(CASE WHEN jsonb_typeof({col} -> {key}) IN ('string', 'number') THEN {col} ->> {key} END)"


@compiles(json_is_true, "sqlite")
def _true_sqlite(element, compiler, **kw):
    col, path = element._column(compiler, **kw), f"'$.{element.key}'"
    return f"(CASE WHEN json_type({col}, {path}) = 'true' THEN 1 ELSE 0 END)"


@compiles(json_is_true, "postgresql")
def _true_pg(element, compiler, **kw):
    col, key = element._column(compiler, **kw), f"'{element.key}'"
    return f"(CASE WHEN ({col} -> {key}) = 'true'::jsonb THEN 1 ELSE 0 END)"


class local_date_hour(FunctionElement):
    """The wall-clock hour of a UTC timestamp in a time zone, as text 'YYYY-MM-DD HH'.

    PostgreSQL converts with its own time zone database; SQLite has none, so the
    dashboard registers a Python function (:func:`register_sqlite_functions`) on the
    connection before using it.
    """
    type = String()
    name = "local_date_hour"
    inherit_cache = False

    def __init__(self, column: ColumnElement, tz: str):
        if not re.match(r"^[A-Za-z0-9_+\-/]+$", tz):
            raise ValueError(f"not a time zone name: {tz!r}")
        self.tz = tz
        super().__init__(column)


@compiles(local_date_hour, "sqlite")
def _ldh_sqlite(element, compiler, **kw):
    col = compiler.process(list(element.clauses)[0], **kw)
    return f"dash_local_date_hour({col}, '{element.tz}')"


@compiles(local_date_hour, "postgresql")
def _ldh_pg(element, compiler, **kw):
    col = compiler.process(list(element.clauses)[0], **kw)
    return f"to_char(({col} AT TIME ZONE 'UTC') AT TIME ZONE '{element.tz}', 'YYYY-MM-DD HH24')"


@functools.lru_cache(maxsize=65536)
def _local_hour(utc_hour: str, tz_name: str) -> str | None:
    # Offsets change only on whole hours (in the zones of France): one answer per UTC hour.
    try:
        when = datetime.fromisoformat(utc_hour + ":00").replace(tzinfo=timezone.utc)
    except ValueError:
        return None
    return when.astimezone(ZoneInfo(tz_name)).strftime("%Y-%m-%d %H")


def _sqlite_local_date_hour(value, tz_name):
    return None if value is None else _local_hour(str(value)[:13], tz_name)


def register_sqlite_functions(conn) -> None:
    """Make :class:`local_date_hour` work on this SQLAlchemy connection (SQLite only)."""
    if conn.dialect.name == "sqlite":
        conn.connection.driver_connection.create_function(
            "dash_local_date_hour", 2, _sqlite_local_date_hour, deterministic=True)
