"""The display the kiosk fills, read before Kivy creates its window.

Kivy creates its SDL window at the config's size (800x600 by default) and only then
asks for fullscreen. A window manager (X11 desktop, Wayland compositor) resizes it to
the screen; a bare X server (a kiosk started from ``xinit``, Xvfb) has none to honour
the request, so the window stays at 800x600 off-centre: cut off on a 800x480 screen,
a small rectangle on a 1920x1080 one. Creating the window at the display's own size,
at (0, 0), borderless, is right with or without a window manager; on KMS/DRM (a Pi
without a desktop) SDL gives the whole display in any case.

The size comes from SDL itself (the library Kivy is linked to), so it is the same
display Kivy will open, whatever the video driver (x11, wayland, kmsdrm).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import glob
import logging
import os
from pathlib import Path

log = logging.getLogger("kiosk")

_SDL_INIT_VIDEO = 0x20


class _DisplayMode(ctypes.Structure):
    _fields_ = [("format", ctypes.c_uint32), ("w", ctypes.c_int), ("h", ctypes.c_int),
                ("refresh_rate", ctypes.c_int), ("driverdata", ctypes.c_void_p)]


def _sdl_library() -> ctypes.CDLL | None:
    """Kivy's own SDL2 (bundled in its wheel), else the system's."""
    import kivy

    bundled = sorted(glob.glob(str(Path(kivy.__file__).resolve().parent.parent / "Kivy.libs" / "libSDL2-2*.so*")))
    name = bundled[0] if bundled else ctypes.util.find_library("SDL2")
    if not name:
        return None
    try:
        return ctypes.CDLL(name)
    except OSError:
        return None


def desktop_size(display: int = 0) -> tuple[int, int] | None:
    """Width and height in pixels of the display, as its current mode (rotation
    included); None when SDL cannot tell (no display): Kivy's defaults then apply."""
    sdl = _sdl_library()
    if sdl is None:
        return None
    if sdl.SDL_InitSubSystem(_SDL_INIT_VIDEO) != 0:
        return None
    try:
        mode = _DisplayMode()
        if sdl.SDL_GetDesktopDisplayMode(display, ctypes.byref(mode)) != 0 or mode.w <= 0 or mode.h <= 0:
            return None
        return mode.w, mode.h
    finally:
        sdl.SDL_QuitSubSystem(_SDL_INIT_VIDEO)


def configure_fullscreen(config_set, size: tuple[int, int] | None) -> None:
    """Kivy settings for a window that covers the display exactly."""
    if size is not None:
        config_set("graphics", "width", str(size[0]))
        config_set("graphics", "height", str(size[1]))
        config_set("graphics", "position", "custom")
        config_set("graphics", "left", "0")
        config_set("graphics", "top", "0")
    else:
        log.warning("display size unknown: the window manager must make the window fullscreen")
    config_set("graphics", "fullscreen", "auto")
    config_set("graphics", "borderless", "1")
    config_set("graphics", "resizable", "0")
    config_set("graphics", "show_cursor", "0")


def keep_signals_for_python() -> None:
    """SDL turns SIGINT and SIGTERM into a window-close request, which kiosk mode
    refuses; the kiosk handles them itself (:mod:`kiosk.ui.shutdown`)."""
    os.environ["SDL_NO_SIGNAL_HANDLERS"] = "1"
