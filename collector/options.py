"""What every ``launch.py collector …`` command shares: ``--db URL`` (default
``sqlite:///DATA_DIR/collector.sqlite3``; also KIOSK_COLLECTOR_DB)."""
from __future__ import annotations

import functools

import click


def db_option(func):
    @click.option("--db", "db_url", envvar="KIOSK_COLLECTOR_DB", default=None, metavar="URL",
                  help="Database URL: sqlite:///path or postgresql://user:pw@host/db (default: under the data dir).")
    @click.pass_obj
    @functools.wraps(func)
    def wrapper(state, db_url, **kwargs):
        from sqlalchemy.exc import SQLAlchemyError

        from collector.db import connect, default_url

        # ``state`` is the launcher's (kiosk.cli.CliState): its data folder comes from
        # --data-dir or the config, and is read only when no --db was given.
        url = db_url or default_url(state.config.data_path)
        try:
            engine = connect(url)
        except (SQLAlchemyError, ImportError, ValueError, OSError) as exc:
            raise click.ClickException(f"cannot open the collector database {url}: {one_line(exc)}")
        try:
            return func(engine, **kwargs)
        except SQLAlchemyError as exc:
            raise click.ClickException(f"database error: {one_line(exc)}")
        finally:
            engine.dispose()

    return wrapper


def one_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
