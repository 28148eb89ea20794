"""The display the kiosk fills, read before Kivy creates its window.

Kivy creates its SDL window at the config's size (800x600 by default) and only then
asks for fullscreen. A window manager (X11 desktop, Wayland compositor) resizes it to
the screen; a bare X server (a kiosk started from ``xinit``, Xvfb) has none to honour
the request, so the window stays at 800x600 off-centre: cut off on a 800x480 screen,
a small rectangle on a 1920x1080 one. Creating the window at the display's own size,
at (0, 0), borderless, is right with or without a window manager; on KMS/DRM (a Pi
without a desktop) SDL gives the whole display in any case.

The size comes from SDL itself (the library Kivy is linked to), so it is the same
display Kivy will open, whatever the video driver (x11, kmsdrm; Kivy's own SDL has no
Wayland driver: on a Wayland desktop the kiosk is an X11 client of XWayland).

Fullscreen stays a request to whoever manages windows. SDL asks for it just after
the window appears, and a compositor may miss that request: Weston's XWayland window
manager sometimes receives it before it has taken charge of the window, then places
the window like any other (off the corner, under its panel). :class:`KeepCovering`
checks, once the window is up and whenever it moves or is resized, that it covers the
display, and asks again if not.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
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


@functools.cache
def _sdl() -> ctypes.CDLL | None:
    return _sdl_library()


def video_drivers() -> list[str]:
    """The video drivers this SDL was built with (Kivy's own: x11 and kmsdrm)."""
    sdl = _sdl()
    if sdl is None:
        return []
    sdl.SDL_GetVideoDriver.restype = ctypes.c_char_p
    return [sdl.SDL_GetVideoDriver(i).decode().lower() for i in range(sdl.SDL_GetNumVideoDrivers())]


def keep_usable_video_driver(environ=os.environ) -> None:
    """A Wayland session may set ``SDL_VIDEODRIVER=wayland``, a driver Kivy's SDL does
    not have: the window would then fail (or fall back to Kivy's bare X11 provider).
    Asked for drivers SDL lacks only, SDL chooses for itself (X11 through XWayland)."""
    wanted = [d.strip().lower() for d in environ.get("SDL_VIDEODRIVER", "").split(",") if d.strip()]
    available = video_drivers()
    if wanted and available and not set(wanted) & set(available):
        log.warning("SDL_VIDEODRIVER=%s is not among this SDL's drivers (%s): SDL chooses (X11 through "
                    "XWayland on a Wayland desktop)", environ["SDL_VIDEODRIVER"], ", ".join(available))
        del environ["SDL_VIDEODRIVER"]


def desktop_size(display: int = 0) -> tuple[int, int] | None:
    """Width and height in pixels of the display, as its current mode (rotation
    included); None when SDL cannot tell (no display): Kivy's defaults then apply."""
    sdl = _sdl()
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


@functools.cache
def _xlib() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("X11") or "libX11.so.6"
    try:
        x11 = ctypes.CDLL(name)
    except OSError:
        return None
    x11.XDefaultRootWindow.restype = ctypes.c_ulong
    x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x11.XTranslateCoordinates.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_int,
                                          ctypes.c_int, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int),
                                          ctypes.POINTER(ctypes.c_ulong)]
    x11.XGetGeometry.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong)]
    x11.XGetGeometry.argtypes += [ctypes.POINTER(ctypes.c_int)] * 2 + [ctypes.POINTER(ctypes.c_uint)] * 4
    return x11


def x11_geometry(window) -> tuple[int, int, int, int] | None:
    """x, y (from the screen's corner), width, height of Kivy's window as the X server
    has it; None when the window is not an X11 one (KMS/DRM)."""
    info = window.get_window_info()
    display, xid = getattr(info, "display", None), getattr(info, "window", None)
    x11 = _xlib() if display and xid else None
    if x11 is None:
        return None
    root = x11.XDefaultRootWindow(display)
    x, y, child = ctypes.c_int(), ctypes.c_int(), ctypes.c_ulong()
    if not x11.XTranslateCoordinates(display, xid, root, 0, 0, ctypes.byref(x), ctypes.byref(y), ctypes.byref(child)):
        return None
    any_root, gx, gy = ctypes.c_ulong(), ctypes.c_int(), ctypes.c_int()
    w, h, border, depth = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not x11.XGetGeometry(display, xid, ctypes.byref(any_root), ctypes.byref(gx), ctypes.byref(gy),
                            ctypes.byref(w), ctypes.byref(h), ctypes.byref(border), ctypes.byref(depth)):
        return None
    return x.value, y.value, w.value, h.value


class KeepCovering:
    """Kiosk mode: the window must cover the display; ask again for fullscreen when it
    does not (a compositor that missed SDL's request). At most one request every
    ``pause_s``, and ``max_requests`` in a row without success: a window manager that
    keeps refusing is logged, not fought forever."""

    def __init__(self, window, display_size=desktop_size, *, settle_s: float = 0.5,
                 pause_s: float = 3.0, max_requests: int = 5, clock=None):
        from kivy.clock import Clock

        self.window = window
        self.display_size = display_size
        self.clock = clock or Clock
        self.pause_s = pause_s
        self.max_requests = max_requests
        self.requests = 0  # made in a row, without the window covering the display since
        self._last_request = None
        self._check_soon = self.clock.create_trigger(self.check, settle_s)

    def start(self) -> "KeepCovering":
        self.window.bind(on_move=self._changed, on_resize=self._changed)
        self._check_soon()
        return self

    def stop(self) -> None:
        self.window.unbind(on_move=self._changed, on_resize=self._changed)
        self._check_soon.cancel()

    def _changed(self, *_args) -> None:
        self._check_soon()

    def geometry(self) -> tuple[int, int, int, int]:
        """Where the window really is: x, y, width, height on the display. SDL says a
        fullscreen window is at the display's origin whatever the window manager did,
        so on X11 the X server is asked."""
        real = x11_geometry(self.window)
        if real is not None:
            return real
        return (self.window.left, self.window.top, *self.window.system_size)

    def covers(self, size: tuple[int, int]) -> bool:
        return self.geometry() == (0, 0, *size)

    def check(self, *_args) -> None:
        size = self.display_size()
        if size is None:
            return
        if self.covers(size):
            self.requests = 0
            return
        now = self.clock.get_time()
        if self._last_request is not None and now - self._last_request < self.pause_s:
            self._check_soon()  # look again once the pause is over
            return
        if self.requests >= self.max_requests:
            if self.requests == self.max_requests:
                x, y, w, h = self.geometry()
                log.error("the window manager keeps the kiosk's window off full screen (%sx%s at %s,%s "
                          "on a %sx%s display)", w, h, x, y, *size)
                self.requests += 1
            return
        x, y, w, h = self.geometry()
        log.warning("the kiosk's window does not cover the display (%sx%s at %s,%s on %sx%s): "
                    "asking again for full screen", w, h, x, y, *size)
        self.requests += 1
        self._last_request = now
        # SDL still believes the window is fullscreen: leave and enter again, so the
        # request reaches the window manager once more.
        native = self.window._win
        native.set_fullscreen_mode(False)
        native.set_window_pos(0, 0)
        native.set_fullscreen_mode("auto")
        self._check_soon()
