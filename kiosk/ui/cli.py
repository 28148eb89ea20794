"""``launch.py`` (run the kiosk) and ``launch.py staff-pin``."""
from __future__ import annotations

import logging
import os

import click

from kiosk.cli import pass_state

log = logging.getLogger("kiosk")


def configure_kivy(config, *, windowed: bool) -> bool:
    """Kivy reads its settings when its window module is first imported: set them first.

    Returns True in kiosk mode.
    """
    kiosk_mode = config.fullscreen and not windowed
    os.environ.setdefault("KIVY_HOME", str(config.data_path / "kivy"))
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    from kivy.config import Config

    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "log_enable", "0")  # logs go to stderr (journald), not to the SD card
    Config.set("input", "mouse", "mouse,multitouch_on_demand")  # no red dots on right-click
    from kiosk.ui import display

    display.keep_signals_for_python()
    display.keep_usable_video_driver()
    Config.set("graphics", "rotation", str(config.screen.rotation))
    # No multisampling: Kivy's default (2 samples) makes each frame cost about four times
    # more with software OpenGL (77 ms instead of 20 ms at 1280x800); text is unaffected.
    Config.set("graphics", "multisamples", "0")
    if kiosk_mode:
        display.configure_fullscreen(Config.set, display.desktop_size())
    else:
        Config.set("graphics", "fullscreen", "0")
        Config.set("graphics", "width", "1280")
        Config.set("graphics", "height", "800")
    return kiosk_mode


@click.command()
@click.option("--windowed", is_flag=True, help="Development mode: a window, the mouse, ESC works.")
@pass_state
def run(state, windowed: bool) -> None:
    """Run the kiosk."""
    config = state.config
    config.data_path.mkdir(parents=True, exist_ok=True)
    kiosk_mode = configure_kivy(config, windowed=windowed)
    from kiosk.runtime import KioskRuntime

    KioskRuntime(config, kiosk_mode=kiosk_mode).run()


@click.command("staff-pin")
@click.option("--pin", prompt="New staff PIN (4 to 12 digits)", hide_input=True, confirmation_prompt=True)
@pass_state
def staff_pin(state, pin: str) -> None:
    """Set the staff PIN: its hash is written to the config file."""
    from kiosk.config import DEFAULT_CONFIG, ConfigError, hash_pin
    from kiosk.config_edit import set_config_value

    if not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise click.UsageError("the PIN must be 4 to 12 digits")
    path = state.config_path or DEFAULT_CONFIG
    try:
        set_config_value(path, ("staff_pin_hash",), hash_pin(pin))
    except ConfigError as exc:
        for d in exc.diagnostics:
            click.echo(str(d), err=True)
        raise click.exceptions.Exit(2)
    click.echo(f"staff PIN changed in {path}")
