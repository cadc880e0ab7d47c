"""Test set-up shared by the tests and the doctests of the package."""

from __future__ import annotations

import sys

import matplotlib
import pytest

matplotlib.use("Agg")  # charts are drawn, never shown

# docstring examples that build a whole report: slow, like the report tests
_REPORT_DOCTESTS = {"yjgraph.report.build_report"}


def pytest_collection_modifyitems(items):
    for item in items:
        if isinstance(item, pytest.DoctestItem) and item.name in _REPORT_DOCTESTS:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _doctest_names(request):
    """Docstring examples assume ``import yjgraph``, as pandas' assume ``import pandas as pd``."""
    if request.config.pluginmanager.has_plugin("doctest"):  # absent under -p no:doctest
        import yjgraph

        request.getfixturevalue("doctest_namespace")["yjgraph"] = yjgraph


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure after each test and doctest.

    A chart called without ``ax`` draws on the current Axes when a figure is
    open (as seaborn's do): a figure left open by one test would receive the
    next test's chart.
    """
    yield
    plt = sys.modules.get("matplotlib.pyplot")  # not imported by the tests that draw nothing
    if plt is not None:
        plt.close("all")
