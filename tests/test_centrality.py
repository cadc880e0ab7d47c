"""Centrality: hand-computed values on tiny_plan, equality with networkx, exact vs sampled paths."""

from __future__ import annotations

import importlib

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from networkx.algorithms import bipartite as bp
from test_coresponsibility import _weighted_projection_nx, random_plan

import yjgraph
from yjgraph.analysis.centrality import centrality, centralization, task_centrality

C = importlib.import_module("yjgraph.analysis.centrality")

COLUMNS = ["degree", "closeness", "betweenness", "weighted_degree", "svd_score", "pagerank",
           "proj_betweenness", "proj_eigenvector", "effective_size", "constraint"]


def _units(G):
    return [n for n, d in G.nodes(data=True) if d["bipartite"] == 1]


def _tasks(G):
    return [n for n, d in G.nodes(data=True) if d["bipartite"] == 0]


# ---------------------------------------------------------------- tiny plan
def test_tiny_by_hand(tiny_plan):
    # tasks: 1 = A(L) B(L) C(S); 2 = A(L) C(S); 3 = B(L); 4 = D(L) A(S) E(S); 4 tasks, 5 units
    df = centrality(tiny_plan)
    assert df.columns.tolist() == COLUMNS
    assert df.index.tolist() == ["A", "B", "C", "D", "E"] and df.index.name == "unit"
    # degree = tasks / 4
    np.testing.assert_allclose(df["degree"], [3 / 4, 2 / 4, 2 / 4, 1 / 4, 1 / 4])
    # closeness of A: t1 t2 t4 at 1, B C D E at 2, t3 at 3 -> sum 14; (m + 2(n-1)) = 4 + 8 = 12
    assert df.loc["A", "closeness"] == pytest.approx(12 / 14)
    # closeness of E: t4 1; A D 2; t1 t2 3; B C 4; t3 5 -> sum 24
    assert df.loc["E", "closeness"] == pytest.approx(12 / 24)
    # betweenness of A: the 3 x 5 pairs across it ({t4, D, E} x {t1, t2, t3, B, C}) = 15, plus
    # half of t2-t1, t2-B, t2-t3 (two geodesics, via A or via C) = 1.5 -> 16.5;
    # largest possible for a unit (n=5 units, m=4 tasks): s, t = divmod(4, 4) = (1, 0),
    # (16*4 + 4*2*(0-1-1) - 0) / 2 = 24
    assert df.loc["A", "betweenness"] == pytest.approx(16.5 / 24)
    assert df.loc["D", "betweenness"] == 0 and df.loc["E", "betweenness"] == 0
    # Opsahl alpha=.5: sqrt(tasks * load): A sqrt(3 * 2.5), B sqrt(2 * 2), E sqrt(1 * .5)
    np.testing.assert_allclose(df["weighted_degree"],
                               np.sqrt([3 * 2.5, 2 * 2, 2 * 1, 1 * 1, 1 * 0.5]))
    # projection A-B A-C B-C A-D A-E D-E: only A joins {B, C} to {D, E}: 4 pairs of 6 = 2/3
    np.testing.assert_allclose(df["proj_betweenness"], [4 / 6, 0, 0, 0, 0])
    # Burt, weighted projection A-B 1, A-C 1, B-C .5, A-D .5, A-E .25, D-E .5
    # D: p(D,A) = p(D,E) = .5; m(A,E) = .25/1, m(E,A) = .25/.5
    # effective size = (1 - .5*.25) + (1 - .5*.5) = 1.625
    assert df.loc["D", "effective_size"] == pytest.approx(1.625)
    # p(A,E) = .25/2.75 = 1/11, p(E,A) = .25/.75 = 1/3
    # constraint = (.5 + .5/3)^2 + (.5 + .5/11)^2 = 4/9 + 36/121
    assert df.loc["D", "constraint"] == pytest.approx(4 / 9 + 36 / 121)
    assert df["svd_score"].sum() == pytest.approx(1) and df["pagerank"].sum() == pytest.approx(1)
    assert np.linalg.norm(df["proj_eigenvector"]) == pytest.approx(1)
    assert df.attrs["note"] == "all measures exact"


