"""Sensitivity of unit rankings to the support weight."""

from __future__ import annotations

import importlib
import math
from collections import defaultdict
from itertools import combinations

import numpy as np
import pytest

import yjgraph
from yjgraph.analysis.sensitivity import weight_sensitivity
from yjgraph.model import UnmatchedNameWarning


def _tau_b(x, y):
    """Kendall's tau-b by counting pairs (independent of scipy)."""
    p = q = tx = ty = 0
    for i, j in combinations(range(len(x)), 2):
        dx, dy = x[i] - x[j], y[i] - y[j]
        if dx == 0 and dy == 0:
            continue
        if dx == 0:
            tx += 1
        elif dy == 0:
            ty += 1
        elif dx * dy > 0:
            p += 1
        else:
            q += 1
    return (p - q) / math.sqrt((p + q + tx) * (p + q + ty))


def test_tiny_by_hand(tiny_plan):
    out = weight_sensitivity(tiny_plan, support_weights=[0.0, 0.5, 1.0], measures=["load"],
                             top_k=3)
    assert out.columns.tolist() == ["support_weight", "measure", "kendall_tau", "top_k_overlap",
                                    "top_k_same", "overloaded", "same_overloaded"]
    assert out["support_weight"].tolist() == [0.0, 0.5, 1.0]
    # reference loads (1, 0.5): A 2.5, B 2, C 1, D 1, E 0.5
    # support 0:   A 2, B 2, C 0, D 1, E 0  -> of 10 pairs 7 concordant, 0 discordant,
    #   C-D tied in the reference only, A-B and C-E tied here only:
    #   tau_b = 7 / sqrt((7 + 1) * (7 + 2)) = 7 / sqrt(72)
    # support 1:   A 3, B 2, C 2, D 1, E 1  -> again 7 concordant, C-D tied in the
    #   reference only, B-C and D-E tied here only: 7 / sqrt(72)
    np.testing.assert_allclose(out["kendall_tau"], [7 / math.sqrt(72), 1.0, 7 / math.sqrt(72)])
    # top 3 of the reference: A, B, then C (ties C = D broken by name)
    # support 0: A, B, D -> 2 of 3; support 1: A, B, C -> 3 of 3
    np.testing.assert_allclose(out["top_k_overlap"], [2 / 3, 1.0, 1.0])
    assert out["top_k_same"].tolist() == [False, True, True]
    # robust z at the reference: median 1, MAD 0.5, A's z = 1.5 / 0.74 = 2.0 < 3.5: nobody flagged
    assert out["overloaded"].tolist() == [(), (), ()] and out["same_overloaded"].all()


def test_default_grid_and_lead_weight(tiny_plan):
    out = weight_sensitivity(tiny_plan, measures=["load"])
    np.testing.assert_allclose(out["support_weight"], np.linspace(0, 1, 11))
    assert out.loc[out["support_weight"] == 0.5, "kendall_tau"].item() == pytest.approx(1.0)
    # lead 2, support 1 is the reference ratio scaled by 2: rankings identical
    scaled = weight_sensitivity(tiny_plan, support_weights=[1.0], lead_weight=2.0,
                                measures=["load"])
    assert scaled["kendall_tau"].item() == pytest.approx(1.0) and scaled["top_k_overlap"].item() == 1.0
    assert scaled.attrs["lead_weight"] == 2.0


def test_custom_reference(tiny_plan):
    out = weight_sensitivity(tiny_plan, support_weights=[0.0], measures=["load"],
                             reference={"support": 0.0})
    assert out["kendall_tau"].item() == pytest.approx(1.0)


def test_unknown_measure(tiny_plan):
    with pytest.raises((ValueError, ImportError)):
        weight_sensitivity(tiny_plan, measures=["load", "no_such_measure"])


def test_centrality_measures(tiny_plan):
    module = importlib.import_module("yjgraph.analysis.centrality")
    if not hasattr(module, "centrality"):
        pytest.skip("yjgraph.analysis.centrality.centrality is not written yet")
    out = weight_sensitivity(tiny_plan, support_weights=[0.5, 1.0])
    assert out["measure"].tolist() == ["load", "weighted_degree", "pagerank"] * 2
    # at the reference weights every measure agrees with itself
    np.testing.assert_allclose(out.loc[out["support_weight"] == 0.5, "kendall_tau"], 1.0)


def test_seed_against_pair_counting(seed_plan):
    out = weight_sensitivity(seed_plan, support_weights=[0.0, 0.25, 1.0], measures=["load"],
                             top_k=5)

    def loads(sw):
        best = {}
        for r in seed_plan.assignments.itertuples():
            if best.get((r.task_id, r.unit)) != "lead":
                best[(r.task_id, r.unit)] = r.role
        load = defaultdict(float)
        for (_, u), role in best.items():
            load[u] += 1.0 if role == "lead" else sw
        return load

    ref = loads(0.5)
    units = sorted(ref)

    def top(d):
        return set(sorted(units, key=lambda u: (-d[u], u))[:5])

    for sw, row in zip([0.0, 0.25, 1.0], out.itertuples(), strict=True):
        cur = loads(sw)
        assert row.kendall_tau == pytest.approx(
            _tau_b([ref[u] for u in units], [cur[u] for u in units])
        )
        assert row.top_k_overlap == len(top(ref) & top(cur)) / 5


