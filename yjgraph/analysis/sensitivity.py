"""How much the unit rankings depend on the role weights.

The weight of a support relative to a lead is a modelling choice. This module
re-ranks the units over a grid of support weights and measures how far each
ranking moves from the one at the reference weights.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import import_module

import numpy as np
import pandas as pd

from ..graph import biadjacency
from ..model import DEFAULT_WEIGHTS, Plan, resolve_weights
from .workload import sums_of

__all__ = ["weight_sensitivity"]

#: Measures compared by default; "load" needs nothing else, the others come
#: from :func:`yjgraph.analysis.centrality`.
DEFAULT_MEASURES = ("load", "weighted_degree", "pagerank")


def _scores(plan: Plan, weights: dict[str, float], measures: Sequence[str]) -> pd.DataFrame:
    """One column per measure, indexed by unit (sorted by name).

    The load is :func:`~yjgraph.analysis.workload.unit_sums`'s; ``weighted_degree``,
    ``svd_score``, ``pagerank`` and ``proj_eigenvector`` are computed alone
    (as in :func:`~yjgraph.analysis.centrality`), other measures with the
    whole centrality table.
    """
    c = import_module("yjgraph.analysis.centrality")

    B = biadjacency(plan, weights=weights)
    out = sums_of(B)[["load"]]
    others = [m for m in measures if m != "load"]
    if set(others) <= set(c.ALONE):
        for m in others:
            out[m] = c.ALONE[m](B)
    elif others:
        table = c.centrality(plan, weights=weights)
        missing = [m for m in others if m not in table.columns]
        if missing:
            raise ValueError(
                f"unknown measures {missing}; expected 'load' or a column of centrality(): "
                f"{list(table.columns)}"
            )
        out = out.join(table[others])
    return out[list(measures)].astype(float)


def _top(s: pd.Series, k: int) -> set:
    """The k highest-scoring units, ties broken by name."""
    frame = pd.DataFrame({"score": s.to_numpy(), "unit": s.index.astype(str)})
    frame = frame.sort_values(["score", "unit"], ascending=[False, True], kind="stable")
    return set(frame["unit"].head(k))


def weight_sensitivity(
    plan: Plan,
    *,
    support_weights: Sequence[float] | None = None,
    lead_weight: float = 1.0,
    measures: Sequence[str] = DEFAULT_MEASURES,
    reference: Mapping[str, float] | None = None,
    top_k: int = 5,
) -> pd.DataFrame:
    """Stability of unit rankings when the support weight changes.

    For every support weight in the grid (the lead weight held at
    ``lead_weight``) each measure is recomputed and compared with the same
    measure at the ``reference`` weights.

    Parameters
    ----------
    plan : Plan
    support_weights : sequence of float, optional
        The grid; default 0, 0.1, ..., 1.0.
    lead_weight : float
        Weight of a lead throughout the grid (default 1.0).
    measures : sequence of str
        ``"load"`` (always available) and/or columns of
        :func:`yjgraph.analysis.centrality` such as ``"weighted_degree"``
        and ``"pagerank"``.
    reference : mapping, optional
        Weights of the reference ranking; default
        ``{"lead": 1.0, "support": 0.5}``.
    top_k : int
        Size of the head whose overlap is reported.

    Returns
    -------
    pandas.DataFrame
        Long table, one row per support weight and measure (in the order
        given), with columns ``support_weight``, ``measure``,
        ``kendall_tau`` (Kendall's tau-b between the measure's scores and
        the reference scores, so tied units count as ties; NaN when one
        side is constant) and ``top_k_overlap`` (share of the reference's
        ``top_k`` units, ties broken by name, that are also in the top
        ``top_k`` here; the denominator is ``min(top_k, n_units)``). ``attrs`` records ``lead_weight``, ``reference`` and
        ``top_k``.

    Examples
    --------
    >>> import yjgraph
    >>> plan = yjgraph.Plan.from_assignments([
    ...     {"task_id": "1", "unit": "甲", "role": "lead"},
    ...     {"task_id": "1", "unit": "乙", "role": "support"},
    ...     {"task_id": "2", "unit": "甲", "role": "lead"},
    ...     {"task_id": "2", "unit": "乙", "role": "support"},
    ...     {"task_id": "3", "unit": "丙", "role": "lead"},
    ...     {"task_id": "3", "unit": "乙", "role": "support"},
    ... ])
    >>> # loads at the reference (1, 0.5): 甲 2.0 > 乙 1.5 > 丙 1.0;
    >>> # with support 1.0: 乙 3.0 > 甲 2.0 > 丙 1.0, one pair of three swapped
    >>> weight_sensitivity(plan, support_weights=[0.5, 1.0], measures=["load"], top_k=1)
       support_weight measure  kendall_tau  top_k_overlap
    0             0.5    load     1.000000            1.0
    1             1.0    load     0.333333            0.0
    """
    from scipy.stats import kendalltau  # a second to import: only when used

    grid = np.round(np.linspace(0.0, 1.0, 11), 10) if support_weights is None else support_weights
    measures = list(measures)
    if not measures:
        raise ValueError("give at least one measure")
    ref_weights = resolve_weights(reference if reference is not None else DEFAULT_WEIGHTS)
    ref = _scores(plan, ref_weights, measures)
    k = int(top_k)
    ref_top = {m: _top(ref[m], k) for m in measures}
    rows = []
    for sw in grid:
        weights = resolve_weights({"lead": lead_weight, "support": float(sw)})
        cur = _scores(plan, weights, measures)
        for m in measures:
            a, b = ref[m].to_numpy(), cur[m].reindex(ref.index).to_numpy()
            if len(a) < 2 or np.ptp(a) == 0 or np.ptp(b) == 0:
                tau = float("nan")
            else:
                tau = float(kendalltau(a, b, variant="b").statistic)
            n_top = len(ref_top[m])
            overlap = len(ref_top[m] & _top(cur[m], k)) / n_top if n_top else float("nan")
            rows.append(
                {"support_weight": float(sw), "measure": m, "kendall_tau": tau,
                 "top_k_overlap": overlap}
            )
    out = pd.DataFrame(rows, columns=["support_weight", "measure", "kendall_tau", "top_k_overlap"])
    out.attrs = {"lead_weight": float(lead_weight), "reference": ref_weights, "top_k": k}
    return out
