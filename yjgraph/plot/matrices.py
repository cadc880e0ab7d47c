"""Matrix views: unit x unit co-responsibility, task x unit roles, chapter x unit load."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import Normalize, PowerNorm

from .._lang import chapter_label_en, task_label
from ..model import Plan, strongest_roles
from ._common import (
    A4_WIDTH,
    LEAD_COLOR,
    SUPPORT_COLOR,
    cell_lines,
    chapter_label,
    chart,
    current_axes,
    text,
    titled,
    unit_names,
    units_by_load,
    wrap,
)
from .fonts import apply_font

__all__ = ["coresponsibility_heatmap", "responsibility_matrix", "chapter_heatmap",
           "square_matrix", "cluster_order"]


def square_matrix(pairs_or_matrix: pd.DataFrame, value: str = "shared_tasks") -> pd.DataFrame:
    """A symmetric unit x unit DataFrame from a long pairs table or a square one.

    Parameters
    ----------
    pairs_or_matrix : pandas.DataFrame
        Either :func:`yjgraph.analysis.coresponsibility` output (``unit_a``,
        ``unit_b`` and the ``value`` column) or an already square matrix.
    value : str
        Column of the pairs table to use.

    Examples
    --------
    >>> pairs = pd.DataFrame({"unit_a": ["A", "A"], "unit_b": ["B", "C"], "shared_tasks": [2, 1]})
    >>> square_matrix(pairs).to_numpy().tolist()
    [[0.0, 2.0, 1.0], [2.0, 0.0, 0.0], [1.0, 0.0, 0.0]]
    """
    df = pairs_or_matrix
    if {"unit_a", "unit_b"} <= set(df.columns):
        if value not in df.columns:
            raise ValueError(f"pairs table has no column {value!r}; columns: {list(df.columns)}")
        units = sorted(set(df["unit_a"].astype(str)) | set(df["unit_b"].astype(str)))
        m = pd.DataFrame(0.0, index=pd.Index(units, name="unit"), columns=pd.Index(units))
        for a, b, v in zip(df["unit_a"].astype(str), df["unit_b"].astype(str),
                           df[value].astype(float), strict=True):
            m.loc[a, b] = v
            m.loc[b, a] = v
        return m
    if df.shape[0] != df.shape[1] or list(map(str, df.index)) != list(map(str, df.columns)):
        raise ValueError("expected a long pairs table (unit_a, unit_b, ...) or a square matrix "
                         "with the same units as index and columns")
    return df.astype(float)


def cluster_order(matrix: pd.DataFrame, communities=None) -> list:
    """Order of units that puts similar rows together.

    By community (largest first, then by total, then by name) if
    ``communities`` (a DataFrame with a ``community`` column, a Series or a
    dict unit -> community) is given; else the leaves of an average-linkage
    hierarchical clustering of the rows (``scipy.cluster.hierarchy``,
    optimal leaf ordering).

    Examples
    --------
    >>> m = pd.DataFrame([[0, 0, 3], [0, 0, 0], [3, 0, 0]], index=list("abc"), columns=list("abc"))
    >>> cluster_order(m, {"a": 0, "b": 1, "c": 0})
    ['a', 'c', 'b']
    """
    units = list(matrix.index)
    totals = matrix.sum(axis=1)
    if communities is not None:
        comm = _community_map(communities)
        key = {u: (comm.get(str(u), np.inf), -totals[u], str(u)) for u in units}
        return sorted(units, key=key.__getitem__)
    if len(units) < 3:
        return sorted(units, key=lambda u: (-totals[u], str(u)))
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import pdist

    x = matrix.to_numpy(float).copy()
    np.fill_diagonal(x, x.max(axis=1))  # a unit resembles itself as much as its best partner
    metric = "cosine" if (np.abs(x).sum(axis=1) > 0).all() else "euclidean"
    d = pdist(x, metric=metric)
    d = np.nan_to_num(d, nan=1.0)
    z = linkage(d, method="average", optimal_ordering=True)
    return [units[i] for i in leaves_list(z)]


def _community_map(communities) -> dict:
    """Unit -> community from a DataFrame (``community`` column), a Series or a dict."""
    s = communities
    if isinstance(s, pd.DataFrame):
        if "community" not in s.columns:
            raise ValueError("communities DataFrame needs a 'community' column")
        s = s.set_index("unit")["community"] if "unit" in s.columns else s["community"]
    return {str(k): v for k, v in pd.Series(s).items()}


def _annotate(ax, values: np.ndarray, norm, fontsize: float) -> None:
    """Write each non-zero value in its cell (whole numbers as such), white on dark cells."""
    finite = values[np.isfinite(values)]
    fmt = "g" if np.allclose(finite, np.round(finite)) else ".2g"
    for (i, j), v in np.ndenumerate(values):
        if np.isfinite(v) and v != 0:
            ax.text(j, i, format(v, fmt), ha="center", va="center", fontsize=fontsize,
                    color="white" if norm(v) > 0.6 else "#222222")


def _chapter_tick(no, title) -> str:
    """Chapter number on the first line, the title wrapped four characters a line."""
    title = "" if title is None or pd.isna(title) or str(title) == str(no) else str(title)
    return f"{no}\n{wrap(title, 4)}" if title else str(no)


def _cells(ax, values, **kwargs):
    """A matrix drawn as one coloured square per cell, row 0 at the top.

    Vector cells (``pcolormesh``), not an image: PDF and SVG stay sharp in
    every viewer; row and column centres are 0, 1, 2 ...
    """
    n_rows, n_cols = values.shape
    mesh = ax.pcolormesh(np.arange(n_cols + 1) - 0.5, np.arange(n_rows + 1) - 0.5, values,
                         shading="flat", **kwargs)
    ax.set_ylim(n_rows - 0.5, -0.5)
    return mesh


def _colorbar(ax, mesh, label: str, **kwargs) -> None:
    """A colour bar without outline, labelled ``label``."""
    cb = ax.figure.colorbar(mesh, ax=ax, pad=0.02, **kwargs)
    cb.set_label(label, fontsize=8)
    cb.ax.tick_params(labelsize=7)
    cb.outline.set_visible(False)
    apply_font(cb.ax)

@chart
def coresponsibility_heatmap(pairs_or_matrix: pd.DataFrame, *, value: str = "shared_tasks",
                             communities=None, ax: Axes | None = None,
                             annotate: bool | str = "auto", cmap: str = "Blues",
                             scale: str = "sqrt", cbar: bool = True, lang: str = "zh",
                             names=None, title: str | None = None) -> Axes:
    """Unit x unit heatmap of how many tasks two units share, clusters together.

    Parameters
    ----------
    pairs_or_matrix : pandas.DataFrame
        :func:`yjgraph.analysis.coresponsibility` output or a square matrix
        (for instance from :func:`yjgraph.analysis.to_matrix`).
    value : str
        Column of the pairs table to show: ``"shared_tasks"``, ``"weighted"``,
        ``"newman"`` or ``"jaccard"``.
    communities : DataFrame, Series or dict, optional
        Unit -> community (:func:`yjgraph.analysis.communities`); units are
        grouped by community, with lines between groups. Without it the order
        comes from hierarchical clustering (:func:`cluster_order`).
    {{ax}}
    annotate : bool or "auto"
        Write the values in the cells; ``"auto"`` does so for at most 25 units.
    cmap : str
    scale : {"sqrt", "linear"}
        Colour scale. ``"sqrt"`` (default) keeps pairs sharing one or two
        tasks visible next to a pair sharing twenty; the colour bar shows
        the true values either way. Empty cells (no shared task) are white.
    cbar : bool
        Draw a colour bar.
    {{words}}

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.collections[0].get_array().filled(0)`` is the matrix in the drawn
        order, whose units are the tick labels; the diagonal and the pairs
        sharing nothing are masked (blank).

    Examples
    --------
    >>> pairs = pd.DataFrame({"unit_a": ["甲局", "甲局"], "unit_b": ["乙局", "丙局"],
    ...                       "shared_tasks": [2, 1]})
    >>> ax = coresponsibility_heatmap(pairs, communities={"甲局": 0, "乙局": 0, "丙局": 1})
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['甲局', '乙局', '丙局']
    """
    if scale not in ("sqrt", "linear"):
        raise ValueError(f"scale must be 'sqrt' or 'linear', got {scale!r}")
    m = square_matrix(pairs_or_matrix, value)
    order = cluster_order(m, communities)
    n = len(order)
    values = m.loc[order, order].to_numpy(float).copy()
    np.fill_diagonal(values, np.nan)
    side = min(A4_WIDTH - (0.7 if cbar else 0), max(3.0, 0.17 * n + 1.6))
    ax = current_axes(ax, (side + (0.7 if cbar else 0), side))
    vmax = float(np.nanmax(values)) if n > 1 and np.nanmax(values) > 0 else 1.0
    norm = PowerNorm(0.5, vmin=0, vmax=vmax) if scale == "sqrt" else Normalize(vmin=0, vmax=vmax)
    img = _cells(ax, np.ma.masked_invalid(np.where(values == 0, np.nan, values)), cmap=cmap,
                 norm=norm)
    ax.set_aspect("equal")
    fs = 9 if n <= 12 else (7 if n <= 30 else 6)
    labels = unit_names(order, lang, names)
    ax.set_xticks(np.arange(n), labels=labels, rotation=90, fontsize=fs)
    ax.set_yticks(np.arange(n), labels=labels, fontsize=fs)
    ax.tick_params(length=0)
    edges = np.arange(n + 1) - 0.5
    cell_lines(ax, x=edges, y=edges, color="#f4f4f4", linewidth=0.5)
    for spine in ax.spines.values():
        spine.set_color("#cccccc")
    if (n <= 25) if annotate == "auto" else annotate:
        _annotate(ax, values, img.norm, fontsize=max(5, fs - 1))
    if communities is not None:  # lines between communities
        groups = [_community_map(communities).get(str(u)) for u in order]
        for k in range(1, n):
            if groups[k] != groups[k - 1]:
                ax.axhline(k - 0.5, color="#333333", linewidth=1.0)
                ax.axvline(k - 0.5, color="#333333", linewidth=1.0)
    if cbar:
        _colorbar(ax, img, text(value, lang), shrink=0.6)
    return titled(ax, title, "coresp_title", lang)


@chart
def responsibility_matrix(plan: Plan, *, units: Sequence[str] | None = None,
                          top: int | None = None, weights: Mapping[str, float] | None = None,
                          ax: Axes | None = None, chapter_titles=None, lang: str = "zh",
                          names=None, title: str | None = None,
                          chapter_labels: bool = True) -> Axes:
    """Tasks x units responsibility (RACI-style) chart: who leads and who supports.

    A filled blue circle marks a lead unit, a hollow orange circle a
    supporting unit. Tasks run down in plan order, grouped by chapter with a
    line between chapters and the chapter title at the right.

    Parameters
    ----------
    plan : Plan
    units : sequence of str, optional
        Units (columns) to show, in this order. Default: all units, by load.
    top : int, optional
        Keep only the ``top`` units by load (ignored if ``units`` is given).
    weights : mapping, optional
        Role weights used to order units by load.
    {{ax}}
    {{chapter_titles}}
    {{words}}
    chapter_labels : bool
        Write chapter titles to the right of the matrix.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.collections[0]`` holds the lead marks, ``ax.collections[1]`` the
        support marks (x = unit column, y = task row).

    Examples
    --------
    >>> plan = yjgraph.Plan.from_assignments([("1", "区发改局", "lead"), ("1", "区财政局", "support")])
    >>> ax = responsibility_matrix(plan)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['区发改局', '区财政局']
    >>> ax.collections[0].get_offsets().tolist(), ax.collections[1].get_offsets().tolist()
    ([[0.0, 0.0]], [[1.0, 0.0]])
    """
    if units is None:
        units = units_by_load(plan, weights)[: None if top is None else int(top)]
    units = [str(u) for u in units]
    col = {u: j for j, u in enumerate(units)}
    tasks = plan.tasks.reset_index(drop=True)
    row = {str(t): i for i, t in enumerate(tasks["task_id"])}
    a = plan.assignments
    a = strongest_roles(a[a["unit"].astype(str).isin(col)])  # lead and support of a task: lead
    n_t, n_u = len(tasks), len(units)
    pitch = 0.085 if n_t > 60 else 0.118  # inches per task row: 86 tasks fit an A4 page
    ax = current_axes(ax, (A4_WIDTH, min(9.6, max(3.0, pitch * n_t + 2.2))))
    ms = 20 if n_t > 60 else (26 if n_t > 40 or n_u > 25 else 40)
    for role, face, edge in (("lead", LEAD_COLOR, LEAD_COLOR), ("support", "none", SUPPORT_COLOR)):
        sub = a[a["role"] == role]
        ax.scatter([col[str(u)] for u in sub["unit"]], [row[str(t)] for t in sub["task_id"]],
                   s=ms, marker="o", facecolors=face, edgecolors=edge, linewidths=1.1,
                   label=text(role, lang), zorder=3)
    fs = 6 if n_t > 60 else (6.5 if max(n_t, n_u) > 40 else 8)
    ax.set_xticks(np.arange(n_u), labels=unit_names(units, lang, names), rotation=90, fontsize=fs)
    ax.xaxis.tick_top()
    if lang == "en":
        task_ticks = [task_label(nb, t) for nb, t in zip(tasks["number"], tasks["task_id"], strict=True)]
    else:
        task_ticks = [str(t) for t in tasks["number"].fillna(tasks["task_id"])]
    ax.set_yticks(np.arange(n_t), labels=task_ticks, fontsize=fs)
    ax.set(xlim=(-0.6, n_u - 0.4), ylim=(n_t - 0.5, -0.5))
    ax.tick_params(length=0, pad=2)
    cell_lines(ax, x=np.arange(n_u + 1) - 0.5, color="#e6e6e6", linewidth=0.5)
    cell_lines(ax, y=np.arange(n_t), color="#f2f2f2", linewidth=0.4)
    for spine in ax.spines.values():
        spine.set_color("#bbbbbb")
    _chapters(ax, tasks, lang, chapter_titles, labels=chapter_labels, pitch=pitch, fontsize=fs)
    ax.set_ylabel(text("task", lang), fontsize=8)
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.0), ncol=2, fontsize=7.5,
              frameon=False, handletextpad=0.2, borderaxespad=0.3, columnspacing=1.5)
    return titled(ax, title, "raci_title", lang)


def _chapters(ax, tasks: pd.DataFrame, lang: str, chapter_titles, *, labels: bool, pitch: float,
              fontsize: float) -> None:
    """Lines between the chapters of the task rows, and (``labels``) their titles at the right."""
    chap = tasks["chapter_no"].astype("string").fillna(tasks["chapter"].astype("string")).fillna("")
    starts = [i for i in range(len(tasks)) if i == 0 or chap.iloc[i] != chap.iloc[i - 1]]
    for s in starts[1:]:
        ax.axhline(s - 0.5, color="#555555", linewidth=0.8)
    bounds = [*starts, len(tasks)]
    for k, (s, e) in enumerate(zip(bounds[:-1], bounds[1:], strict=True) if labels else ()):
        no, chapter = tasks["chapter_no"].iloc[s], tasks["chapter"].iloc[s]
        if lang == "en":
            label = chapter_label_en(no, chapter, k + 1, chapter_titles)
            wrapped = "\n".join(textwrap.wrap(label, 14)) or label
        else:
            wrapped = wrap(chapter_label(no, chapter), 7)
        fits = int((e - s) * pitch * 72 / (fontsize + 2.5)) > 1  # lines that fit the band
        ax.annotate(wrapped if fits else wrapped.split("\n")[0], xy=(1.0, (s - 0.5)),
                    xycoords=("axes fraction", "data"), xytext=(4, -1),
                    textcoords="offset points", ha="left", va="top", fontsize=fontsize,
                    color="#333333", annotation_clip=False)


@chart
def chapter_heatmap(by_chapter_df: pd.DataFrame, *, value: str = "load", ax: Axes | None = None,
                    annotate: bool | str = "auto", cmap: str = "YlOrRd", cbar: bool = True,
                    chapter_titles=None, lang: str = "zh", names=None,
                    title: str | None = None) -> Axes:
    """Heatmap of each unit's load (or task counts) per chapter.

    Units run down (by total, largest first), chapters across in plan order
    with their titles wrapped under the number.

    Parameters
    ----------
    by_chapter_df : pandas.DataFrame
        :func:`yjgraph.analysis.workload_by_chapter` output: long table with
        ``unit``, ``chapter_no``, ``chapter`` and the ``value`` column.
    value : str
        ``"load"``, ``"n_lead"`` or ``"n_support"``.
    {{ax}}
    annotate : bool or "auto"
        Write values in the cells (``"auto"``: when at most 40 units).
    cmap : str
    cbar : bool
    {{chapter_titles}}
    {{words}}

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.collections[0].get_array()`` is the units x chapters matrix as
        drawn (row 0 at the top).

    Examples
    --------
    >>> df = pd.DataFrame({"unit": ["甲局", "甲局", "乙局"], "chapter_no": ["一", "二", "一"],
    ...                    "chapter": ["总则", "保障", "总则"], "load": [2.0, 1.0, 0.5]})
    >>> ax = chapter_heatmap(df)
    >>> ax.collections[0].get_array().filled(0).tolist()  # empty cells are masked
    [[2.0, 1.0], [0.5, 0.0]]
    """
    m, titles = _by_chapter(by_chapter_df, value)
    chapters = list(m.columns)
    n_u, n_c = m.shape
    ax = current_axes(ax, (min(A4_WIDTH, 2.2 + 0.5 * n_c + (0.7 if cbar else 0)),
                       max(2.5, 0.2 * n_u + 1.8)))
    vals = m.to_numpy(float)
    img = _cells(ax, np.ma.masked_where(vals == 0, vals), cmap=cmap, vmin=0,
                 vmax=vals.max() if vals.size and vals.max() > 0 else 1)
    fs = 8 if n_u <= 25 else 7
    ax.set_yticks(np.arange(n_u), labels=unit_names(m.index, lang, names), fontsize=fs)
    if lang == "en":
        ticks = ["\n".join(textwrap.wrap(chapter_label_en(c, titles.get(c), k + 1, chapter_titles)
                                         .replace("Chapter ", "Ch. "), 12))
                 for k, c in enumerate(chapters)]
    else:
        ticks = [_chapter_tick(c, titles.get(c)) for c in chapters]
    ax.set_xticks(np.arange(n_c), labels=ticks, fontsize=6.5)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    cell_lines(ax, x=np.arange(n_c + 1) - 0.5, y=np.arange(n_u + 1) - 0.5, color="white",
               linewidth=0.8)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if (n_u <= 40) if annotate == "auto" else annotate:
        _annotate(ax, vals, img.norm, fontsize=6.5)
    if cbar:
        _colorbar(ax, img, text(value, lang), shrink=0.5, aspect=25)
    return titled(ax, title, "chapter_title", lang)


def _by_chapter(df: pd.DataFrame, value: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """Units (by total, largest first) x chapters (in the plan's order) of ``value``; titles."""
    need = {"unit", "chapter_no", value}
    if need - set(df.columns):
        raise ValueError(f"chapter_heatmap needs columns {sorted(need - set(df.columns))}")
    # chapters in the plan's order (workload_by_chapter records it), else as they come
    chapters = [str(c) for c in df.attrs.get("chapter_order", [])] or list(
        dict.fromkeys(df["chapter_no"].astype(str)))
    titles: dict[str, str] = {}
    if "chapter" in df.columns:
        for no, ch in zip(df["chapter_no"].astype(str), df["chapter"], strict=True):
            titles.setdefault(no, ch)
    m = df.pivot_table(index=df["unit"].astype(str), columns=df["chapter_no"].astype(str),
                       values=value, aggfunc="sum", fill_value=0.0)
    m = m.reindex(columns=chapters, fill_value=0.0).astype(float)
    tot = m.sum(axis=1)
    return m.loc[sorted(m.index, key=lambda u: (-tot[u], u))], titles
