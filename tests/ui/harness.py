"""Drives the real kiosk app in a real Kivy window (under Xvfb) with simulated touches.

The app is the one `launch.py` runs, built with a test config (temporary data folder,
short idle timeout) and started without Kivy's blocking main loop: the test pumps
frames itself, so every touch goes through Kivy's real input pipeline
(``EventLoop._dispatch_input`` -> window -> widgets) and is followed by real frames.

Use the ``kiosk`` fixture (tests/ui/conftest.py)::

    def test_x(kiosk):
        app = kiosk.start()                 # attract screen
        kiosk.tap(kiosk.screen)             # leave attract
        kiosk.tap(kiosk.find_text("L'exposition"))
        kiosk.screenshot("info")            # artifacts/screens/info.png
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable, Iterable

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")

import sys  # noqa: E402

from kivy.config import Config  # noqa: E402

if "kivy.core.window" not in sys.modules:
    # A window for the tests; a process that configured kiosk mode first (tests/ui/tour.py)
    # keeps its own window.
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "log_enable", "0")
    Config.set("graphics", "width", "1280")
    Config.set("graphics", "height", "800")
    Config.set("graphics", "fullscreen", "0")
    Config.set("graphics", "multisamples", "0")  # as the kiosk (kiosk/ui/cli.py)
    for _name, _ in Config.items("input"):  # no real mouse/touch device may inject events
        Config.remove_option("input", _name)

from kivy.base import EventLoop  # noqa: E402
from kivy.clock import Clock  # noqa: E402
from kivy.core.window import Window  # noqa: E402
from kivy.tests.common import UnitTestTouch  # noqa: E402
from kivy.uix.widget import Widget  # noqa: E402

SCREENS_DIR = Path(__file__).resolve().parents[2] / "artifacts" / "screens"


class KioskDriver:
    """One running kiosk app and the means to touch it and look at it."""

    def __init__(self, config, **app_kwargs):
        self.config = config
        self.app_kwargs = app_kwargs
        self.app = None

    # --- life cycle ------------------------------------------------------------------
    def start(self, size=(1280, 800)):
        """``size``: of the window (None: as created, e.g. fullscreen in kiosk mode)."""
        from kiosk.ui.app import KioskApp

        if size is not None:
            Window.size = size
        self.app = KioskApp(self.config, **self.app_kwargs)
        # kv's `app` caches the first running app it saw; one process runs many apps here
        from kivy.lang.parser import global_idmap

        object.__setattr__(global_idmap["app"], "_obj", None)
        self.app._run_prepare()  # what App.run() does before its blocking main loop
        if EventLoop.status != "started":
            # what runTouchApp() does next: input post-processing (double tap…), start
            from kivy.base import _runTouchApp_prepare

            _runTouchApp_prepare()
        EventLoop.quit = False
        self.pump(frames=5)
        return self.app

    def stop(self) -> None:
        if self.app is None:
            return
        app, self.app = self.app, None
        app.dispatch("on_stop")
        for child in Window.children[:]:
            Window.remove_widget(child)
        Clock.tick()

    # --- time --------------------------------------------------------------------------
    def pump(self, frames: int = 1, seconds: float = 0.0) -> None:
        """Let the app run: at least ``frames`` frames and ``seconds`` of real time."""
        end = time.monotonic() + seconds
        done = 0
        while done < frames or time.monotonic() < end:
            self._frame()
            done += 1
            if seconds:
                time.sleep(1 / 60)

    @staticmethod
    def _frame() -> None:
        """One turn of Kivy's main loop, with its exception handling (EventLoop.mainloop)."""
        from kivy.base import ExceptionManager

        try:
            EventLoop.idle()
        except BaseException as exc:
            if ExceptionManager.handle_exception(exc) == ExceptionManager.RAISE:
                raise

    def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0, what: str = "") -> None:
        end = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > end:
                raise AssertionError(f"timed out waiting for {what or condition}")
            self.pump(frames=1)
            time.sleep(1 / 60)

    # --- finding widgets ------------------------------------------------------------------
    @property
    def screen(self):
        return self.app.root.ids.screens.current_screen

    @property
    def screen_name(self) -> str:
        return self.app.root.ids.screens.current

    def widgets(self, root: Widget | None = None) -> Iterable[Widget]:
        roots = [root] if root is not None else list(Window.children)
        for r in roots:
            yield from r.walk(restrict=True)

    def find(self, predicate: Callable[[Widget], bool], root: Widget | None = None) -> Widget:
        matches = [w for w in self.widgets(root) if predicate(w) and self._visible(w)]
        if not matches:
            raise AssertionError("no visible widget matches")
        return matches[0]

    def find_text(self, text: str, *, exact: bool = False, root: Widget | None = None) -> Widget:
        """The visible widget showing ``text`` (buttons before labels). Spaces match as
        the eye reads them: French typography's no-break spaces count as spaces."""
        text = _as_read(text)

        def has(w):
            t = getattr(w, "text", None)
            return isinstance(t, str) and (_as_read(t) == text if exact else text in _as_read(t))

        matches = [w for w in self.widgets(root) if has(w) and self._visible(w)]
        if not matches:
            shown = sorted({w.text for w in self.widgets(root) if isinstance(getattr(w, "text", None), str)
                            and w.text and self._visible(w)})
            raise AssertionError(f"no visible widget shows {text!r}; visible texts: {shown}")
        from kivy.uix.behaviors import ButtonBehavior

        matches.sort(key=lambda w: not isinstance(w, ButtonBehavior))
        return matches[0]

    def texts(self) -> list[str]:
        return [w.text for w in self.widgets() if isinstance(getattr(w, "text", None), str)
                and w.text and self._visible(w)]

    @staticmethod
    def _visible(widget: Widget) -> bool:
        from kivy.uix.screenmanager import Screen, ScreenManager

        w = widget
        while w is not None and w is not Window:
            if getattr(w, "opacity", 1) == 0 or w.width <= 0 or w.height <= 0:
                return False
            parent = w.parent
            if isinstance(w, Screen) and isinstance(parent, ScreenManager) and parent.current_screen is not w:
                return False
            w = parent
        return True

    # --- touching --------------------------------------------------------------------------
    def _window_pos(self, target) -> tuple[float, float]:
        if isinstance(target, Widget):
            return target.to_window(*target.center)
        return target

    def touch_down(self, target) -> UnitTestTouch:
        # A screen manager ignores touches during a transition, as it would for a finger.
        self.wait_until(lambda: not self.app.root.ids.screens.transition.is_active, what="transition")
        x, y = self._window_pos(target)
        nx, ny = _normalized(x, y)
        touch = UnitTestTouch(nx * (Window.width - 1.0), ny * (Window.height - 1.0))
        # Queued like an input provider's event, handled by the next frame.
        EventLoop._dispatch_input("begin", touch)
        self.pump(frames=2)
        return touch

    def touch_move(self, touch: UnitTestTouch, x: float, y: float) -> None:
        nx, ny = _normalized(x, y)
        touch.move({"x": nx, "y": ny})
        EventLoop._dispatch_input("update", touch)
        self.pump(frames=1)

    def touch_up(self, touch: UnitTestTouch) -> None:
        EventLoop._dispatch_input("end", touch)
        self.pump(frames=3)

    def tap(self, target) -> None:
        """Press and release at the centre of a widget (or at window coordinates); a
        widget in a scrolled list is first scrolled into view, as a visitor would."""
        if isinstance(target, Widget):
            self.pump(frames=2)  # a visitor touches what the screen shows once laid out
            self.scroll_into_view(target)
        self.touch_up(self.touch_down(target))

    def scroll_into_view(self, widget: Widget) -> None:
        from kivy.uix.scrollview import ScrollView

        w = widget.parent
        while w is not None and w is not Window:
            if isinstance(w, ScrollView):
                x0, y0 = w.to_window(w.x, w.y)
                cx, cy = widget.to_window(*widget.center)
                if not (y0 <= cy <= y0 + w.height and x0 <= cx <= x0 + w.width):
                    w.scroll_to(widget, padding=10, animate=False)
                    self.pump(frames=2)
                return
            w = w.parent

    def long_press(self, target, seconds: float) -> None:
        touch = self.touch_down(target)
        self.pump(seconds=seconds)
        self.touch_up(touch)

    def swipe(self, start, end, steps: int = 8) -> None:
        x0, y0 = self._window_pos(start)
        x1, y1 = self._window_pos(end)
        touch = self.touch_down((x0, y0))
        for i in range(1, steps + 1):
            self.touch_move(touch, x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps)
        self.touch_up(touch)

    def tap_text(self, text: str, **kwargs) -> None:
        self.tap(self.find_text(text, **kwargs))

    def key(self, keycode: int) -> bool:
        """A physical key press; returns True when the app swallowed it."""
        result = Window.dispatch("on_key_down", keycode, 0, None, [])
        self.pump(frames=2)
        return bool(result)

    # --- looking -------------------------------------------------------------------------
    def screenshot(self, name: str) -> Path:
        SCREENS_DIR.mkdir(parents=True, exist_ok=True)
        self.pump(frames=3)
        path = SCREENS_DIR / f"{name}.png"
        if Window.rotation:  # Kivy's screenshot reads the unturned frame at the turned size
            from PIL import ImageGrab

            ImageGrab.grab(xdisplay=os.environ["DISPLAY"]).rotate(-Window.rotation, expand=True).save(path)
            return path
        written = Window.screenshot(name=str(SCREENS_DIR / f"{name}_tmp.png"))  # adds a counter
        os.replace(written, path)
        return path


_NO_BREAK_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


def _as_read(text: str) -> str:
    return text.translate(_NO_BREAK_SPACES)


def _normalized(x: float, y: float) -> tuple[float, float]:
    """Where a touch screen reports a touch at window position (x, y): 0..1 across the
    physical display, which a rotated window (the config's screen.rotation) turns."""
    rotation = Window.rotation
    if rotation == 0:
        return x / (Window.width - 1.0), y / (Window.height - 1.0)
    w, h = (v - 1.0 for v in Window.system_size)
    return {90: (1 - y / w, x / h), 180: (1 - x / w, 1 - y / h), 270: (y / w, 1 - x / h)}[rotation]
