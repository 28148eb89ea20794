"""``launch.py collector add-user | remove-user | refresh-dashboard``: the dashboard's
commands (``collector.cli`` adds :data:`DASHBOARD_COMMANDS` to its group)."""
from __future__ import annotations

import sys
import time

import click

from collector.options import db_option


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.command("add-user")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@click.option("--reset", is_flag=True, help="The user exists: set a new password (ends their sessions).")
@db_option
def add_user_cmd(engine, username: str, password_stdin: bool, reset: bool) -> None:
    """Create a coordinator's account for the dashboard (the password is stored hashed)."""
    from collector.dashboard.users import UserError, add_user

    password = _read_password(password_stdin)
    try:
        add_user(engine, username, password, replace=reset)
    except UserError as exc:
        raise click.ClickException(str(exc))
    click.echo(f"user {username} {'updated' if reset else 'created'}: log in at /dashboard/")


@click.command("remove-user")
@click.argument("username")
@db_option
def remove_user_cmd(engine, username: str) -> None:
    """Delete a coordinator's account and end their sessions."""
    from collector.dashboard.users import remove_user

    if not remove_user(engine, username):
        raise click.ClickException(f"no user {username}")
    click.echo(f"user {username} removed")


@click.command("refresh-dashboard")
@click.option("--full", is_flag=True, help="Rebuild the summary tables from all events.")
@db_option
def refresh_cmd(engine, full: bool) -> None:
    """Bring the dashboard's summary tables up to date (pages also do it on their own)."""
    from collector.dashboard.settings import Settings, SettingsError
    from collector.summary import rollup

    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        raise click.ClickException(str(exc))
    rollup.ensure_schema(engine)
    started = time.perf_counter()
    done = rollup.refresh(engine, settings.timezone, full=full)
    what = "rebuilt from all events" if done["full"] else f"{done['kiosk_days']} kiosk-days recomputed"
    click.echo(f"dashboard summary {what} in {time.perf_counter() - started:.1f} s")


DASHBOARD_COMMANDS = (add_user_cmd, remove_user_cmd, refresh_cmd)
