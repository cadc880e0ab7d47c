"""Co-responsibility: which units are named on the same tasks, and how strongly.

Projecting the task-unit graph onto units gives a unit x unit network whose
ties are shared tasks. Every measure here is a sparse matrix product over
:func:`yjgraph.biadjacency` (``B``, tasks x units), so it scales to
hundreds of thousands of assignment rows:

- ``shared_tasks`` = ``Bᵀ B`` on the 0/1 matrix (networkx
  ``bipartite.weighted_projected_graph``);
- ``weighted`` = ``Bᵀ B`` on the role weights: the sum over shared tasks of
  ``w_a · w_b`` (a lead-lead tie counts 1, lead-support 0.5 and
  support-support 0.25 with the default weights);
- ``newman`` = ``Bᵀ D B`` with ``D = diag(1 / (n_t - 1))``: Newman's (2001)
  collaboration weighting, a task shared by few units binds them more than
  one shared by many (``bipartite.collaboration_weighted_projected_graph``);
- ``jaccard`` = shared / |tasks(a) ∪ tasks(b)|
  (``bipartite.overlap_weighted_projected_graph``).
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._docstrings import shared_doc
from ..graph import Biadjacency, biadjacency
from ..model import Plan
from ._sparse import leading_eigenvector, projection_igraph, unit_index

__all__ = ["coresponsibility", "lead_support", "communities", "core_periphery", "density",
           "to_matrix"]


def _lookup(m: sp.csr_array, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Values of ``m`` at the given cells (0 where absent), vectorised."""
    if len(rows) == 0:
        return np.zeros(0)
    return np.asarray(m[rows, cols], dtype=float).ravel()


@shared_doc
def coresponsibility(plan: Plan, *, weights: Mapping[str, float] | None = None,
                     B: Biadjacency | None = None) -> pd.DataFrame:
    """Every pair of units that share at least one task, with four tie strengths.

    Parameters
    ----------
    plan : Plan
    weights : mapping, optional
        Role weights for ``weighted``, default ``{"lead": 1.0, "support": 0.5}``.
    {{B}}

    Returns
    -------
    pandas.DataFrame
        Columns ``unit_a, unit_b, shared_tasks, weighted, newman, jaccard``;
        one row per pair with ``unit_a < unit_b``; sorted by ``shared_tasks``
        descending, then ``unit_a``, ``unit_b``. See the module docstring for
        the definitions; :func:`to_matrix` pivots it to a square matrix.

    Examples
    --------
    >>> plan = yjgraph.Plan.from_assignments([("1", "A", "lead"), ("1", "B", "support"),
    ...                                       ("1", "C", "support"), ("2", "A", "lead"),
    ...                                       ("2", "B", "lead")])
    >>> coresponsibility(plan)
      unit_a unit_b  shared_tasks  weighted  newman  jaccard
    0      A      B             2      1.50     1.5      1.0
    1      A      C             1      0.50     0.5      0.5
    2      B      C             1      0.25     0.5      0.5
    """
    B = biadjacency(plan, weights=weights) if B is None else B
    Bb = B.binary
    up = sp.triu(B.shared, k=1).tocoo()
    i, j = up.row.astype(np.int64), up.col.astype(np.int64)
    shared = up.data.astype(np.int64)
    n_t = Bb.sum(axis=1)
    inv = np.divide(1.0, n_t - 1, out=np.zeros(len(n_t)), where=n_t > 1)
    newman = (Bb.T @ sp.diags_array(inv) @ Bb).tocsr()
    k = Bb.sum(axis=0)
    order = np.lexsort((j, i, -shared))
    i, j, shared = i[order], j[order], shared[order]
    units = unit_index(B).array
    return pd.DataFrame(
        {
            "unit_a": units.take(i),
            "unit_b": units.take(j),
            "shared_tasks": shared,
            "weighted": _lookup(B.weighted, i, j),
            "newman": _lookup(newman, i, j),
            "jaccard": shared / (k[i] + k[j] - shared),
        }
    )


@shared_doc
def lead_support(plan: Plan, *, B: Biadjacency | None = None) -> pd.DataFrame:
    """The directed lead → support network: who leads tasks that whom supports.

    Parameters
    ----------
    plan : Plan
    {{B}}

    Returns
    -------
    pandas.DataFrame
        Columns ``lead, support, n_tasks``: the number of tasks in which
        ``lead`` leads and ``support`` supports; pairs with ``n_tasks > 0``
        only, sorted by ``n_tasks`` descending, then ``lead``, ``support``.

    Examples
    --------
    >>> lead_support(yjgraph.load_example()).head(3)
            lead    support  n_tasks
    0     区发展改革局  区经济科技信息化局        6
    1     区发展改革局   区自然资源规划局        6
    2  区经济科技信息化局     区发展改革局        6
    """
    B = biadjacency(plan) if B is None else B
    m = (B.role_matrix("lead").T @ B.role_matrix("support")).tocoo()
    i, j, n = m.row.astype(np.int64), m.col.astype(np.int64), np.rint(m.data).astype(np.int64)
    keep = n > 0
    i, j, n = i[keep], j[keep], n[keep]
    order = np.lexsort((j, i, -n))
    units = unit_index(B).array
    return pd.DataFrame(
        {
            "lead": units.take(i[order]),
            "support": units.take(j[order]),
            "n_tasks": n[order],
        }
    )


