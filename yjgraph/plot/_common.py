"""Shared pieces of the chart functions: labels in two languages, colours, sizes."""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable
from typing import TypeVar

import matplotlib.pyplot as plt
import pandas as pd

from .._docstrings import shared_doc
from .fonts import apply_font, plot_context

__all__ = [
    "A4_WIDTH",
    "LEAD_COLOR",
    "SUPPORT_COLOR",
    "FLAG_COLOR",
    "THRESHOLD_COLOR",
    "text",
    "chart",
    "current_axes",
    "new_axes",
    "chapter_label",
    "wrap",
]

F = TypeVar("F", bound=Callable)

#: Usable width of an A4 page with 2.5 cm margins, in inches.
A4_WIDTH = 6.3

# Okabe-Ito colours: distinct for the common colour-vision deficiencies and in greyscale
LEAD_COLOR = "#0072B2"  # blue
SUPPORT_COLOR = "#E69F00"  # orange
FLAG_COLOR = "#D55E00"  # vermilion
THRESHOLD_COLOR = "#222222"

_TEXT = {
    "lead": ("牵头", "Lead"),
    "support": ("配合", "Support"),
    "load": ("工作负荷", "Load"),
    "lead_load": ("牵头负荷", "Lead load"),
    "support_load": ("配合负荷", "Support load"),
    "overloaded": ("超负荷单位(红色)", "Overloaded unit (red)"),
    "threshold": ("判定阈值", "Threshold"),
    "unit": ("单位", "Unit"),
    "task": ("任务", "Task"),
    "chapter": ("章节", "Chapter"),
    "workload_title": ("各单位工作负荷", "Workload by unit"),
    "workload_xlabel": ("工作负荷(牵头×{lead:g} + 配合×{support:g})",
                        "Load (lead × {lead:g} + support × {support:g})"),
    "coresp_title": ("单位共同承担任务", "Tasks shared by pairs of units"),
    "shared_tasks": ("共同任务数", "Shared tasks"),
    "weighted": ("加权共同任务", "Weighted shared tasks"),
    "newman": ("Newman 加权", "Newman weight"),
    "jaccard": ("Jaccard 相似度", "Jaccard similarity"),
    "raci_title": ("任务责任分工矩阵", "Responsibility matrix"),
    "chapter_title": ("各章节单位工作负荷", "Load by chapter and unit"),
    "n_lead": ("牵头任务数", "Tasks led"),
    "n_support": ("配合任务数", "Tasks supported"),
    "n_tasks": ("任务数", "Tasks"),
    "bipartite_title": ("任务—单位责任网络", "Task–unit responsibility network"),
    "projection_title": ("单位协作网络", "Unit co-responsibility network"),
    "community": ("社群", "Community"),
    "lead_edge": ("牵头关系", "Lead"),
    "support_edge": ("配合关系", "Support"),
    "task_node": ("任务", "Task"),
    "unit_node": ("单位(大小表示负荷)", "Unit (size = load)"),
    "lorenz_title": ("工作负荷集中度", "Concentration of load"),
    "lorenz": ("洛伦兹曲线", "Lorenz curve"),
    "equality": ("完全均等", "Equal shares"),
    "gini": ("基尼系数", "Gini"),
    "unit_share": ("单位累计占比", "Cumulative share of units"),
    "load_share": ("负荷累计占比", "Cumulative share of load"),
    "ranks_title": ("单位中心性排名", "Rank of units by centrality"),
    "rank": ("排名(1 = 最高)", "Rank (1 = highest)"),
    "sensitivity_title": ("排名对配合权重的敏感性", "Sensitivity of rankings to the support weight"),
    "support_weight": ("配合权重(牵头 = 1)", "Support weight (lead = 1)"),
    "kendall_tau": ("Kendall τ(与默认权重排名比较)", "Kendall τ (vs default weights)"),
    "default_weight": ("默认权重", "Default weight"),
    "source": ("资料来源:", "Source: "),
    # centrality measures
    "degree": ("度中心性", "Degree"),
    "closeness": ("接近中心性", "Closeness"),
    "betweenness": ("中介中心性", "Betweenness"),
    "weighted_degree": ("加权度", "Weighted degree"),
    "svd_score": ("SVD 得分", "SVD score"),
    "hub_score": ("枢纽得分", "Hub score"),
    "pagerank": ("PageRank", "PageRank"),
    "proj_betweenness": ("投影网中介性", "Projection betweenness"),
    "proj_eigenvector": ("投影网特征向量", "Projection eigenvector"),
    "effective_size": ("有效规模", "Effective size"),
    "constraint": ("约束(低者靠前)", "Constraint (low first)"),
}


def text(key: str, lang: str = "zh", **fmt) -> str:
    """The label ``key`` in ``lang`` (``"zh"`` or ``"en"``); unknown keys are returned as is."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    pair = _TEXT.get(key)
    if pair is None:
        return key
    out = pair[0] if lang == "zh" else pair[1]
    return out.format(**fmt) if fmt else out


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
    """Lines across the whole Axes at data positions ``x`` (vertical) and ``y`` (horizontal).

    The separators of a matrix's cells, as one collection drawn over images:
    a grid on minor ticks draws the same, but matplotlib makes a tick object
    for each line and lays it out at every draw, which made these charts
    about a quarter slower.
    """
    from matplotlib.collections import LineCollection

    segments = [[(v, 0), (v, 1)] for v in x]
    vertical = LineCollection(segments, colors=color, linewidths=linewidth, zorder=1.5,
                              transform=ax.get_xaxis_transform())
    horizontal = LineCollection([[(0, v), (1, v)] for v in y], colors=color,
                                linewidths=linewidth, zorder=1.5,
                                transform=ax.get_yaxis_transform())
    for lines in (vertical, horizontal):
        if len(lines.get_segments()):
            ax.add_collection(lines, autolim=False)


def current_axes(ax, figsize):
    """The Axes a chart draws on: ``ax``, else the current Axes, as seaborn's charts do.

    ``ax=None`` takes ``plt.gca()`` when a figure is open (so a chart drawn
    after ``plt.sca(axes[1])`` lands on ``axes[1]``); with no figure open it
    makes a constrained-layout figure of ``figsize``, the chart's own size,
    rather than matplotlib's default 6.4 x 4.8 in.
    """
    if ax is None and plt.get_fignums():
        return plt.gca()
    return new_axes(ax, figsize)


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
