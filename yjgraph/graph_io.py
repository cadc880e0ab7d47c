"""Export the responsibility graph for Gephi and other tools.

GEXF and GraphML files keep node labels (Chinese included), node kinds,
roles and weights; node and edge CSV tables follow Gephi's spreadsheet
import (``id``, ``label`` / ``source``, ``target``, ``type``, ``weight``) and
are written as UTF-8 with a byte-order mark so Excel shows the Chinese text.

Formats accept only plain scalars as attributes, so every graph is
*sanitised* first: ``None``/NA/NaN attributes are dropped, lists and sets
are joined with ``" | "``, mappings become JSON, numpy scalars become Python
ones, and an attribute holding values of several types becomes text (int
and float mix to float).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from ._docstrings import shared_doc
from .graph import task_node, to_networkx, unit_node
from .model import Plan

__all__ = ["write_gexf", "write_graphml", "to_node_edge_tables", "write_node_edge_csv"]

_MISSING = object()


def _scalar(value):
    """A plain str/int/float/bool, or ``_MISSING`` for None/NA/NaN."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, Mapping):
        return json.dumps(dict(value), ensure_ascii=False, default=str)
    if isinstance(value, list | tuple | set | frozenset | np.ndarray | pd.Series):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else list(value)
        return " | ".join(str(v) for v in items if _scalar(v) is not _MISSING)
    if pd.isna(value):
        return _MISSING
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    return value if isinstance(value, bool | str | float) else str(value)


def _clean(records: list[dict]) -> None:
    """Sanitise attribute dicts in place, making each key's type consistent."""
    types: dict[str, set] = {}
    for d in records:
        for key in list(d):
            v = _scalar(d[key])
            if v is _MISSING:
                del d[key]
            else:
                d[key] = v
                types.setdefault(key, set()).add(type(v))
    for key, ts in types.items():
        if len(ts) < 2:
            continue
        cast = float if ts == {int, float} else str
        for d in records:
            if key in d:
                d[key] = cast(d[key])


def _sanitized(G: nx.Graph) -> nx.Graph:
    H = G.copy()  # new attribute dicts, cleaned in place
    _clean([d for _, d in H.nodes(data=True)])
    _clean([d for _, _, d in H.edges(data=True)])
    _clean([H.graph])
    return H


def _graph(data: Plan | nx.Graph, weights: Mapping[str, float] | None) -> nx.Graph:
    """The graph to export: ``to_networkx`` plus per-node counts, sanitised."""
    if isinstance(data, nx.Graph):
        if weights is not None:
            raise ValueError("weights apply to a Plan; a graph already carries its weights")
        return _sanitized(data)
    if not isinstance(data, Plan):
        raise TypeError(f"expected a Plan or a networkx graph, got {type(data).__name__}")
    from .analysis.workload import workload

    G = to_networkx(data, weights=weights)
    w = workload(data, weights=weights)
    for unit, counts in w[["n_lead", "n_support", "n_tasks", "load"]].to_dict("index").items():
        G.nodes[unit_node(unit)].update(counts)
    for t in data.tasks.itertuples(index=False):
        key = task_node(t.task_id)
        roles = [G.edges[key, other]["role"] for other in G[key]]
        G.nodes[key].update(
            chapter_no=t.chapter_no, section=t.section, open_ended=bool(t.open_ended),
            n_lead=roles.count("lead"), n_support=roles.count("support"),
        )
    return _sanitized(G)


def _write(write, data: Plan | nx.Graph, path: str | Path, weights) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write(_graph(data, weights), path, encoding="utf-8")
    return path


@shared_doc
def write_gexf(
    data: Plan | nx.Graph, path: str | Path, *, weights: Mapping[str, float] | None = None
) -> Path:
    """Write the task-unit graph as GEXF 1.2 (Gephi's native format) and return its path.

    Parameters
    ----------
    data : Plan or networkx.Graph
        A plan (exported through :func:`yjgraph.to_networkx`, with unit
        ``n_lead, n_support, n_tasks, load`` and task ``n_lead, n_support,
        chapter_no, section, open_ended`` added) or a graph (sanitised).
    path : str or Path
        Output file; parent folders are created.
    {{weights}}

    Examples
    --------
    >>> import tempfile, networkx as nx
    >>> plan = yjgraph.Plan.from_assignments([("1", "区发改局", "lead")])
    >>> path = write_gexf(plan, tempfile.mkdtemp() + "/plan.gexf")
    >>> nx.read_gexf(path).nodes["unit:区发改局"]["label"]
    '区发改局'
    """
    return _write(nx.write_gexf, data, path, weights)


