"""Null-model z-scores and bootstrap intervals of unit measures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import yjgraph
from yjgraph import Plan


def _simulate(rng, n_tasks, p, lead):
    """Each task names unit j with probability p[j], as lead with probability lead[j]."""
    rows = []
    for t in range(n_tasks):
        for j in np.flatnonzero(rng.random(len(p)) < p):
            rows.append({"task_id": str(t), "unit": f"U{j}",
                         "role": "lead" if rng.random() < lead[j] else "support"})
    return Plan.from_assignments(rows, [{"task_id": str(t)} for t in range(n_tasks)])


@pytest.mark.slow
def test_bootstrap_share_intervals_cover_the_truth_at_the_stated_rate():
    rng = np.random.default_rng(42)
    p = np.array([0.6, 0.4, 0.3, 0.2, 0.15, 0.1])
    lead = np.array([0.8, 0.5, 0.5, 0.3, 0.6, 0.2])
    expected_load = p * (lead * 1.0 + (1 - lead) * 0.5)  # default weights
    truth = expected_load / expected_load.sum()
    level, n_plans = 0.90, 100
    hits = []
    for k in range(n_plans):
        plan = _simulate(rng, 100, p, lead)
        bw = yjgraph.bootstrap_workload(plan, reps=500, level=level, seed=k)
        t = pd.Series(truth, index=[f"U{j}" for j in range(len(p))]).reindex(bw.index)
        hits.append(((bw.lower <= t) & (t <= bw.upper)).to_numpy())
    coverage = np.mean(hits)
    # 600 intervals (correlated within a plan): the binomial sd of the rate is about 0.012
    assert 0.84 <= coverage <= 0.95, coverage


def test_bootstrap_workload_observed_share_and_spread(seed_plan):
    bw = yjgraph.bootstrap_workload(seed_plan, reps=300, seed=1)
    wl = yjgraph.workload(seed_plan)
    pd.testing.assert_series_equal(bw["share"], wl["share"].reindex(bw.index), check_names=False,
                                   check_index_type=False)
    assert (bw.se > 0).all() and (bw.lower < bw.upper).all()
    pd.testing.assert_frame_equal(bw, yjgraph.bootstrap_workload(seed_plan, reps=300, seed=1))
    wide = yjgraph.bootstrap_workload(seed_plan, reps=300, seed=1, level=0.99)
    assert ((wide.upper - wide.lower) >= (bw.upper - bw.lower) - 1e-12).all()


def test_bootstrap_workload_by_hand_one_task():
    # one task: every replicate draws it, so the interval is the point
    plan = Plan.from_assignments([{"task_id": "1", "unit": "A", "role": "lead"},
                                  {"task_id": "1", "unit": "B", "role": "support"}])
    bw = yjgraph.bootstrap_workload(plan, reps=50)
    assert bw.loc["A"].tolist() == pytest.approx([2 / 3, 0.0, 2 / 3, 2 / 3])


def test_bootstrap_centrality_ranks(tiny_plan):
    # A is named in tasks 1, 2 and 4 of 4; unit degree ranks A first whatever is drawn?
    # no: a replicate may draw only task 3 (B). The rank interval is still ordered and
    # contains the observed rank for A, the observed leader.
    bc = yjgraph.bootstrap_centrality(tiny_plan, measure="degree", reps=30, seed=3)
    assert bc.loc["A", "rank"] == 1
    assert bc.loc["A", "rank_lower"] == 1
    assert (bc.rank_lower <= bc.rank_upper).all() and (bc.value_lower <= bc.value_upper).all()
    assert bc.index.tolist() == ["A", "B", "C", "D", "E"]
    pd.testing.assert_frame_equal(
        bc, yjgraph.bootstrap_centrality(tiny_plan, measure="degree", reps=30, seed=3))
    with pytest.raises(ValueError):
        yjgraph.bootstrap_centrality(tiny_plan, measure="fame")


def test_bootstrap_centrality_hub_is_always_first():
    # H is in every task: its degree is 1 in every replicate, so its rank interval is [1, 1]
    rows = [{"task_id": str(t), "unit": "H", "role": "lead"} for t in range(12)]
    rows += [{"task_id": str(t), "unit": f"U{t % 4}", "role": "support"} for t in range(12)]
    bc = yjgraph.bootstrap_centrality(Plan.from_assignments(rows), measure="degree", reps=20)
    assert bc.loc["H"].tolist() == [1.0, 1, 1.0, 1.0, 1, 1]


# ------------------------------------------------------------------ null z-scores


def test_null_scores_when_the_degrees_fix_the_plan():
    # a nested (threshold) matrix is the only one with its degrees: every draw is the plan
    rows = [{"task_id": "1", "unit": u, "role": "lead"} for u in "ABC"]
    rows += [{"task_id": "2", "unit": u, "role": "lead"} for u in "AB"]
    rows += [{"task_id": "3", "unit": "A", "role": "lead"}]
    plan = Plan.from_assignments(rows)
    ns = yjgraph.null_scores(plan, draws=5, burn_in=3, steps=2)
    assert (ns["sd"].fillna(0) == 0).all() and ns["z"].isna().all()
    np.testing.assert_allclose(ns["mean"].dropna(), ns.loc[ns["mean"].notna(), "observed"])
    assert (ns["p_value"].dropna() == 1).all()


def test_null_scores_observed_values_and_layout(tiny_plan):
    ns = yjgraph.null_scores(tiny_plan, draws=10, seed=2)
    c = yjgraph.centrality(tiny_plan)
    got = ns[ns.measure == "betweenness"].set_index("unit")["observed"]
    np.testing.assert_allclose(got, c["betweenness"].reindex(got.index))
    deg = ns[ns.measure == "coresponsibility_degree"].set_index("unit")["observed"]
    # by hand: A shares tasks with B, C, D, E; B with A, C; D with A, E
    assert deg.to_dict() == {"A": 4, "B": 2, "C": 2, "D": 2, "E": 2}
    assert ns.measure.unique().tolist() == list(yjgraph.analysis.inference.NULL_MEASURES)
    assert ((ns.p_greater > 0) & (ns.p_greater <= 1)).all()
    pd.testing.assert_frame_equal(ns, yjgraph.null_scores(tiny_plan, draws=10, seed=2))


def test_null_scores_find_a_planted_broker():
    # two groups of units that only ever work among themselves, and X, named once in each:
    # X's brokerage comes from where its two tasks are, not from how many it has
    rng = np.random.default_rng(0)
    rows, t = [], 0
    for group in ("ABCDE", "FGHIJ"):
        for _ in range(15):
            for u in rng.choice(list(group), size=3, replace=False):
                rows.append({"task_id": str(t), "unit": str(u), "role": "lead"})
            t += 1
    rows += [{"task_id": "0", "unit": "X", "role": "support"},
             {"task_id": "15", "unit": "X", "role": "support"}]
    ns = yjgraph.null_scores(Plan.from_assignments(rows), measures=["betweenness", "constraint"],
                             draws=40, seed=1)
    x = ns[ns.unit == "X"].set_index("measure")
    assert x.loc["betweenness", "z"] > 2 and x.loc["betweenness", "p_greater"] < 0.05
    assert x.loc["constraint", "z"] < 0  # a broker is less constrained than chance


def test_null_scores_reject_too_few_draws(tiny_plan):
    with pytest.raises(ValueError):
        yjgraph.null_scores(tiny_plan, draws=1)
