"""Network drawings: the task-unit graph and the unit projection."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.patheffects import withStroke

from ..graph import task_node, to_networkx, unit_node
from ..model import Plan
from ._common import (
    A4_WIDTH,
    LEAD_COLOR,
    SUPPORT_COLOR,
    chart,
    current_axes,
    text,
    titled,
    unit_loads,
    unit_names,
)
from .matrices import _community_map

__all__ = ["bipartite_network", "projection_network", "COMMUNITY_COLORS"]

UNIT_COLOR = "#009E73"  # bluish green
TASK_COLOR = "#9a9a9a"
#: Colours of communities 0, 1, 2 ... (Okabe-Ito without its low-contrast yellow, then tab10); cycled.
COMMUNITY_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                    "#882255", "#000000", "#8c564b", "#7f7f7f", "#bcbd22", "#17becf")


def _text_size_pt(s: str, fontsize: float) -> tuple[float, float]:
    """Rough width and height in points of a label (CJK chars are 1 em wide)."""
    lines = s.split("\n")
    width = max(sum(1.0 if ord(c) > 0x2E80 else 0.58 for c in line) for line in lines) * fontsize
    return width + 2, fontsize * 1.25 * len(lines)


def _place_labels(ax, anchors: np.ndarray, labels: list[str], offsets_pt: np.ndarray,
                  fontsize: float, iterations: int = 300, obstacles: np.ndarray | None = None,
                  obstacle_pt: np.ndarray | None = None) -> None:
    """Write labels above their nodes, pushed apart and off the nodes at ``obstacles``.

    Positions are solved in points on the axes' current size; a grey leader
    joins a label moved away from its node.
    """
    if len(labels) == 0:
        return
    fig = ax.figure
    bbox = ax.get_position()
    w_in, h_in = bbox.width * fig.get_figwidth(), bbox.height * fig.get_figheight()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    sx, sy = w_in * 72 / (x1 - x0), h_in * 72 / (y1 - y0)  # points per data unit
    pts = np.column_stack([(anchors[:, 0] - x0) * sx, (anchors[:, 1] - y0) * sy])
    sizes = np.array([_text_size_pt(s, fontsize) for s in labels])
    home = pts + np.column_stack([np.zeros(len(pts)), offsets_pt + sizes[:, 1] / 2])
    if obstacles is not None and len(obstacles):
        obs = np.column_stack([(obstacles[:, 0] - x0) * sx, (obstacles[:, 1] - y0) * sy])
        obs_d = np.asarray(obstacle_pt, float)
    else:
        obs, obs_d = np.empty((0, 2)), np.empty(0)
    pos = _separate(home.tolist(), sizes.tolist(), obs.tolist(), obs_d.tolist(), home.tolist(),
                    iterations)
    for k, s in enumerate(labels):
        far = np.hypot(*(pos[k] - home[k])) > sizes[k, 1]
        ax.annotate(
            s, xy=tuple(anchors[k]), xytext=(pos[k, 0] / sx + x0, pos[k, 1] / sy + y0),
            ha="center", va="center", fontsize=fontsize, color="#111111", zorder=6,
            arrowprops=dict(arrowstyle="-", color="#888888", linewidth=0.5, shrinkA=0,
                            shrinkB=2) if far else None,
            path_effects=[withStroke(linewidth=2.2, foreground="white")])


def _separate(p: list, size: list, ob: list, ob_d: list, hm: list, iterations: int) -> np.ndarray:
    """Label centres ``p`` (points) pushed off the obstacles and apart, pair after pair.

    ``size``: label widths and heights; ``ob``, ``ob_d``: obstacle centres and
    diameters; ``hm``: where each label would be, which pulls it back weakly. Plain
    Python floats: they index several times faster than numpy scalars in these loops.
    """
    n = len(p)
    for _ in range(iterations):
        moved = False
        for i in range(n):
            for k in range(len(ob)):
                dx = p[i][0] - ob[k][0]
                dy = p[i][1] - ob[k][1]
                ox = (size[i][0] + ob_d[k]) / 2 - abs(dx)
                oy = (size[i][1] + ob_d[k]) / 2 - abs(dy)
                if ox > 0 and oy > 0:
                    moved = True
                    if oy <= ox:
                        p[i][1] += (oy + 0.5) * (1 if dy >= 0 else -1)
                    else:
                        p[i][0] += (ox + 0.5) * (1 if dx >= 0 else -1)
        for i in range(n):
            for j in range(i + 1, n):
                dx = p[j][0] - p[i][0]
                dy = p[j][1] - p[i][1]
                ox = (size[i][0] + size[j][0]) / 2 - abs(dx)
                oy = (size[i][1] + size[j][1]) / 2 - abs(dy)
                if ox > 0 and oy > 0:
                    moved = True
                    if oy <= ox:  # cheaper to separate vertically
                        step = (oy / 2 + 0.5) * (1 if dy >= 0 else -1)
                        p[i][1] -= step
                        p[j][1] += step
                    else:
                        step = (ox / 2 + 0.5) * (1 if dx >= 0 else -1)
                        p[i][0] -= step
                        p[j][0] += step
        if not moved:
            break
        for i in range(n):  # weak pull back towards the node
            p[i][0] += (hm[i][0] - p[i][0]) * 0.02
            p[i][1] += (hm[i][1] - p[i][1]) * 0.02
    return np.array(p)


def _sort_key(c):
    return (c is None, str(type(c)), c if c is not None else 0)


def _circle(names: list, groups: list, gap: float = 1.0):
    """Positions on the unit circle, clockwise from the top, a gap between groups."""
    steps = [0.0] + [1.0 + (gap if groups[i] != groups[i - 1] else 0.0)
                     for i in range(1, len(names))]
    total = sum(steps) + (gap if len(set(map(str, groups))) > 1 else 0.0) + 1.0
    cum = np.cumsum(steps)
    angles = np.pi / 2 - 2 * np.pi * cum / total
    pos = {n: np.array([np.cos(a), np.sin(a)]) for n, a in zip(names, angles, strict=True)}
    return pos, angles


def _radial_labels(ax, xy, labels, angles, radii_pt, fontsize) -> None:
    """Names outside a circle, along the radius, never upside down."""
    for (x, y), s, a, r in zip(xy, labels, angles, radii_pt, strict=True):
        deg = np.degrees(a) % 360
        right = deg <= 90 or deg >= 270
        ax.annotate(s, xy=(x, y), xytext=((r + 3) * np.cos(a), (r + 3) * np.sin(a)),
                    textcoords="offset points", rotation=deg if right else deg - 180,
                    rotation_mode="anchor", ha="left" if right else "right", va="center",
                    fontsize=fontsize, color="#111111", zorder=6)


def _fit_limits(ax, pos: np.ndarray, margin: float = 0.08, circle: bool = False) -> None:
    """Limits around the nodes at ``pos`` (``circle``: the unit circle and the names outside)."""
    if circle:
        ax.set(xlim=(-1.62, 1.62), ylim=(-1.55, 1.55), aspect="equal")
        return
    lo, hi = pos.min(axis=0), pos.max(axis=0)
    span = np.where(hi - lo > 0, hi - lo, 1.0)
    ax.set(xlim=(lo[0] - span[0] * margin, hi[0] + span[0] * margin),
           ylim=(lo[1] - span[1] * margin, hi[1] + span[1] * margin * 1.8))


def _community_label(code, count: int, lang: str) -> str:
    """``协作群体 1(n=5)``: integer communities numbered from 1, as the report's table numbers them."""
    name = f"{text('community', lang)} {code + 1 if isinstance(code, int | np.integer) else code}"
    return f"{name}(n={count})" if lang == "zh" else f"{name} (n={count})"


