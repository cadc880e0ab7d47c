"""Centrality of units (and tasks) in the task-unit graph and its unit projection.

All measures are sparse linear algebra over :func:`yjgraph.biadjacency` or
igraph's C code, never Python loops over edges; docs/measures.md gives the
formulas. Two-mode ``degree``, ``closeness`` and ``betweenness`` (roles
ignored) are normalised as Borgatti & Everett (1997) and equal
``networkx.algorithms.bipartite``'s; ``weighted_degree`` (Opsahl et al. 2010)
and ``svd_score`` (HITS) come from the weighted matrix; ``pagerank``,
``proj_eigenvector``, ``effective_size`` and ``constraint`` (Burt 1992) from
the weighted unit projection, and ``proj_betweenness`` from the unweighted one,
each equal to networkx's function of that name (Burt's measures to its
per-node path, ``nodes=list(G)``: networkx 3.6's vectorised weighted
``effective_size`` normalises by the wrong axis, networkx PR #8906).

Exact betweenness costs O(nodes · edges), exact closeness O(nodes of the
mode · edges). With ``exact=None`` a measure is exact while that product is
at most :data:`EXACT_WORK`, and above it estimated from ``k`` pivot sources
drawn with ``random.Random(seed)`` (Brandes & Pich 2007; networkx's
``betweenness_centrality(k=, seed=)`` estimator, reproduced exactly for the
same seed). ``df.attrs["exact"]`` and ``df.attrs["note"]`` record what was done.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse import csgraph

from .._docstrings import shared_doc
from ..graph import Biadjacency, biadjacency
from ..model import Plan
from ._sparse import (
    bipartite_igraph,
    leading_eigenvector,
    pivot_paths,
    projection_igraph,
    unit_index,
)

__all__ = ["centrality", "task_centrality", "centralization"]

#: Largest nodes·edges (betweenness) or sources·edges (closeness) computed
#: exactly when ``exact=None``: about 4 s of igraph time on one core.
EXACT_WORK = 100_000_000
#: Units up to which Burt's measures use dense matrices (about 5 n² floats at the peak:
#: 0.7 GB at 4096); two-step paths fill the matrix of a plan's projection anyway.
DENSE_BURT = 4096
#: Pivot sources used when a measure is estimated and ``k`` is not given.
DEFAULT_PIVOTS = 100
PAGERANK_ALPHA = 0.85


# --------------------------------------------------------------------- helpers
def _decide(exact: bool | None, work: float) -> bool:
    return bool(work <= EXACT_WORK) if exact is None else bool(exact)


def _pivots(n: int, k: int | None, seed: int) -> list[int]:
    """Pivot nodes exactly as networkx draws them: ``Random(seed).sample(nodes, k)``."""
    k = min(n, DEFAULT_PIVOTS if k is None else int(k))
    return random.Random(seed).sample(range(n), k)


def _estimate(dependency: np.ndarray, piv: list[int]) -> np.ndarray:
    """Betweenness from the pivots' dependencies ``Σ_s δ_s(v)``, scaled as networkx 3.6 does:
    by (n-1)/(2k) for non-pivots and (n-1)/(2(k-1)) for pivots."""
    n, kk = len(dependency), len(piv)
    if kk == 0:
        return np.zeros(n)
    scale = np.full(n, (n - 1) / (2.0 * kk))
    scale[piv] = (n - 1) / (2.0 * (kk - 1)) if kk > 1 else np.nan
    return dependency * scale


def _betweenness(adj: sp.csr_array, exact: bool, k: int | None, seed: int) -> tuple[np.ndarray, int]:
    """Unnormalised undirected betweenness (each unordered pair once); pivots used."""
    n = adj.shape[0]
    if n == 0:
        return np.zeros(0), 0
    if exact:
        return np.asarray(projection_igraph(adj).betweenness(directed=False), dtype=float), n
    piv = _pivots(n, k, seed)
    return _estimate(pivot_paths(adj, piv)[0], piv), len(piv)


def _bet_max(n: int, m: int) -> float:
    """Largest betweenness of a node of a mode of size n opposite a mode of size m."""
    if m == 0 or n == 0:
        return 0.0
    s, t = divmod(n - 1, m)
    return ((m**2) * ((s + 1) ** 2) + m * (s + 1) * (2 * t - s - 1) - t * ((2 * s) - t + 3)) / 2.0


def _two_mode(B: Biadjacency, side: str, exact: bool | None, k: int | None, seed: int) -> tuple[dict, dict]:
    """degree, closeness, betweenness of one mode; and notes on how."""
    Bb = B.binary
    T, U = Bb.shape
    V, E = T + U, int(Bb.nnz)
    unit = side == "unit"
    ids = np.arange(T, V) if unit else np.arange(T)
    n_side, n_other = (U, T) if unit else (T, U)
    deg = Bb.sum(axis=0 if unit else 1)
    degree = deg / n_other if n_other else np.zeros(n_side)
    adj = sp.block_array([[None, Bb], [Bb.T, None]], format="csr")  # tasks, then units
    comp = csgraph.connected_components(adj, directed=False)[1]
    reach = np.bincount(comp)[comp][ids] if V else np.zeros(0, np.int64)
    exact_c, exact_b = _decide(exact, n_side * E), _decide(exact, V * E)
    g = bipartite_igraph(B) if exact_c or exact_b else None
    if not (exact_c and exact_b):  # one pass from the pivots gives both estimates
        piv = _pivots(V, k, seed)
        dependency, dsum, cnt = pivot_paths(adj, piv)
        dsum, cnt = dsum[ids], cnt[ids]

    # closeness: sum of distances from each node of the mode to what it reaches
    if exact_c:
        assert g is not None  # built above when a measure is exact
        raw = np.asarray(g.closeness(vertices=ids.tolist(), normalized=False), dtype=np.float64)
        with np.errstate(divide="ignore"):
            totsp = np.where(np.isfinite(raw) & (raw > 0), np.rint(1.0 / raw), 0.0)
    else:  # Eppstein & Wang (2004): mean distance from the pivots that reach a node
        with np.errstate(invalid="ignore", divide="ignore"):
            totsp = np.where(reach <= 1, 0.0, np.where(cnt > 0, (reach - 1) * dsum / cnt, np.nan))
    with np.errstate(invalid="ignore", divide="ignore"):
        closeness = np.where(
            totsp > 0,
            (n_other + 2 * (n_side - 1)) / totsp * (reach - 1) / max(V - 1, 1),
            np.where(np.isnan(totsp), np.nan, 0.0),
        )

    if exact_b:
        assert g is not None
        bet = np.asarray(g.betweenness(directed=False), dtype=np.float64)
    else:
        bet = _estimate(dependency, piv)
    bmax = _bet_max(n_side, n_other)
    betweenness = bet[ids] / bmax if bmax > 0 else np.zeros(n_side)
    return ({"degree": degree, "closeness": closeness, "betweenness": betweenness},
            {"exact": {"closeness": exact_c, "betweenness": exact_b},
             "pivots": None if exact_c and exact_b else len(piv)})


def _leading_singular(W: sp.csr_array) -> tuple[np.ndarray, np.ndarray]:
    """Leading left and right singular vectors of ``W``, positive, each summing to 1.

    The right vector is the leading eigenvector of ``WᵀW``, the left one ``W v`` normalised.
    """
    r, c = W.shape
    if W.nnz == 0:
        return np.zeros(r), np.zeros(c)
    W = sp.csr_array(W, dtype=float)
    right = leading_eigenvector(sp.csr_array(W.T @ W))
    left = np.abs(W @ right)
    return left / left.sum(), right / right.sum()


def _pagerank(A: sp.csr_array, alpha: float = PAGERANK_ALPHA, tol: float = 1e-12,
              max_iter: int = 1000) -> np.ndarray:
    n = A.shape[0]
    if n == 0:
        return np.zeros(0)
    s = A.sum(axis=1)
    dangling = s == 0
    inv = np.divide(1.0, s, out=np.zeros(n), where=~dangling)
    P = sp.csr_array(sp.diags_array(inv) @ A)
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = alpha * (last @ P + last[dangling].sum() / n) + (1 - alpha) / n
        if np.abs(x - last).sum() < n * tol:
            break
    return x / x.sum()


def _burt(A: sp.csr_array) -> tuple[np.ndarray, np.ndarray]:
    """Burt's effective size and constraint on a weighted symmetric matrix (zero diagonal)."""
    n = A.shape[0]
    A = sp.csr_array(A, dtype=float)
    s = A.sum(axis=1)
    mx = A.max(axis=1).toarray() if n else np.zeros(0)
    isolated = s == 0
    P = sp.csr_array(sp.diags_array(np.divide(1.0, s, out=np.zeros(n), where=~isolated)) @ A)
    M = sp.csr_array(sp.diags_array(np.divide(1.0, mx, out=np.zeros(n), where=mx > 0)) @ A)
    pattern = sp.csr_array((np.ones(A.nnz), A.indices, A.indptr), shape=A.shape)
    deg = pattern.sum(axis=1)
    if n <= DENSE_BURT:  # two-step paths fill the matrix: dense BLAS beats sparse products
        P, M, pattern = P.toarray(), M.toarray(), pattern.toarray()
    # effective size: sum over neighbours v of 1 - sum_w p_uw m_vw
    redundancy = ((P @ M.T) * pattern).sum(axis=1)
    # constraint: sum over neighbours v of (p_uv + sum_w p_uw p_wv)^2
    Q = (P + P @ P) * pattern
    con = (Q * Q).sum(axis=1)
    eff = deg - redundancy
    eff[isolated] = np.nan
    con[isolated] = np.nan
    return eff, con


