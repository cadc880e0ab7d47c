"""compare(before, after): the one load definition on both sides; roles and ties by hand."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

import yjgraph
from yjgraph.plot.change import change_dumbbell


@pytest.mark.parametrize("kwargs", [{}, {"rule": "tukey", "weights": {"support": 0.25}}])
def test_loads_are_workload_on_both_plans(seed_plan, kwargs):
    after = (seed_plan.merge_units({"区经济科技信息化局": ["区经济科技信息化局", "区投资促进局"]})
             .reassign("1", "区商务局", to="区财政局"))
    c = yjgraph.compare(seed_plan, after, **kwargs)
    for side, plan in (("before", seed_plan), ("after", after)):
        wl = yjgraph.workload(plan, **kwargs)
        got = c.units[f"load_{side}"].dropna()
        assert set(got.index) == set(wl.index)
        for col in ("load", "share", "rank", "overloaded", "n_lead", "n_support"):
            mine = c.units.loc[wl.index, f"{col}_{side}"].to_numpy()
            assert (mine == wl[col].to_numpy()).all(), col
    u = c.units
    assert u.loc["区投资促进局", "status"] == "removed"
    assert pd.isna(u.loc["区投资促进局", "load_after"])
    assert u.loc["区投资促进局", "load_change"] == -u.loc["区投资促进局", "load_before"]
    assert u.loc["区投资促进局", "note"] == "merged into 区经济科技信息化局"
    assert u.loc["区财政局", "note"] == "task 1 taken over from 区商务局"
    assert (u["load_change"] == u["load_after"].fillna(0) - u["load_before"].fillna(0)).all()
    assert len(c.edits) == 2
    # sorted by the size of the change
    assert (np.diff(u["load_change"].abs().to_numpy()) <= 1e-12).all()


def test_capacity(seed_plan):
    cap = {"区经济科技信息化局": 10, "区发展改革局": 8, "区商务局": 5}
    after = seed_plan.reassign("1", "区商务局", to="区发展改革局")
    c = yjgraph.compare(seed_plan, after, capacity=cap)
    wl = yjgraph.workload(after, capacity=cap)
    assert c.units.loc["区发展改革局", "load_per_capacity_after"] == wl.loc["区发展改革局", "load_per_capacity"]
    assert c.attrs["basis"] == "load_per_capacity"


def test_task_and_pair_changes_by_hand(tiny_plan):
    # task 4: D lead, A support, E support. Move A's support to B, make E lead.
    after = tiny_plan.reassign("4", "A", to="B").reassign("4", "E", role="lead")
    c = yjgraph.compare(tiny_plan, after)
    rows = c.tasks[["task_id", "unit", "role_before", "role_after", "change"]].fillna("-")
    assert rows.values.tolist() == [
        ["4", "A", "support", "-", "removed"],
        ["4", "B", "-", "support", "added"],
        ["4", "E", "support", "lead", "support → lead"],
    ]
    t = c.tasks.set_index("unit")
    assert pd.isna(t.loc["A", "role_after"]) and pd.isna(t.loc["B", "role_before"])
    assert t.loc["E", "change"] == "support → lead"
    # pairs: A no longer shares task 4 with D and E (A-D: 1 -> 0, A-E: 1 -> 0);
    # B now shares it (B-D, B-E: 0 -> 1); D-E keeps 1 task but E now leads it
    pairs = {(r.unit_a, r.unit_b): (r.shared_before, r.shared_after)
             for r in c.pairs.itertuples(index=False)}
    assert pairs == {("A", "D"): (1, 0), ("A", "E"): (1, 0), ("B", "D"): (0, 1),
                     ("B", "E"): (0, 1), ("D", "E"): (1, 1)}
    assert set(c.units.index[c.units["status"] == "changed"]) == {"A", "B", "E"}


def test_identical_plans(seed_plan, tmp_path):
    c = yjgraph.compare(seed_plan, seed_plan)
    assert (c.units["status"] == "unchanged").all() and (c.units["load_change"] == 0).all()
    assert c.tasks.empty and c.pairs.empty and c.edits == []
    paths = c.to_csv(tmp_path)
    assert [p.name for p in paths] == ["changes.csv", "task_changes.csv", "pair_changes.csv"]
    back = pd.read_csv(paths[0], encoding="utf-8-sig")
    assert back["unit"].tolist() == c.units.index.tolist()


def test_csv_files_are_formula_safe(tmp_path):
    # a unit named "=甲" is text in every file, the units file's first column included
    old = yjgraph.Plan.from_assignments([("1", "=甲", "lead"), ("1", "乙", "support")])
    new = yjgraph.Plan.from_assignments([("1", "乙", "lead"), ("1", "-丙", "support")])
    for path in yjgraph.compare(old, new).to_csv(tmp_path):
        rows = path.read_text(encoding="utf-8-sig").splitlines()[1:]
        names = [cell for row in rows for cell in row.split(",") if "甲" in cell or "丙" in cell]
        assert names and all(cell.startswith("'") for cell in names), (path.name, names)
    units = pd.read_csv(tmp_path / "changes.csv", encoding="utf-8-sig")["unit"]
    assert set(units) == {"'=甲", "乙", "'-丙"}


def test_dumbbell_draws_before_and_after(seed_plan):
    after = seed_plan.merge_units({"区经济科技信息化局": ["区经济科技信息化局", "区投资促进局"]})
    c = yjgraph.compare(seed_plan, after)
    ax = change_dumbbell(c, top=5, lang="en")
    names = [t.get_text() for t in ax.get_yticklabels()]
    from yjgraph.english import english_name

    assert names == [english_name(u)[0] for u in c.units.index[:5]]  # English names with lang="en"
    before, after_dots = ax.lines[0], ax.lines[1]
    assert before.get_xdata().tolist() == c.units["load_before"].head(5).fillna(0).tolist()
    assert after_dots.get_xdata().tolist() == c.units["load_after"].head(5).fillna(0).tolist()
    assert ax.get_legend().get_texts()[0].get_text() == "Before"
    changed = change_dumbbell(c, changed_only=True)
    assert len(changed.get_yticklabels()) == int((c.units["load_change"] != 0).sum())
    with pytest.raises(ValueError, match="load_per_capacity"):
        change_dumbbell(c, value="load_per_capacity")
