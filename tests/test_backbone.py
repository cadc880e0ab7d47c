"""Backbone of the co-responsibility projection: SDSM against the bicm package, FDSM
against an enumerated null space, curveball degree invariants, corrections."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest

import yjgraph
from yjgraph import Plan
from yjgraph.analysis.nulls import adjust_pvalues, bicm_probabilities, curveball


def _plan_from_matrix(X: np.ndarray) -> Plan:
    rows = [{"task_id": str(t + 1), "unit": f"U{u}", "role": "lead"}
            for t, u in zip(*np.nonzero(X))]
    return Plan.from_assignments(rows)


# ------------------------------------------------------------------ SDSM vs bicm


@pytest.fixture(scope="module")
def bicm_graph(seed_plan):
    bicm = pytest.importorskip("bicm")
    X = yjgraph.biadjacency(seed_plan).binary.toarray().astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = bicm.BipartiteGraph(biadjacency=X.T)  # rows = units
        # threads_num=1 with progress_bar=False computes no p-value in bicm 3.4 (its loop
        # runs over an empty list), so the progress bar stays on
        g.compute_projection(rows=True, alpha=0.05, approx_method="poibin", threads_num=1,
                             progress_bar=True)
    return g


@pytest.mark.slow
def test_sdsm_p_values_equal_bicm(seed_plan, bicm_graph):
    bb = yjgraph.backbone(seed_plan, model="sdsm", correction=None)
    units = list(yjgraph.biadjacency(seed_plan).units)
    idx = {u: k for k, u in enumerate(units)}
    ref = bicm_graph.get_projected_pvals_mat(layer="rows")
    theirs = np.array([ref[idx[a], idx[b]] for a, b in zip(bb["unit_a"], bb["unit_b"])])
    assert len(bb) == int((np.triu(ref < 1, 1)).sum()) > 100  # the same pairs are tested
    np.testing.assert_allclose(bb["p_value"].to_numpy(), theirs, rtol=0, atol=1e-6)
    # the expected numbers of shared tasks are the BiCM's
    P = bicm_graph.get_bicm_matrix()  # units x tasks
    exp = {(units[i], units[j]): float(P[i] @ P[j]) for i in range(len(units)) for j in range(len(units))}
    np.testing.assert_allclose(bb["expected"], [exp[a, b] for a, b in zip(bb.unit_a, bb.unit_b)],
                               atol=1e-9)


def _blocky(seed=0, n_tasks=200, n_units=20):
    """Tasks drawn mostly inside one of two blocks of units: many ties beyond chance."""
    rng = np.random.default_rng(seed)
    pref = np.where(np.arange(n_units) < n_units // 2, 0, 1)
    block = rng.integers(0, 2, n_tasks)
    prob = np.where(pref[None, :] == block[:, None], 0.5, 0.03) * rng.uniform(0.5, 1.5, n_units)
    X = (rng.random((n_tasks, n_units)) < prob).astype(int)
    X[X.sum(1) == 0, 0] = 1
    return X


@pytest.mark.slow
@pytest.mark.parametrize("alpha", [0.01, 0.05])
def test_fdr_backbone_equals_bicm_validated_projection(alpha):
    bicm = pytest.importorskip("bicm")
    X = _blocky()
    plan = _plan_from_matrix(X)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = bicm.BipartiteGraph(biadjacency=X.T)
        g.compute_projection(rows=True, alpha=alpha, approx_method="poibin", threads_num=1,
                             progress_bar=True, validation_method="fdr")
        theirs = g.get_rows_projection(fmt="edgelist")
    ref = g.get_projected_pvals_mat(layer="rows")
    ours = yjgraph.backbone(plan, alpha=alpha, correction="fdr_bh")
    col = [int(u[1:]) for u in yjgraph.biadjacency(plan).units]  # units are named U<column>
    got = dict(zip(zip(ours.unit_a, ours.unit_b), ours.p_value))
    for (a, b), p in got.items():
        assert p == pytest.approx(ref[int(a[1:]), int(b[1:])], abs=1e-6)
    sig = {frozenset((int(a[1:]), int(b[1:])))
           for a, b in ours.loc[ours.significant, ["unit_a", "unit_b"]].itertuples(index=False)}
    assert sig == {frozenset(e) for e in theirs} and len(sig) > 10
    assert sorted(col) == list(range(X.shape[1]))


def test_bicm_probabilities_keep_degrees_and_handle_fixed_nodes():
    rng = np.random.default_rng(3)
    X = (rng.random((40, 12)) < 0.3).astype(int)
    X[0] = 1  # a task naming every unit
    X[:, 1] = 0  # a unit with no task
    X[5] = 0
    P = bicm_probabilities(X)
    np.testing.assert_allclose(P.sum(1), X.sum(1), atol=1e-8)
    np.testing.assert_allclose(P.sum(0), X.sum(0), atol=1e-8)
    assert (P[0, X.sum(0) > 0] == 1).all() and (P[:, 1] == 0).all() and (P[5] == 0).all()


def test_sdsm_by_hand_equal_probabilities():
    # 4 tasks of one unit each, 2 units of 2 tasks: every cell has p = 1/2, so each task is
    # shared with probability 1/4 and P(no shared task) = (3/4)^4
    X = np.array([[1, 0], [1, 0], [0, 1], [0, 1]])
    bb = yjgraph.backbone(_plan_from_matrix(X), signed=True, correction=None)
    row = bb.iloc[0]
    assert (row.unit_a, row.unit_b, row.shared_tasks) == ("U0", "U1", 0)
    assert row.expected == pytest.approx(1.0)
    assert row.p_value == 1.0
    assert row.p_lower == pytest.approx(0.75**4)


# ------------------------------------------------------------------ FDSM


def _fdsm_exact(X: np.ndarray, a: int, b: int):
    """Mean and upper tail of shared tasks of units a, b over all matrices with X's margins."""
    R, C = X.shape
    rows_of = [r for r in itertools.product([0, 1], repeat=C)]
    values = []
    for M in itertools.product(*[[r for r in rows_of if sum(r) == d] for d in X.sum(1)]):
        M = np.array(M)
        if (M.sum(0) == X.sum(0)).all():
            values.append(int(M[:, a] @ M[:, b]))
    values = np.array(values)
    obs = int(X[:, a] @ X[:, b])
    return values.mean(), (values >= obs).mean(), len(values)