def _attrs(df: pd.DataFrame, info: dict, seed: int) -> pd.DataFrame:
    df.attrs["exact"] = info["exact"]
    df.attrs["pivots"] = info["pivots"]
    df.attrs["seed"] = seed
    est = sorted(name for name, ok in info["exact"].items() if not ok)
    df.attrs["note"] = (
        "all measures exact" if not est else
        f"{', '.join(est)} estimated from {info['pivots']} pivot sources (seed {seed}); "
        "pass exact=True for exact values"
    )
    return df


def _weighted_degree(B: Biadjacency, alpha: float = 0.5) -> np.ndarray:
    n_tasks = B.binary.sum(axis=0)
    strength = B.matrix.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n_tasks > 0, n_tasks ** (1 - alpha) * strength**alpha, 0.0)


#: Measures of :func:`centrality` that can be computed alone from the matrix, by name.
ALONE = {
    "weighted_degree": _weighted_degree,
    "svd_score": lambda B: _leading_singular(B.matrix)[1],
    "pagerank": lambda B: _pagerank(B.weighted),
    "proj_eigenvector": lambda B: leading_eigenvector(B.weighted),
}


# ------------------------------------------------------------------ public
@shared_doc
def centrality(plan: Plan, *, weights: Mapping[str, float] | None = None, alpha: float = 0.5,
               exact: bool | None = None, k: int | None = None, seed: int = 0,
               B: Biadjacency | None = None) -> pd.DataFrame:
    """Centrality of every unit, two-mode and on the unit projection.

    {{plan_weights}}
        They act on ``weighted_degree``, ``svd_score`` and the projection measures.
    alpha : float
        Opsahl's tuning parameter of ``weighted_degree`` (0 = number of
        tasks, 1 = sum of role weights).
    exact : bool, optional
        ``None`` (default): betweenness and closeness are exact while their
        cost (nodes·edges, resp. units·edges) is at most :data:`EXACT_WORK`
        and estimated from pivots above it; ``True``/``False`` force one way.
    k : int, optional
        Number of pivot sources when estimating (default :data:`DEFAULT_PIVOTS`).
    seed : int
        Seed of the pivot draw (``random.Random(seed).sample``).
    {{B}}

    Returns
    -------
    pandas.DataFrame
        Indexed by ``unit`` (sorted by name); columns ``degree, closeness,
        betweenness, weighted_degree, svd_score, pagerank, proj_betweenness,
        proj_eigenvector, effective_size, constraint`` (definitions in
        docs/measures.md). ``df.attrs``: ``exact`` (per measure), ``pivots``,
        ``seed``, ``alpha``, ``note``.

    Examples
    --------
    >>> plan = yjgraph.Plan.from_assignments([("1", "A", "lead"), ("1", "B", "support"),
    ...                                       ("2", "A", "lead"), ("2", "C", "support")])
    >>> df = centrality(plan)
    >>> df[["degree", "betweenness", "proj_betweenness"]]
          degree  betweenness  proj_betweenness
    unit
    A        1.0          1.0               1.0
    B        0.5          0.0               0.0
    C        0.5          0.0               0.0
    >>> df.attrs["note"]
    'all measures exact'
    """
    B = biadjacency(plan, weights=weights) if B is None else B
    out, info = _two_mode(B, "unit", exact, k, seed)
    wdeg = _weighted_degree(B, alpha)
    _, right = _leading_singular(B.matrix)
    A = B.weighted
    n = A.shape[0]
    exact_p = _decide(exact, n * B.shared.nnz // 2)
    pb, kk = _betweenness(B.shared, exact_p, k, seed)
    pb = pb * (2.0 / ((n - 1) * (n - 2))) if n > 2 else np.zeros(n)
    eff, con = _burt(A)
    out.update(
        weighted_degree=wdeg,
        svd_score=right,
        pagerank=_pagerank(A),
        proj_betweenness=pb,
        proj_eigenvector=leading_eigenvector(A),
        effective_size=eff,
        constraint=con,
    )
    info["exact"]["proj_betweenness"] = exact_p
    if not exact_p:
        info["pivots"] = kk if info["pivots"] is None else info["pivots"]
    df = pd.DataFrame(out, index=unit_index(B))
    df.attrs["alpha"] = alpha
    return _attrs(df, info, seed)


@shared_doc
def task_centrality(plan: Plan, *, weights: Mapping[str, float] | None = None,
                    exact: bool | None = None, k: int | None = None, seed: int = 0) -> pd.DataFrame:
    """Two-mode centrality of every task.

    {{plan_weights}}
        They act on ``svd_score`` only.
    exact, k, seed
        As in :func:`centrality`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``task_id`` (plan order): ``degree`` (units named / number
        of units), ``closeness``, ``betweenness`` (normalised as
        ``networkx.algorithms.bipartite``), ``n_units`` and ``svd_score``
        (leading left singular vector of the weighted matrix, sum 1: the
        HITS *hub* score of tasks).

    Examples
    --------
    >>> rows = [("1", "A", "lead"), ("1", "B", "support"), ("2", "A", "lead")]
    >>> task_centrality(yjgraph.Plan.from_assignments(rows))[["degree", "betweenness", "n_units"]]
             degree  betweenness  n_units
    task_id
    1           1.0          1.0        2
    2           0.5          0.0        1
    """
    B = biadjacency(plan, weights=weights)
    out, info = _two_mode(B, "task", exact, k, seed)
    out["n_units"] = B.binary.sum(axis=1).astype(np.int64)
    left, _ = _leading_singular(B.matrix)
    out["svd_score"] = left
    df = pd.DataFrame(out, index=pd.Index(B.tasks, name="task_id", dtype="string"))
    return _attrs(df, info, seed)


def _freeman(x: np.ndarray, max_sum: float) -> float:
    if len(x) == 0 or not max_sum > 0 or np.isnan(x).any():
        return float("nan")
    return float((x.max() - x).sum() / max_sum)


def centralization(plan: Plan, *, weights: Mapping[str, float] | None = None,
                   exact: bool | None = None, k: int | None = None, seed: int = 0,
                   B: Biadjacency | None = None) -> pd.Series:
    """Freeman centralization (中心势): how much the network hangs on one unit.

    Each index is Σ (max − xᵢ) divided by the largest value that sum can take
    in a network of the same size, so 1 means a perfect star and 0 that all
    are equal:

    - ``proj_degree``: degrees ``dᵢ`` in the (unweighted) unit projection,
      Σ (d* − dᵢ) / ((n − 1)(n − 2)) (Freeman 1979);
    - ``proj_betweenness``: unnormalised betweenness ``bᵢ`` in the unit
      projection, Σ (b* − bᵢ) / ((n − 1)²(n − 2) / 2) (Freeman 1979);
    - ``two_mode_degree_units``: task counts ``kᵢ`` of the n units among m
      tasks, Σ (k* − kᵢ) / ((n − 1)(m − 1)); the bound is reached in a
      connected two-mode network when one unit holds every task and each of
      the others exactly one (each unit holds at least one task, at most m),
      the normalisation Borgatti & Everett (1997) use;
    - ``two_mode_degree_tasks``: the same for the m tasks' unit counts,
      Σ (k* − kⱼ) / ((m − 1)(n − 1)).

    The projections are unweighted, so ``weights`` does not change these
    values; it is accepted for a uniform signature. ``exact, k, seed`` as in
    :func:`centrality` (for the projection betweenness), and ``B``, the plan's
    :func:`~yjgraph.biadjacency` when already built.

    Returns
    -------
    pandas.Series
        ``proj_degree, proj_betweenness, two_mode_degree_units,
        two_mode_degree_tasks`` (the projection indices are NaN with fewer
        than 3 units, the two-mode ones with fewer than 2 units or tasks).

    Examples
    --------
    >>> star = yjgraph.Plan.from_assignments(
    ...     [{"task_id": str(t), "unit": u, "role": r}
    ...      for t, other in enumerate("BCD") for u, r in (("A", "lead"), (other, "support"))])
    >>> centralization(star).round(3).to_dict()
    {'proj_degree': 1.0, 'proj_betweenness': 1.0, 'two_mode_degree_units': 1.0, 'two_mode_degree_tasks': 0.0}
    """
    B = biadjacency(plan, weights=weights) if B is None else B
    Bb = B.binary
    m, n = Bb.shape
    deg = np.diff(B.shared.indptr)  # neighbours in the projection (no diagonal, no zeros)
    bet, _ = _betweenness(B.shared, _decide(exact, n * B.shared.nnz // 2), k, seed)
    k_units = Bb.sum(axis=0)
    k_tasks = Bb.sum(axis=1)
    nan = float("nan")
    return pd.Series(
        {
            "proj_degree": _freeman(deg, (n - 1) * (n - 2)) if n > 2 else nan,
            "proj_betweenness": _freeman(bet, (n - 1) ** 2 * (n - 2) / 2) if n > 2 else nan,
            "two_mode_degree_units": _freeman(k_units, (n - 1) * (m - 1)),
            "two_mode_degree_tasks": _freeman(k_tasks, (m - 1) * (n - 1)),
        },
        dtype=float,
        name="centralization",
    )
