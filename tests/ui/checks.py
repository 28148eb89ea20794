"""Automatic checks on whatever a screen shows, run on every screen the UI tour reaches.

- text fits: no label's text overflows its box (nor is cut by a box too short for it)
  and no text lies outside the window;
- touch targets: every visible button is at least 15 mm on its shorter side, given the
  screen's physical size (the config's diagonal);
- contrast: every text against what is drawn behind it, computed from the colours the
  widgets really use (the theme's), at least 4.5:1 (7:1 in high contrast).

Each returns a list of problems, one readable line each (empty: all good).
"""
from __future__ import annotations

from kivy.core.text import Label as CoreLabel
from kivy.core.window import Window
from kivy.graphics import Color, Ellipse, Rectangle, RoundedRectangle
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen, ScreenManager
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

from kiosk.ui import theme
from kiosk.ui.sizes import MIN_TOUCH_MM

TOLERANCE_PX = 1.5


def visible_widgets() -> list[Widget]:
    out = []
    for root in Window.children:
        out += [w for w in root.walk(restrict=True) if _visible(w)]
    return out


def _visible(widget: Widget) -> bool:
    w = widget
    while w is not None and w is not Window:
        if getattr(w, "opacity", 1) == 0 or w.width <= 0 or w.height <= 0:
            return False
        parent = w.parent
        if isinstance(w, Screen) and isinstance(parent, ScreenManager) and parent.current_screen is not w:
            return False
        w = parent
    return True


def _in_scroll(widget: Widget) -> bool:
    w = widget.parent
    while w is not None and w is not Window:
        if isinstance(w, ScrollView):
            return True
        w = w.parent
    return False


def _window_rect(widget: Widget) -> tuple[float, float, float, float]:
    x0, y0 = widget.to_window(widget.x, widget.y)
    x1, y1 = widget.to_window(widget.right, widget.top)
    return x0, y0, x1, y1


def _name(widget: Widget) -> str:
    text = getattr(widget, "text", "")
    return f"{type(widget).__name__}({text[:40]!r})"


# --- text fits its box --------------------------------------------------------------------
def _needed_size(label: Label) -> tuple[float, float]:
    """Size the text needs when only its width is constrained (or nothing, unwrapped)."""
    options = dict(label._label.options)
    width = label.text_size[0]
    options["text_size"] = (width, None)
    options["text"] = label.text
    core = CoreLabel(**options)
    core.refresh()
    return core.texture.size if core.texture else (0, 0)


def text_problems() -> list[str]:
    problems = []
    for w in visible_widgets():
        if not isinstance(w, Label) or not w.text.strip() or w.shorten:
            continue
        w.texture_update()
        need_w, need_h = _needed_size(w)
        if need_w > w.width + TOLERANCE_PX or need_h > w.height + TOLERANCE_PX:
            problems.append(f"text overflows: {_name(w)} needs {need_w:.0f}x{need_h:.0f}, "
                            f"has {w.width:.0f}x{w.height:.0f}")
        if not _in_scroll(w):
            x0, y0, x1, y1 = _window_rect(w)
            # the text itself (centred in its box when smaller) must be on the screen
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            tx0, tx1 = cx - min(need_w, x1 - x0) / 2, cx + min(need_w, x1 - x0) / 2
            ty0, ty1 = cy - min(need_h, y1 - y0) / 2, cy + min(need_h, y1 - y0) / 2
            if (tx0 < -TOLERANCE_PX or ty0 < -TOLERANCE_PX or tx1 > Window.width + TOLERANCE_PX
                    or ty1 > Window.height + TOLERANCE_PX):
                problems.append(f"text off the screen: {_name(w)} at {x0:.0f},{y0:.0f}-{x1:.0f},{y1:.0f}")
    return problems


# --- touch targets ----------------------------------------------------------------------------
def touch_problems(px_per_mm: float) -> list[str]:
    minimum = MIN_TOUCH_MM * px_per_mm
    problems = []
    for w in visible_widgets():
        if not isinstance(w, ButtonBehavior) or w.disabled:
            continue
        side = min(w.width, w.height)
        if side + 0.5 < minimum:
            problems.append(f"touch target too small: {_name(w)} is {w.width:.0f}x{w.height:.0f} px = "
                            f"{side / px_per_mm:.1f} mm (minimum {MIN_TOUCH_MM:.0f} mm = {minimum:.0f} px)")
    return problems


# --- contrast -----------------------------------------------------------------------------------
_SHAPES = (Rectangle, RoundedRectangle, Ellipse)


def _plain(shape) -> bool:
    """A fill of one colour (Kivy's default white texture), not a text nor an image."""
    texture = shape.texture
    return texture is None or "glsl/default.png" in str(getattr(texture, "source", None) or texture)


def _fills(widget: Widget, groups) -> list[tuple[list[float], tuple[float, float, float, float]]]:
    """(colour, window rect) of the plain shapes in ``groups`` of ``widget``'s canvas."""
    fills = []
    for group in groups:
        if group is None:
            continue
        colour = None
        for instruction in group.children:
            if isinstance(instruction, Color):
                colour = list(instruction.rgba)
            elif isinstance(instruction, _SHAPES) and colour is not None and _plain(instruction):
                x, y = instruction.pos
                wx, hy = instruction.size
                ax, ay = widget.to_window(x, y)  # shapes are drawn where the widget's pos lives
                fills.append((colour, (ax, ay, ax + wx, ay + hy)))
    return fills


def _opacity(widget: Widget) -> float:
    value, w = 1.0, widget
    while w is not None and w is not Window:
        value *= getattr(w, "opacity", 1.0)
        w = w.parent
    return value


def background_of(label: Label) -> list[float]:
    """The opaque colour behind the middle of ``label``: the fills of its ancestors (and
    its own canvas.before) painted in drawing order over the window's clear colour."""
    cx, cy = label.to_window(label.center_x, label.center_y)
    chain = []
    w = label
    while w is not None and w is not Window:
        chain.append(w)
        w = w.parent
    colour = list(Window.clearcolor[:3])
    for widget in reversed(chain):
        groups = [widget.canvas.before] + ([widget.canvas] if widget is not label else [])
        for fill, (x0, y0, x1, y1) in _fills(widget, groups):
            if x0 <= cx <= x1 and y0 <= cy <= y1:
                colour = theme.over(fill, colour)
    return colour


def contrast_problems(minimum: float) -> list[str]:
    problems = []
    for w in visible_widgets():
        if not isinstance(w, Label) or not w.text.strip() or w.disabled:
            continue
        bg = background_of(w)
        fg = list(w.color)
        fg[3] = (fg[3] if len(fg) > 3 else 1.0) * _opacity(w)
        ratio = theme.contrast(theme.over(fg, bg), bg)
        if ratio + 0.005 < minimum:
            problems.append(f"contrast {ratio:.2f}:1 under {minimum}:1: {_name(w)} "
                            f"colour {[round(c, 2) for c in w.color]} on {[round(c, 2) for c in bg]}")
    return problems
