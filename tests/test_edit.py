"""What-if edits: each returns a new plan whose derived tables match its assignments."""

from __future__ import annotations

import pandas as pd
import pytest

import yjgraph
from yjgraph.edit import PlanEditError


def _fresh(plan):
    """The invariants every edited plan keeps: nothing stale, one role per touched pair."""
    a = plan.assignments
    u = plan.units.set_index("unit")
    assert set(u.index) == set(a["unit"])  # no unit without a role, none missing
    pairs = a.assign(lead=a["role"] == "lead").groupby(["task_id", "unit"])["lead"].any()
    n_lead = pairs[pairs].groupby(level="unit").size()
    n_support = pairs[~pairs].groupby(level="unit").size()
    assert u["n_lead"].to_dict() == n_lead.reindex(u.index, fill_value=0).to_dict()
    assert u["n_support"].to_dict() == n_support.reindex(u.index, fill_value=0).to_dict()
    assert set(plan.assignments["task_id"]) <= set(plan.tasks["task_id"])
    wl = yjgraph.workload(plan)
    assert set(wl.index) == set(u.index)
    assert (wl["n_lead"].sort_index() == u["n_lead"].sort_index()).all()
    return plan


def test_merge_keeps_lead_and_rederives_units(tiny_plan):
    # task 1: A lead, B lead, C support; task 2: A lead, C support; task 4: A support
    before = tiny_plan.tables()
    merged = _fresh(tiny_plan.merge_units({"AC": ["A", "C"]}))
    a = merged.assignments
    assert a[a["task_id"] == "1"][["unit", "role"]].values.tolist() == [["AC", "lead"], ["B", "lead"]]
    assert a[a["task_id"] == "2"][["unit", "role"]].values.tolist() == [["AC", "lead"]]
    assert merged.units.set_index("unit").loc["AC", ["n_lead", "n_support"]].tolist() == [2, 1]
    assert "A" not in set(merged.units["unit"]) and "C" not in set(merged.units["unit"])
    # C's rows were all dropped (A led both its tasks): only A remains as a spelling
    assert merged.units.set_index("unit").loc["AC", "aliases"] == "A"
    edit = merged.meta["edits"][-1]
    assert (edit["edit"], edit["into"], edit["units"], edit["rows"], edit["roles_dropped"]) == (
        "merge_units", "AC", ["A", "C"], 5, 2)
    # the input plan is unchanged
    for name, df in tiny_plan.tables().items():
        pd.testing.assert_frame_equal(df, before[name])
    assert "edits" not in tiny_plan.meta


def test_merge_into_one_of_the_units_and_errors(tiny_plan):
    merged = _fresh(tiny_plan.merge_units({"A": ["A", "B"]}))
    assert merged.units.set_index("unit").loc["A", ["n_lead", "n_support"]].tolist() == [3, 1]
    with pytest.raises(PlanEditError, match="no unit X"):
        tiny_plan.merge_units({"A": ["A", "X"]})
    with pytest.raises(PlanEditError, match="already a unit"):
        tiny_plan.merge_units({"A": ["B"]})  # A would silently absorb B
    assert isinstance(PlanEditError("x"), yjgraph.YjgraphError)


def test_merge_on_the_seed_plan(seed_plan):
    wl = yjgraph.workload(seed_plan)
    a, b = "区经济科技信息化局", "区投资促进局"
    merged = _fresh(seed_plan.merge_units({"区经济科技信息化局": [a, b]}))
    # the merged unit is on every task either was on, leading it if either led
    sa = seed_plan.assignments
    ta, tb = set(sa.loc[sa["unit"] == a, "task_id"]), set(sa.loc[sa["unit"] == b, "task_id"])
    led = set(sa.loc[sa["unit"].isin([a, b]) & (sa["role"] == "lead"), "task_id"])
    row = merged.units.set_index("unit").loc[a]
    assert row["n_lead"] == len(led) and row["n_support"] == len(ta | tb) - len(led)
    assert len(merged.units) == 33 and seed_plan.summary()["units"] == 34
    assert yjgraph.workload(merged).loc[a, "load"] == len(led) + 0.5 * (len(ta | tb) - len(led))
    assert wl.loc[a, "load"] + wl.loc[b, "load"] > yjgraph.workload(merged).loc[a, "load"]