def _layout(G: nx.Graph, layout: str, seed: int, k: float) -> dict:
    """networkx's seeded spring layout, and Kamada-Kawai started from it."""
    pos = nx.spring_layout(G, seed=seed, weight="weight", k=k, iterations=300)
    if layout == "kamada_kawai" and G.number_of_nodes() > 2:
        pos = nx.kamada_kawai_layout(G, pos=pos, weight=None)
    return pos


def _node_sizes(values: np.ndarray, smallest: float, largest: float) -> np.ndarray:
    vmax = float(np.max(values)) if len(values) and np.max(values) > 0 else 1.0
    return smallest + (largest - smallest) * np.asarray(values, float) / vmax


@chart
def bipartite_network(plan: Plan, *, workload: pd.DataFrame | None = None,
                      weights: Mapping[str, float] | None = None, ax: Axes | None = None,
                      seed: int = 0, layout: str = "kamada_kawai",
                      labels: str | int | None = "units", lang: str = "zh", names=None,
                      title: str | None = None) -> Axes:
    """Draw the task-unit graph: lead edges solid and heavy, support edges dashed and light.

    Parameters
    ----------
    plan : Plan
    workload : pandas.DataFrame, optional
        :func:`yjgraph.analysis.workload` output; its ``load`` sizes the unit
        nodes. Default: load computed from the units table and ``weights``.
    weights : mapping, optional
        Role weights for the layout (edge weights) and the default load.
    {{ax}}
    seed : int
        Seed of the layout: the same seed gives the same drawing.
    layout : {"kamada_kawai", "spring"}
        ``"spring"``: networkx's seeded force-directed layout;
        ``"kamada_kawai"`` (default): Kamada-Kawai started from it, which
        spreads the dense core more evenly so that labels have room.
    labels : "units", int or None
        Label every unit, only the ``labels`` units with the largest load, or none.
        Labels are pushed apart so that they do not overlap.
    {{words}}

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.collections``: lead edges, support edges, task nodes, unit nodes
        (in that order).

    Examples
    --------
    >>> plan = yjgraph.Plan.from_assignments([("1", "区发改局", "lead"), ("1", "区财政局", "support")])
    >>> ax = bipartite_network(plan)
    >>> [c.get_linestyle()[0][1] is None for c in ax.collections[:2]]  # solid, dashed
    [True, False]
    """
    if layout not in ("spring", "kamada_kawai"):
        raise ValueError(f"layout must be 'kamada_kawai' or 'spring', got {layout!r}")
    G = to_networkx(plan, weights=weights)
    if G.number_of_nodes() == 0:
        raise ValueError("the plan has no tasks or units to draw")
    pos = _layout(G, layout, seed, k=1.6 / np.sqrt(G.number_of_nodes()))
    unit_ids = [str(u) for u in plan.units["unit"]]
    tasks = [task_node(t) for t in plan.tasks["task_id"].astype(str)]
    units = [unit_node(u) for u in unit_ids]
    loads = unit_loads(workload, plan, weights).reindex(unit_ids).fillna(0.0).to_numpy()
    ax = current_axes(ax, (A4_WIDTH, A4_WIDTH * 0.92))
    _fit_limits(ax, np.array([pos[n] for n in G.nodes]))
    for role, style, lw, color, alpha in (("lead", "solid", 1.0, LEAD_COLOR, 0.75),
                                          ("support", (0, (3, 2)), 0.6, SUPPORT_COLOR, 0.7)):
        segs = [(pos[a], pos[b]) for a, b, d in G.edges(data=True) if d["role"] == role]
        ax.add_collection(LineCollection(segs, linestyles=style, linewidths=lw, colors=color,
                                         alpha=alpha, zorder=1, label=text(f"{role}_edge", lang)))
    txy = np.array([pos[n] for n in tasks]) if tasks else np.empty((0, 2))
    ax.scatter(txy[:, 0], txy[:, 1], s=12, marker="s", color=TASK_COLOR, edgecolors="white",
               linewidths=0.4, zorder=3, label=text("task_node", lang))
    uxy = np.array([pos[n] for n in units]) if units else np.empty((0, 2))
    sizes = _node_sizes(loads, 20, 420)
    ax.scatter(uxy[:, 0], uxy[:, 1], s=sizes, color=UNIT_COLOR, edgecolors="white",
               linewidths=0.8, zorder=4, alpha=0.9, label=text("unit_node", lang))
    if labels is not None and len(units):
        idx = np.argsort(-loads, kind="stable")[: None if labels == "units" else int(labels)]
        _place_labels(ax, uxy[idx], unit_names([unit_ids[i] for i in idx], lang, names, 28),
                      np.sqrt(sizes[idx]) / 2 + 1, fontsize=6.5, obstacles=uxy,
                      obstacle_pt=np.sqrt(sizes))
    handles = [Line2D([], [], color=LEAD_COLOR, linewidth=1.6, label=text("lead_edge", lang)),
               Line2D([], [], color=SUPPORT_COLOR, linewidth=1.0, linestyle=(0, (3, 2)),
                      label=text("support_edge", lang)),
               Line2D([], [], color=TASK_COLOR, marker="s", linestyle="none", markersize=4,
                      label=text("task_node", lang)),
               Line2D([], [], color=UNIT_COLOR, marker="o", linestyle="none", markersize=8,
                      label=text("unit_node", lang))]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=4,
              fontsize=7.5, frameon=False, handlelength=2.2)
    ax.set_axis_off()
    return titled(ax, title, "bipartite_title", lang)