@shared_doc
def communities(
    plan: Plan,
    *,
    weights: Mapping[str, float] | None = None,
    seed: int = 0,
    resolution: float = 1.0,
    B: Biadjacency | None = None,
) -> pd.DataFrame:
    """Groups of units that work together: Louvain on the weighted projection.

    The projection is the ``weighted`` tie of :func:`coresponsibility` (sum of
    role-weight products over shared tasks); Louvain is networkx's
    ``louvain_communities``, seeded, so the same seed always gives the same
    partition.

    {{plan_weights}}
    seed : int
        Seed of the order in which Louvain visits the units.
    resolution : float
        Modularity resolution; above 1 gives more, smaller communities.
    {{B}}

    Returns
    -------
    pandas.DataFrame
        Indexed by ``unit`` (sorted), column ``community`` (int): 0 is the
        largest community, ties broken by the smallest member name. Units
        that share no task with anyone are communities of their own.
        ``df.attrs["modularity"]`` is the partition's (weighted, resolution-
        adjusted) modularity, ``df.attrs["n_communities"]`` their number.

    Examples
    --------
    >>> rows = [("1", "A", "lead"), ("1", "B", "lead"), ("2", "A", "lead"), ("2", "B", "lead"),
    ...         ("3", "C", "lead"), ("3", "D", "lead"), ("4", "E", "lead")]
    >>> df = communities(yjgraph.Plan.from_assignments(rows))
    >>> df["community"].to_dict()
    {'A': 0, 'B': 0, 'C': 1, 'D': 1, 'E': 2}
    >>> round(df.attrs["modularity"], 3)  # 2/3 - (4/6)**2 + 1/3 - (2/6)**2 = 4/9
    0.444
    """
    B = biadjacency(plan, weights=weights) if B is None else B
    G = nx.from_scipy_sparse_array(B.weighted)  # units 0..n-1 in name order
    parts = nx.community.louvain_communities(G, weight="weight", resolution=resolution, seed=seed)
    parts = sorted(parts, key=lambda part: (-len(part), min(part)))
    membership = np.zeros(len(G), dtype=np.int64)
    for k, part in enumerate(parts):
        membership[list(part)] = k
    df = pd.DataFrame({"community": membership}, index=unit_index(B))
    df.attrs["modularity"] = (nx.community.modularity(G, parts, weight="weight", resolution=resolution)
                              if G.number_of_edges() else float("nan"))
    df.attrs["n_communities"] = len(parts)
    df.attrs["method"] = f"Louvain (networkx louvain_communities), resolution={resolution}, seed={seed}"
    return df