def test_rename(tiny_plan):
    renamed = _fresh(tiny_plan.rename_units({"A": "甲", "B": "乙"}))
    assert set(renamed.units["unit"]) == {"甲", "乙", "C", "D", "E"}
    assert renamed.units.set_index("unit").loc["甲", "aliases"] == "A"
    assert renamed.meta["edits"][-1]["names"] == {"A": "甲", "B": "乙"}
    with pytest.raises(PlanEditError, match="merge"):
        tiny_plan.rename_units({"A": "B"})
    with pytest.raises(PlanEditError, match="merge"):
        tiny_plan.rename_units({"A": "X", "B": "X"})


def test_remove_unit(tiny_plan):
    gone = _fresh(tiny_plan.remove_unit("B"))
    assert "B" not in set(gone.units["unit"])
    assert gone.meta["edits"][-1]["tasks_without_lead"] == []  # A still leads task 1; task 3 has no units
    gone = _fresh(tiny_plan.remove_unit("D"))
    assert gone.meta["edits"][-1]["tasks_without_lead"] == ["4"]
    moved = _fresh(tiny_plan.remove_unit("A", reassign_to="B"))
    b = moved.units.set_index("unit").loc["B"]
    assert b[["n_lead", "n_support"]].tolist() == [3, 1]  # tasks 1 (once), 2, 3 led; 4 supported
    with pytest.raises(PlanEditError):
        tiny_plan.remove_unit("A", reassign_to="A")


def test_reassign(tiny_plan):
    moved = _fresh(tiny_plan.reassign("4", "A", to="F"))
    a = moved.assignments
    assert a[a["task_id"] == "4"][["unit", "role"]].values.tolist() == [
        ["D", "lead"], ["F", "support"], ["E", "support"]]
    assert moved.meta["edits"][-1]["text"] == "task 4: support A → F"
    promoted = _fresh(tiny_plan.reassign("1", "C", role="lead"))
    assert promoted.units.set_index("unit").loc["C", ["n_lead", "n_support"]].tolist() == [1, 1]
    # onto a unit already on the task: one role, the lead
    onto = _fresh(tiny_plan.reassign("1", "C", to="A"))
    rows = onto.assignments[onto.assignments["task_id"] == "1"]
    assert rows[["unit", "role"]].values.tolist() == [["A", "lead"], ["B", "lead"]]
    # a lead demoted leaves the task without a lead: recorded
    lonely = tiny_plan.reassign("3", "B", role="support")
    assert lonely.meta["edits"][-1]["tasks_without_lead"] == ["3"]
    with pytest.raises(PlanEditError, match="not named"):
        tiny_plan.reassign("3", "A", to="B")
    with pytest.raises(PlanEditError, match="no task"):
        tiny_plan.reassign("99", "A", to="B")
    with pytest.raises(PlanEditError, match="give a role"):
        tiny_plan.reassign("1", "A")


def test_add_task_and_chaining(tiny_plan):
    plan = (tiny_plan.add_task("5", lead=["F"], support=["A", "F"], text="新任务", chapter="乙")
            .merge_units({"AB": ["A", "B"]})
            .reassign("5", "AB", to="G"))
    _fresh(plan)
    t = plan.tasks.set_index("task_id").loc["5"]
    assert (t["chapter_no"], t["chapter"], t["text"]) == ("二", "乙", "新任务")
    rows = plan.assignments[plan.assignments["task_id"] == "5"]
    assert rows[["unit", "role"]].values.tolist() == [["F", "lead"], ["G", "support"]]
    assert [e["edit"] for e in plan.meta["edits"]] == ["add_task", "merge_units", "reassign"]
    with pytest.raises(PlanEditError, match="already"):
        tiny_plan.add_task("1", lead="A")
    with pytest.raises(PlanEditError, match="at least one lead"):
        tiny_plan.add_task("9", lead=[])


def test_graph_and_matrix_follow_the_edit(seed_plan):
    plan = seed_plan.merge_units({"区经济科技信息化局": ["区经济科技信息化局", "区商务局"]})
    G = yjgraph.to_networkx(plan)
    units = {n for n, d in G.nodes(data=True) if d["kind"] == "unit"}
    assert units == {f"unit:{u}" for u in plan.units["unit"]}
    B = yjgraph.biadjacency(plan)
    assert B.matrix.shape == (86, 33)
    assert float(B.matrix.sum()) == float(yjgraph.workload(plan)["load"].sum())
