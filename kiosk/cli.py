"""``launch.py``: the single entry point, one subcommand per task.

Subcommands live beside the code they drive and are imported only when called, so
``python launch.py`` (the kiosk) does not pay for the collector's web stack. Adding a
command is one line in :data:`COMMANDS`.

The organisers' commands speak French or English (:mod:`kiosk.messages`): ``--lang``
right after ``launch.py`` or after the command (:func:`lang_option`), else the system
locale, else French.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import click

from kiosk.messages import LANGUAGES, language_from_environment, use_language

#: name -> "module:attribute" of a click command or group
COMMANDS: dict[str, str] = {
    "run": "kiosk.ui.cli:run",
    "check": "kiosk.content.cli:check",
    "ask": "kiosk.exhibits.chatbot.cli:ask",
    "nlu-eval": "kiosk.exhibits.chatbot.cli:nlu_eval",
    "staff-pin": "kiosk.ui.cli:staff_pin",
    "voice": "kiosk.voice.cli:voice",
    "stats": "kiosk.stats.cli:stats",
    "sync": "kiosk.stats.cli:sync",
    "collector": "collector.cli:collector",
    "docs": "kiosk.docs_gen:docs",
    "content": "kiosk.releases.cli:content",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, _, attr = target.partition(":")
        return getattr(importlib.import_module(module), attr)


@dataclass
class CliState:
    """What the global options say; the config is read only by commands that need it."""

    config_path: Path | None
    data_dir: str | None

    @cached_property
    def config(self):
        from kiosk.config import ConfigError, load_config

        try:
            return load_config(self.config_path, data_dir=self.data_dir)
        except ConfigError as exc:
            for d in exc.diagnostics:
                click.echo(str(d), err=True)
            raise click.exceptions.Exit(2)


pass_state = click.make_pass_decorator(CliState)

LANG_HELP = "Language of the messages: fr or en (default: the system's locale, else French)."


def _set_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        use_language(value)


def lang_option(command):
    """``--lang fr|en`` on an organisers' command (as after ``launch.py``): its messages'
    language."""
    return click.option("--lang", type=click.Choice(LANGUAGES), default=None, expose_value=False,
                        callback=_set_language, help=LANG_HELP)(command)


@click.group(cls=LazyGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Kiosk configuration file (default: config/kiosk.yaml).")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None,
              help="Where this kiosk keeps its state and statistics (overrides the config).")
@click.option("--windowed", is_flag=True, help="Development mode: a normal window instead of kiosk mode.")
@click.option("--lang", "language", type=click.Choice(LANGUAGES), default=None, help=LANG_HELP)
@click.pass_context
def main(ctx: click.Context, config_path: Path | None, data_dir: str | None, windowed: bool,
         language: str | None) -> None:
    """Urssaf AI exhibition kiosk. Without a command: run the kiosk."""
    use_language(language or language_from_environment())
    ctx.obj = CliState(config_path, data_dir)
    if ctx.invoked_subcommand is None:
        ctx.invoke(main.get_command(ctx, "run"), windowed=windowed)
