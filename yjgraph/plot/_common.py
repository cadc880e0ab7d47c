"""Shared pieces of the chart functions: labels in two languages, colours, sizes."""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable
from contextlib import contextmanager
from typing import TypeVar

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .._docstrings import shared_doc
from .._lang import check_lang, label, unit_labels
from .fonts import apply_font, plot_context

__all__ = ["A4_WIDTH", "LEAD_COLOR", "SUPPORT_COLOR", "FLAG_COLOR", "THRESHOLD_COLOR", "text",
           "titled", "chart", "current_axes", "new_axes", "chapter_label", "wrap", "unit_loads",
           "unit_names", "units_by_load", "unit_rows", "frame", "row_axes", "rows_end"]

F = TypeVar("F", bound=Callable)

#: Usable width of an A4 page with 2.5 cm margins, in inches.
A4_WIDTH = 6.3

# Okabe-Ito colours: distinct for the common colour-vision deficiencies and in greyscale
LEAD_COLOR = "#0072B2"  # blue
SUPPORT_COLOR = "#E69F00"  # orange
FLAG_COLOR = "#D55E00"  # vermilion
THRESHOLD_COLOR = "#222222"

#: Chart words that are not a column's or measure's name (those are :data:`yjgraph._lang.LABELS`).
_TEXT = {
    "lead": ("牵头", "Lead"),
    "support": ("配合", "Support"),
    "lead_load": ("牵头负荷", "Lead load"),
    "support_load": ("配合负荷", "Support load"),
    "overloaded": ("超负荷单位(红色)", "Overloaded unit (red)"),
    "threshold": ("判定阈值", "Threshold"),
    "task": ("任务", "Task"),
    "workload_title": ("各单位工作负荷", "Workload by unit"),
    "load_rule": ("(牵头×{lead:g} + 配合×{support:g})", " (lead × {lead:g} + support × {support:g})"),
    "coresp_title": ("单位共同承担任务", "Tasks shared by pairs of units"),
    "raci_title": ("任务责任分工矩阵", "Responsibility matrix"),
    "chapter_title": ("各章节单位工作负荷", "Load by chapter and unit"),
    "bipartite_title": ("任务—单位责任网络", "Task–unit responsibility network"),
    "projection_title": ("单位协作网络", "Unit co-responsibility network"),
    "lead_edge": ("牵头关系", "Lead"),
    "support_edge": ("配合关系", "Support"),
    "task_node": ("任务", "Task"),
    "unit_node": ("单位(大小表示负荷)", "Unit (size = load)"),
    "lorenz_title": ("工作负荷集中度", "Concentration of load"),
    "lorenz": ("洛伦兹曲线", "Lorenz curve"),
    "equality": ("完全均等", "Equal shares"),
    "ranks_title": ("单位中心性排名", "Rank of units by centrality"),
    "rank_note": ("(1 = 最高)", " (1 = highest)"),
    "low_first": ("(低者靠前)", " (low first)"),
    "sensitivity_title": ("排名对配合权重的敏感性", "Sensitivity of rankings to the support weight"),
    "support_weight_note": ("(牵头 = 1)", " (lead = 1)"),
    "kendall_tau_note": ("(与默认权重排名比较)", " (vs default weights)"),
    "default_weight": ("默认权重", "Default weight"),
    "source": ("资料来源:", "Source: "),
    "change_title": ("调整前后各单位工作负荷", "Load by unit, before and after"),
    "before": ("调整前", "Before"),
    "after": ("调整后", "After"),
    "gone": ("撤并(调整后无此单位)", "Gone after the change"),
}


def text(key: str, lang: str = "zh", **fmt) -> str:
    """The chart word ``key`` in ``lang`` (``"zh"`` or ``"en"``), else the column label of ``key``.

    Column and measure names come from :func:`yjgraph._lang.label`, as in
    every other output; a key known to neither is returned as is.
    """
    pair = _TEXT.get(key)
    if pair is None:
        return label(key, lang, **fmt)
    return pair[check_lang(lang) == "en"].format(**fmt)


def titled(ax, title: str | None, key: str, lang: str):
    """``ax`` titled ``title``, else with the chart's own title ``key`` in ``lang`` (``""``: none)."""
    ax.set_title(text(key, lang) if title is None else title, loc="left", fontsize=10)
    return ax


def chart(func: F) -> F:
    """Build the chart inside :func:`plot_context` and give its text the CJK font.

    Also fills the docstring's shared parameters (``{{ax}}``, ``{{lang}}`` ...,
    see :mod:`yjgraph._docstrings`).
    """
    shared_doc(func)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with plot_context():
            ax = func(*args, **kwargs)
            apply_font(ax)
        return ax

    return wrapper  # type: ignore[return-value]


