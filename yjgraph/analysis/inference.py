"""Uncertainty of unit measures: null-model z-scores and bootstrap intervals.

- :func:`null_scores` asks whether a unit's position is more than its
  number of tasks explains: its betweenness, closeness, Burt constraint and
  co-responsibility degree are compared with the same measures in random
  plans that keep every task's number of units and every unit's numbers of
  lead and support tasks (curveball draws, :func:`yjgraph.analysis.nulls.curveball`).
  The measures are computed by :func:`yjgraph.centrality` and
  :func:`yjgraph.coresponsibility` on each random plan, exactly as on the
  observed one.
- :func:`bootstrap_workload` and :func:`bootstrap_centrality` treat the
  plan's tasks as a sample from the tasks such plans contain and resample
  them with replacement (Efron & Tibshirani 1993): percentile intervals of
  each unit's share of the workload, and of a centrality measure and the
  unit's rank on it.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .._docstrings import shared_doc
from ..graph import biadjacency
from ..model import Plan
from ._sparse import unit_index
from .centrality import centrality
from .coresponsibility import coresponsibility
from .nulls import curveball
from .workload import workload

__all__ = ["null_scores", "bootstrap_workload", "bootstrap_centrality", "NULL_MEASURES"]

#: Measures :func:`null_scores` compares with its random plans.
NULL_MEASURES = ("betweenness", "closeness", "constraint", "coresponsibility_degree")


def _version() -> str:
    from .. import __version__

    return __version__


def _measures(plan: Plan, measures: Sequence[str], weights) -> pd.DataFrame:
    """The requested unit measures of ``plan`` (index: its units)."""
    cols = [m for m in measures if m != "coresponsibility_degree"]
    out = centrality(plan, weights=weights)[cols] if cols else pd.DataFrame(
        index=pd.Index(sorted(plan.units["unit"]), name="unit", dtype="string"))
    if "coresponsibility_degree" in measures:
        pairs = coresponsibility(plan, weights=weights)
        deg = pd.concat([pairs["unit_a"], pairs["unit_b"]]).value_counts()
        out["coresponsibility_degree"] = deg.reindex(out.index, fill_value=0).astype(float)
    return out[list(measures)]


def _plan_of(tasks: np.ndarray, units: np.ndarray, rows: np.ndarray, cols: np.ndarray,
             lead: np.ndarray) -> Plan:
    a = pd.DataFrame({"task_id": tasks[rows], "unit": units[cols],
                      "role": np.where(lead, "lead", "support")})
    return Plan.from_assignments(a, pd.DataFrame({"task_id": tasks}))


def null_scores(plan: Plan, *, measures: Sequence[str] = NULL_MEASURES, draws: int = 100,
                steps: int = 10, burn_in: int = 100, seed: int | None = 0,
                weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Unit measures against degree-preserving random plans.

    Parameters
    ----------
    plan : Plan
    measures : sequence of str
        Columns of :func:`yjgraph.centrality` and/or
        ``"coresponsibility_degree"`` (the number of units a unit shares at
        least one task with). Default :data:`NULL_MEASURES`.
    draws : int
        Number of random plans (each costs one :func:`yjgraph.centrality`
        call: about 25 ms on the bundled plan).
    steps, burn_in : int
        Curveball rounds between draws and before the first.
    seed : int or None
        Seed of the draws.
    weights : mapping, optional
        Role weights (for constraint), default ``{"lead": 1.0, "support": 0.5}``.

    Returns
    -------
    pandas.DataFrame
        One row per unit and measure: ``unit, measure, observed, mean, sd,
        z, p_greater, p_less, p_value``. ``mean`` and ``sd`` are over the
        random plans (NaN values, e.g. the constraint of an isolated unit,
        left out), ``z = (observed - mean) / sd`` (NaN when ``sd`` is 0);
        ``p_greater`` = (1 + #draws >= observed) / (1 + draws), ``p_less``
        the same with <=, ``p_value`` = min(1, 2 min(p_greater, p_less)).
        Sorted by measure (in the order asked) then unit. ``df.attrs``
        records the parameters.

    Examples
    --------
    >>> ns = yjgraph.null_scores(yjgraph.load_example(), draws=20)
    >>> ns.columns.tolist()
    ['unit', 'measure', 'observed', 'mean', 'sd', 'z', 'p_greater', 'p_less', 'p_value']
    >>> len(ns), ns.attrs["draws"]
    (136, 20)
    """
    measures = list(measures)
    if draws < 2:
        raise ValueError("draws must be at least 2")
    observed = _measures(plan, measures, weights)
    B = biadjacency(plan)
    tasks = B.tasks.to_numpy(dtype=object)
    units = B.units.to_numpy(dtype=object)
    M = B.roles.toarray().astype(np.int8)  # 1 lead, 2 support
    rng = np.random.default_rng(seed)
    null = np.full((draws, len(observed), len(measures)), np.nan)
    k = 0
    for r, X in enumerate(curveball(M, rounds=burn_in + draws * steps, rng=rng)):
        if r < burn_in or (r + 1 - burn_in) % steps:
            continue
        rows, cols = np.nonzero(X)
        rnd = _plan_of(tasks, units, rows, cols, X[rows, cols] == 1)
        null[k] = _measures(rnd, measures, weights).reindex(observed.index).to_numpy(float)
        k += 1
    obs = observed.to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns: isolated units
        mean = np.nanmean(null, axis=0)
        sd = np.nanstd(null, axis=0, ddof=1)
        z = np.where(sd > 0, (obs - mean) / sd, np.nan)
    tol = 1e-9 * np.maximum(1.0, np.abs(obs))
    valid = ~np.isnan(null)
    n_valid = valid.sum(axis=0)
    greater = (1 + ((null >= obs - tol) & valid).sum(axis=0)) / (1 + n_valid)
    less = (1 + ((null <= obs + tol) & valid).sum(axis=0)) / (1 + n_valid)
    nan = np.isnan(obs)
    greater[nan] = less[nan] = np.nan
    n_u, n_m = obs.shape
    columns = {"observed": obs, "mean": mean, "sd": sd, "z": z, "p_greater": greater, "p_less": less,
               "p_value": np.minimum(1.0, 2 * np.minimum(greater, less))}
    df = pd.DataFrame({
        "unit": pd.array(np.tile(observed.index.to_numpy(dtype=object), n_m), dtype="string"),
        "measure": np.repeat(measures, n_u),
        **{name: values.T.ravel() for name, values in columns.items()},  # measure by measure
    })
    df.attrs.update({"analysis": "null_scores", "model": "fdsm", "measures": measures,
                     "draws": int(draws), "steps": int(steps), "burn_in": int(burn_in),
                     "seed": seed, "n_tasks": int(M.shape[0]), "n_units": int(M.shape[1]),
                     "version": _version()})
    return df


