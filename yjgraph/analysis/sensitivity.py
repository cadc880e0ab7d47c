"""How much the unit rankings and the overload verdict depend on the role weights.

The weight of a support relative to a lead is a modelling choice. This module
re-ranks the units over a grid of support weights and measures how far each
ranking moves from the one at the reference weights, whether the top units
stay the same, and whether the overload rule flags the same units.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..graph import biadjacency
from ..model import DEFAULT_WEIGHTS, Plan, resolve_weights
from .centrality import ALONE, centrality
from .workload import sums_of, workload

__all__ = ["weight_sensitivity"]

#: Measures compared by default; "load" needs nothing else, the others come
#: from :func:`yjgraph.analysis.centrality`.
DEFAULT_MEASURES = ("load", "weighted_degree", "pagerank")

#: Columns of :func:`weight_sensitivity`, in order.
COLUMNS = ["support_weight", "measure", "kendall_tau", "top_k_overlap", "top_k_same",
           "overloaded", "same_overloaded"]


def _scores(plan: Plan, weights: dict[str, float],
            measures: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The units' sums (:func:`~yjgraph.analysis.workload.sums_of`) and one column per measure,
    by unit: the measures of ``centrality.ALONE`` computed alone, others from the whole table."""
    B = biadjacency(plan, weights=weights)
    sums = sums_of(B)
    out = sums[["load"]].copy()
    others = [m for m in measures if m != "load"]
    if set(others) <= set(ALONE):
        for m in others:
            out[m] = ALONE[m](B)
    elif others:
        table = centrality(plan, weights=weights)
        missing = [m for m in others if m not in table.columns]
        if missing:
            raise ValueError(
                f"unknown measures {missing}; expected 'load' or a column of centrality(): "
                f"{list(table.columns)}"
            )
        out = out.join(table[others])
    return sums, out[list(measures)].astype(float)


def _top(s: pd.Series, k: int) -> tuple[str, ...]:
    """The k highest-scoring units, highest first, ties broken by name."""
    frame = pd.DataFrame({"score": s.to_numpy(), "unit": s.index.astype(str)})
    frame = frame.sort_values(["score", "unit"], ascending=[False, True], kind="stable")
    return tuple(frame["unit"].head(k))


def _overloaded(wl: pd.DataFrame) -> tuple[str, ...]:
    """The units a :func:`~yjgraph.analysis.workload.workload` table flags, sorted by name."""
    return tuple(sorted(map(str, wl.index[wl["overloaded"].to_numpy(bool)])))