def cell_lines(ax, *, x=(), y=(), color: str, linewidth: float) -> None:
    """Lines across the whole Axes at data positions ``x`` (vertical) and ``y`` (horizontal)."""
    for axis, at in ((ax.xaxis, x), (ax.yaxis, y)):
        if len(at):
            axis.set_ticks(at, minor=True)
            axis.grid(True, which="minor", color=color, linewidth=linewidth)
            axis.set_tick_params(which="minor", length=0)


def current_axes(ax, figsize):
    """The Axes a chart draws on: ``ax``, else the current Axes, as seaborn's charts do.

    ``ax=None`` takes ``plt.gca()`` when a figure is open; with none open (or
    inside :func:`own_figures`) a constrained-layout figure of ``figsize``.
    """
    if ax is None and plt.get_fignums() and not _OWN_FIGURES:
        return plt.gca()
    return new_axes(ax, figsize)


_OWN_FIGURES: list[bool] = []


@contextmanager
def own_figures():
    """Charts drawn inside make a figure of their own size even when one is open.

    :func:`yjgraph.plot.figures_to_dir` draws each chart in this context, so
    a figure the caller has open is neither drawn on nor closed.
    """
    _OWN_FIGURES.append(True)
    try:
        yield
    finally:
        _OWN_FIGURES.pop()


def new_axes(ax, figsize):
    """Return ``ax``, or the Axes of a new constrained-layout figure of ``figsize``."""
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def chapter_label(chapter_no, chapter) -> str:
    """``"一、优化都市圈发展布局"``, or just the number or the title when one is missing."""
    no = "" if chapter_no is None or pd.isna(chapter_no) else str(chapter_no)
    title = "" if chapter is None or pd.isna(chapter) else str(chapter)
    if no and title and title != no:
        return f"{no}、{title}"
    return no or title


def wrap(s: str, width: int) -> str:
    """Wrap text of CJK characters every ``width`` characters (no spaces needed)."""
    s = str(s)
    if len(s) <= width:
        return s
    return "\n".join(textwrap.wrap(s, width=width, break_long_words=True)) or s


def unit_names(units, lang: str, names=None, width: int | None = None) -> list[str]:
    """The names shown for ``units``, in order; English names wrapped at ``width`` characters."""
    shown = unit_labels(units, lang, names)
    if width and lang == "en":
        return ["\n".join(textwrap.wrap(shown[str(u)], width)) or shown[str(u)] for u in units]
    return [shown[str(u)] for u in units]


def unit_rows(ax, units, lang: str, names=None, *, fontsize=None, flagged=(), bold=False):
    """Name ``units`` on the y axis from the top down; ``flagged`` ones in red (and ``bold``)."""
    n = len(units)
    ax.set_yticks(np.arange(n), labels=unit_names(units, lang, names))
    ax.set_ylim(n - 0.5, -0.5)
    ax.tick_params(axis="y", length=0, labelsize=fontsize or (8 if n > 25 else 9))
    for tick, flag in zip(ax.get_yticklabels(), flagged):
        if flag:
            tick.set_color(FLAG_COLOR)
            if bold:
                tick.set_fontweight("bold")


def row_axes(ax, n: int, pitch: float):
    """The Axes of a chart of ``n`` unit rows, ``pitch`` inches each (see :func:`current_axes`)."""
    return current_axes(ax, (A4_WIDTH, max(2.2, pitch * n + 1.3)))


def rows_end(ax, handles: list, labels: list[str], xlabel: str) -> None:
    """The end of a chart of unit rows: legend at the lower right, x label, x grid below."""
    ax.legend(handles, labels, loc="lower right", fontsize=8, framealpha=0.9)
    ax.set_xlabel(xlabel)
    frame(ax, axis="x", color="#dddddd", below=True)


def frame(ax, *, axis: str = "both", color: str = "#eeeeee", below: bool = False) -> None:
    """No top and right spines, and a light grid (``below`` every artist)."""
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis=axis, color=color, linewidth=0.6)
    if below:
        ax.set_axisbelow(True)


def unit_loads(workload, plan=None, weights=None) -> pd.Series:
    """Unit -> load: the ``workload`` table's (indexed by unit or with a ``unit`` column), else
    the load computed from ``plan`` and ``weights``."""
    if workload is None:
        from ..analysis.workload import unit_sums

        workload = unit_sums(plan, weights)
    w = workload.set_index("unit") if "unit" in workload.columns else workload
    return w["load"].astype(float).rename(index=str)


def units_by_load(plan, weights=None) -> list[str]:
    """The units of ``plan``, largest load first (ties by name)."""
    loads = unit_loads(None, plan, weights)
    return sorted(loads.index, key=lambda u: (-loads[u], u))