@pytest.mark.slow
def test_fdsm_matches_the_enumerated_null_space():
    X = np.array([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 0, 1], [1, 0, 0, 1], [0, 1, 1, 0]])
    plan = _plan_from_matrix(X)
    draws = 4000
    bb = yjgraph.backbone(plan, model="fdsm", draws=draws, seed=1, correction=None)
    assert bb.attrs["draws"] == draws and bb.attrs["model"] == "fdsm"
    for a, b in [(0, 1), (1, 3), (0, 3)]:
        mean, tail, n_matrices = _fdsm_exact(X, a, b)
        assert n_matrices > 10
        row = bb[(bb.unit_a == f"U{a}") & (bb.unit_b == f"U{b}")].iloc[0]
        # Monte Carlo error of a (correlated) chain: well within 0.1 with 4000 draws
        assert row.expected == pytest.approx(mean, abs=0.1)
        assert row.p_value == pytest.approx(tail, abs=0.05)


def test_fdsm_is_seeded(seed_plan):
    a = yjgraph.backbone(seed_plan, model="fdsm", draws=50, seed=7)
    b = yjgraph.backbone(seed_plan, model="fdsm", draws=50, seed=7)
    c = yjgraph.backbone(seed_plan, model="fdsm", draws=50, seed=8)
    pd.testing.assert_frame_equal(a, b)
    assert not a["p_value"].equals(c.set_index(["unit_a", "unit_b"]).loc[
        list(zip(a.unit_a, a.unit_b)), "p_value"].reset_index(drop=True))


def test_curveball_preserves_both_degree_sequences(seed_plan):
    B = yjgraph.biadjacency(seed_plan)
    M = B.roles.toarray().astype(np.int8)  # 1 lead, 2 support
    rows0, cols0 = (M > 0).sum(1), (M > 0).sum(0)
    lead0, sup0 = (M == 1).sum(0), (M == 2).sum(0)
    start = M.copy()
    seen = 0
    for X in curveball(M, rounds=300, rng=np.random.default_rng(0)):
        np.testing.assert_array_equal((X > 0).sum(1), rows0)  # tasks keep their number of units
        np.testing.assert_array_equal((X > 0).sum(0), cols0)  # units keep their number of tasks
        np.testing.assert_array_equal((X == 1).sum(0), lead0)  # ... of leads
        np.testing.assert_array_equal((X == 2).sum(0), sup0)  # ... and of supports
        seen += 1
    assert seen == 300
    assert (M != start).mean() > 0.05  # and the plan did change


# ------------------------------------------------------------------ layers, output


def test_lead_support_layer_counts_are_lead_support_ties(seed_plan):
    bb = yjgraph.backbone(seed_plan, layer="lead_support")
    ref = yjgraph.lead_support(seed_plan)
    got = dict(zip(zip(bb.unit_a, bb.unit_b), bb.shared_tasks))
    assert got == dict(zip(zip(ref["lead"], ref["support"]), ref["n_tasks"]))
    assert bb.attrs["n_tests"] == 34 * 33


def test_lead_layer_counts_shared_leads(tiny_plan):
    bb = yjgraph.backbone(tiny_plan, layer="lead")
    # by hand: A and B both lead task 1, no other pair shares a lead
    assert bb[["unit_a", "unit_b", "shared_tasks"]].values.tolist() == [["A", "B", 1]]
    assert bb.attrs["n_tests"] == 10


