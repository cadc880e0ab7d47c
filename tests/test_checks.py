"""Accountability checks."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from yjgraph import Plan
from yjgraph.analysis.checks import KINDS, checks

COLUMNS = ["kind", "severity", "task_id", "unit", "message"]


def _rows(df):
    return [
        (r.kind, r.severity, None if pd.isna(r.task_id) else r.task_id,
         None if pd.isna(r.unit) else r.unit)
        for r in df.itertuples(index=False)
    ]


def test_tiny(tiny_plan):
    # task 1: leads A, B -> multiple_leads; task 3: B alone -> no_support;
    # C and E never lead -> support_only. Units per task 3, 2, 1, 3: sorted 1, 2, 3, 3,
    # Q1 = 1.75, Q3 = 3, IQR 1.25 -> limit 4.875, no task exceeds it.
    out = checks(tiny_plan)
    assert out.columns.tolist() == COLUMNS
    assert _rows(out) == [
        ("multiple_leads", "warning", "1", None),
        ("no_support", "info", "3", None),
        ("support_only", "info", None, "C"),
        ("support_only", "info", None, "E"),
    ]
    assert out.attrs["max_units"] == 4.875
    assert out.loc[0, "message"] == "task 1 has 2 lead units (A、B): accountability is diffused"
    assert out.loc[3, "message"] == "E supports 1 task but leads none"
    assert all(out.dtypes == "string")


def test_max_units(tiny_plan):
    out = checks(tiny_plan, max_units=2)
    many = out[out["kind"] == "many_units"]
    assert many["task_id"].tolist() == ["1", "4"]  # 3 units each
    assert many["message"].iloc[0] == (
        "task 1 is carried by 3 units (2 lead, 1 support), more than the limit of 2 units per task"
    )
    # a smaller k moves the fence: Q3 + 0·IQR = 3, still nobody above it
    assert (checks(tiny_plan, k=0)["kind"] == "many_units").sum() == 0


def test_every_kind_in_order():
    plan = Plan.from_assignments(
        [
            {"task_id": "1", "unit": "区财政局", "role": "support"},  # no lead
            {"task_id": "2", "unit": "各镇（街道）", "role": "lead"},  # catch-all
            {"task_id": "2", "unit": "区发改局", "role": "lead"},  # 2 leads
            {"task_id": "2", "unit": "区财政局", "role": "support"},
            {"task_id": "3", "unit": "区发改局", "role": "lead"},
        ],
        [
            {"task_id": "1", "open_ended": True},
            {"task_id": "2"},
            {"task_id": "3"},
        ],
    )
    out = checks(plan, max_units=2)
    assert _rows(out) == [
        ("multiple_leads", "warning", "2", None),
        ("no_lead", "error", "1", None),
        ("no_support", "info", "3", None),
        ("open_ended", "warning", "1", None),
        ("catch_all_unit", "warning", None, "各镇（街道）"),
        ("support_only", "info", None, "区财政局"),
        ("many_units", "warning", "2", None),
    ]
    assert list(dict.fromkeys(out["kind"])) == list(KINDS)
    assert "named in 1 task (1 as lead)" in out.loc[4, "message"]


def test_task_order_follows_plan_not_text():
    # plan order is b, a: findings follow the plan, not the sorted ids
    plan = Plan.from_assignments([
        {"task_id": "b", "unit": "甲", "role": "support"},
        {"task_id": "a", "unit": "乙", "role": "support"},
    ])
    out = checks(plan)
    assert out.loc[out["kind"] == "no_lead", "task_id"].tolist() == ["b", "a"]


def test_clean_plan_has_no_findings():
    plan = Plan.from_assignments([
        {"task_id": "1", "unit": "甲", "role": "lead"},
        {"task_id": "1", "unit": "乙", "role": "support"},
        {"task_id": "2", "unit": "乙", "role": "lead"},
        {"task_id": "2", "unit": "甲", "role": "support"},
    ])
    out = checks(plan)
    assert out.empty and out.columns.tolist() == COLUMNS


def test_seed(seed_plan):
    out = checks(seed_plan)
    leads, supports, units = defaultdict(set), defaultdict(set), defaultdict(set)
    for r in seed_plan.assignments.itertuples():
        (leads if r.role == "lead" else supports)[r.task_id].add(r.unit)
        units[r.task_id].add(r.unit)
    ids = list(seed_plan.tasks["task_id"])

    def got(kind, col="task_id"):
        return out.loc[out["kind"] == kind, col].tolist()

    assert got("multiple_leads") == [t for t in ids if len(leads[t]) > 1]
    assert got("no_lead") == [t for t in ids if not leads[t]]
    assert got("no_support") == [t for t in ids if not supports[t]]
    flags = dict(zip(seed_plan.tasks["task_id"], seed_plan.tasks["open_ended"], strict=True))
    assert got("open_ended") == [t for t in ids if flags[t]]
    groups = seed_plan.units.loc[seed_plan.units["is_group"], "unit"]
    assert got("catch_all_unit", "unit") == sorted(groups)
    all_leads = set().union(*leads.values()) if leads else set()
    assert got("support_only", "unit") == sorted(set(seed_plan.units["unit"]) - all_leads)
    n = [len(units[t]) for t in ids]
    q1, q3 = np.percentile(n, [25, 75])
    assert got("many_units") == [t for t, c in zip(ids, n, strict=True) if c > q3 + 1.5 * (q3 - q1)]