def test_measures_alone_equal_centrality(seed_plan):
    # the measures computed alone for the grid are centrality()'s columns
    from yjgraph.analysis.centrality import ALONE, centrality
    from yjgraph.graph import biadjacency

    w = {"lead": 1.0, "support": 0.3}
    table = centrality(seed_plan, weights=w)
    B = biadjacency(seed_plan, weights=w)
    for name, func in ALONE.items():
        np.testing.assert_allclose(func(B), table[name].to_numpy(), rtol=1e-9, atol=1e-12)


def test_sensitivity_calls_no_full_centrality(seed_plan, monkeypatch):
    c = importlib.import_module("yjgraph.analysis.centrality")

    def fail(*a, **k):
        raise AssertionError("the full centrality table was computed")

    monkeypatch.setattr(c, "centrality", fail)
    out = weight_sensitivity(seed_plan)
    assert len(out) == 33


def _two_heavy_units():
    """Units A-H lead a task each, L leads three more, S supports six of A-H's tasks."""
    rows = [{"task_id": str(t), "unit": u, "role": "lead"} for t, u in enumerate("ABCDEFGH")]
    rows += [{"task_id": str(t), "unit": "S", "role": "support"} for t in range(6)]
    rows += [{"task_id": str(t), "unit": "L", "role": "lead"} for t in (8, 9, 10)]
    return yjgraph.Plan.from_assignments(rows)


def test_overloaded_set_and_top_k_follow_the_support_weight():
    # loads: A-H 1 each, L 3, S 6w. Robust z: the median is 1 and the MAD 0 (8 of 10 units
    # carry 1), so the scale is 1.2533 x the mean absolute deviation from the median:
    #   w = 0.5: S = 3; deviations 2 + 2 over 10 units -> scale 0.501; L and S: z = 3.99 > 3.5
    #   w = 0:   S = 0; deviations 2 + 1 -> scale 0.376; L: z = 5.3; S below the median
    #   w = 1:   S = 6; deviations 2 + 5 -> scale 0.877; L: z = 2.3 (not flagged), S: z = 5.7
    out = weight_sensitivity(_two_heavy_units(), support_weights=[0.0, 0.5, 1.0], measures=["load"],
                             top_k=2)
    assert out["overloaded"].tolist() == [("L",), ("L", "S"), ("S",)]
    assert out["same_overloaded"].tolist() == [False, True, False]
    assert out.attrs["reference_overloaded"] == ("L", "S")
    # top 2 at the reference: L and S (3 each, ties by name); w = 0: L then A (ties by name);
    # w = 1: S then L, the same two units in another order
    assert out.attrs["reference_top"] == {"load": ("L", "S")}
    assert out["top_k_same"].tolist() == [False, True, True]
    assert out["top_k_overlap"].tolist() == [0.5, 1.0, 1.0]
    # the rule and its threshold are the caller's: with z > 6 nobody is flagged anywhere
    high = weight_sensitivity(_two_heavy_units(), support_weights=[0.0, 1.0], measures=["load"],
                              threshold=6.0)
    assert high["overloaded"].tolist() == [(), ()] and high["same_overloaded"].all()
    assert high.attrs["rule_name"] == "robust_z" and high.attrs["threshold"] == 6.0


CAPACITY = {"发改局": 10, "区商务局": 2, "区财政局": 3, "区经济科技信息化局": 20}


@pytest.mark.parametrize("rule", [{}, {"rule": "tukey"}, {"threshold": 2.0}, {"capacity": CAPACITY}])
def test_overload_is_the_workload_rule(seed_plan, rule):
    """At every weight the flagged units are those yjgraph.workload flags with the same rule."""
    grid = [0.0, 0.1, 0.5, 0.8, 0.9, 1.0]
    out = weight_sensitivity(seed_plan, support_weights=grid, measures=["load", "pagerank"], **rule)
    ref = yjgraph.workload(seed_plan, **rule)
    ref_set = tuple(sorted(ref.index[ref["overloaded"]]))
    assert out.attrs["reference_overloaded"] == ref_set and ref_set
    for sw in grid:
        wl = yjgraph.workload(seed_plan, weights={"lead": 1.0, "support": sw}, **rule)
        flagged = tuple(sorted(wl.index[wl["overloaded"]]))
        rows = out[out["support_weight"] == sw]
        assert len(rows) == 2 and all(f == flagged for f in rows["overloaded"]), sw
        assert (rows["same_overloaded"] == (flagged == ref_set)).all()
    if not rule:  # the bundled plan's verdict changes: at support 0.9 only one unit is flagged
        assert out.loc[out["support_weight"] == 0.9, "overloaded"].iloc[0] == ("区经济科技信息化局",)


def test_capacity_read_once(seed_plan):
    with pytest.warns(UnmatchedNameWarning) as caught:
        weight_sensitivity(seed_plan, measures=["load"], capacity={**CAPACITY, "区体育局": 5})
    assert len([w for w in caught if issubclass(w.category, UnmatchedNameWarning)]) == 1
