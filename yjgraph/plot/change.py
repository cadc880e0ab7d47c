"""What changed: each unit's load before and after, as a dumbbell chart."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from ._common import FLAG_COLOR, LEAD_COLOR, chart, row_axes, rows_end, text, titled, unit_rows

__all__ = ["change_dumbbell"]

BEFORE_COLOR = "#999999"


@chart
def change_dumbbell(comparison, *, value: str = "load", top: int | None = 20,
                    changed_only: bool = False, ax: Axes | None = None, lang: str = "zh",
                    names=None, title: str | None = None) -> Axes:
    """Each unit's load before (grey) and after (blue, red when overloaded), joined by a line.

    Parameters
    ----------
    comparison : Comparison or pandas.DataFrame
        The result of :func:`yjgraph.compare`, or its ``units`` table.
    value : {"load", "load_per_capacity"}
        The column drawn (``load_per_capacity`` needs a comparison made with a capacity).
    top : int or None
        The ``top`` units with the largest change, then the heaviest (all if ``None``).
    changed_only : bool
        Draw only the units whose load changed (``False``: every unit).
    {{ax}}
    {{words}}

    Returns
    -------
    matplotlib.axes.Axes
        Units from top to bottom in the order of ``comparison.units``; a unit
        gone after the change has its after dot at 0, hollow.

    Examples
    --------
    >>> from yjgraph.plot.change import change_dumbbell
    >>> plan = yjgraph.load_example()
    >>> c = yjgraph.compare(plan, plan.merge_units({"区经济科技信息化局": ["区经济科技信息化局", "区投资促进局"]}))
    >>> ax = change_dumbbell(c, top=3)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['区投资促进局', '区经济科技信息化局', '区发展改革局']
    >>> ax.lines[0].get_xdata().tolist(), ax.lines[1].get_xdata().tolist()  # before, after dots
    ([9.5, 30.5, 28.0], [0.0, 34.5, 28.0])
    """
    df: pd.DataFrame = getattr(comparison, "units", comparison)
    b, a = f"{value}_before", f"{value}_after"
    if b not in df.columns or a not in df.columns:
        raise ValueError(f"change_dumbbell: no columns {b!r} and {a!r} (compare with a capacity "
                         "for load_per_capacity)")
    if changed_only:
        df = df[~np.isclose(df[b].fillna(0.0), df[a].fillna(0.0))]
    if top is not None:
        df = df.head(int(top))
    ax = row_axes(ax, len(df), 0.24)
    y = np.arange(len(df))
    xb, xa = df[b].fillna(0.0).to_numpy(float), df[a].fillna(0.0).to_numpy(float)
    gone = df[a].isna().to_numpy()
    over_a = df["overloaded_after"].fillna(False).to_numpy(bool)
    over_b = df["overloaded_before"].fillna(False).to_numpy(bool)
    ax.hlines(y, np.minimum(xb, xa), np.maximum(xb, xa), color="#bbbbbb", linewidth=2.2, zorder=1)
    dots: dict[str, dict[str, Any]] = {
        "before": {"color": BEFORE_COLOR}, "after": {"color": LEAD_COLOR},
        "overloaded": {"color": FLAG_COLOR},
        "gone": {"markerfacecolor": "white", "markeredgecolor": LEAD_COLOR}}
    ax.plot(xb, y, "o", markersize=6, zorder=2, label=text("before", lang), **dots["before"])
    ax.plot(xa, y, "o", markersize=7, zorder=3, label=text("after", lang), **dots["after"])
    shown = ["before", "after"]
    for key, where in (("overloaded", over_a), ("gone", gone)):  # after: red, or hollow at 0
        if where.any():
            ax.plot(xa[where], y[where], "o", markersize=7, zorder=4, **dots[key])
    shown += ["overloaded"] * bool(over_a.any() or over_b.any()) + ["gone"] * bool(gone.any())
    unit_rows(ax, df.index, lang, names, flagged=over_a | over_b)
    xmax = float(max(xb.max(initial=0), xa.max(initial=0))) or 1.0
    for yi, (x0, x1) in enumerate(zip(xb, xa, strict=True)):
        if abs(x1 - x0) > 1e-9:
            ax.text(max(x0, x1) + xmax * 0.015, yi, f"{x1 - x0:+.3g}", va="center", fontsize=7,
                    color=FLAG_COLOR if x1 > x0 else "#444444")
    ax.set_xlim(0, xmax * 1.12)
    rows_end(ax, [Line2D([], [], marker="o", linestyle="none", **dots[k]) for k in shown],
             [text(k, lang) for k in shown], text(value, lang))
    return titled(ax, title, "change_title", lang)