def weight_sensitivity(plan: Plan, *, support_weights: Sequence[float] | None = None,
                       lead_weight: float = 1.0, measures: Sequence[str] = DEFAULT_MEASURES,
                       reference: Mapping[str, float] | None = None, top_k: int = 5,
                       rule: str = "robust_z", threshold: float | None = None,
                       capacity: Mapping[str, float] | pd.Series | None = None) -> pd.DataFrame:
    """Stability of unit rankings, top units and overload verdicts when the support weight changes.

    For every support weight in the grid (the lead weight held at
    ``lead_weight``) each measure is recomputed and compared with the same
    measure at the ``reference`` weights, and the overload rule is applied
    again to the loads.

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
        Size of the head of each ranking that is compared (default 5).
    rule, threshold, capacity
        The overload rule, as in :func:`yjgraph.analysis.workload` (the
        same function decides, at every weight: catch-all groups are never
        flagged, and a capacity makes the rule judge load per capacity).

    Returns
    -------
    pandas.DataFrame
        Long table, one row per support weight and measure (in the order
        given), with columns

        - ``support_weight``, ``measure``;
        - ``kendall_tau``: Kendall's tau-b between the measure's scores and
          the reference scores, so tied units count as ties; NaN when one
          side is constant;
        - ``top_k_overlap``: share of the reference's ``top_k`` units (ties
          broken by name) that are also in the top ``top_k`` here; the
          denominator is ``min(top_k, n_units)``;
        - ``top_k_same``: whether the top ``top_k`` units are the same
          units as at the reference (in any order);
        - ``overloaded``: the units the overload rule flags at this weight,
          as a tuple sorted by name (judged on the load, so the same on
          every row of one weight);
        - ``same_overloaded``: whether they are the units flagged at the
          reference weights.

        ``attrs`` records ``lead_weight``, ``reference``, ``top_k``,
        ``reference_top`` (``{measure: top units at the reference, highest
        first}``), ``reference_overloaded``, ``rule_name`` and ``threshold``.

    Examples
    --------
    Eight units lead a task each, ``L`` leads three more and ``S`` supports
    six of the eight. At the reference (lead 1, support 0.5) ``L`` and ``S``
    both carry 3.0 against 1.0 for the others and both are flagged; without
    the support weight only ``L`` stands out, and at weight 1 ``S`` (6.0)
    dwarfs ``L``, which is no longer flagged:

    >>> import yjgraph
    >>> rows = [{"task_id": str(t), "unit": u, "role": "lead"} for t, u in enumerate("ABCDEFGH")]
    >>> rows += [{"task_id": str(t), "unit": "S", "role": "support"} for t in range(6)]
    >>> rows += [{"task_id": str(t), "unit": "L", "role": "lead"} for t in (8, 9, 10)]
    >>> plan = yjgraph.Plan.from_assignments(rows)
    >>> out = weight_sensitivity(plan, support_weights=[0.0, 0.5, 1.0], measures=["load"], top_k=1)
    >>> out[["support_weight", "overloaded", "same_overloaded", "top_k_same", "kendall_tau"]]
       support_weight overloaded  same_overloaded  top_k_same  kendall_tau
    0             0.0       (L,)            False        True     0.000000
    1             0.5     (L, S)             True        True     1.000000
    2             1.0       (S,)            False       False     0.970143
    >>> out.attrs["reference_top"], out.attrs["reference_overloaded"]
    ({'load': ('L',)}, ('L', 'S'))
    """
    from scipy.stats import kendalltau  # a second to import: only when used

    grid = np.round(np.linspace(0.0, 1.0, 11), 10) if support_weights is None else support_weights
    measures = list(measures)
    if not measures:
        raise ValueError("give at least one measure")
    ref_weights = resolve_weights(reference if reference is not None else DEFAULT_WEIGHTS)
    ref_sums, ref = _scores(plan, ref_weights, measures)
    ref_wl = workload(plan, rule=rule, threshold=threshold, capacity=capacity, sums=ref_sums)
    if capacity is not None:  # read once (a name matching no unit is warned about once)
        capacity = ref_wl["capacity"].dropna()
    ref_flagged = _overloaded(ref_wl)
    k = int(top_k)
    ref_top = {m: _top(ref[m], k) for m in measures}
    rows = []
    for sw in grid:
        weights = resolve_weights({"lead": lead_weight, "support": float(sw)})
        sums, cur = _scores(plan, weights, measures)
        flagged = _overloaded(workload(plan, rule=rule, threshold=threshold, capacity=capacity, sums=sums))
        for m in measures:
            a, b = ref[m].to_numpy(), cur[m].reindex(ref.index).to_numpy()
            if len(a) < 2 or np.ptp(a) == 0 or np.ptp(b) == 0:
                tau = float("nan")
            else:
                tau = float(kendalltau(a, b, variant="b").statistic)
            top = set(_top(cur[m], k))
            n_top = len(ref_top[m])
            overlap = len(set(ref_top[m]) & top) / n_top if n_top else float("nan")
            rows.append(
                {"support_weight": float(sw), "measure": m, "kendall_tau": tau,
                 "top_k_overlap": overlap, "top_k_same": top == set(ref_top[m]),
                 "overloaded": flagged, "same_overloaded": flagged == ref_flagged}
            )
    out = pd.DataFrame(rows, columns=COLUMNS)
    out.attrs = {"lead_weight": float(lead_weight), "reference": ref_weights, "top_k": k,
                 "reference_top": ref_top, "reference_overloaded": ref_flagged,
                 "rule_name": rule, "threshold": ref_wl.attrs["threshold"]}
    return out
