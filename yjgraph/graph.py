"""The responsibility graph: a networkx bipartite graph and a sparse matrix.

Both are derived from ``plan.assignments``; nothing here parses text.

Node keys are prefixed strings, ``"task:12"`` and ``"unit:区商务局"``, so a
task and a unit can never collide and the keys survive GEXF/GraphML export.
Task nodes have ``bipartite=0``, unit nodes ``bipartite=1`` (networkx's
convention), and both carry ``kind`` and ``label``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ._docstrings import shared_doc
from .model import Plan, resolve_weights, strongest_roles

__all__ = [
    "task_node",
    "unit_node",
    "to_networkx",
    "Biadjacency",
    "biadjacency",
]


def task_node(task_id: str) -> str:
    """Key of the graph node of a task.

    >>> task_node("12")
    'task:12'
    """
    return f"task:{task_id}"


def unit_node(unit: str) -> str:
    """Key of the graph node of a unit.

    >>> unit_node("区商务局")
    'unit:区商务局'
    """
    return f"unit:{unit}"


def _edges(plan: Plan, weights: Mapping[str, float] | None) -> pd.DataFrame:
    """One row per (task, unit) pair: the strongest role if a unit is named twice."""
    w = resolve_weights(weights)
    a = strongest_roles(plan.assignments[["task_id", "unit", "role"]])
    a["weight"] = a["role"].map(w).astype(float)
    return a.sort_values(["task_id", "unit"], kind="stable")


@shared_doc
def to_networkx(plan: Plan, *, weights: Mapping[str, float] | None = None) -> nx.Graph:
    """Build the task-unit bipartite graph.

    {{plan_weights}}

    Returns
    -------
    networkx.Graph
        Task nodes (``bipartite=0``, ``kind="task"``, ``label``, ``chapter``,
        ``title``) and unit nodes (``bipartite=1``, ``kind="unit"``,
        ``label``, ``is_group``); edges carry ``role`` and ``weight``.
        Every attribute is a str, float, int or bool, so the graph writes to
        GEXF and GraphML as is.

    Examples
    --------
    >>> G = yjgraph.to_networkx(yjgraph.load_example())
    >>> G.number_of_nodes(), G.number_of_edges()
    (120, 291)
    >>> G.edges["task:3", "unit:区工管委"]
    {'role': 'lead', 'weight': 1.0}
    """
    G = nx.Graph(name=plan.title)
    for t in plan.tasks.itertuples(index=False):
        G.add_node(
            task_node(t.task_id),
            bipartite=0,
            kind="task",
            label=str(t.task_id),
            chapter=str(t.chapter) if pd.notna(t.chapter) else "",
            title=str(t.title) if pd.notna(t.title) else "",
        )
    for u in plan.units.itertuples(index=False):
        G.add_node(unit_node(u.unit), bipartite=1, kind="unit", label=str(u.unit),
                   is_group=bool(u.is_group))
    for e in _edges(plan, weights).itertuples(index=False):
        G.add_edge(task_node(e.task_id), unit_node(e.unit), role=str(e.role), weight=float(e.weight))
    return G


@dataclass(frozen=True)
class Biadjacency:
    """A tasks x units sparse matrix with its row and column labels.

    Attributes
    ----------
    matrix : scipy.sparse.csr_array
        ``matrix[i, j]`` is the role weight of unit ``j`` in task ``i``
        (0 where it has none).
    tasks : pandas.Index
        Row labels (task ids, in the plan's order).
    units : pandas.Index
        Column labels (unit names, sorted).
    roles : scipy.sparse.csr_array
        Same pattern, 1 where the unit leads, 2 where it supports.

    The derived matrices (``binary``, ``shared``, ``weighted``) are computed
    once, when first read, and shared by whoever reads them: do not modify them.
    """

    matrix: sp.csr_array
    tasks: pd.Index
    units: pd.Index
    roles: sp.csr_array

    @cached_property
    def binary(self) -> sp.csr_array:
        """The 0/1 incidence matrix."""
        b = self.matrix.copy()
        b.data = np.ones_like(b.data)
        return b

    @cached_property
    def shared(self) -> sp.csr_array:
        """Units x units: the tasks two units share, ``binaryᵀ binary`` (zero diagonal)."""
        return _offdiag(self.binary.T @ self.binary)

    @cached_property
    def weighted(self) -> sp.csr_array:
        """Units x units: ``matrixᵀ matrix``, over shared tasks the sum of the two units' role
        weights multiplied (zero diagonal; pairs whose product is 0 absent)."""
        return _offdiag(self.matrix.T @ self.matrix)

    def role_matrix(self, role: str) -> sp.csr_array:
        """0/1 matrix of the cells where units hold ``role``."""
        code = 1 if role == "lead" else 2
        return (self.roles == code).astype(np.float64)


def _offdiag(m) -> sp.csr_array:
    m = sp.csr_array(m)
    m.setdiag(0)
    m.eliminate_zeros()
    m.sort_indices()
    return m


def assignment_codes(plan: Plan) -> tuple[pd.Index, pd.Index, np.ndarray, np.ndarray, np.ndarray]:
    """Assignments as integers ``(tasks, units, row, col, is_lead)``: the plan's task ids in order,
    the sorted unit names, each assignment's (int64) positions in them and whether it is a lead."""
    a = plan.assignments
    tasks = pd.Index(plan.tasks["task_id"].astype(str), name="task_id")
    units = pd.Index(sorted(plan.units["unit"].astype(str)), name="unit")
    t_codes, t_uni = pd.factorize(a["task_id"])
    u_codes, u_uni = pd.factorize(a["unit"])
    rows = tasks.get_indexer(np.asarray(t_uni, dtype=str))[t_codes].astype(np.int64)
    cols = units.get_indexer(np.asarray(u_uni, dtype=str))[u_codes].astype(np.int64)
    if (rows < 0).any() or (cols < 0).any():
        raise ValueError("assignments name tasks or units missing from plan.tasks / plan.units")
    lead = (a["role"] == "lead").to_numpy(dtype=bool, na_value=False)
    return tasks, units, rows, cols, lead


@shared_doc
def biadjacency(plan: Plan, *, weights: Mapping[str, float] | None = None) -> Biadjacency:
    """The tasks x units matrix of role weights.

    {{plan_weights}}

    Examples
    --------
    >>> B = yjgraph.biadjacency(yjgraph.load_example())
    >>> B.matrix.shape, B.matrix.nnz
    ((86, 34), 291)
    >>> float(B.matrix.sum())  # 158 leads x 1.0 + 133 supports x 0.5
    224.5
    """
    w = resolve_weights(weights)
    tasks, units, rows, cols, lead = assignment_codes(plan)
    # one cell per (task, unit), holding its number of leads: a unit named as both keeps its lead role
    m = sp.csr_array((lead.astype(float), (rows, cols)), shape=(len(tasks), len(units)))
    m.sum_duplicates()  # explicit zeros stay: the cells of supports
    roles = sp.csr_array((np.where(m.data > 0, 1, 2).astype(np.int8), m.indices, m.indptr), shape=m.shape)
    m.data = np.where(m.data > 0, w["lead"], w["support"]).astype(float)
    return Biadjacency(matrix=m, tasks=tasks, units=units, roles=roles)