def test_output_contract(seed_plan):
    tables = {k: v.copy() for k, v in seed_plan.tables().items()}
    bb = yjgraph.backbone(seed_plan, signed=True)
    for k, v in tables.items():
        pd.testing.assert_frame_equal(getattr(seed_plan, k), v)
    assert bb.columns.tolist() == ["unit_a", "unit_b", "shared_tasks", "expected", "p_value",
                                   "p_lower", "p_adjusted", "significant", "sign"]
    assert len(bb) == 34 * 33 // 2 and (bb.unit_a < bb.unit_b).all()
    assert bb["p_value"].is_monotonic_increasing
    assert ((bb.p_value >= 0) & (bb.p_value <= 1) & (bb.p_lower >= 0) & (bb.p_lower <= 1)).all()
    # both tails together cover at least everything: P(X >= s) + P(X <= s) >= 1
    assert (bb.p_value + bb.p_lower >= 1 - 1e-9).all()
    unsigned = yjgraph.backbone(seed_plan)
    assert set(zip(unsigned.unit_a, unsigned.unit_b)) == set(
        zip(*bb.loc[bb.shared_tasks > 0, ["unit_a", "unit_b"]].T.values))
    pd.testing.assert_frame_equal(unsigned, yjgraph.backbone(seed_plan))


def test_significant_ties_and_corrections(seed_plan):
    bb = yjgraph.backbone(_plan_from_matrix(_blocky(1)), correction="holm")
    assert bb.attrs["n_significant"] == int(bb.significant.sum()) > 0
    # significant ties have more shared tasks than expected
    assert (bb.loc[bb.significant, "shared_tasks"] > bb.loc[bb.significant, "expected"]).all()
    assert (bb.p_adjusted >= bb.p_value).all()
    fdr = yjgraph.backbone(_plan_from_matrix(_blocky(1)), correction="fdr_bh")
    assert fdr.significant.sum() >= bb.significant.sum()  # Holm is the stricter one
    none = yjgraph.backbone(seed_plan, alpha=0.05, correction=None)
    assert (none.significant == (none.p_value <= 0.05)).all() and none.significant.any()
    # on the 86-task seed plan no tie survives the false discovery rate correction
    assert not yjgraph.backbone(seed_plan).significant.any()


@pytest.mark.parametrize("kwargs", [{"model": "x"}, {"correction": "bh"}, {"layer": "support"},
                                    {"alpha": 1.5}, {"model": "fdsm", "draws": 0}])
def test_bad_arguments(tiny_plan, kwargs):
    with pytest.raises(ValueError):
        yjgraph.backbone(tiny_plan, **kwargs)


# ------------------------------------------------------------------ corrections


def test_fdr_bh_equals_scipy():
    from scipy.stats import false_discovery_control

    p = np.random.default_rng(0).random(200) ** 3
    np.testing.assert_allclose(adjust_pvalues(p, "fdr_bh"), false_discovery_control(p, method="bh"))


def test_holm_by_hand_and_implicit_tests():
    p = np.array([0.01, 0.04, 0.03, 0.005])
    # sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 = 0.02, 0.03, 0.06, 0.04 -> running max
    np.testing.assert_allclose(adjust_pvalues(p, "holm"), [0.03, 0.06, 0.06, 0.02])
    full = np.r_[p, np.ones(6)]
    for method in ("fdr_bh", "holm", "bonferroni"):
        np.testing.assert_allclose(adjust_pvalues(p, method, n_tests=10),
                                   adjust_pvalues(full, method)[:4])


def test_plans_too_small_to_test():
    one = Plan.from_assignments([{"task_id": "1", "unit": "A", "role": "lead"}])
    for kwargs in ({}, {"signed": True}, {"model": "fdsm", "draws": 3}, {"layer": "lead_support"}):
        bb = yjgraph.backbone(one, **kwargs)
        assert len(bb) == 0 and bb.attrs["n_tests"] == 0 and "p_adjusted" in bb.columns
    two = Plan.from_assignments([{"task_id": "1", "unit": "A", "role": "lead"},
                                 {"task_id": "1", "unit": "B", "role": "support"}])
    # the only plan with these degrees has A and B together: nothing is surprising
    bb = yjgraph.backbone(two, model="fdsm", draws=5)
    assert bb[["shared_tasks", "expected", "p_value"]].values.tolist() == [[1, 1.0, 1.0]]


@pytest.mark.parametrize("L", [10, 48, 49, 300])  # direct convolution up to 48 values, FFT above
def test_poisson_binomial_cdf_against_bernoulli_recursion(L):
    from yjgraph.analysis.nulls import poisson_binomial_cdf

    rng = np.random.default_rng(L)
    counts = np.array([40, 0, 120, 7, 200])
    q = rng.random((3, len(counts))) * np.array([[0.9], [0.2], [0.02]])
    q[1, 3] = 1.0  # a sure success
    q[2, 0] = 0.0  # and an impossible one
    got = poisson_binomial_cdf(q, counts, L)
    for g in range(3):
        pmf = np.zeros(counts.sum() + 1)
        pmf[0] = 1.0
        for p in np.repeat(q[g], counts):  # one Bernoulli at a time
            pmf[1:] = pmf[1:] * (1 - p) + pmf[:-1] * p
            pmf[0] *= 1 - p
        np.testing.assert_allclose(got[g], np.cumsum(pmf)[:L], rtol=0, atol=1e-12)
