"""Real pointer input from outside the kiosk process: the X server's XTEST extension
(what xdotool uses) clicks as a finger on a touchscreen would, through SDL and Kivy."""
from __future__ import annotations

import ctypes
import ctypes.util
import time


class XPointer:
    def __init__(self, display: str):
        self._x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        self._xtst = ctypes.CDLL(ctypes.util.find_library("Xtst") or "libXtst.so.6")
        self._x11.XOpenDisplay.restype = ctypes.c_void_p
        self._x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        for fn in (self._x11.XFlush, self._x11.XCloseDisplay):
            fn.argtypes = [ctypes.c_void_p]
        self._xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                                    ctypes.c_ulong]
        self._xtst.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
        self._display = self._x11.XOpenDisplay(display.encode())
        if not self._display:
            raise RuntimeError(f"cannot open X display {display}")

    def click(self, x: int, y: int, hold_s: float = 0.1) -> None:
        self._xtst.XTestFakeMotionEvent(self._display, -1, x, y, 0)
        self._x11.XFlush(self._display)
        time.sleep(0.05)
        self._xtst.XTestFakeButtonEvent(self._display, 1, 1, 0)
        self._x11.XFlush(self._display)
        time.sleep(hold_s)
        self._xtst.XTestFakeButtonEvent(self._display, 1, 0, 0)
        self._x11.XFlush(self._display)

    def close(self) -> None:
        if self._display:
            self._x11.XCloseDisplay(self._display)
            self._display = None
