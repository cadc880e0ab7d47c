"""Unit centralities: yjgraph.centrality vs networkx's own functions.

    python benchmarks/bench_centrality.py [--rows 10000] [--proj-rows N] [--units 2000]

yjgraph computes the whole table (two-mode degree/closeness/betweenness,
Opsahl weighted degree, SVD/HITS score, PageRank, eigenvector and
betweenness on the weighted projection, Burt's effective size and
constraint) in one call from the Plan. networkx is timed function by
function on its graphs: the bipartite measures on ``to_networkx(plan)``
(built untimed), the projection measures on the role-weighted projection
(its construction is timed as its own row and counted). At the default size
every yjgraph measure is exact (see ``df.attrs["note"]``, printed).

networkx's betweenness on the projection can be slow; ``--proj-rows`` runs
the projection comparison on a smaller plan (printed) when given.
"""

from __future__ import annotations

import argparse

import _util  # noqa: F401
import networkx as nx
import synth
from _util import measure, print_table
from networkx.algorithms import bipartite as bp

import yjgraph
from yjgraph.analysis.centrality import centrality

S = {}


def _ours(key):
    def run():
        df = centrality(S[key])
        return df.attrs["note"]
    return run


def _proj(G):
    units = [n for n, d in G.nodes(data=True) if d["bipartite"] == 1]

    def w(G, u, v):
        return sum(G[u][t]["weight"] * G[v][t]["weight"] for t in set(G[u]) & set(G[v]))
    return bp.generic_weighted_projected_graph(G, units, weight_function=w)


def _digraph(G):
    D = nx.DiGraph()
    D.add_nodes_from(G)
    D.add_edges_from((a, b, d) if a.startswith("task:") else (b, a, d) for a, b, d in G.edges(data=True))
    return D


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--proj-rows", type=int, default=None,
                    help="rows of the plan used for the projection comparison (default: --rows)")
    ap.add_argument("--units", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=3600)
    args = ap.parse_args(argv)
    proj_rows = args.proj_rows or args.rows
    S["plan"] = synth.make_plan(args.rows, n_units=args.units, seed=args.seed)
    S["pplan"] = S["plan"] if proj_rows == args.rows else synth.make_plan(proj_rows, n_units=args.units, seed=args.seed)
    G = yjgraph.to_networkx(S["plan"])
    units = [n for n, d in G.nodes(data=True) if d["bipartite"] == 1]
    PG = G if proj_rows == args.rows else yjgraph.to_networkx(S["pplan"])
    P = _proj(PG)
    D = _digraph(G)
    print(f"two-mode measures: {args.rows} rows, {len(S['plan'].tasks)} tasks, {len(units)} units")
    print(f"projection measures: {proj_rows} rows, {P.number_of_nodes()} units, {P.number_of_edges()} pairs")
    rows = []
    t = "all unit centralities"
    sec, mib, note, err = measure(_ours("plan"))
    rows.append((t, "yjgraph centrality", sec, mib, err or note))
    if proj_rows != args.rows:
        sec2, mib2, note2, err2 = measure(_ours("pplan"))
        print(f"(yjgraph centrality on the projection plan: {sec2:.3f} s)")
    nxcalls = [
        ("nx bipartite.degree", lambda: bp.degree_centrality(G, units)),
        ("nx bipartite.closeness", lambda: bp.closeness_centrality(G, units)),
        ("nx bipartite.betweenness", lambda: bp.betweenness_centrality(G, units)),
        ("nx hits (svd_score)", lambda: nx.hits(D)),
        ("nx projection (roles)", lambda: _proj(PG)),
        ("nx pagerank", lambda: nx.pagerank(P, weight="weight")),
        ("nx eigenvector", lambda: nx.eigenvector_centrality(P, weight="weight", max_iter=1000)),
        ("nx betweenness (proj)", lambda: nx.betweenness_centrality(P)),
        ("nx effective_size", lambda: nx.effective_size(P, weight="weight")),
        ("nx constraint", lambda: nx.constraint(P, weight="weight")),
    ]
    for label, fn in nxcalls:
        sec, mib, note, err = measure(fn, timeout=args.timeout)
        rows.append((t, label, sec, mib, err or ""))
    print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