@shared_doc
def core_periphery(plan: Plan, *, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Split units into a core and a periphery (Borgatti & Everett 1999).

    Continuous model: a unit's ``coreness`` ``c`` is chosen so that the tie
    between two units is close to ``c_a · c_b``; the least-squares solution
    of that model (diagonal ignored) is approximated by the leading
    eigenvector of the weighted projection, scaled here so the most core
    unit has 1.

    Discrete split: units are ranked by coreness (ties by name) and the core
    is the top ``k`` units whose ideal pattern (core-core ties 1, every other
    pair 0) correlates best (Pearson, over all off-diagonal pairs) with the
    weighted projection; ``2 <= k <= n - 1``.

    {{plan_weights}}

    Returns
    -------
    pandas.DataFrame
        Indexed by ``unit`` (sorted): ``coreness`` (0..1), ``core`` (bool)
        and ``k_core`` (k-core shell index on the unweighted projection, for
        reference). ``df.attrs["fit"]`` is the correlation of the best split
        (NaN if there are fewer than 3 units or no ties), ``attrs["n_core"]``
        the core size.

    Examples
    --------
    >>> rows = [("1", "A", "lead"), ("1", "B", "lead"), ("1", "C", "lead"),
    ...         ("2", "A", "lead"), ("2", "D", "support"), ("3", "B", "lead"), ("3", "E", "support")]
    >>> plan = yjgraph.Plan.from_assignments(
    ...     [{"task_id": t, "unit": u, "role": r} for t, u, r in rows])
    >>> df = core_periphery(plan)
    >>> df["core"].to_dict()
    {'A': True, 'B': True, 'C': True, 'D': False, 'E': False}
    """
    B = biadjacency(plan, weights=weights)
    A = B.weighted
    n = A.shape[0]
    v = leading_eigenvector(A)
    coreness = v / v.max() if n and v.max() > 0 else np.zeros(n)
    order = np.lexsort((np.arange(n), -coreness))
    core = np.zeros(n, dtype=bool)
    fit = float("nan")
    if n >= 3 and A.nnz:
        Ap = A[order][:, order]
        lower = sp.tril(Ap, k=-1)
        block = 2 * np.cumsum(lower.sum(axis=1))  # S_k at index k-1
        N = n * (n - 1)
        SA = float(A.sum())
        SA2 = float(A.multiply(A).sum())
        ks = np.arange(2, n)
        K = ks * (ks - 1.0)
        num = N * block[ks - 1] - SA * K
        den = np.sqrt((N * SA2 - SA**2) * (N * K - K**2))
        with np.errstate(invalid="ignore", divide="ignore"):
            corr = np.where(den > 0, num / den, np.nan)
        if np.isfinite(corr).any():
            best = int(np.nanargmax(corr))
            fit = float(corr[best])
            core[order[: ks[best]]] = True
    k_core = np.asarray(projection_igraph(B.shared).coreness(), dtype=np.int64) if n else np.zeros(0, np.int64)
    df = pd.DataFrame({"coreness": coreness, "core": core, "k_core": k_core}, index=unit_index(B))
    df.attrs["fit"] = fit
    df.attrs["n_core"] = int(core.sum())
    df.attrs["method"] = ("Borgatti-Everett: continuous coreness = leading eigenvector of the "
                          "weighted projection; core = top-k by coreness maximising the "
                          "correlation with the ideal core-periphery pattern")
    return df


@shared_doc
def density(plan: Plan, *, B: Biadjacency | None = None) -> pd.Series:
    """How dense the task-unit graph and its unit projection are.

    Parameters
    ----------
    plan : Plan
        Roles and weights do not matter: a unit named in a task is an edge.
    {{B}}

    Returns
    -------
    pandas.Series
        ``two_mode_density`` = edges / (n_tasks · n_units) (an edge is a
        task-unit pair, whatever the role); ``projection_density`` = pairs of
        units sharing a task / (n_units · (n_units - 1) / 2);
        ``mean_units_per_task`` and ``mean_tasks_per_unit``; and the counts
        ``n_tasks, n_units, n_edges, n_pairs``.

    Examples
    --------
    >>> plan = yjgraph.Plan.from_assignments([("1", "A", "lead"), ("1", "B", "support"),
    ...                                       ("2", "C", "lead")])
    >>> d = density(plan)
    >>> float(d["two_mode_density"]), float(d["projection_density"])  # 3 / (2·3), 1 / 3
    (0.5, 0.3333333333333333)
    """
    B = biadjacency(plan) if B is None else B
    T, U = B.matrix.shape
    E = int(B.matrix.nnz)
    pairs = int(B.shared.nnz // 2)
    nan = float("nan")
    return pd.Series(
        {
            "two_mode_density": E / (T * U) if T and U else nan,
            "projection_density": pairs / (U * (U - 1) / 2) if U > 1 else nan,
            "mean_units_per_task": E / T if T else nan,
            "mean_tasks_per_unit": E / U if U else nan,
            "n_tasks": T,
            "n_units": U,
            "n_edges": E,
            "n_pairs": pairs,
        },
        dtype=float,
        name="density",
    )


def to_matrix(
    pairs: pd.DataFrame,
    value: str = "shared_tasks",
    *,
    a: str = "unit_a",
    b: str = "unit_b",
    fill=0,
    diagonal=None,
) -> pd.DataFrame:
    """Pivot a pairwise long table to a square symmetric matrix.

    Parameters
    ----------
    pairs : DataFrame
        One row per unordered pair, e.g. :func:`coresponsibility`.
    value : str
        Column holding the cell values.
    a, b : str
        Columns holding the two labels.
    fill : scalar
        Value of absent pairs and, unless ``diagonal`` is given, of the diagonal.
    diagonal : scalar or mapping, optional
        Diagonal values: one scalar, or ``{label: value}`` (labels missing
        from it get ``fill``).

    Returns
    -------
    pandas.DataFrame
        Rows and columns are the labels sorted; ``m.loc[x, y] == m.loc[y, x]``.

    Examples
    --------
    >>> pairs = pd.DataFrame({"unit_a": ["A", "A"], "unit_b": ["B", "C"], "shared_tasks": [2, 1]})
    >>> to_matrix(pairs)
       A  B  C
    A  0  2  1
    B  2  0  0
    C  1  0  0
    """
    labels = sorted(set(pairs[a].astype(str)) | set(pairs[b].astype(str)))
    idx = pd.Index(labels)
    i = idx.get_indexer(pairs[a].astype(str))
    j = idx.get_indexer(pairs[b].astype(str))
    vals = pairs[value].to_numpy()
    dtype = np.result_type(vals.dtype, np.asarray(fill).dtype) if len(vals) else np.asarray(fill).dtype
    m = np.full((len(idx), len(idx)), fill, dtype=dtype)
    m[i, j] = vals
    m[j, i] = vals
    d = fill if diagonal is None else diagonal
    if isinstance(d, (Mapping, pd.Series)):
        d = pd.Series(d).reindex(idx).fillna(fill).to_numpy()
    m = m.astype(np.result_type(m.dtype, np.asarray(d).dtype))
    np.fill_diagonal(m, d)
    return pd.DataFrame(m, index=pd.Index(labels), columns=pd.Index(labels))
