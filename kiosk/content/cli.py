"""``launch.py check``: every content mistake at once, with file, line and field.

Besides the schema, it applies the editorial rules (:mod:`kiosk.content.editorial`),
reading the kiosk's config for what its privacy settings keep."""
from __future__ import annotations

import json
from pathlib import Path

import click

from kiosk.cli import lang_option, pass_state
from kiosk.content.messages import message, one_line
from kiosk.messages import current_language


def exhibit_summary(loaded) -> dict:
    definition = loaded.definition
    summary = {
        "id": definition.id,
        "type": definition.type,
        "file": one_line(str(loaded.path)),
        "version": loaded.version,
        "enabled": definition.enabled,
        "languages": sorted(definition.title),
    }
    counts = getattr(definition, "item_counts", None)
    summary["items"] = counts() if callable(counts) else {}
    return summary


def _privacy_settings(state, required: bool):
    """The kiosk's privacy settings (what texts may promise); the defaults when checking
    a folder with --content and the config cannot be read."""
    try:
        return state.config.privacy
    except click.exceptions.Exit:
        if required:
            raise
        return None


@click.command()
@click.option("--content", "content_dir", type=click.Path(path_type=Path), default=None,
              help="Content folder to check (default: the config's content_dir).")
@click.option("--json", "as_json", is_flag=True,
              help="Machine-readable report (each message with its key and values beside its text).")
@lang_option
@pass_state
def check(state, content_dir: Path | None, as_json: bool) -> None:
    """Check the exhibition content (exit 0 when there is no error)."""
    from kiosk.content.editorial import editorial_diagnostics
    from kiosk.content.loader import load_content
    from kiosk.privacy import PLACEHOLDERS, free_text_settings

    privacy = _privacy_settings(state, required=content_dir is None)
    if content_dir is None:
        content_dir = state.config.content_path
    content = load_content(content_dir)
    content.diagnostics += editorial_diagnostics(
        content, text_settings=free_text_settings(privacy), placeholders=PLACEHOLDERS
    )
    exhibits = content.exhibits + content.disabled
    if as_json:
        click.echo(json.dumps({
            "ok": not content.errors,
            "language": current_language(),
            "content_version": one_line(content.version),
            "errors": [d.to_json() for d in content.errors],
            "warnings": [d.to_json() for d in content.warnings],
            "skipped_files": content.skipped_files,
            "exhibits": [exhibit_summary(e) for e in exhibits],
        }, ensure_ascii=False, indent=2))
    else:
        for d in content.diagnostics:
            click.echo(str(d), err=d.severity == "error")
        click.echo(message("check_summary", exhibits=len(exhibits), skipped=len(content.skipped_files),
                           errors=len(content.errors), warnings=len(content.warnings),
                           version=content.version).text())
    raise SystemExit(1 if content.errors else 0)
