"""``launch.py content …``: make keys and releases, verify, install and go back.

Organisers run ``keygen`` once and ``release`` at each change, on their computer;
``verify`` tells whether a kiosk would accept a file; ``install``, ``rollback`` and
``status`` act on this machine's kiosk (the staff panel offers the same by touch).
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from kiosk.cli import lang_option, pass_state

from .messages import ReleaseError, has_text, human_size, stored_text, text


def _fail(error: ReleaseError, code: int = 1):
    click.echo(error.text(), err=True)
    raise SystemExit(code)


def _manager(state, pubkeys: tuple[Path, ...] = ()):
    from .apply import ReleaseManager
    from contract.releases.keys import PublicKey, TrustedKeys

    manager = ReleaseManager.from_config(state.config)
    if pubkeys:
        manager.trusted = TrustedKeys(PublicKey.read(p) for p in pubkeys)
    return manager


@click.group()
def content() -> None:
    """Content releases: the exhibits/ folder as one signed file for the kiosks."""


@content.command()
@lang_option
@click.argument("keyfile", type=click.Path(dir_okay=False, path_type=Path))
def keygen(keyfile: Path) -> None:
    """Make the organisers' signing key: KEYFILE (private) and KEYFILE.pub (public)."""
    from contract.releases.keys import SigningKey

    key = SigningKey.generate()
    try:
        pub_path = key.write(keyfile)
    except ReleaseError as exc:
        _fail(exc)
    except OSError as exc:
        _fail(ReleaseError("build.cannot_write", path=keyfile, detail=exc.strerror or exc))
    click.echo(text("key.written", path=keyfile, pub_path=pub_path, key_id=key.public.key_id,
                    public=key.public.text))


@content.command()
@lang_option
@click.option("--key", "keyfile", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The private key made by 'content keygen'.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The release file to write (e.g. exposition-2026-11.zip).")
@click.option("--content", "content_dir", type=click.Path(path_type=Path), default=None,
              help="Content folder (default: the config's content_dir).")
@pass_state
def release(state, keyfile: Path, out: Path, content_dir: Path | None) -> None:
    """Check the content, then write it as a signed release (nothing is written on any error)."""
    from .build import ContentErrors, build_release
    from contract.releases.keys import SigningKey

    try:
        key = SigningKey.read(keyfile)
        built = build_release(content_dir if content_dir is not None else state.config.content_path, key, out)
    except ContentErrors as exc:
        for d in exc.content.diagnostics:
            click.echo(str(d), err=True)
        _fail(exc)
    except ReleaseError as exc:
        _fail(exc)
    m = built.manifest
    for d in built.content.warnings:
        click.echo(str(d))
    click.echo(text("build.written", version=m.content_version, path=out, files=len(m.files),
                    size=human_size(built.size), exhibits=m.check.exhibits, warnings=m.check.warnings,
                    release_id=m.release_id, key_id=m.key_id))


def _verdict_text(verdict) -> str:
    m = verdict.manifest
    if verdict.error is not None:
        return text("verify.refused", reason=verdict.error)
    if verdict.already_shown:
        return text("verify.already_shown", version=m.content_version, release_id=m.release_id)
    return text("verify.accepted", version=m.content_version, release_id=m.release_id,
                created_at=m.created_text, key_id=m.key_id, exhibits=m.check.exhibits, warnings=verdict.warnings)


@content.command()
@lang_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--pubkey", "pubkeys", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Trust this public key (KEYFILE.pub) instead of the config's; repeat for several.")
@click.option("--rollback", is_flag=True, help="Accept a release older than the one shown (going back on purpose).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable answer.")
@pass_state
def verify(state, file: Path, pubkeys: tuple[Path, ...], rollback: bool, as_json: bool) -> None:
    """Would a kiosk trusting these keys accept FILE? Exit 0 only if it would."""
    try:
        manager = _manager(state, pubkeys)
    except ReleaseError as exc:
        _fail(exc, 2)
    verdict = manager.evaluate(file, allow_older=rollback)
    if as_json:
        click.echo(json.dumps(verdict.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(_verdict_text(verdict), err=not verdict.accepted)
    raise SystemExit(0 if verdict.accepted else 1)


@content.command()
@lang_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rollback", is_flag=True,
              help="Install even if older than the one shown, or taken off after a failure (on purpose).")
@pass_state
def install(state, file: Path, rollback: bool) -> None:
    """Install FILE on this kiosk: shown at its next attract screen (or when it starts)."""
    manager = _manager(state)
    try:
        m = manager.install(file, allow_older=rollback)
    except ReleaseError as exc:
        _fail(ReleaseError("verify.refused", reason=exc))
    if manager.state().current == m.release_id:
        click.echo(text("verify.already_shown", version=m.content_version, release_id=m.release_id))
    else:
        click.echo(text("install.ready", version=m.content_version, release_id=m.release_id))


@content.command()
@lang_option
@pass_state
def rollback(state) -> None:
    """Go back to the previous release (or to the config's content folder)."""
    manager = _manager(state)
    try:
        target = manager.rollback()
    except ReleaseError as exc:
        _fail(exc)
    click.echo(text("rollback.done", target=_describe(manager, target)))


def _describe(manager, release_id: str | None) -> str:
    m = manager.store.manifest(release_id)
    if m is None:
        return text("status.folder", path=manager.fallback_content)
    return text("status.release", version=m.content_version, release_id=m.release_id)


@content.command()
@lang_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable answer.")
@pass_state
def status(state, as_json: bool) -> None:
    """Which content this kiosk shows, the one waiting, the last failure."""
    manager = _manager(state)
    report = manager.status()
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    s = manager.state()
    click.echo(text("status.on_trial" if s.trial else "status.shown", what=_describe(manager, s.current)))
    if s.ready:
        click.echo(text("status.ready", what=_describe(manager, s.ready)))
    if s.current:
        click.echo(text("status.previous", what=_describe(manager, s.previous)))
    if s.history:
        last = s.history[-1]
        action = last.get("action")
        click.echo(text("status.last_change", at=last.get("at"),
                        action=text(f"action.{action}") if has_text(f"action.{action}") else action,
                        version=last.get("version") or "", reason=stored_text(last.get("reason"))))
    if s.last_failure and s.last_failure != (s.history[-1] if s.history else None):
        f = s.last_failure
        click.echo(text("status.last_failure", at=f.get("at"), reason=stored_text(f.get("reason"))))
