"""``launch.py stats …`` and ``launch.py sync``: the kiosk's side of the statistics."""
from __future__ import annotations

import json
import random
import time
from pathlib import Path

import click

from kiosk.cli import pass_state


def _open(state):
    from kiosk.stats import open_store

    try:
        return open_store(state.config)
    except Exception as exc:  # noqa: BLE001 - unreadable file, permissions: one clear line
        raise click.ClickException(f"cannot open the statistics store in {state.config.data_path}: {exc}")


@click.group()
def stats() -> None:
    """The kiosk's local statistics (durable event log)."""


@stats.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_state
def status(state, as_json: bool) -> None:
    """Kiosk id, events recorded and pending, last successful sync."""
    store = _open(state)
    try:
        info = store.status()
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(info))
        return
    click.echo(f"kiosk: {info['kiosk_id']}\nrecorded: {info['recorded']}\npending: {info['pending']}\n"
               f"last sync: {info['last_sync'] or 'never'}\n"
               f"disk free: {info['disk_free_mb']:.0f} MB{' (LOW)' if info['disk_low'] else ''}")
    if info["invalid"]:
        click.echo(f"events dropped, not matching the event catalogue: {info['invalid']} "
                   f"(last: {info['last_invalid']})")
    if info["rejected"]:
        click.echo(f"refused by the collector (kept here): {info['rejected']}")
    if info["last_error"]:
        click.echo(f"last error: {info['last_error']}")


@stats.command()
@click.option("--to", "folder", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the bundle to (e.g. a USB stick).")
@pass_state
def export(state, folder: Path) -> None:
    """Write the pending events to a bundle signed with the kiosk's token (for 'collector import')."""
    from kiosk.stats.export import apply_acknowledgements, export_bundles

    token = state.config.collector.token
    if not token:
        raise click.ClickException("no kiosk token in the config (collector.token): the bundle cannot be signed")
    store = _open(state)
    try:
        confirmed = apply_acknowledgements(store, folder, token)
        if confirmed:
            click.echo(f"{confirmed} events confirmed by the collector's acknowledgements on {folder}")
        written = export_bundles(store, folder, token)
    except OSError as exc:
        raise click.ClickException(f"cannot write to {folder}: {exc}")
    finally:
        store.close()
    if not written:
        click.echo("nothing pending: no bundle written")
    for path, count in written:
        click.echo(f"{path}: {count} events (they stay pending on the kiosk until a sync confirms them)")


@stats.command()
@click.option("--visits", type=click.IntRange(min=1), required=True, help="How many visits to make up.")
@click.option("--days", type=click.FloatRange(min=0.01), default=7, show_default=True,
              help="Spread the visits over this many past days.")
@click.option("--seed", type=int, default=None, help="Same seed, same visits.")
@pass_state
def simulate(state, visits: int, days: float, seed: int | None) -> None:
    """Fill the local store with realistic synthetic visits (demos, load tests)."""
    from kiosk.stats.simulate import content_from, simulate_visits

    store = _open(state)
    try:
        now = time.time()
        made = simulate_visits(store, visits, start=now - days * 86400, end=now, rng=random.Random(seed),
                               content=content_from(state.config))
    finally:
        store.close()
    click.echo(f"recorded {made} events of {visits} simulated visits")


@click.command()
@click.option("--once", is_flag=True, help="Send what is pending now, then stop.")
@click.option("--collector", "url", default=None, metavar="URL", help="Collector URL (overrides the config).")
@click.option("--token", default=None, help="This kiosk's token (overrides the config).")
@pass_state
def sync(state, once: bool, url: str | None, token: str | None) -> None:
    """Send the pending statistics to the collector (by hand; the kiosk does it in the background)."""
    from kiosk.stats.sync import SyncWorker

    store = _open(state)
    worker = SyncWorker(store, state.config, url=url, token=token, releases=_releases(state))
    if not worker.url:
        store.close()
        raise click.ClickException("no collector URL: set collector.url in the config or pass --collector URL")
    try:
        if once:
            result = worker.sync_once()
            click.echo(result.summary())
            if worker.releases is not None and worker.releases.busy:
                worker.releases.wait()  # the release assigned to this kiosk, downloaded and installed
            report = worker.releases.report() if worker.releases is not None else None
            if report:
                click.echo(_release_line(report))
            if not result.ok:
                raise click.exceptions.Exit(1)
            return
        click.echo(f"syncing to {worker.url} every {worker.interval_s:g} s (Ctrl-C to stop)")
        worker.run_forever()
    except KeyboardInterrupt:
        pass
    finally:
        worker.stop()
        store.close()


def _releases(state):
    """This kiosk's releases, so that a sync also fetches the one assigned to it."""
    try:
        from kiosk.releases.apply import ReleaseManager

        return ReleaseManager.from_config(state.config)
    except Exception:  # noqa: BLE001 - the statistics are sent anyway
        return None


def _release_line(report: dict) -> str:
    error = (report.get("error") or {}).get("text")
    line = f"content release {report.get('version')} ({report.get('release_id')}): {report.get('state')}"
    return f"{line}: {error}" if error else line
