"""Unit projections: yjgraph.coresponsibility vs networkx's bipartite projections.

    python benchmarks/bench_projection.py [--rows 300000] [--units 2000]

yjgraph computes all four tie strengths (shared, role-weighted, Newman,
Jaccard) in one call starting from the Plan (so its time includes building
the sparse biadjacency matrix); networkx computes one projected graph per
call starting from the bipartite graph (``to_networkx``, timed separately
and not counted). The ratio compares yjgraph's one call with the sum of the
networkx calls that give the same numbers.
"""

from __future__ import annotations

import argparse

import _util  # noqa: F401  (puts the checkout on sys.path)
import synth
from _util import measure, print_table
from networkx.algorithms import bipartite as bp

import yjgraph
from yjgraph.analysis.coresponsibility import coresponsibility

PLAN = G = UNITS = None


def _ours():
    return f"{len(coresponsibility(PLAN))} pairs"


def _nx(fn):
    def run():
        return f"{fn(G, UNITS).number_of_edges()} pairs"
    return run


def _nx_role_weighted():
    def w(G, u, v):
        return sum(G[u][t]["weight"] * G[v][t]["weight"] for t in set(G[u]) & set(G[v]))
    return f"{bp.generic_weighted_projected_graph(G, UNITS, weight_function=w).number_of_edges()} pairs"


def main(argv=None) -> int:
    global PLAN, G, UNITS
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=300_000)
    ap.add_argument("--units", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=3600, help="per networkx call, seconds")
    args = ap.parse_args(argv)
    PLAN = synth.make_plan(args.rows, n_units=args.units, seed=args.seed)
    print(f"synthetic plan: {args.rows} rows, {len(PLAN.tasks)} tasks, {len(PLAN.units)} units")
    G = yjgraph.to_networkx(PLAN)
    UNITS = [n for n, d in G.nodes(data=True) if d["bipartite"] == 1]
    rows = []
    sec, mib, note, err = measure(yjgraph.to_networkx, PLAN)
    rows.append(("build nx graph", "networkx to_networkx (setup)", sec, mib, err or "not counted"))
    sec, mib, note, err = measure(yjgraph.biadjacency, PLAN)
    rows.append(("build sparse matrix", "yjgraph biadjacency (setup)", sec, mib, err or "included below"))
    sec, mib, note, err = measure(_ours)
    rows.append(("projection: 4 measures", "yjgraph coresponsibility", sec, mib, err or note))
    for label, fn in [
        ("nx weighted_projected_graph", _nx(bp.weighted_projected_graph)),
        ("nx collaboration_weighted", _nx(bp.collaboration_weighted_projected_graph)),
        ("nx overlap_weighted (jaccard)", _nx(bp.overlap_weighted_projected_graph)),
        ("nx generic_weighted (roles)", _nx_role_weighted),
    ]:
        sec, mib, note, err = measure(fn, timeout=args.timeout)
        rows.append(("projection: 4 measures", label, sec, mib, err or note))
    sec, mib, note, err = measure(_nx(bp.projected_graph), timeout=args.timeout)
    rows.append(("projection: pairs only", "nx projected_graph", sec, mib, err or note))
    rows.append(("projection: pairs only", "yjgraph coresponsibility", rows[2][2], rows[2][3], "same call"))
    print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