def test_weighted_degree_alpha(tiny_plan):
    a0 = centrality(tiny_plan, alpha=0)["weighted_degree"]
    a1 = centrality(tiny_plan, alpha=1)["weighted_degree"]
    np.testing.assert_allclose(a0, [3, 2, 2, 1, 1])  # number of tasks
    np.testing.assert_allclose(a1, [2.5, 2, 1, 1, 0.5])  # sum of role weights
    w = centrality(tiny_plan, alpha=1, weights={"support": 0})["weighted_degree"]
    np.testing.assert_allclose(w, [2, 2, 0, 1, 0])


def test_task_centrality_tiny_by_hand(tiny_plan):
    df = task_centrality(tiny_plan)
    assert df.index.tolist() == ["1", "2", "3", "4"]
    np.testing.assert_allclose(df["degree"], [3 / 5, 2 / 5, 1 / 5, 3 / 5])
    assert df["n_units"].tolist() == [3, 2, 1, 3]
    # task 3 hangs off B alone: a leaf, no betweenness
    assert df.loc["3", "betweenness"] == 0


def test_centralization_tiny_by_hand(tiny_plan):
    s = centralization(tiny_plan)
    # projection degrees A4 B2 C2 D2 E2: sum(4 - d) = 8, / ((5-1)(5-2)) = 12
    assert s["proj_degree"] == pytest.approx(8 / 12)
    # projection betweenness A 4, rest 0: 16 / ((5-1)^2 (5-2) / 2) = 16 / 24
    assert s["proj_betweenness"] == pytest.approx(16 / 24)
    # unit task counts 3 2 2 1 1: sum(3 - k) = 6, / ((5-1)(4-1)) = 12
    assert s["two_mode_degree_units"] == pytest.approx(6 / 12)
    # task unit counts 3 2 1 3: sum(3 - k) = 3, / ((4-1)(5-1)) = 12
    assert s["two_mode_degree_tasks"] == pytest.approx(3 / 12)


def test_centralization_matches_networkx_projection():
    plan = random_plan(4)
    s = centralization(plan)
    P = _weighted_projection_nx(plan)
    n = len(P)
    d = np.array([deg for _, deg in P.degree()])
    assert s["proj_degree"] == pytest.approx((d.max() - d).sum() / ((n - 1) * (n - 2)))
    b = np.array(list(nx.betweenness_centrality(P, normalized=True).values()))
    assert s["proj_betweenness"] == pytest.approx((b.max() - b).sum() / (n - 1))


# ------------------------------------------------------------ vs networkx
def _check_two_mode(plan, exact=None):
    G = yjgraph.to_networkx(plan)
    units, tasks = _units(G), _tasks(G)
    df = centrality(plan, exact=exact)
    tf = task_centrality(plan, exact=exact)
    for col, f in [("degree", bp.degree_centrality), ("closeness", bp.closeness_centrality),
                   ("betweenness", bp.betweenness_centrality)]:
        ref = f(G, units)
        np.testing.assert_allclose(df[col], [ref[u] for u in units], rtol=0, atol=1e-9)
        np.testing.assert_allclose(tf[col], [ref[t] for t in tasks], rtol=0, atol=1e-9)
        ref_t = f(G, tasks)  # the choice of "top" nodes must not matter
        np.testing.assert_allclose(tf[col], [ref_t[t] for t in tasks], rtol=0, atol=1e-9)
    return df


