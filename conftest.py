"""Test set-up shared by the tests and the doctests of the package."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure after each test and doctest.

    A chart called without ``ax`` draws on the current Axes when a figure is
    open (as seaborn's do): a figure left open by one test would receive the
    next test's chart.
    """
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