def _interval(x: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns: isolated units
        lo, hi = np.nanquantile(x, [(1 - level) / 2, (1 + level) / 2], axis=0)
    return lo, hi


def _check(reps: int, level: float) -> None:
    if reps < 2:
        raise ValueError("reps must be at least 2")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level}")


@shared_doc
def bootstrap_workload(plan: Plan, *, reps: int = 2000, level: float = 0.95, seed: int | None = 0,
                       weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Bootstrap intervals of each unit's share of the workload, resampling tasks.

    Each replicate draws as many tasks as the plan has, with replacement;
    a unit's load is then the sum of its role weights over the drawn tasks
    (a task drawn twice counts twice) and its share that load over the total,
    exactly :func:`yjgraph.workload`'s ``share`` on the resampled plan.

    Parameters
    ----------
    plan : Plan
    reps : int
        Number of bootstrap replicates (one matrix product for all of them).
    level : float
        Coverage of the percentile intervals.
    seed : int or None
    {{weights}}

    Returns
    -------
    pandas.DataFrame
        Indexed by ``unit`` (sorted by name); columns ``share`` (observed),
        ``se`` (bootstrap standard error), ``lower``, ``upper``.

    Examples
    --------
    >>> bw = yjgraph.bootstrap_workload(yjgraph.load_example(), reps=500)
    >>> bool(((bw.lower <= bw.share) & (bw.share <= bw.upper)).all())
    True
    >>> bw.attrs["reps"], bw.attrs["level"]
    (500, 0.95)
    """
    _check(reps, level)
    B = biadjacency(plan, weights=weights)
    W = B.matrix.toarray()
    n = W.shape[0]
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(n, np.full(n, 1 / n), size=reps) if n else np.zeros((reps, 0))
    loads = counts @ W
    total = loads.sum(axis=1, keepdims=True)
    shares = np.divide(loads, total, out=np.zeros_like(loads), where=total > 0)
    lo, hi = _interval(shares, level)
    observed = workload(plan, weights=weights)["share"].reindex(B.units)
    df = pd.DataFrame({"share": observed.to_numpy(float), "se": shares.std(axis=0, ddof=1),
                       "lower": lo, "upper": hi},
                      index=unit_index(B))
    df.attrs.update({"analysis": "bootstrap_workload", "reps": int(reps), "level": level,
                     "seed": seed, "method": "percentile", "n_tasks": int(n),
                     "n_units": int(len(B.units)), "version": _version()})
    return df


def bootstrap_centrality(plan: Plan, *, measure: str = "betweenness", reps: int = 200,
                         level: float = 0.95, seed: int | None = 0,
                         weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Bootstrap intervals of a centrality measure and of each unit's rank on it.

    Parameters
    ----------
    plan : Plan
    measure : str
        A column of :func:`yjgraph.centrality`; rank 1 is the highest value
        (for ``constraint``, where low values mean brokerage, rank 1 is the
        most constrained).
    reps : int
        Number of replicates; each is one :func:`yjgraph.centrality` call on
        a plan of resampled tasks (a task drawn twice appears twice).
    level : float
        Coverage of the percentile intervals.
    seed : int or None
    weights : mapping, optional

    Returns
    -------
    pandas.DataFrame
        Indexed by ``unit`` (sorted by name); columns ``value``, ``rank``
        (observed; ties share the best rank), ``value_lower``,
        ``value_upper``, ``rank_lower``, ``rank_upper``. A unit that no
        drawn task names gets value 0 (NaN for Burt's measures) and the
        worst rank in that replicate.

    Examples
    --------
    >>> bc = yjgraph.bootstrap_centrality(yjgraph.load_example(), reps=20)
    >>> bool((bc.rank_lower <= bc.rank_upper).all()), bc.attrs["measure"]
    (True, 'betweenness')
    """
    _check(reps, level)
    observed = centrality(plan, weights=weights)
    if measure not in observed.columns:
        raise ValueError(f"unknown measure {measure!r}; expected one of {list(observed.columns)}")
    fill = np.nan if measure in ("constraint", "effective_size") else 0.0
    B = biadjacency(plan)
    tasks = B.tasks.to_numpy(dtype=object)
    units = B.units.to_numpy(dtype=object)
    start, u_of, lead_of = B.roles.indptr, B.roles.indices, B.roles.data == 1  # task by task
    rng = np.random.default_rng(seed)
    values = np.empty((reps, len(units)))
    for r in range(reps):
        drawn = rng.integers(0, len(tasks), len(tasks))
        idx = np.concatenate([np.arange(start[t], start[t + 1]) for t in drawn]) if len(drawn) else []
        copy = np.repeat(np.arange(len(drawn)), start[drawn + 1] - start[drawn])
        names = np.char.add(np.char.add(tasks[drawn].astype(str), "#"), np.arange(len(drawn)).astype(str))
        p = _plan_of(names.astype(object), units, copy, u_of[idx], lead_of[idx])
        values[r] = centrality(p, weights=weights)[measure].reindex(B.units).fillna(fill).to_numpy()
    ranks = pd.DataFrame(values).rank(axis=1, ascending=False, method="min",
                                      na_option="bottom").to_numpy()
    v_lo, v_hi = _interval(values, level)
    r_lo, r_hi = _interval(ranks, level)
    obs = observed[measure].reindex(B.units)
    df = pd.DataFrame({
        "value": obs.to_numpy(float),
        "rank": obs.rank(ascending=False, method="min", na_option="bottom").to_numpy(np.int64),
        "value_lower": v_lo, "value_upper": v_hi,
        "rank_lower": np.floor(r_lo).astype(np.int64), "rank_upper": np.ceil(r_hi).astype(np.int64),
    }, index=unit_index(B))
    df.attrs.update({"analysis": "bootstrap_centrality", "measure": measure, "reps": int(reps),
                     "level": level, "seed": seed, "method": "percentile",
                     "n_tasks": int(len(tasks)), "n_units": int(len(units)), "version": _version()})
    return df
