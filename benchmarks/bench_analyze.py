"""End to end: read a plan file and run every analysis, yjgraph vs a networkx pipeline.

    python benchmarks/bench_analyze.py [--rows 20000] [--units 2000]

The synthetic plan is written in the seed plan's text layout (untimed) and
both pipelines start from the file, reading it with ``yjgraph.read_plan``:

- yjgraph: read_plan, then workload, concentration, coresponsibility,
  lead_support, communities, core_periphery, density, centrality,
  task_centrality, centralization, checks;
- networkx: read_plan, to_networkx, the four projections
  (bipartite.weighted / collaboration / overlap / generic role-weighted),
  bipartite degree/closeness/betweenness of units and of tasks, pagerank,
  eigenvector, betweenness, effective_size, constraint and louvain on the
  projection.

At the default size every yjgraph measure is exact; networkx's two-mode
betweenness grows as nodes x edges, so large ``--rows`` take long. With
``--pivots K`` both sides estimate betweenness and closeness from the same K
pivot sources (yjgraph ``exact=False, k=K``; networkx
``betweenness_centrality(k=K, seed=0)`` and breadth-first searches from
those pivots for closeness), which is what yjgraph does by itself above
``EXACT_WORK``: the comparison for corpus-sized plans::

    python benchmarks/bench_analyze.py --rows 550000 --pivots 100 --timeout 3600
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

import _util  # noqa: F401
import networkx as nx
import synth
from _util import measure, print_table
from networkx.algorithms import bipartite as bp

import yjgraph

PATH = None
PIVOTS = None  # None: exact (yjgraph decides by size); K: both sides sample K pivots


def _ours():
    from yjgraph import analysis as A

    plan = yjgraph.read_plan(PATH)
    A.workload(plan)
    A.concentration(plan)
    A.coresponsibility(plan)
    A.lead_support(plan)
    A.communities(plan)
    A.core_periphery(plan)
    A.density(plan)
    how = {} if PIVOTS is None else {"exact": False, "k": PIVOTS}
    df = A.centrality(plan, **how)
    A.task_centrality(plan, **how)
    A.centralization(plan, **how)
    A.checks(plan)
    return df.attrs["note"]


def _read():
    return repr(yjgraph.read_plan(PATH))[:60]


def _nx():
    plan = yjgraph.read_plan(PATH)
    G = yjgraph.to_networkx(plan)
    units = [n for n, d in G.nodes(data=True) if d["bipartite"] == 1]
    tasks = [n for n, d in G.nodes(data=True) if d["bipartite"] == 0]
    bp.weighted_projected_graph(G, units)
    bp.collaboration_weighted_projected_graph(G, units)
    bp.overlap_weighted_projected_graph(G, units)

    def w(G, u, v):
        return sum(G[u][t]["weight"] * G[v][t]["weight"] for t in set(G[u]) & set(G[v]))
    P = bp.generic_weighted_projected_graph(G, units, weight_function=w)
    for nodes in (units, tasks):
        bp.degree_centrality(G, nodes)
    if PIVOTS is None:
        for nodes in (units, tasks):
            bp.closeness_centrality(G, nodes)
        bp.betweenness_centrality(G, units)  # one Brandes run gives both modes
        nx.betweenness_centrality(P)
    else:  # the estimates yjgraph makes, from networkx's own functions
        nx.betweenness_centrality(G, k=PIVOTS, seed=0)
        dist = {n: [0, 0] for n in G}
        for s in random.Random(0).sample(list(G), PIVOTS):
            for n, d in nx.single_source_shortest_path_length(G, s).items():
                dist[n][0] += d
                dist[n][1] += d > 0
        nx.betweenness_centrality(P, k=min(PIVOTS, len(P)), seed=0)
    nx.pagerank(P, weight="weight")
    nx.eigenvector_centrality(P, weight="weight", max_iter=1000)
    nx.effective_size(P, weight="weight")
    nx.constraint(P, weight="weight")
    nx.community.louvain_communities(P, weight="weight", seed=0)
    return "done"


def main(argv=None) -> int:
    global PATH, PIVOTS
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--units", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=7200)
    ap.add_argument("--pivots", type=int, default=None,
                    help="both sides estimate betweenness and closeness from K pivots")
    args = ap.parse_args(argv)
    PIVOTS = args.pivots
    with tempfile.TemporaryDirectory() as tmp:
        PATH = Path(tmp) / "synthetic_plan.txt"
        c = synth.write_plan(PATH, args.rows, n_units=args.units, seed=args.seed)
        print(f"synthetic plan file: {args.rows} rows, {len(c.tasks)} tasks, "
              f"{PATH.stat().st_size / 2**20:.1f} MiB")
        rows = []
        sec, mib, note, err = measure(_read, timeout=args.timeout)
        rows.append(("read only", "yjgraph read_plan", sec, mib, err or note))
        sec, mib, note, err = measure(_ours, timeout=args.timeout)
        rows.append(("read + all analyses", "yjgraph", sec, mib, err or note))
        sec, mib, note, err = measure(_nx, timeout=args.timeout)
        rows.append(("read + all analyses", "networkx pipeline", sec, mib, err or note))
    print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