@chart
def projection_network(pairs: pd.DataFrame, *, communities=None,
                       workload: pd.DataFrame | None = None, ax: Axes | None = None,
                       seed: int = 0, min_shared: float = 1, value: str = "shared_tasks",
                       layout: str = "circular", labels: bool = True,
                       lang: str = "zh", names=None, title: str | None = None) -> Axes:
    """Draw the unit projection: units joined by the tasks they share, coloured by community.

    Parameters
    ----------
    pairs : pandas.DataFrame
        :func:`yjgraph.analysis.coresponsibility` output (``unit_a``,
        ``unit_b``, ``shared_tasks``, ...).
    communities : DataFrame, Series or dict, optional
        Unit -> community (:func:`yjgraph.analysis.communities`); nodes take
        the colour of their community (:data:`COMMUNITY_COLORS`).
    workload : pandas.DataFrame, optional
        :func:`yjgraph.analysis.workload` output; ``load`` sizes the nodes
        and adds units that share no task. Default size: the sum of ``value``.
    {{ax}}
    seed : int
        Seed of the spring layout.
    min_shared : float
        Draw only pairs whose ``value`` is at least this.
    value : str
        Column giving edge widths (and the layout's edge weights).
    layout : {"circular", "spring", "kamada_kawai"}
        ``"circular"`` (default) puts the units on a circle grouped by
        community (largest load first within a community) with the names
        outside the circle, so that no name covers another even when most
        units are linked; ``"spring"`` is a seeded force-directed layout
        (``seed``), ``"kamada_kawai"`` one started from it.
    labels : bool
        Label the units (radially outside the circle, or pushed apart so
        that labels do not overlap).
    {{words}}

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.collections[0]`` the edges, ``ax.collections[1]`` the nodes.

    Examples
    --------
    >>> pairs = pd.DataFrame({"unit_a": ["甲局", "甲局"], "unit_b": ["乙局", "丙局"],
    ...                       "shared_tasks": [3, 1]})
    >>> ax = projection_network(pairs, min_shared=2)
    >>> len(ax.collections[0].get_segments()), len(ax.collections[1].get_offsets())
    (1, 3)
    """
    if layout not in ("circular", "spring", "kamada_kawai"):
        raise ValueError(f"layout must be 'circular', 'spring' or 'kamada_kawai', got {layout!r}")
    G, size_of = _projection(pairs, workload, value, min_shared)
    comm = _community_map(communities) if communities is not None else {}
    units = list(G.nodes)
    if layout == "circular":
        units.sort(key=lambda n: (_sort_key(comm.get(n)), -size_of.get(n, 0.0), n))
        pos, angles = _circle(units, [comm.get(n) for n in units])
    else:
        pos = _layout(G, layout, seed, k=2.2 / np.sqrt(len(units)))
    xy = np.array([pos[n] for n in units])
    sizes = _node_sizes(np.array([size_of.get(n, 0.0) for n in units], float), 30, 520)
    ax = current_axes(ax, (A4_WIDTH, A4_WIDTH * 0.95))
    _fit_limits(ax, xy, margin=0.1, circle=layout == "circular")
    ev = np.array([d["weight"] for _, _, d in G.edges(data=True)], float)
    ax.add_collection(LineCollection([(pos[a], pos[b]) for a, b in G.edges()],
                                     linewidths=0.4 + 3.6 * ev / ev.max() if len(ev) else [],
                                     colors="#8a8a8a", alpha=0.45, zorder=1))
    colors, handles = _community_colors([comm.get(n) for n in units], lang, communities is not None)
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=colors, edgecolors="white", linewidths=0.8,
               zorder=4)
    shown = unit_names(units, lang, names, 28)
    if labels and layout == "circular":
        _radial_labels(ax, xy, shown, angles, np.sqrt(sizes) / 2, fontsize=6.5)
    elif labels:
        _place_labels(ax, xy, shown, np.sqrt(sizes) / 2 + 1, fontsize=6.5, obstacles=xy,
                      obstacle_pt=np.sqrt(sizes))
    if handles:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                  ncol=min(4, len(handles)), fontsize=7.5, frameon=False)
    ax.set_axis_off()
    return titled(ax, title, "projection_title", lang)


