"""Sizes from the screen, and the search for the largest text scale that fits."""
from __future__ import annotations

import pytest

from kiosk.ui.sizes import MIN_TOUCH_MM, largest_fitting_scale, sizes_for


@pytest.mark.parametrize("limit", [2.0, 1.2, 1.0, 0.83, 0.61, 0.6, 0.1])
def test_the_largest_fitting_scale_is_the_one_trying_each_step_would_find(limit):
    tries = []

    def fits(scale):
        tries.append(scale)
        return scale <= limit

    linear = 1.2
    while linear > limit and linear > 0.6:
        linear = max(0.6, linear - 0.05)
    assert largest_fitting_scale(1.2, 0.6, 0.05, fits) == pytest.approx(linear)
    assert len(tries) <= 5  # 13 steps: a binary search, not each in turn


def test_portrait_and_landscape_of_one_screen_get_the_same_sizes():
    wide, tall = sizes_for(1280, 800, 10), sizes_for(800, 1280, 10)
    assert wide == tall
    assert wide.touch >= MIN_TOUCH_MM * wide.px_per_mm
