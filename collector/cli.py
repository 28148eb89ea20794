"""``launch.py collector …``: run the collector and manage it. Every subcommand takes
``--db URL`` (default: ``sqlite:///DATA_DIR/collector.sqlite3``; also KIOSK_COLLECTOR_DB).
The dashboard's commands (accounts, summary refresh) come from ``collector.dashboard.cli``."""
from __future__ import annotations

import json
import os

import click

from collector.dashboard.cli import DASHBOARD_COMMANDS
from collector.options import db_option
from collector.releases.cli import RELEASE_COMMANDS

DEFAULT_PORT = 8750


@click.group()
def collector() -> None:
    """The statistics collector (runs on a server, receives the kiosks' events)."""


@collector.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: all).")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int)
@db_option
def serve(engine, host: str, port: int) -> None:
    """Run the collector's HTTP service (API description at /docs and /openapi.json)."""
    import uvicorn

    from collector.app import create_app
    from collector.dashboard.security import DEFAULT_TRUSTED_PROXIES, TRUSTED_PROXIES_ENV
    from collector.summary import retention

    try:
        months = retention.months_from_env()
    except ValueError as exc:
        raise click.ClickException(str(exc))
    app = create_app(engine)
    if months:  # create_app made the summary tables: the prune can summarise first
        retention.start_daily(engine, months, _dashboard_tz())
    click.echo(f"collector: listening on http://{host}:{port}/ (database {engine.url.render_as_string()})"
               + (f"; raw events kept {months} months" if months else "; raw events kept forever"))
    # X-Forwarded-Proto/-For are believed from these addresses only (an HTTPS proxy).
    proxies = os.environ.get(TRUSTED_PROXIES_ENV, DEFAULT_TRUSTED_PROXIES)
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True, forwarded_allow_ips=proxies)


def _dashboard_tz() -> str:
    from collector.dashboard.settings import Settings, SettingsError

    try:
        return Settings.from_env().timezone
    except SettingsError as exc:
        raise click.ClickException(str(exc))


@collector.command()
@click.option("--months", type=click.IntRange(min=1), default=None,
              help="Keep this many calendar months (default: KIOSK_COLLECTOR_RETENTION_MONTHS, or 25).")
@db_option
def prune(engine, months: int | None) -> None:
    """Delete the raw events older than the retention age; the dashboard keeps their figures."""
    from collector.summary import retention

    if months is None:
        try:
            months = retention.months_from_env()
        except ValueError as exc:
            raise click.ClickException(str(exc))
        if not months:
            raise click.ClickException(f"{retention.MONTHS_ENV}=0: pruning is off (--months N prunes anyway)")
    click.echo(retention.prune(engine, months=months, tz=_dashboard_tz()).line())


@collector.command("add-kiosk")
@click.argument("kiosk_id")
@click.option("--rotate", is_flag=True, help="The kiosk exists: give it a new token (the old one stops working).")
@db_option
def add_kiosk_cmd(engine, kiosk_id: str, rotate: bool) -> None:
    """Register a kiosk and print its token (put it in the kiosk's config, collector.token)."""
    from pydantic import TypeAdapter, ValidationError

    from collector.kiosks import KioskExists, add_kiosk
    from contract.wire import Id

    try:
        TypeAdapter(Id).validate_python(kiosk_id)
    except ValidationError:
        raise click.ClickException(f"{kiosk_id!r} is not a kiosk id (letters, digits, . _ -; up to 64)")
    try:
        token = add_kiosk(engine, kiosk_id, rotate=rotate)
    except KioskExists:
        raise click.ClickException(f"kiosk {kiosk_id} already exists (--rotate gives it a new token)")
    click.echo(token)


@collector.command("import")
@click.argument("bundle", type=click.Path(exists=True))
@db_option
def import_cmd(engine, bundle: str) -> None:
    """Import a USB bundle, or every bundle in a folder, each on its own; importing twice changes nothing.

    One line per bundle imported, at most 10 lines of refused files, then a summary;
    exits 1 if any file was refused."""
    from collector.bundles import MAX_ERROR_LINES, bundle_files, import_all, quoted
    from contract.bundles import BundleError

    try:
        files = bundle_files(bundle)
    except BundleError as exc:
        raise click.ClickException(f"{quoted(bundle)}: {exc}")
    if not files:
        raise click.ClickException(f"{quoted(bundle)}: no statistics bundle here (files named *.kstats.gz)")

    def imported(path, result) -> None:
        click.echo(f"{quoted(path)}: {len(result.accepted)} new events, {len(result.known)} already known")

    def refused(path, message: str) -> None:
        if len(report_refused) < MAX_ERROR_LINES:
            click.echo(f"error: {quoted(path)}: {message}", err=True)
        report_refused.append(path)

    report_refused: list = []
    report = import_all(engine, files, imported, refused)
    if len(report.refused) > MAX_ERROR_LINES:
        click.echo(f"error: … and {len(report.refused) - MAX_ERROR_LINES} more files refused", err=True)
    click.echo(report.summary())
    if report.refused:
        raise click.exceptions.Exit(1)


@collector.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@db_option
def totals(engine, as_json: bool) -> None:
    """Counts of events, visits and kiosks."""
    from collector.totals import totals as compute

    figures = compute(engine)
    if as_json:
        click.echo(json.dumps(figures))
        return
    click.echo(f"events: {figures['events']}\nvisits: {figures['visits']}\n"
               f"kiosks: {figures['kiosks']} ({figures['kiosks_reporting']} with events)")
    if figures["first_event"]:
        click.echo(f"from {figures['first_event']} to {figures['last_event']}")


for _command in DASHBOARD_COMMANDS + RELEASE_COMMANDS:
    collector.add_command(_command)
