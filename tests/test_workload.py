"""Workload, overload rules, chapter breakdown and concentration."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import numpy as np
import pandas as pd
import pytest

from yjgraph import Plan
from yjgraph.analysis.workload import concentration, lorenz, workload, workload_by_chapter
from yjgraph.model import UnmatchedNameWarning

# tiny_plan by hand (lead 1.0, support 0.5):
#   A: lead 1, 2; support 4  -> n_lead 2, n_support 1, n_tasks 3, load 2.5
#   B: lead 1, 3             -> 2, 0, 2, load 2.0
#   C: support 1, 2          -> 0, 2, 2, load 1.0
#   D: lead 4                -> 1, 0, 1, load 1.0
#   E: support 4             -> 0, 1, 1, load 0.5
#   total 7.0; C and D tie at 1.0 -> C ranks before D by name.
TINY_EXPECTED = pd.DataFrame(
    {
        "n_lead": [2, 2, 0, 1, 0],
        "n_support": [1, 0, 2, 0, 1],
        "n_tasks": [3, 2, 2, 1, 1],
        "load": [2.5, 2.0, 1.0, 1.0, 0.5],
    },
    index=pd.Index(["A", "B", "C", "D", "E"], name="unit"),
)
# robust z: median of (0.5, 1, 1, 2, 2.5) = 1; |x - 1| = (1.5, 1, 0, 0, 0.5) -> MAD 0.5;
# scale = 1.4826 * 0.5 = 0.7413; z(A) = 1.5 / 0.7413 = 2.0235, z(B) = 1.3490, z(E) = -0.6745.
TINY_SCALE = 1.4826 * 0.5


def _plan(rows):
    return Plan.from_assignments([{"task_id": t, "unit": u, "role": r} for t, u, r in rows])


def test_tiny_counts_and_load(tiny_plan):
    w = workload(tiny_plan)
    pd.testing.assert_frame_equal(
        w[["n_lead", "n_support", "n_tasks", "load"]], TINY_EXPECTED, check_index_type=False
    )
    assert w.index.name == "unit"
    np.testing.assert_allclose(w["share"], np.array([2.5, 2.0, 1.0, 1.0, 0.5]) / 7.0)
    assert w["rank"].tolist() == [1, 2, 3, 4, 5]


def test_tiny_robust_z(tiny_plan):
    w = workload(tiny_plan)
    np.testing.assert_allclose(
        w["score"], [1.5 / TINY_SCALE, 1.0 / TINY_SCALE, 0.0, 0.0, -0.5 / TINY_SCALE]
    )
    assert not w["overloaded"].any()
    assert (w["reason"] == "").all()
    assert w.attrs["threshold_load"] == pytest.approx(1.0 + 3.5 * TINY_SCALE)  # 3.5946
    assert w.attrs["rule_name"] == "robust_z"
    assert "3.5" in w.attrs["rule"] and "MAD" in w.attrs["rule"]
    # a lower threshold flags A only (z 2.02 > 2, B's 1.35 is not)
    w2 = workload(tiny_plan, threshold=2.0)
    assert w2.index[w2["overloaded"]].tolist() == ["A"]
    assert w2.loc["A", "reason"] == (
        "load 2.5 is 2.0 robust SDs above the median 1 (rule: robust z > 2)"
    )
    assert w2.attrs["threshold_load"] == pytest.approx(1.0 + 2.0 * TINY_SCALE)


def test_tiny_tukey(tiny_plan):
    # numpy linear quartiles of (0.5, 1, 1, 2, 2.5): Q1 = 1, Q3 = 2, IQR = 1
    w = workload(tiny_plan, rule="tukey")
    assert w.attrs["threshold_load"] == pytest.approx(2.0 + 1.5 * 1.0)
    assert not w["overloaded"].any()
    np.testing.assert_allclose(w["score"], [0.5, 0.0, -1.0, -1.0, -1.5])
    w = workload(tiny_plan, rule="tukey", threshold=0.4)  # fence 2.4: A (2.5) only
    assert w.index[w["overloaded"]].tolist() == ["A"]
    assert "Q3 + 0.4·IQR = 2.4" in w.loc["A", "reason"]


def test_mad_zero_falls_back_to_mean_absolute_deviation():
    # loads 1, 1, 1, 1, 5: median 1, MAD 0; mean |x - 1| = 4 / 5 = 0.8,
    # scale = 1.2533 * 0.8 = 1.00264; z(E) = 4 / 1.00264 = 3.989 > 3.5
    rows = [(str(i), u, "lead") for i, u in enumerate("ABCD")]
    rows += [(str(10 + i), "E", "lead") for i in range(5)]
    w = workload(_plan(rows))
    assert w.attrs["mad"] == 0
    assert w.attrs["scale"] == pytest.approx(1.2533 * 0.8)
    assert w.loc["E", "score"] == pytest.approx(4 / (1.2533 * 0.8))
    assert w.index[w["overloaded"]].tolist() == ["E"]
    assert "mean absolute deviation" in w.attrs["rule"]
    assert w.loc["E", "reason"].startswith("load 5 is 4.0 robust SDs above the median 1")
    # Tukey with IQR 0: anything above Q3 is out, score +inf
    t = workload(_plan(rows), rule="tukey")
    assert t.index[t["overloaded"]].tolist() == ["E"]
    assert math.isinf(t.loc["E", "score"])


def test_equal_loads_and_tiny_plans_flag_nobody():
    equal = workload(_plan([("1", "A", "lead"), ("2", "B", "lead"), ("3", "C", "lead")]))
    assert not equal["overloaded"].any()
    assert (equal["score"] == 0).all()
    # two units: never judged, even with a silly threshold
    two = workload(_plan([("1", "A", "lead"), ("2", "A", "lead"), ("2", "B", "support")]),
                   threshold=0.0)
    assert not two["overloaded"].any()
    assert math.isinf(two.attrs["threshold_load"])
    one = workload(_plan([("1", "A", "lead")]))
    assert one["share"].tolist() == [1.0] and not one["overloaded"].any()


def test_rank_ties_broken_by_name():
    w = workload(_plan([("1", "乙", "lead"), ("2", "甲", "lead"), ("3", "丙", "support")]))
    # 乙 and 甲 tie at 1.0; sorted by code point 乙 (U+4E59) < 甲 (U+7532)
    assert w.index.tolist() == ["乙", "甲", "丙"]
    assert w["rank"].tolist() == [1, 2, 3]


def test_unit_named_twice_in_a_task_counts_once_as_lead():
    w = workload(_plan([("1", "A", "lead"), ("1", "A", "support"), ("1", "B", "support")]))
    assert w.loc["A", ["n_lead", "n_support", "n_tasks"]].tolist() == [1, 0, 1]
    assert w.loc["A", "load"] == 1.0


def test_weights(tiny_plan):
    w = workload(tiny_plan, weights={"support": 0.0})
    # A 2, B 2, D 1, C 0, E 0
    assert w["load"].tolist() == [2.0, 2.0, 1.0, 0.0, 0.0]
    assert w.index.tolist() == ["A", "B", "D", "C", "E"]
    with pytest.raises(ValueError):
        workload(tiny_plan, weights={"owner": 1.0})
    with pytest.raises(ValueError):
        workload(tiny_plan, rule="sigma")


def test_capacity(tiny_plan):
    cap = {"A": 5, "B": 1, "C": 1, "X": 9}  # X is not in the plan: ignored, with a warning
    with pytest.warns(UnmatchedNameWarning, match="X") as caught:
        w = workload(tiny_plan, capacity=cap)
    assert caught[0].filename == __file__  # points at the caller
    assert w.attrs["capacity_unmatched"] == ["X"]
    cap.pop("X")
    assert w.attrs["basis"] == "load_per_capacity"
    assert math.isnan(w.attrs["threshold_load"])
    # load per capacity: A 0.5, B 2.0, C 1.0; D, E unknown
    assert w.loc[["A", "B", "C"], "load_per_capacity"].tolist() == [0.5, 2.0, 1.0]
    assert w.loc[["D", "E"], "capacity"].isna().all()
    assert w.loc[["D", "E"], "score"].isna().all()
    # median 1, MAD 0.5 -> z(B) = 1 / 0.7413 = 1.349
    assert w.loc["B", "score"] == pytest.approx(1.0 / TINY_SCALE)
    flagged = workload(tiny_plan, capacity=pd.Series(cap), threshold=1.0)
    assert flagged.index[flagged["overloaded"]].tolist() == ["B"]
    assert flagged.loc["B", "reason"].startswith("load per capacity 2 is 1.3 robust SDs")
    same = workload(tiny_plan, capacity=cap, basis="load")
    assert same.attrs["basis"] == "load"
    assert same["score"].tolist() == workload(tiny_plan)["score"].tolist()
    with pytest.raises(ValueError):
        workload(tiny_plan, capacity={"A": 0})
    with pytest.raises(ValueError):
        workload(tiny_plan, basis="load_per_capacity")


def test_by_chapter(tiny_plan):
    c = workload_by_chapter(tiny_plan)
    # chapter 甲 = tasks 1-3, 乙 = task 4
    expected = [
        ("A", "一", "甲", 2, 0, 2, 2.0),
        ("A", "二", "乙", 0, 1, 1, 0.5),
        ("B", "一", "甲", 2, 0, 2, 2.0),
        ("C", "一", "甲", 0, 2, 2, 1.0),
        ("D", "二", "乙", 1, 0, 1, 1.0),
        ("E", "二", "乙", 0, 1, 1, 0.5),
    ]
    assert c.columns.tolist() == [
        "unit", "chapter_no", "chapter", "n_lead", "n_support", "n_tasks", "load"
    ]
    assert [tuple(r) for r in c.itertuples(index=False)] == expected
    # chapter rows add up to the unit totals
    totals = c.groupby("unit")[["n_lead", "n_support", "load"]].sum()
    w = workload(tiny_plan)
    pd.testing.assert_frame_equal(
        totals, w.loc[totals.index, ["n_lead", "n_support", "load"]], check_index_type=False
    )


def test_concentration_and_lorenz(tiny_plan):
    s = concentration(tiny_plan, top_k=2)
    # sorted loads 0.5, 1, 1, 2, 2.5 (sum 7); coefficients 2i - n - 1 = -4, -2, 0, 2, 4
    # gini = (-2 - 2 + 0 + 4 + 10) / (5 * 7) = 10 / 35
    assert s["gini"] == pytest.approx(10 / 35)
    # hhi = (2.5² + 2² + 1² + 1² + 0.5²) / 7² = 12.5 / 49
    assert s["hhi"] == pytest.approx(12.5 / 49)
    assert s["top_k_share"] == pytest.approx(4.5 / 7)
    assert s["n_units"] == 5
    lz = lorenz(tiny_plan)
    np.testing.assert_allclose(lz["unit_share"], [0, 0.2, 0.4, 0.6, 0.8, 1.0])
    np.testing.assert_allclose(lz["load_share"], np.cumsum([0, 0.5, 1, 1, 2, 2.5]) / 7)
    # Gini = 1 - 2 * area under the Lorenz curve (trapezoids)
    x, y = lz["unit_share"].to_numpy(), lz["load_share"].to_numpy()
    area = float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2))
    assert s["gini"] == pytest.approx(1 - 2 * area)


def test_concentration_extremes():
    equal = concentration(_plan([("1", "A", "lead"), ("2", "B", "lead")]))
    assert equal["gini"] == 0 and equal["hhi"] == 0.5 and equal["top_k_share"] == 1.0


def test_large_plan_matches_groupby():
    rng = np.random.default_rng(0)
    n = 20_000
    a = pd.DataFrame({
        "task_id": rng.integers(0, 2_000, n).astype(str),
        "unit": pd.Series(rng.integers(0, 300, n)).map("u{:03d}".format),
        "role": np.where(rng.random(n) < 0.4, "lead", "support"),
    })
    plan = Plan.from_assignments(a)
    w = workload(plan)
    # independent: lead wins when a unit is named twice in one task
    e = a.assign(lead=a["role"] == "lead").groupby(["task_id", "unit"])["lead"].any().reset_index()
    e["load"] = np.where(e["lead"], 1.0, 0.5)
    g = e.groupby("unit").agg(n_lead=("lead", "sum"), n_tasks=("lead", "size"), load=("load", "sum"))
    np.testing.assert_allclose(w.loc[g.index, "load"], g["load"])
    assert (w.loc[g.index, "n_lead"].to_numpy() == g["n_lead"].to_numpy()).all()
    assert (w.loc[g.index, "n_tasks"].to_numpy() == g["n_tasks"].to_numpy()).all()


# ------------------------------------------------------------------ seed plan


def _seed_counts(plan, weights=(1.0, 0.5)):
    """Plain-Python counting: per (task, unit) the strongest role."""
    best = {}
    for row in plan.assignments.itertuples():
        key = (row.task_id, row.unit)
        if best.get(key) != "lead":
            best[key] = row.role
    n_lead, n_support, load = Counter(), Counter(), defaultdict(float)
    for (_, unit), role in best.items():
        (n_lead if role == "lead" else n_support)[unit] += 1
        load[unit] += weights[0] if role == "lead" else weights[1]
    return n_lead, n_support, load


def test_seed_workload(seed_plan):
    w = workload(seed_plan)
    n_lead, n_support, load = _seed_counts(seed_plan)
    assert set(w.index) == set(seed_plan.units["unit"])
    for unit in w.index:
        assert w.loc[unit, "n_lead"] == n_lead[unit]
        assert w.loc[unit, "n_support"] == n_support[unit]
        assert w.loc[unit, "load"] == pytest.approx(load[unit])
    assert w["share"].sum() == pytest.approx(1.0)
    # sorted by load desc then name
    keys = [(-load[u], u) for u in w.index]
    assert keys == sorted(keys)
    # the overload rule, recomputed
    x = np.array(list(load.values()))
    med = np.median(x)
    mad = np.median(np.abs(x - med))
    scale = 1.4826 * mad if mad > 0 else 1.2533 * np.mean(np.abs(x - med))
    flagged = sorted(u for u in load if (load[u] - med) / scale > 3.5)
    assert sorted(w.index[w["overloaded"]]) == flagged
    assert all(w.loc[flagged, "reason"].str.contains("robust SDs above the median"))


def test_seed_by_chapter_sums(seed_plan):
    c = workload_by_chapter(seed_plan)
    w = workload(seed_plan)
    totals = c.groupby("unit")[["n_lead", "n_support", "n_tasks", "load"]].sum()
    pd.testing.assert_frame_equal(
        totals.sort_index(),
        w[["n_lead", "n_support", "n_tasks", "load"]].sort_index(),
        check_index_type=False,
        check_names=False,
    )
    assert set(c["chapter"]) <= set(seed_plan.tasks["chapter"])


def test_seed_concentration(seed_plan):
    _, _, load = _seed_counts(seed_plan)
    x = sorted(load.values())
    n, total = len(x), sum(x)
    # mean absolute difference form of the Gini coefficient
    gini = sum(abs(a - b) for a in x for b in x) / (2 * n * n * (total / n))
    s = concentration(seed_plan, top_k=5)
    assert s["gini"] == pytest.approx(gini)
    assert s["hhi"] == pytest.approx(sum((v / total) ** 2 for v in x))
    assert s["top_k_share"] == pytest.approx(sum(x[-5:]) / total)