def _check_projection(plan, weights=None, burt=True):
    df = centrality(plan, weights=weights)
    P = _weighted_projection_nx(plan, weights)
    nodes = list(df.index)
    pr = nx.pagerank(P, weight="weight", tol=1e-13, max_iter=10_000)
    np.testing.assert_allclose(df["pagerank"], [pr[u] for u in nodes], atol=1e-9)
    pb = nx.betweenness_centrality(P)  # unweighted, normalised
    np.testing.assert_allclose(df["proj_betweenness"], [pb[u] for u in nodes], atol=1e-12)
    ref = nx.constraint(P, weight="weight")
    np.testing.assert_allclose(df["constraint"], [ref[u] for u in nodes], atol=1e-12, equal_nan=True)
    if burt:  # slow in networkx: its per-node path loops in Python
        # nodes=list(P): networkx 3.6's vectorised weighted effective_size (nodes=None) divides
        # by the wrong axis's maxima (networkx PR #8906); its per-node path is Burt's definition
        ref = nx.effective_size(P, nodes=list(P), weight="weight")
        np.testing.assert_allclose(df["effective_size"], [ref[u] for u in nodes], atol=1e-12,
                                   equal_nan=True)
    if nx.is_connected(P):
        ev = nx.eigenvector_centrality(P, weight="weight", tol=1e-14, max_iter=100_000)
        np.testing.assert_allclose(df["proj_eigenvector"], [ev[u] for u in nodes], atol=1e-7)
    # svd_score = HITS authority of units when tasks point to them
    G = yjgraph.to_networkx(plan, weights=weights)
    D = nx.DiGraph()
    D.add_nodes_from(G)
    D.add_edges_from((a, b, d) if a.startswith("task:") else (b, a, d)
                     for a, b, d in G.edges(data=True))
    hubs, auth = nx.hits(D, tol=1e-14, max_iter=100_000)
    np.testing.assert_allclose(df["svd_score"], [auth["unit:" + u] for u in nodes], atol=1e-8)
    tf = task_centrality(plan, weights=weights)
    np.testing.assert_allclose(tf["svd_score"], [hubs["task:" + t] for t in tf.index], atol=1e-8)
    return df


def test_tiny_equals_networkx(tiny_plan):
    _check_two_mode(tiny_plan)
    _check_projection(tiny_plan)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_plans_equal_networkx(seed):
    plan = random_plan(seed)  # disconnected, single-unit tasks, a lone unit
    df = _check_two_mode(plan)
    assert np.isnan(df.loc["U14", "effective_size"])  # shares no task
    _check_projection(plan)
    _check_projection(random_plan(seed, split=False), weights={"lead": 2, "support": 0.5})


def test_seed_plan_equals_networkx(seed_plan):
    df = _check_two_mode(seed_plan)
    _check_projection(seed_plan)
    _check_projection(seed_plan, weights={"lead": 1, "support": 1}, burt=False)
    assert len(df) == len(seed_plan.units)
    assert df.attrs["exact"] == {"closeness": True, "betweenness": True, "proj_betweenness": True}


# ---------------------------------------------------------- sampled path
def test_sampled_betweenness_equals_networkx_estimator():
    plan = random_plan(5)
    G = yjgraph.to_networkx(plan)
    units = _units(G)
    n_units, n_tasks = len(units), len(G) - len(units)
    for k, seed in [(7, 0), (15, 3)]:
        df = centrality(plan, exact=False, k=k, seed=seed)
        assert df.attrs["exact"] == {"closeness": False, "betweenness": False, "proj_betweenness": False}
        assert "estimated from" in df.attrs["note"] and df.attrs["pivots"] == k
        raw = nx.betweenness_centrality(G, k=k, seed=seed, normalized=False)
        bmax = C._bet_max(n_units, n_tasks)
        np.testing.assert_allclose(df["betweenness"], [raw[u] / bmax for u in units], atol=1e-12)
        P = _weighted_projection_nx(plan)
        ref = nx.betweenness_centrality(P, k=min(k, len(P)), seed=seed)
        np.testing.assert_allclose(df["proj_betweenness"], [ref[u] for u in df.index], atol=1e-12)
        again = centrality(plan, exact=False, k=k, seed=seed)
        pd.testing.assert_frame_equal(df, again)


def test_sampled_with_every_pivot_is_exact():
    plan = random_plan(6)
    exact = centrality(plan)
    V = len(plan.tasks) + len(plan.units)
    est = centrality(plan, exact=False, k=V)
    pd.testing.assert_frame_equal(exact, est, check_exact=False, atol=1e-12, rtol=0)
    texact, test_ = task_centrality(plan), task_centrality(plan, exact=False, k=V)
    pd.testing.assert_frame_equal(texact, test_, check_exact=False, atol=1e-12, rtol=0)


def test_sampled_closeness_is_close(seed_plan):
    exact = centrality(seed_plan)
    est = centrality(seed_plan, exact=False, k=60, seed=1)
    assert est["closeness"].notna().all()
    # the estimate of the mean distance from 60 of 120 nodes is within 10 % here
    rel = (est["closeness"] - exact["closeness"]).abs() / exact["closeness"]
    assert rel.max() < 0.1
    # the top units by betweenness stay on top
    top = set(exact["betweenness"].nlargest(3).index)
    assert top & set(est["betweenness"].nlargest(5).index) == top


