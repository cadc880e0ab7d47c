"""Line and dot charts: Lorenz curve, centrality ranks, weight sensitivity."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from .._lang import GINI_DIGITS, number
from ._common import A4_WIDTH, chart, current_axes, frame, text, titled, unit_rows
from .networks import COMMUNITY_COLORS

__all__ = ["lorenz_curve", "centrality_ranks", "sensitivity_plot", "rank_table",
           "DEFAULT_MEASURES", "ASCENDING_MEASURES"]

#: Measures drawn by :func:`centrality_ranks` when present.
DEFAULT_MEASURES = ("weighted_degree", "degree", "betweenness", "closeness", "pagerank",
                    "svd_score", "proj_eigenvector")
#: Measures where a smaller value ranks higher.
ASCENDING_MEASURES = frozenset({"constraint"})
_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "<", ">", "h")


def _gini_of_curve(x: np.ndarray, y: np.ndarray) -> float:
    """1 - 2 * area under a piecewise-linear Lorenz curve."""
    return float(1.0 - 2.0 * np.sum((x[1:] - x[:-1]) * (y[1:] + y[:-1]) / 2.0))


@chart
def lorenz_curve(lorenz_df: pd.DataFrame, *, gini: float | pd.Series | None = None,
                 ax: Axes | None = None, lang: str = "zh", title: str | None = None,
                 color: str = "#0072B2") -> Axes:
    """Lorenz curve of the load across units, with the line of equal shares.

    Parameters
    ----------
    lorenz_df : pandas.DataFrame
        :func:`yjgraph.analysis.lorenz` output: ``unit_share`` and
        ``load_share`` from (0, 0) to (1, 1).
    gini : float or Series, optional
        The Gini coefficient to print in the legend, or the
        :func:`yjgraph.analysis.concentration` Series (its ``gini`` is
        used). Default: computed from the curve, ``1 - 2 * area``. It is
        rounded as the report and the key findings round it (2 decimals).
    {{ax}}
    {{lang}}
    {{title}}
    color : color

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[0]`` is the curve, ``ax.lines[1]`` the diagonal.

    Examples
    --------
    >>> df = pd.DataFrame({"unit_share": [0, 0.5, 1], "load_share": [0, 0.25, 1]})
    >>> ax = lorenz_curve(df)
    >>> ax.get_legend().get_texts()[0].get_text()
    '洛伦兹曲线(基尼系数 = 0.25)'
    """
    x = lorenz_df["unit_share"].to_numpy(float)
    y = lorenz_df["load_share"].to_numpy(float)
    if isinstance(gini, pd.Series | dict):
        gini = gini["gini"]
    g = _gini_of_curve(x, y) if gini is None else float(gini)
    ax = current_axes(ax, (A4_WIDTH * 0.62, A4_WIDTH * 0.6))
    sep = "(" if lang == "zh" else " ("
    ax.plot(x, y, color=color, linewidth=1.8, marker="o" if len(x) <= 40 else None,
            markersize=2.5, label=f"{text('lorenz', lang)}{sep}{text('gini', lang)} = {number(g, GINI_DIGITS)})")
    ax.plot([0, 1], [0, 1], color="#555555", linestyle="--", linewidth=1.0,
            label=text("equality", lang))
    ax.fill_between(x, y, x, color=color, alpha=0.12, linewidth=0)
    ax.set(xlim=(0, 1), ylim=(0, 1), aspect="equal", xlabel=text("unit_share", lang),
           ylabel=text("load_share", lang))
    ax.xaxis.set_major_formatter("{x:.0%}")
    ax.yaxis.set_major_formatter("{x:.0%}")
    frame(ax, color="#e5e5e5")
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    return titled(ax, title, "lorenz_title", lang)


def rank_table(centrality_df: pd.DataFrame, measures: Sequence[str]) -> pd.DataFrame:
    """Rank (1 = most central, ties share the best rank) of each unit under each measure.

    Examples
    --------
    >>> df = pd.DataFrame({"degree": [3, 1, 3], "constraint": [0.2, 0.9, 0.5]},
    ...                   index=["甲", "乙", "丙"])
    >>> rank_table(df, ["degree", "constraint"]).to_dict()
    {'degree': {'甲': 1, '乙': 3, '丙': 1}, 'constraint': {'甲': 1, '乙': 3, '丙': 2}}
    """
    df = centrality_df.set_index("unit") if "unit" in centrality_df.columns else centrality_df
    return pd.DataFrame({m: df[m].astype(float).rank(ascending=m in ASCENDING_MEASURES,
                                                     method="min").astype("int64")
                         for m in measures}, index=df.index)


@chart
def centrality_ranks(centrality_df: pd.DataFrame, *, measures: Sequence[str] | None = None,
                     top: int | None = 15, ax: Axes | None = None, lang: str = "zh",
                     names=None, title: str | None = None) -> Axes:
    """Dot plot of each unit's rank under several centrality measures.

    Units run down, ordered by their mean rank; each measure has its own
    colour and marker; a grey bar spans a unit's best to worst rank, so a long
    bar shows a unit whose importance depends on the measure.

    Parameters
    ----------
    centrality_df : pandas.DataFrame
        :func:`yjgraph.analysis.centrality` output, indexed by unit.
    measures : sequence of str, optional
        Columns to rank (higher value = rank 1, except ``constraint``).
        Default: those of :data:`DEFAULT_MEASURES` present.
    top : int or None
        Show the ``top`` units by mean rank (all if ``None``).
    {{ax}}
    {{words}}

    Returns
    -------
    matplotlib.axes.Axes
        One ``PathCollection`` per measure in ``ax.collections`` (label = the
        measure's name), x = rank, y = row of the unit; y tick labels are the
        units from top to bottom.

    Examples
    --------
    >>> df = pd.DataFrame({"degree": [3, 1, 2], "betweenness": [0.5, 0.1, 0.7]},
    ...                   index=pd.Index(["甲局", "乙局", "丙局"], name="unit"))
    >>> ax = centrality_ranks(df)
    >>> [t.get_text() for t in ax.get_yticklabels()]  # mean ranks 1.5, 1.5, 3
    ['丙局', '甲局', '乙局']
    """
    if measures is None:
        measures = [m for m in DEFAULT_MEASURES if m in centrality_df.columns]
        if not measures:
            measures = list(centrality_df.select_dtypes("number").columns)
    measures = list(measures)
    ranks = rank_table(centrality_df, measures)
    mean = ranks.mean(axis=1)
    order = sorted(ranks.index, key=lambda u: (mean[u], str(u)))
    if top is not None:
        order = order[: int(top)]
    ranks = ranks.loc[order]
    n = len(order)
    ax = current_axes(ax, (A4_WIDTH, max(2.5, 0.27 * n + 1.6)))
    y = np.arange(n)
    lo, hi = ranks.min(axis=1).to_numpy(), ranks.max(axis=1).to_numpy()
    ax.hlines(y, lo, hi, color="#d0d0d0", linewidth=3.0, zorder=1)
    k = len(measures)
    for i, m in enumerate(measures):
        jitter = (i - (k - 1) / 2) * 0.07  # small vertical offset so tied ranks stay visible
        ax.scatter(ranks[m].to_numpy(), y + jitter, s=22, marker=_MARKERS[i % len(_MARKERS)],
                   color=COMMUNITY_COLORS[i % len(COMMUNITY_COLORS)], zorder=3,
                   label=text(m, lang) + (text("low_first", lang) if m in ASCENDING_MEASURES else ""),
                   edgecolors="white", linewidths=0.3)
    unit_rows(ax, order, lang, names, fontsize=8)
    xmax = int(ranks.to_numpy().max()) if n else 1
    ax.set(xlim=(0.3, xmax + 0.7), xlabel=text("rank", lang) + text("rank_note", lang))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=10))
    frame(ax, axis="x")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7.5, frameon=False,
              handletextpad=0.3)
    return titled(ax, title, "ranks_title", lang)


@chart
def sensitivity_plot(sensitivity_df: pd.DataFrame, *, default_weight: float | None = 0.5,
                     ax: Axes | None = None, lang: str = "zh", title: str | None = None) -> Axes:
    """Kendall's tau between rankings at each support weight and at the default weight.

    Parameters
    ----------
    sensitivity_df : pandas.DataFrame
        :func:`yjgraph.analysis.weight_sensitivity` output: long table with
        ``support_weight``, ``measure`` and ``kendall_tau``.
    default_weight : float or None
        Support weight of the reference ranking, marked by a dotted line.
    {{ax}}
    {{lang}}
    {{title}}

    Returns
    -------
    matplotlib.axes.Axes
        One line per measure (in order of appearance), x = support weight,
        y = tau, label = the measure's name.

    Examples
    --------
    >>> df = pd.DataFrame({"support_weight": [0.0, 0.5, 1.0] * 2,
    ...                    "measure": ["degree"] * 3 + ["pagerank"] * 3,
    ...                    "kendall_tau": [0.8, 1.0, 0.9, 0.6, 1.0, 0.7]})
    >>> ax = sensitivity_plot(df)
    >>> [line.get_ydata().tolist() for line in ax.lines[:2]]
    [[0.8, 1.0, 0.9], [0.6, 1.0, 0.7]]
    """
    df = sensitivity_df
    need = {"support_weight", "measure", "kendall_tau"}
    if need - set(df.columns):
        raise ValueError(f"sensitivity_plot needs columns {sorted(need - set(df.columns))}")
    ax = current_axes(ax, (A4_WIDTH, A4_WIDTH * 0.55))
    for i, m in enumerate(dict.fromkeys(df["measure"])):
        sub = df[df["measure"] == m].sort_values("support_weight")
        ax.plot(sub["support_weight"].to_numpy(float), sub["kendall_tau"].to_numpy(float),
                marker=_MARKERS[i % len(_MARKERS)], markersize=4, linewidth=1.4,
                color=COMMUNITY_COLORS[i % len(COMMUNITY_COLORS)], label=text(str(m), lang))
    if default_weight is not None:
        ax.axvline(default_weight, color="#555555", linestyle=":", linewidth=1.0,
                   label=f"{text('default_weight', lang)} {default_weight:g}")
    taus = df["kendall_tau"].to_numpy(float)
    low = float(np.nanmin(taus)) if np.isfinite(taus).any() else 0.0  # tau is NaN on tiny plans
    ax.set_ylim(min(0.0, low - 0.05), 1.03)
    ax.set_xlabel(text("support_weight", lang) + text("support_weight_note", lang))
    ax.set_ylabel(text("kendall_tau", lang) + text("kendall_tau_note", lang))
    frame(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7.5, frameon=False)
    return titled(ax, title, "sensitivity_title", lang)
