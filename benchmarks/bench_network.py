"""The interactive network's data: ``html.network_spec`` vs pyvis's own ``Network.from_nx``.

    python benchmarks/bench_network.py [--tasks 8000]

A synthetic plan of ``--tasks`` tasks with three units each among 2,000
units (10,000 nodes, 24,000 edges at the default). Both sides start from the
plan (built before timing): pyvis's side includes building the networkx
graph, as a user of pyvis would have to, and ends with the node and edge lists pyvis hands to vis.js
(``get_network_data``); ours ends with the same lists plus the chapters,
legend and tooltips of the page.
"""

from __future__ import annotations

import argparse

import _util  # noqa: F401
import numpy as np
import pandas as pd
from _util import measure, print_table

import yjgraph
from yjgraph.html import network_spec


def big_plan(n_tasks: int, n_units: int = 2000, seed: int = 0) -> yjgraph.Plan:
    rng = np.random.default_rng(seed)
    units = np.array([f"单位{i:04d}" for i in range(n_units)], dtype=object)
    picks = units[np.argsort(rng.random((n_tasks, n_units)), axis=1)[:, :3]].ravel()
    a = pd.DataFrame({"task_id": np.repeat(np.arange(n_tasks).astype(str), 3), "unit": picks,
                      "role": np.tile(["lead", "support", "support"], n_tasks)})
    return yjgraph.Plan.from_assignments(a)


def ours(plan: yjgraph.Plan) -> int:
    return len(network_spec(plan, communities=False)["edges"])


def pyvis_from_nx(plan: yjgraph.Plan) -> int:
    from pyvis.network import Network

    net = Network()
    net.from_nx(yjgraph.to_networkx(plan))
    nodes, edges, *_ = net.get_network_data()
    return len(edges)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tasks", type=int, default=8000)
    plan = big_plan(p.parse_args().tasks)  # built once, before timing (the children are forked)
    rows = []
    for name, fn in (("yjgraph network_spec", ours), ("pyvis Network.from_nx", pyvis_from_nx)):
        sec, mib, edges, error = measure(fn, plan)
        rows.append(("network data", name, sec, mib, error or f"{edges} edges"))
    print_table(rows, theirs_label="pyvis")


if __name__ == "__main__":
    main()
