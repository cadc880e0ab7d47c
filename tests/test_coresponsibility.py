"""Co-responsibility: hand-computed values on tiny_plan, equality with networkx's projections."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from networkx.algorithms import bipartite as bp

import yjgraph
from yjgraph.analysis.coresponsibility import (
    communities,
    core_periphery,
    coresponsibility,
    density,
    lead_support,
    to_matrix,
)


def random_plan(seed: int, n_tasks: int = 40, n_units: int = 15, split: bool = True) -> yjgraph.Plan:
    """A random plan with single-unit tasks, several components and a lone unit.

    ``split=False``: one connected block of units, no lone unit.
    """
    rng = random.Random(seed)
    units = [f"U{i:02d}" for i in range(n_units)]
    rows = []
    for t in range(n_tasks):
        k = rng.choice([1, 1, 2, 3, 4, 6])
        pool = (units[: n_units // 2] if t % 3 else units[n_units // 2 : -1]) if split else units
        if not split and t < n_units - 1:  # chain the units so the projection is connected
            rows += [{"task_id": f"c{t}", "unit": units[t], "role": "lead"},
                     {"task_id": f"c{t}", "unit": units[t + 1], "role": "support"}]
        for pos, u in enumerate(rng.sample(pool, min(k, len(pool)))):
            rows.append({"task_id": str(t), "unit": u, "role": "lead" if pos == 0 or rng.random() < 0.3 else "support"})
    if split:
        rows.append({"task_id": "lone", "unit": units[-1], "role": "lead"})
    return yjgraph.Plan.from_assignments(rows)


def _nx_pairs(plan, projector, **kw):
    G = yjgraph.to_networkx(plan)
    units = [n for n, d in G.nodes(data=True) if d["bipartite"] == 1]
    P = projector(G, units, **kw)
    out = {}
    for a, b, d in P.edges(data=True):
        a, b = sorted((a[5:], b[5:]))
        out[(a, b)] = d.get("weight", 1.0)
    return out


def _ours(df, col):
    return {(a, b): v for a, b, v in zip(df["unit_a"], df["unit_b"], df[col], strict=False)}


# ---------------------------------------------------------------- tiny plan
def test_coresponsibility_tiny_by_hand(tiny_plan):
    # tasks: 1 = A(L) B(L) C(S); 2 = A(L) C(S); 3 = B(L); 4 = D(L) A(S) E(S)
    # shared: A-C {1,2}; A-B, B-C {1}; A-D, A-E, D-E {4}
    # weighted (lead 1, support .5): A-C 1*.5 + 1*.5 = 1; A-B 1; B-C .5; A-D .5; A-E .25; D-E .5
    # newman (n_t = 3, 2, 1, 3): A-C 1/2 + 1/1 = 1.5; the others 1/2
    # jaccard: A-C 2/|{1,2,4}| ; A-B 1/|{1,2,3,4}|; B-C 1/|{1,2,3}|; A-D, A-E 1/3; D-E 1/1
    df = coresponsibility(tiny_plan)
    assert df.columns.tolist() == ["unit_a", "unit_b", "shared_tasks", "weighted", "newman", "jaccard"]
    expected = [
        ("A", "C", 2, 1.0, 1.5, 2 / 3),
        ("A", "B", 1, 1.0, 0.5, 1 / 4),
        ("A", "D", 1, 0.5, 0.5, 1 / 3),
        ("A", "E", 1, 0.25, 0.5, 1 / 3),
        ("B", "C", 1, 0.5, 0.5, 1 / 3),
        ("D", "E", 1, 0.5, 0.5, 1.0),
    ]
    got = list(df.itertuples(index=False, name=None))
    assert [g[:3] for g in got] == [e[:3] for e in expected]
    np.testing.assert_allclose(df[["weighted", "newman", "jaccard"]].to_numpy(),
                               np.array([e[3:] for e in expected]))


def test_coresponsibility_weights_and_input_untouched(tiny_plan):
    before = tiny_plan.assignments.copy()
    df = coresponsibility(tiny_plan, weights={"lead": 1, "support": 1})
    # with equal weights the weighted tie is the shared count
    np.testing.assert_allclose(df["weighted"], df["shared_tasks"])
    pd.testing.assert_frame_equal(tiny_plan.assignments, before)


def test_lead_support_tiny_by_hand(tiny_plan):
    # task 1: A, B lead, C supports -> A->C, B->C; task 2: A->C; task 4: D->A, D->E
    df = lead_support(tiny_plan)
    assert list(df.itertuples(index=False, name=None)) == [
        ("A", "C", 2), ("B", "C", 1), ("D", "A", 1), ("D", "E", 1)
    ]


def test_density_tiny_by_hand(tiny_plan):
    d = density(tiny_plan)
    assert d["two_mode_density"] == pytest.approx(9 / (4 * 5))
    assert d["projection_density"] == pytest.approx(6 / 10)
    assert d["mean_units_per_task"] == pytest.approx(9 / 4)
    assert d["mean_tasks_per_unit"] == pytest.approx(9 / 5)


def test_to_matrix_symmetric(tiny_plan):
    pairs = coresponsibility(tiny_plan)
    m = to_matrix(pairs)
    assert m.index.tolist() == m.columns.tolist() == ["A", "B", "C", "D", "E"]
    assert (m.to_numpy() == m.to_numpy().T).all()
    assert m.loc["C", "A"] == 2 and m.loc["B", "D"] == 0 and m.loc["A", "A"] == 0
    m2 = to_matrix(pairs, "jaccard", diagonal=1.0)
    assert m2.loc["E", "D"] == 1.0 and (np.diag(m2) == 1.0).all()
    m3 = to_matrix(pairs, diagonal={"A": 3})
    assert m3.loc["A", "A"] == 3 and m3.loc["B", "B"] == 0


def _all_partitions(items):
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for part in _all_partitions(rest):
        for i in range(len(part)):
            yield part[:i] + [[first] + part[i]] + part[i + 1:]
        yield [[first]] + part


def _weighted_projection_nx(plan, weights=None):
    w = yjgraph.resolve_weights(weights)
    G = yjgraph.to_networkx(plan, weights=w)
    units = [n for n, d in G.nodes(data=True) if d["bipartite"] == 1]
    P = bp.generic_weighted_projected_graph(
        G, units, weight_function=lambda G, u, v: sum(
            G[u][t]["weight"] * G[v][t]["weight"] for t in set(G[u]) & set(G[v])))
    return nx.relabel_nodes(P, {n: n[5:] for n in P})


def test_communities_tiny_is_modularity_optimum(tiny_plan):
    df = communities(tiny_plan)
    # A, B, C work together on tasks 1-2; D, E on task 4
    assert df["community"].to_dict() == {"A": 0, "B": 0, "C": 0, "D": 1, "E": 1}
    P = _weighted_projection_nx(tiny_plan)
    best = max(nx.community.modularity(P, part, weight="weight")
               for part in _all_partitions(list(P)))
    assert df.attrs["modularity"] == pytest.approx(best)
    assert df.attrs["modularity"] == pytest.approx(
        nx.community.modularity(P, [{"A", "B", "C"}, {"D", "E"}], weight="weight"))


def test_communities_repeat_and_isolated():
    plan = random_plan(3, n_tasks=60, n_units=20)
    a, b = communities(plan, seed=5), communities(plan, seed=5)
    pd.testing.assert_frame_equal(a, b)
    assert a.attrs["modularity"] == b.attrs["modularity"]
    # U19 shares no task: alone in its community, which is numbered last (size 1, largest name)
    c = a["community"]
    assert (c == c["U19"]).sum() == 1
    sizes = c.value_counts().sort_index()
    assert sizes.is_monotonic_decreasing
    P = _weighted_projection_nx(plan)
    groups = [set(g.index) for _, g in c.groupby(c)]
    assert a.attrs["modularity"] == pytest.approx(nx.community.modularity(P, groups, weight="weight"))


def test_core_periphery_split_is_best_correlation():
    plan = random_plan(7, n_tasks=50, n_units=16, split=False)
    df = core_periphery(plan)
    P = _weighted_projection_nx(plan)
    nodes = list(df.index)
    A = nx.to_numpy_array(P, nodelist=nodes, weight="weight")
    # coreness ~ networkx eigenvector centrality (max-scaled)
    ev = nx.eigenvector_centrality_numpy(P, weight="weight")
    ev = np.array([ev[u] for u in nodes])
    np.testing.assert_allclose(df["coreness"], np.abs(ev) / np.abs(ev).max(), atol=1e-8)
    # brute force over every top-k split of that ranking
    order = sorted(range(len(nodes)), key=lambda i: (-df["coreness"].iloc[i], nodes[i]))
    off = ~np.eye(len(nodes), dtype=bool)
    best_k, best_r = None, -2
    for k in range(2, len(nodes)):
        ideal = np.zeros_like(A)
        top = order[:k]
        ideal[np.ix_(top, top)] = 1
        r = np.corrcoef(A[off], ideal[off])[0, 1]
        if r > best_r + 1e-12:
            best_k, best_r = k, r
    assert df.attrs["fit"] == pytest.approx(best_r)
    assert df["core"].sum() == best_k
    assert set(df.index[df["core"]]) == {nodes[i] for i in order[:best_k]}
    kc = nx.core_number(nx.Graph(P.edges()))
    assert all(df.loc[u, "k_core"] == kc.get(u, 0) for u in nodes)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_projections_equal_networkx(seed):
    plan = random_plan(seed)
    df = coresponsibility(plan)
    shared = _nx_pairs(plan, bp.weighted_projected_graph)
    assert set(_nx_pairs(plan, bp.projected_graph)) == set(shared) == set(_ours(df, "shared_tasks"))
    assert _ours(df, "shared_tasks") == shared
    for col, proj in [("newman", bp.collaboration_weighted_projected_graph),
                      ("jaccard", bp.overlap_weighted_projected_graph)]:
        theirs, ours = _nx_pairs(plan, proj), _ours(df, col)
        assert set(theirs) == set(ours)
        assert all(abs(theirs[p] - ours[p]) < 1e-12 for p in ours)
    P = _weighted_projection_nx(plan)
    assert all(abs(P[a][b]["weight"] - w) < 1e-12 for (a, b), w in _ours(df, "weighted").items())


def test_seed_plan_equals_networkx(seed_plan):
    df = coresponsibility(seed_plan)
    assert _ours(df, "shared_tasks") == _nx_pairs(seed_plan, bp.weighted_projected_graph)
    for col, proj in [("newman", bp.collaboration_weighted_projected_graph),
                      ("jaccard", bp.overlap_weighted_projected_graph)]:
        theirs, ours = _nx_pairs(seed_plan, proj), _ours(df, col)
        assert set(theirs) == set(ours)
        assert max(abs(theirs[p] - ours[p]) for p in ours) < 1e-12
    assert (df["unit_a"] < df["unit_b"]).all()
    key = list(zip(-df["shared_tasks"], df["unit_a"], df["unit_b"], strict=False))
    assert key == sorted(key)
    ls = lead_support(seed_plan)
    assert ls["n_tasks"].sum() == sum(
        (g["role"] == "lead").sum() * (g["role"] == "support").sum()
        for _, g in seed_plan.assignments.drop_duplicates(["task_id", "unit"]).groupby("task_id"))
    com = communities(seed_plan)
    assert len(com) == len(seed_plan.units) and com["community"].min() == 0
    assert -0.5 <= com.attrs["modularity"] <= 1


def test_pairs_iterable_order_matches_names():
    # names whose code-point order differs from insertion order
    plan = yjgraph.Plan.from_assignments([
        {"task_id": "1", "unit": u, "role": "lead"} for u in ["区财政局", "区发改局", "区商务局"]
    ])
    df = coresponsibility(plan)
    for a, b in itertools.pairwise(df[["unit_a", "unit_b"]].itertuples(index=False, name=None)):
        assert a < b
    assert (df["unit_a"] < df["unit_b"]).all()
