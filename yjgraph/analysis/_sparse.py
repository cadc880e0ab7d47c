"""Sparse building blocks shared by the network analyses (private).

Everything here starts from :func:`yjgraph.biadjacency` (tasks x units,
scipy.sparse) and stays vectorised: projections are sparse matrix
products, path-based measures run in igraph's C code. Nothing loops over
edges in Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..graph import Biadjacency, biadjacency
from ..model import Plan

if TYPE_CHECKING:
    import igraph

__all__ = ["Projection", "unit_projection", "bipartite_igraph", "projection_igraph", "unit_index"]


def unit_index(B: Biadjacency) -> pd.Index:
    """The units of ``B`` as the index of an analysis table."""
    return pd.Index(B.units, name="unit", dtype="string")


@dataclass(frozen=True)
class Projection:
    """The unit x unit co-responsibility matrices (zero diagonals, symmetric CSR).

    Attributes
    ----------
    B : Biadjacency
    shared : csr_array
        Number of tasks two units share (``Bᵀ B`` on the 0/1 matrix).
    weighted : csr_array
        Sum over shared tasks of the product of the two role weights
        (``Bᵀ B`` on the weighted matrix); pairs whose product is 0 are absent.
    """

    B: Biadjacency
    shared: sp.csr_array
    weighted: sp.csr_array

    @property
    def units(self) -> pd.Index:
        return self.B.units


def _offdiag(m) -> sp.csr_array:
    m = sp.csr_array(m)
    m.setdiag(0)
    m.eliminate_zeros()
    m.sort_indices()
    return m


def unit_projection(plan: Plan, weights: Mapping[str, float] | None = None) -> Projection:
    """Project the plan onto its units (see :class:`Projection`)."""
    B = biadjacency(plan, weights=weights)
    Bb = B.binary
    W = B.matrix
    return Projection(B=B, shared=_offdiag(Bb.T @ Bb), weighted=_offdiag(W.T @ W))


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
