"""The backbone of the co-responsibility projection: which shared tasks are more than chance.

Two units that each carry many tasks will share some by chance alone. The
backbone keeps a tie only where the number of shared tasks is improbably
large under a null model that keeps every task's number of units and every
unit's number of tasks (Neal 2014; Neal, Domagalski & Sagan 2021):

- ``model="sdsm"``, the stochastic degree sequence model: cells are
  independent with the probabilities of the bipartite configuration model
  (BiCM; Saracco et al. 2015, 2017), whose expected degrees equal the
  observed ones. The number of tasks two units share is then a sum of
  independent Bernoulli variables with probabilities ``p_ta * p_tb``, and
  its upper tail is computed exactly (Poisson-binomial distribution) — the
  ``poibin`` projection of the ``bicm`` package and R ``backbone``'s
  ``sdsm``.
- ``model="fdsm"``, the fixed degree sequence model: random plans with
  exactly the observed degrees, drawn by global curveball trades (Strona et
  al. 2014; Carstens et al. 2018) along one Markov chain (``burn_in`` rounds,
  then one draw every ``steps`` rounds; a round pairs all tasks, so
  ``steps=10`` makes about 5 trades per task between draws). The p-value is
  ``(1 + #draws at least as extreme) / (1 + draws)`` (Phipson & Smyth 2010).

Pairs are then corrected for multiple testing over all ``n (n - 1) / 2``
unit pairs (``n (n - 1)`` ordered pairs for ``layer="lead_support"``).

Role-aware layers: ``layer="lead"`` tests the tasks two units both lead;
``layer="lead_support"`` tests, for each ordered pair, the tasks in which
``unit_a`` leads and ``unit_b`` supports, under independent null models of
the lead and the support matrices (a unit is then allowed, by the null
model, to lead and support one task: a small approximation).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..graph import biadjacency
from ..model import Plan
from .nulls import CORRECTIONS, adjust_pvalues, bicm_classes, curveball, poisson_binomial_cdf

__all__ = ["backbone", "MODELS", "LAYERS"]

MODELS = ("sdsm", "fdsm")
LAYERS = (None, "lead", "lead_support")
#: Curveball rounds before the first draw and between draws (``fdsm``).
BURN_IN = 100
STEPS = 10
#: Default number of random plans drawn by ``fdsm``.
DRAWS = 1000


def _layers(plan: Plan, layer: str | None) -> tuple[pd.Index, np.ndarray, np.ndarray]:
    """``(units, X, Y)``: the tasks x units 0/1 matrices whose ``X.T @ Y`` is tested."""
    B = biadjacency(plan)
    if layer is None:
        X = B.binary.toarray()
        return B.units, X, X
    lead = B.role_matrix("lead").toarray()
    if layer == "lead":
        return B.units, lead, lead
    return B.units, lead, B.role_matrix("support").toarray()


def _pairs(S: np.ndarray, symmetric: bool, every: bool) -> tuple[np.ndarray, np.ndarray]:
    n = S.shape[0]
    if symmetric:
        i, j = np.triu_indices(n, k=1)
    else:
        i, j = np.nonzero(~np.eye(n, dtype=bool))
    if not every:
        keep = S[i, j] > 0
        i, j = i[keep], j[keep]
    return i, j


def _sdsm(X: np.ndarray, Y: np.ndarray, i: np.ndarray, j: np.ndarray, s: np.ndarray,
          need_lower: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Expected shared tasks, upper and lower tail p-values of each pair ``(i, j)``."""
    Px, rx, cx = bicm_classes(X.sum(axis=1), X.sum(axis=0))
    Py, ry, cy = (Px, rx, cx) if Y is X else bicm_classes(Y.sum(axis=1), Y.sum(axis=0))
    # tasks of the same degree(s) have the same probabilities: one binomial term per class
    k = len(Py)
    t_class, t_count = np.unique(rx * k + ry, return_counts=True)
    Pr, Qr = Px[t_class // k], Py[t_class % k]  # task classes x unit classes
    m = Py.shape[1]
    groups, g_of = np.unique(cx[i] * m + cy[j], return_inverse=True)
    q = (Pr[:, groups // m] * Qr[:, groups % m]).T
    expected = (q @ t_count)[g_of]
    # values of the distribution needed per group: 0 .. s (lower) or s - 1 (upper)
    need = np.zeros(len(groups), np.int64)
    np.maximum.at(need, g_of, s + (1 if need_lower else 0))
    upper = np.ones(len(s))
    lower = np.ones(len(s))
    n_max = int(t_count.sum())
    size = np.maximum(need, 1)
    bucket = np.ceil(np.log2(size)).astype(np.int64)
    for bk in np.unique(bucket):
        gs = np.flatnonzero(bucket == bk)
        L = int(min(2**bk, n_max + 1)) if n_max else 1
        cdf = poisson_binomial_cdf(q[gs], t_count, max(L, 1))
        local = np.full(len(groups), -1)
        local[gs] = np.arange(len(gs))
        rows = np.flatnonzero(np.isin(g_of, gs))
        r = local[g_of[rows]]
        sv = s[rows]
        pos = sv > 0
        upper[rows[pos]] = 1.0 - cdf[r[pos], sv[pos] - 1]
        if need_lower:
            lower[rows] = cdf[r, np.minimum(sv, cdf.shape[1] - 1)]
    return expected, np.clip(upper, 0.0, 1.0), np.clip(lower, 0.0, 1.0)


def _fdsm(X: np.ndarray, Y: np.ndarray, i: np.ndarray, j: np.ndarray, s: np.ndarray,
          draws: int, steps: int, burn_in: int, seed) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    rounds = burn_in + draws * steps
    Xs = X.astype(np.float64)
    chains = [curveball(Xs, rounds=rounds, rng=rng)]
    Ys = Xs
    if Y is not X:
        Ys = Y.astype(np.float64)
        chains.append(curveball(Ys, rounds=rounds, rng=rng))
    ge = np.zeros(len(s), np.int64)
    le = np.zeros(len(s), np.int64)
    total = np.zeros(len(s))
    for r, _ in enumerate(zip(*chains)):
        if r < burn_in or (r + 1 - burn_in) % steps:
            continue
        S = (Xs.T @ Ys)[i, j]
        ge += S >= s
        le += S <= s
        total += S
    return total / draws, (1 + ge) / (1 + draws), (1 + le) / (1 + draws)


def backbone(plan: Plan, *, model: str = "sdsm", alpha: float = 0.05,
             correction: str | None = "fdr_bh", signed: bool = False, layer: str | None = None,
             seed: int | None = 0, draws: int = DRAWS, steps: int = STEPS,
             burn_in: int = BURN_IN) -> pd.DataFrame:
    """Test every co-responsibility tie against a degree-preserving null model.

    Parameters
    ----------
    plan : Plan
    model : {"sdsm", "fdsm"}
        Stochastic (BiCM probabilities, exact tails) or fixed degree sequence
        model (curveball draws); see the module docstring.
    alpha : float
        Significance level applied to the adjusted p-values.
    correction : {"fdr_bh", "holm", "bonferroni", None}
        Multiple-testing correction over all unit pairs.
    signed : bool
        Also test for *fewer* shared tasks than expected: every pair gets a
        row, ``p_lower``, and ``sign`` (+1 more, -1 fewer than chance, 0 not
        significant); then ``p_adjusted`` corrects the two-sided p-value
        ``min(1, 2 min(p_value, p_lower))``.
    layer : {None, "lead", "lead_support"}
        Which tasks count as shared: any role (default), both units lead, or
        ``unit_a`` leads and ``unit_b`` supports (ordered pairs).
    seed : int or None
        Seed of the curveball draws (``fdsm``).
    draws, steps, burn_in : int
        Number of random plans, curveball rounds between them and before the
        first (``fdsm``).

    Returns
    -------
    pandas.DataFrame
        Columns ``unit_a, unit_b, shared_tasks, expected, p_value,
        p_adjusted, significant`` (plus ``p_lower, sign`` when ``signed``):
        one row per pair that shares at least one task (every pair when
        ``signed``), ``unit_a < unit_b`` unless ``layer="lead_support"``;
        ``p_value`` is the upper tail ``P(X >= shared_tasks)``. Sorted by
        ``p_value``, then ``shared_tasks`` descending, ``unit_a``,
        ``unit_b``. ``df.attrs`` records the model, its parameters,
        ``n_tests`` (pairs in the correction), ``n_significant``, the plan's
        counts and the yjgraph version (see :func:`yjgraph.methods_text`).

    Examples
    --------
    >>> plan = yjgraph.load_example()
    >>> bb = yjgraph.backbone(plan)
    >>> bb.columns.tolist()
    ['unit_a', 'unit_b', 'shared_tasks', 'expected', 'p_value', 'p_adjusted', 'significant']
    >>> bb.attrs["n_tests"], len(bb) <= 561
    (561, True)
    >>> bool((bb.p_value <= bb.p_adjusted).all())
    True
    """
    _check(model, correction, layer, alpha, draws, steps, burn_in)
    units, X, Y = _layers(plan, layer)
    symmetric = layer != "lead_support"
    S = X.T @ Y
    i, j = _pairs(S, symmetric, signed)
    s = S[i, j].astype(np.int64)
    n = len(units)
    n_tests = n * (n - 1) // (2 if symmetric else 1)
    if model == "sdsm":
        expected, upper, lower = _sdsm(X, Y, i, j, s, signed)
    else:
        expected, upper, lower = _fdsm(X, Y, i, j, s, draws, steps, burn_in, seed)
    tested = np.minimum(1.0, 2 * np.minimum(upper, lower)) if signed else upper
    adjusted = adjust_pvalues(tested, correction, n_tests=n_tests)
    names = units.to_numpy(dtype=object)
    df = pd.DataFrame({"unit_a": pd.array(names[i], dtype="string"),
                       "unit_b": pd.array(names[j], dtype="string"),
                       "shared_tasks": s, "expected": expected, "p_value": upper,
                       "p_adjusted": adjusted, "significant": adjusted <= alpha})
    if signed:
        df.insert(5, "p_lower", lower)
        df["sign"] = np.where(df["significant"], np.where(upper < lower, 1, -1), 0).astype(np.int8)
    df = df.sort_values(["p_value", "shared_tasks", "unit_a", "unit_b"],
                        ascending=[True, False, True, True], kind="stable").reset_index(drop=True)
    from .. import __version__

    fdsm = model == "fdsm"
    df.attrs.update({
        "analysis": "backbone", "model": model, "alpha": alpha, "correction": correction,
        "signed": signed, "layer": layer, "n_tests": int(n_tests), "n_pairs": int(len(df)),
        "n_significant": int(df["significant"].sum()),
        "n_positive": int((df["sign"] > 0).sum()) if signed else int(df["significant"].sum()),
        "n_negative": int((df["sign"] < 0).sum()) if signed else 0,
        "n_tasks": int(X.shape[0]), "n_units": int(n),
        "n_cells": int(X.sum() + (Y.sum() if Y is not X else 0)),
        "draws": int(draws) if fdsm else None, "steps": int(steps) if fdsm else None,
        "burn_in": int(burn_in) if fdsm else None, "seed": seed if fdsm else None,
        "version": __version__,
    })
    return df


def _check(model, correction, layer, alpha, draws, steps, burn_in) -> None:
    """Raise ``ValueError`` on an argument :func:`backbone` does not understand."""
    for name, value, allowed in (("model", model, MODELS), ("correction", correction, CORRECTIONS),
                                 ("layer", layer, LAYERS)):
        if value not in allowed:
            raise ValueError(f"unknown {name} {value!r}; expected one of {allowed}")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha}")
    if model == "fdsm" and (draws < 1 or steps < 1 or burn_in < 0):
        raise ValueError("draws and steps must be at least 1 and burn_in at least 0")