def test_auto_switch_above_threshold():
    # 4,500 tasks of two units each: nodes x edges = 13,500 x 9,000 is above EXACT_WORK, so
    # betweenness is sampled; units x edges = 9,000 x 9,000 is below, so closeness is exact
    rows = [(str(t), f"U{2 * t:04d}", "lead") for t in range(4500)]
    rows += [(str(t), f"U{2 * t + 1:04d}", "support") for t in range(4500)]
    plan = yjgraph.Plan.from_assignments(rows)
    assert 13_500 * 9_000 > C.EXACT_WORK >= 9_000 * 9_000
    df = centrality(plan)
    assert df.attrs["exact"] == {"closeness": True, "betweenness": False, "proj_betweenness": True}
    assert df.attrs["note"].startswith("betweenness estimated from 100 pivot sources (seed 0)")
    assert (df["betweenness"] == 0).all() and (df["closeness"] > 0).all()
    # more units than DENSE_BURT: Burt's measures from sparse products; one partner each
    assert (df["effective_size"] == 1).all() and (df["constraint"] == 1).all()
    tiny = yjgraph.Plan.from_assignments(rows[:3] + rows[4500:4503])
    assert centrality(tiny, exact=False).attrs["note"].startswith(
        "betweenness, closeness, proj_betweenness estimated from 9 pivot sources")


def test_input_not_mutated(tiny_plan):
    before = tiny_plan.assignments.copy()
    centrality(tiny_plan)
    task_centrality(tiny_plan)
    centralization(tiny_plan)
    pd.testing.assert_frame_equal(tiny_plan.assignments, before)


def test_iterative_eigensolver_path():
    # above 50 units the leading eigenvectors come from ARPACK: the same values as networkx
    _check_projection(random_plan(4, n_tasks=160, n_units=80, split=False), burt=False)


def test_burt_sparse_path_equals_networkx():
    # above DENSE_BURT units Burt's measures are sparse products: 1,400-odd tasks of three
    # units each (one or two leads), no unit on two tasks
    units = [f"U{i:04d}" for i in range(C.DENSE_BURT + 204)]
    rows = [(str(t), units[3 * t + d], "lead" if d <= t % 2 else "support")
            for t in range(len(units) // 3) for d in range(3)]
    df = centrality(yjgraph.Plan.from_assignments(rows))
    P = _weighted_projection_nx(yjgraph.Plan.from_assignments(rows))
    for col, ref in [("constraint", nx.constraint(P, weight="weight")),
                     ("effective_size", nx.effective_size(P, nodes=list(P), weight="weight"))]:
        np.testing.assert_allclose(df[col], [ref[u] for u in df.index], atol=1e-12)
    assert df["constraint"].nunique() > 1


def test_pivot_paths_equal_brandes_on_odd_graphs():
    # disconnected, an isolated node as a source, a source given twice
    from networkx.algorithms.centrality.betweenness import (
        _accumulate_basic,
        _single_source_shortest_path_basic,
    )

    S = importlib.import_module("yjgraph.analysis._sparse")
    G = nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3), (4, 5), (5, 6)])
    G.add_node(7)
    n = len(G)
    A = nx.to_scipy_sparse_array(G, nodelist=range(n), format="csr") * 3.0  # values ignored
    before = A.copy()
    sources = [2, 7, 4, 2]
    dep, dsum, reached = S.pivot_paths(A, sources)
    ref_dep, ref_dsum, ref_reached = np.zeros(n), np.zeros(n), np.zeros(n)
    for s in sources:
        Sorder, P, sigma, _ = _single_source_shortest_path_basic(G, s)
        _, delta = _accumulate_basic(dict.fromkeys(G, 0.0), Sorder, P, sigma, s)
        for v, d in nx.single_source_shortest_path_length(G, s).items():
            if v != s:
                ref_dep[v] += delta[v]
                ref_dsum[v] += d
                ref_reached[v] += 1
    np.testing.assert_allclose(dep, ref_dep, atol=1e-12)
    np.testing.assert_array_equal(dsum, ref_dsum)
    np.testing.assert_array_equal(reached, ref_reached)
    assert (A != before).nnz == 0  # the input is not changed
