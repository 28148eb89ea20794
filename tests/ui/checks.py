"""Automatic checks on whatever a screen shows, run on every screen the UI tour reaches.

- text fits: no label's text overflows its box (nor is cut by a box too short for it),
  no word is cut across two lines, no text lies outside the window, no two texts overlap;
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

from kiosk import theme
from kiosk.ui.sizes import MIN_TOUCH_MM

TOLERANCE_PX = 1.5


def visible_widgets() -> list[Widget]:
    """What a visitor sees: everything shown, or only the full-screen notice over it."""
    out = []
    for root in Window.children:
        out += [w for w in root.walk(restrict=True) if _visible(w)]
    overlays = [w for w in out if getattr(w, "covers_screen", False)]
    if overlays:
        out = [w for w in overlays[-1].walk(restrict=True) if _visible(w)]
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


def _broken_word(label: Label) -> str | None:
    """A word wider than its wrapped label: the label cuts it in two, mid-word (what
    overflow checks cannot see: the cut text fits)."""
    if label.text_size[0] is None or label.markup:
        return None
    options = dict(label._label.options)
    options["text_size"] = (None, None)
    for word in sorted(set(label.text.replace("\n", " ").split(" ")), key=len, reverse=True)[:3]:
        if not word:
            continue
        options["text"] = word
        core = CoreLabel(**options)
        core.refresh()
        if core.texture and core.texture.width > label.text_size[0] + TOLERANCE_PX:
            return word
    return None


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
        broken = _broken_word(w)
        if broken:
            problems.append(f"word cut across lines: {broken!r} in {_name(w)} ({w.text_size[0]:.0f} px wide)")
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


def _text_rect(label: Label) -> tuple[float, float, float, float]:
    """Window rectangle of the text itself, where the label draws it."""
    x0, y0, x1, y1 = _window_rect(label)
    tw, th = label.texture_size
    tw, th = min(tw, x1 - x0), min(th, y1 - y0)
    halign = label.halign if label.text_size[0] is not None else "center"
    left = {"left": x0, "right": x1 - tw}.get(halign, (x0 + x1 - tw) / 2)
    valign = label.valign if label.text_size[1] is not None else "middle"
    bottom = {"bottom": y0, "top": y1 - th}.get(valign, (y0 + y1 - th) / 2)
    pad_left, pad_top, pad_right, pad_bottom = label.padding  # inside the texture, not text
    rect = (left + pad_left, bottom + pad_bottom, left + tw - pad_right, bottom + th - pad_top)
    w = label.parent
    while w is not None and w is not Window:  # a scrolled list shows only what is in its view
        if isinstance(w, ScrollView):
            vx0, vy0, vx1, vy1 = _window_rect(w)
            rect = (max(rect[0], vx0), max(rect[1], vy0), min(rect[2], vx1), min(rect[3], vy1))
        w = w.parent
    return rect


def _ancestor(older: Widget, widget: Widget) -> bool:
    w = widget.parent
    while w is not None and w is not Window:
        if w is older:
            return True
        w = w.parent
    return False


def overlap_problems() -> list[str]:
    labels = [w for w in visible_widgets() if isinstance(w, Label) and w.text.strip()]
    rects = [(w, _text_rect(w)) for w in labels]
    problems = []
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1:]:
            if _ancestor(a, b) or _ancestor(b, a):
                continue
            dx = min(ra[2], rb[2]) - max(ra[0], rb[0])
            dy = min(ra[3], rb[3]) - max(ra[1], rb[1])
            if dx > 3 and dy > 3:
                problems.append(f"texts overlap: {_name(a)} and {_name(b)} ({dx:.0f}x{dy:.0f} px)")
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