def write_graphml(
    data: Plan | nx.Graph, path: str | Path, *, weights: Mapping[str, float] | None = None
) -> Path:
    """Write the task-unit graph as GraphML (UTF-8).

    Parameters and node attributes are those of :func:`write_gexf`; the node
    label is the ``label`` attribute.

    Examples
    --------
    >>> import tempfile, networkx as nx
    >>> path = Path(tempfile.mkdtemp()) / "plan.graphml"
    >>> nx.read_graphml(write_graphml(yjgraph.load_example(), path)).edges["task:1", "unit:区商务局"]
    {'role': 'lead', 'weight': 1.0}
    """
    return _write(nx.write_graphml, data, path, weights)


@shared_doc
def to_node_edge_tables(
    data: Plan | nx.Graph, *, weights: Mapping[str, float] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes and edges as two tables in Gephi's spreadsheet layout.

    Parameters
    ----------
    data : Plan or networkx.Graph
    {{weights}}

    Returns
    -------
    nodes : pandas.DataFrame
        ``id``, ``label``, ``kind``, ``bipartite`` then the other node
        attributes (blank where a node has none), in graph order.
    edges : pandas.DataFrame
        ``source``, ``target``, ``type`` (``"Undirected"``), ``role``,
        ``weight`` then any other edge attributes; source is the task.

    Examples
    --------
    >>> plan = yjgraph.Plan.from_assignments([("1", "区发改局", "lead")])
    >>> nodes, edges = to_node_edge_tables(plan)
    >>> nodes[["id", "label", "kind"]]
                id label  kind
    0       task:1     1  task
    1  unit:区发改局  区发改局  unit
    >>> edges[["source", "target", "role", "weight"]]
       source     target  role  weight
    0  task:1  unit:区发改局  lead     1.0
    """
    G = _graph(data, weights)
    records = [{"id": n, **d} for n, d in G.nodes(data=True)]
    nodes = pd.DataFrame(records, columns=None if records else ["id", "label", "kind", "bipartite"])
    first = [c for c in ("id", "label", "kind", "bipartite") if c in nodes.columns]
    nodes = nodes[first + [c for c in nodes.columns if c not in first]]
    rows = []
    for u, v, d in G.edges(data=True):
        # tasks first, so "source" is always the task in a task-unit graph
        if G.nodes[u].get("bipartite") == 1 and G.nodes[v].get("bipartite") == 0:
            u, v = v, u
        rows.append({"source": u, "target": v, "type": "Undirected", **d})
    edges = pd.DataFrame(rows, columns=None if rows else ["source", "target", "type"])
    first = [c for c in ("source", "target", "type", "role", "weight") if c in edges.columns]
    edges = edges[first + [c for c in edges.columns if c not in first]]
    return nodes, edges


@shared_doc
def write_node_edge_csv(
    data: Plan | nx.Graph,
    directory: str | Path,
    *,
    weights: Mapping[str, float] | None = None,
    prefix: str = "",
) -> dict[str, Path]:
    """Write ``nodes.csv`` and ``edges.csv`` (UTF-8 with BOM) for Gephi or Excel.

    Parameters
    ----------
    data : Plan or networkx.Graph
    directory : str or Path
        Output folder, created if needed.
    {{weights}}
    prefix : str
        Prepended to both file names.

    Returns
    -------
    dict
        ``{"nodes": path, "edges": path}``.

    Examples
    --------
    >>> import tempfile
    >>> plan = yjgraph.Plan.from_assignments([("1", "区发改局", "lead")])
    >>> paths = write_node_edge_csv(plan, tempfile.mkdtemp())
    >>> paths["edges"].read_bytes()[:3] == b"\\xef\\xbb\\xbf"
    True
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    nodes, edges = to_node_edge_tables(data, weights=weights)
    paths = {"nodes": directory / f"{prefix}nodes.csv", "edges": directory / f"{prefix}edges.csv"}
    nodes.to_csv(paths["nodes"], index=False, encoding="utf-8-sig")
    edges.to_csv(paths["edges"], index=False, encoding="utf-8-sig")
    return paths
