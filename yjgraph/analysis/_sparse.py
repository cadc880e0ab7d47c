"""Sparse building blocks shared by the network analyses (private).

Everything here starts from :func:`yjgraph.biadjacency` (tasks x units,
scipy.sparse) and stays vectorised: projections are sparse matrix
products; path-based measures run in igraph's C code (exact) or as batched
sparse x dense products (from pivots, :func:`pivot_paths`). Nothing loops
over edges in Python.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..graph import Biadjacency

if TYPE_CHECKING:
    import igraph

__all__ = ["bipartite_igraph", "projection_igraph", "unit_index", "leading_eigenvector"]


def unit_index(B: Biadjacency) -> pd.Index:
    """The units of ``B`` as the index of an analysis table."""
    return pd.Index(B.units, name="unit", dtype="string")


def bipartite_igraph(B: Biadjacency) -> igraph.Graph:
    """Undirected igraph graph: vertices ``0..T-1`` are tasks, ``T..T+U-1`` units.

    The vertex order is the order of ``yjgraph.to_networkx`` (tasks in plan
    order, then units sorted by name).
    """
    coo = B.binary.tocoo()
    T, U = B.binary.shape
    import igraph as ig  # imported here: it takes most of a second

    g = ig.Graph(n=T + U, directed=False)
    g.add_edges(np.column_stack([coo.row, coo.col + T]).astype(np.int64))
    return g


def projection_igraph(m: sp.csr_array) -> igraph.Graph:
    """Undirected igraph graph of a symmetric matrix (upper triangle), ``weight`` attribute."""
    up = sp.triu(m, k=1).tocoo()
    import igraph as ig

    g = ig.Graph(n=m.shape[0], directed=False)
    g.add_edges(np.column_stack([up.row, up.col]).astype(np.int64))
    g.es["weight"] = up.data.astype(float)
    return g


#: Units up to which the leading eigenvector is found densely (LAPACK), ARPACK above.
DENSE_EIGEN = 50


def leading_eigenvector(A: sp.csr_array) -> np.ndarray:
    """Non-negative leading eigenvector of a symmetric non-negative matrix (unit L2 norm)."""
    n = A.shape[0]
    if n == 0 or A.nnz == 0:
        return np.zeros(n)
    if n <= DENSE_EIGEN:
        vals, vecs = np.linalg.eigh(A.toarray())
        v = vecs[:, -1]
    else:
        from scipy.sparse.linalg import eigsh

        vals, vecs = eigsh(sp.csr_array(A, dtype=float), k=1, which="LA", v0=np.ones(n))
        v = vecs[:, 0]
    v = np.abs(v)
    v[v < 1e-12] = 0.0
    return v / np.linalg.norm(v)


#: Cells (nodes x sources) of one batch of :func:`pivot_paths`; six float arrays of
#: this size are alive per batch (about 0.5 GB), and one batch runs per CPU.
BATCH_CELLS = 10_000_000


def pivot_paths(adj: sp.csr_array, sources) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(dependency, dist_sum, reached)`` of each node ``v`` over the ``sources`` ``s ≠ v`` that
    reach it: Brandes' (2001) ``Σ_s δ_s(v)`` (the share of the shortest paths from ``s`` that
    pass through ``v``), ``Σ_s d(s, v)`` and the number of those sources.

    ``adj`` is the symmetric pattern of an undirected graph (values ignored). One breadth-first
    search per source, a batch of sources at a time, by sparse x dense products: each level is
    ``A @ frontier`` (path counts, Brandes' σ), and the dependencies are accumulated back level
    by level the same way, each product over the rows that matter only; the exact computation
    of igraph's or networkx's betweenness restricted to these sources. Batches run in threads
    (scipy and numpy release the GIL) and are summed in a fixed order, so results do not depend
    on the number of CPUs.
    """
    import os
    from concurrent.futures import ThreadPoolExecutor

    n = adj.shape[0]
    adj = sp.csr_array(adj)
    A = sp.csr_array((np.ones(adj.nnz), adj.indices, adj.indptr), shape=adj.shape)  # a 0/1 copy
    sources = np.asarray(sources, dtype=np.int64)
    size = max(1, min(BATCH_CELLS // max(n, 1), -(-len(sources) // 4)))
    batches = [sources[i : i + size] for i in range(0, len(sources), size)]
    threads = min(os.cpu_count() or 1, len(batches))
    with ThreadPoolExecutor(max(threads, 1)) as pool:
        parts = list(pool.map(lambda src: _bfs_batch(A, src), batches))
    if not parts:
        return np.zeros(n), np.zeros(n), np.zeros(n, dtype=np.int64)
    dependency, dsum, cnt = (np.sum([p[i] for p in parts], axis=0) for i in range(3))
    return dependency, dsum, cnt


def _bfs_batch(A: sp.csr_array, src: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n, k = A.shape[0], len(src)
    at = (src, np.arange(k))
    dist = np.full((n, k), -1, dtype=np.int32)
    dist[at] = 0
    sigma = np.zeros((n, k))
    sigma[at] = 1.0
    frontier = sigma.copy()
    depth = 0
    while True:  # forward: level by level, counting shortest paths
        rows = np.flatnonzero(frontier.any(axis=1))  # A is symmetric: A @ frontier from these rows
        paths = A[rows].T @ frontier[rows]  # (counts are integers: exact in any order)
        new = (paths > 0) & (dist < 0)
        if not new.any():
            break
        depth += 1
        dist[new] = depth
        frontier = np.where(new, paths, 0.0)
        sigma += frontier
    delta = np.zeros((n, k))
    for level in range(depth, 1, -1):  # backward: dependencies, deepest level first (not the sources')
        here = dist == level
        coef = np.zeros((n, k))
        coef[here] = (1.0 + delta[here]) / sigma[here]
        parent = dist == level - 1
        rows = np.flatnonzero(parent.any(axis=1))  # A @ coef on the rows that take it, row by row as A
        delta[rows] += np.where(parent[rows], sigma[rows] * (A[rows] @ coef), 0.0)
    ok = dist > 0
    return (np.where(ok, delta, 0.0).sum(axis=1), np.where(ok, dist, 0).sum(axis=1),
            ok.sum(axis=1).astype(np.int64))