def _projection(pairs: pd.DataFrame, workload, value: str,
                min_shared: float) -> tuple[nx.Graph, dict]:
    """Units (of the pairs and the workload table) joined by pairs of ``value`` >= ``min_shared``,
    and their sizes: their load, else the sum of their edges' ``value``."""
    p = pairs[pairs[value].astype(float) >= min_shared]
    G = nx.Graph()
    nodes = set(pairs["unit_a"].astype(str)) | set(pairs["unit_b"].astype(str))
    if workload is not None:
        nodes |= set(workload["unit"].astype(str) if "unit" in workload.columns
                     else workload.index.astype(str))
    G.add_nodes_from(sorted(nodes))
    G.add_weighted_edges_from(zip(p["unit_a"].astype(str), p["unit_b"].astype(str),
                                  p[value].astype(float), strict=True))
    if G.number_of_nodes() == 0:
        raise ValueError("no units to draw")
    sizes = dict(G.degree(weight="weight")) if workload is None else unit_loads(workload).to_dict()
    return G, sizes


def _community_colors(codes: list, lang: str, legend: bool) -> tuple[list, list]:
    """Node colours by community (grey: none) and a legend entry per community."""
    if not legend:
        return [UNIT_COLOR] * len(codes), []
    distinct = sorted({c for c in codes if c is not None}, key=_sort_key)
    color = {c: COMMUNITY_COLORS[i % len(COMMUNITY_COLORS)] for i, c in enumerate(distinct)}
    handles = [Line2D([], [], marker="o", linestyle="none", markersize=7, color=color[c],
                      label=_community_label(c, codes.count(c), lang)) for c in distinct]
    return [color.get(c, "#cccccc") for c in codes], handles
