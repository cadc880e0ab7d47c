"""Workload bars: each unit's load, split into its lead and support parts."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from ..model import resolve_weights
from ._common import (
    FLAG_COLOR,
    LEAD_COLOR,
    SUPPORT_COLOR,
    THRESHOLD_COLOR,
    chart,
    row_axes,
    rows_end,
    text,
    titled,
    unit_rows,
)

__all__ = ["workload_bar"]


@chart
def workload_bar(workload_df: pd.DataFrame, *, weights: Mapping[str, float] | None = None,
                 top: int | None = 20, ax: Axes | None = None, lang: str = "zh", names=None,
                 title: str | None = None, lead_color: str = LEAD_COLOR,
                 support_color: str = SUPPORT_COLOR, values: bool = True) -> Axes:
    """Horizontal bars of each unit's load, lead and support parts stacked.

    Parameters
    ----------
    workload_df : pandas.DataFrame
        The result of :func:`yjgraph.analysis.workload`: indexed by unit (or
        with a ``unit`` column), with ``n_lead`` and ``n_support``; optional
        ``load`` (used for ordering), ``overloaded`` (those units' names are
        drawn bold in red and their bars outlined in red) and
        ``attrs["threshold_load"]`` (drawn as a dashed vertical line).
    weights : mapping, optional
        Role weights giving the lead part ``n_lead * w_lead`` and the support
        part ``n_support * w_support``. Default: ``workload_df.attrs["weights"]``
        if present, else :func:`yjgraph.model.resolve_weights` defaults
        (lead 1.0, support 0.5).
    top : int or None
        Draw the ``top`` units with the largest load (all if ``None``).
    {{ax}}
    {{words}}
    lead_color, support_color : color
        Colours of the two parts.
    values : bool
        Write each unit's total load at the end of its bar.

    Returns
    -------
    matplotlib.axes.Axes
        The largest load is at the top; the y tick labels are the unit names
        from top to bottom.

    Examples
    --------
    >>> import pandas as pd
    >>> from yjgraph.plot import workload_bar
    >>> df = pd.DataFrame({"n_lead": [3, 1], "n_support": [2, 4], "overloaded": [True, False]},
    ...                   index=pd.Index(["区发展改革局", "区财政局"], name="unit"))
    >>> df.attrs["threshold_load"] = 3.5
    >>> ax = workload_bar(df)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['区发展改革局', '区财政局']
    >>> [float(p.get_width()) for p in ax.containers[0]]  # lead part: n_lead x 1.0
    [3.0, 1.0]
    >>> [float(p.get_width()) for p in ax.containers[1]]  # support part: n_support x 0.5
    [1.0, 2.0]
    """
    w = resolve_weights(weights if weights is not None else workload_df.attrs.get("weights"))
    df = _parts(workload_df, w, top)
    n = len(df)
    ax = row_axes(ax, n, 0.21)
    y = np.arange(n)
    flagged = (df["overloaded"].fillna(False).astype(bool).to_numpy()
               if "overloaded" in df.columns else np.zeros(n, bool))
    edge, lw = np.where(flagged, FLAG_COLOR, "none"), np.where(flagged, 1.4, 0.0)
    ax.barh(y, df["_lead"], height=0.72, color=lead_color, edgecolor=edge, linewidth=lw,
            label=text("lead_load", lang))
    ax.barh(y, df["_support"], left=df["_lead"], height=0.72, color=support_color,
            edgecolor=edge, linewidth=lw, label=text("support_load", lang))
    unit_rows(ax, df.index, lang, names, flagged=flagged, bold=True)  # largest at the top
    xmax = float(df["_total"].max()) if n else 1.0
    if values:
        for yi, total in enumerate(df["_total"]):
            ax.text(total + xmax * 0.01, yi, f"{total:g}", va="center", ha="left", fontsize=7,
                    color="#444444")
    handles: list[Artist] = [Patch(facecolor=lead_color), Patch(facecolor=support_color)]
    labels = [text("lead_load", lang), text("support_load", lang)]
    threshold = workload_df.attrs.get("threshold_load")
    if threshold is not None and np.isfinite(float(threshold)):
        threshold = float(threshold)
        line = ax.axvline(threshold, color=THRESHOLD_COLOR, linestyle="--", linewidth=1.1,
                          label=f"{text('threshold', lang)} = {threshold:.3g}")
        handles.append(line)
        labels.append(str(line.get_label()))
        xmax = max(xmax, threshold)
    if flagged.any():
        handles.append(Patch(facecolor="white", edgecolor=FLAG_COLOR, linewidth=1.4))
        labels.append(text("overloaded", lang))
    ax.set_xlim(0, xmax * 1.1 if xmax > 0 else 1)
    rows_end(ax, handles, labels,
             text("load", lang) + text("load_rule", lang, lead=w["lead"], support=w["support"]))
    return titled(ax, title, "workload_title", lang)


def _parts(workload_df: pd.DataFrame, w: Mapping[str, float], top: int | None) -> pd.DataFrame:
    """The ``top`` units by load (ties by name), with their lead, support and total load."""
    df = workload_df.set_index("unit") if "unit" in workload_df.columns else workload_df.copy()
    missing = {"n_lead", "n_support"} - set(df.columns)
    if missing:
        raise ValueError(f"workload_bar needs columns {sorted(missing)} (from yjgraph.workload)")
    df["_lead"] = df["n_lead"].astype(float) * w["lead"]
    df["_support"] = df["n_support"].astype(float) * w["support"]
    df["_total"] = df["_lead"] + df["_support"]
    df["_name"] = df.index.astype(str)
    df = df.sort_values(["load" if "load" in df.columns else "_total", "_name"],
                        ascending=[False, True], kind="stable")
    return df if top is None else df.head(int(top))
