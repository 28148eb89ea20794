"""``launch.py collector publish | trust-key | untrust-key``: content releases on the
collector (``collector.cli`` adds :data:`RELEASE_COMMANDS` to its group). Texts are
French unless the system locale or ``--lang`` says English."""
from __future__ import annotations

from pathlib import Path

import click

from collector.options import db_option

LANG_OPTION = click.option("--lang", type=click.Choice(["fr", "en"]), default=None,
                           help="Language of the messages (default: the system's).")


def _lang(lang: str | None) -> str:
    from .texts import language_from_env

    return lang or language_from_env()


@click.command("publish")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--to", "targets", multiple=True, metavar="all|DEPT|SITE|KIOSK",
              help="Who gets it: all, a département (31), a site, a kiosk id; kiosk:ID, site:NAME or dept:NN "
                   "when a name is ambiguous. Repeat for several. None: stored, assigned later.")
@LANG_OPTION
@db_option
def publish_cmd(engine, file: Path, targets: tuple[str, ...], lang: str | None) -> None:
    """Check a release file (signed with a key of 'trust-key'), store it, and assign it."""
    from contract.releases.messages import ReleaseError, human_size

    from .publish import PublishError, publish
    from .tables import NoReleaseFolder, ensure_schema
    from .targets import TargetError, parse
    from .texts import error_text, tr

    lang = _lang(lang)
    ensure_schema(engine)
    words = [w for t in targets for w in t.split(",")]
    try:
        with engine.connect() as conn:
            chosen = parse(conn, words)
        with open(file, "rb") as source:
            done = publish(engine, source, file_name=file.name, by="cli", targets=chosen)
    except TargetError as exc:
        raise click.ClickException(exc.text(lang))
    except ReleaseError as exc:
        raise click.ClickException(tr("refused", lang, reason=error_text(exc, lang)))
    except PublishError as exc:
        raise click.ClickException(tr(exc.key, lang, **exc.values))
    except NoReleaseFolder as exc:
        raise click.ClickException(tr("no_folder", lang, detail=str(exc)))
    except OSError as exc:
        raise click.ClickException(f"{file}: {exc.strerror or exc}")
    m = done.manifest
    click.echo(tr("published" if done.new else "already_published", lang, version=m.content_version,
                  release_id=m.release_id, files=len(m.files), size=human_size(done.size),
                  exhibits=m.check.exhibits, key_id=m.key_id))
    if done.assigned:
        click.echo(tr("assigned", lang, targets=", ".join(t.describe(lang) for t in done.assigned)))
    else:
        click.echo(tr("not_assigned", lang))


@click.command("trust-key")
@click.argument("public_key", metavar="KEYFILE.pub|ed25519:…")
@LANG_OPTION
@db_option
def trust_key_cmd(engine, public_key: str, lang: str | None) -> None:
    """Accept releases signed with this organisers' key (made by 'content keygen')."""
    from contract.releases.messages import ReleaseError

    from . import keys
    from .tables import ensure_schema
    from .texts import error_text, tr

    lang = _lang(lang)
    ensure_schema(engine)
    try:
        key = keys.read_public_key(public_key)
    except ReleaseError as exc:
        raise click.ClickException(error_text(exc, lang))
    added = keys.trust(engine, key)
    click.echo(tr("key_trusted" if added else "key_already", lang, key_id=key.key_id))


@click.command("untrust-key")
@click.argument("key_id")
@LANG_OPTION
@db_option
def untrust_key_cmd(engine, key_id: str, lang: str | None) -> None:
    """Stop accepting releases signed with this key (its id, as 'trust-key' printed it)."""
    from . import keys
    from .tables import ensure_schema
    from .texts import tr

    lang = _lang(lang)
    ensure_schema(engine)
    if not keys.untrust(engine, key_id.strip()):
        raise click.ClickException(tr("key_unknown", lang, key_id=key_id))
    click.echo(tr("key_removed", lang, key_id=key_id))


RELEASE_COMMANDS = (publish_cmd, trust_key_cmd, untrust_key_cmd)
