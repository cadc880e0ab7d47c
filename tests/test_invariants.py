"""Invariants every public output keeps, on generated plans (Hypothesis).

Plans are drawn with role conflicts (a unit named lead and support of one
task), spellings merged into one unit (``unit_raw`` differs from ``unit``),
catch-all groups and chapters without any assignment. Whatever the plan:

- the total load is the sum of role weights over the plan's (task, unit)
  pairs, each counted once with its strongest role (over the assignments
  themselves when no unit is named twice in a task);
- each unit's load is the same in ``workload``, ``plan.units``, the HTML
  spec, the chart data, the corpus comparison and the Analysis;
- the tables written equal the Analysis's tables.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import yjgraph  # noqa: E402
from yjgraph import Plan  # noqa: E402
from yjgraph.analysis.run import analyze_to_dir  # noqa: E402
from yjgraph.corpus import by_plan, compare_plans, read_corpus  # noqa: E402
from yjgraph.html import network_spec  # noqa: E402
from yjgraph.model import strongest_roles  # noqa: E402
from yjgraph.plot import bipartite_network  # noqa: E402

OFFICES = ["区发展改革局", "区财政局", "区商务局", "区教育局", "区民政局", "区交通运输局"]
SPELLINGS = {"区发展改革局": "区发改局", "区商务局": "商务局"}  # merged spellings
GROUPS = ["各街道", "区直各部门"]
SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@st.composite
def plans(draw) -> Plan:
    n_tasks = draw(st.integers(1, 8))
    n_chapters = draw(st.integers(1, 3))
    tasks = [{"task_id": str(t), "chapter_no": str(c), "chapter": f"第{c}章"}
             for t, c in zip(range(1, n_tasks + 1),
                             draw(st.lists(st.integers(1, n_chapters), min_size=n_tasks,
                                           max_size=n_tasks)), strict=True)]
    # a chapter whose tasks name nobody
    if draw(st.booleans()):
        tasks.append({"task_id": "x", "chapter_no": "9", "chapter": "空章"})
    rows = []
    for t in range(1, n_tasks + 1):
        named = draw(st.lists(st.sampled_from(OFFICES + GROUPS), min_size=1, max_size=5))
        for unit in named:
            role = draw(st.sampled_from(["lead", "support"]))
            raw = SPELLINGS.get(unit, unit) if draw(st.booleans()) else unit
            rows.append({"task_id": str(t), "unit": unit, "unit_raw": raw, "role": role})
    return Plan.from_assignments(rows, tasks)


weights_st = st.fixed_dictionaries({"lead": st.sampled_from([1.0, 2.0]),
                                    "support": st.sampled_from([0.0, 0.25, 0.5, 1.0])})


def _pairs_load(plan: Plan, w: dict) -> pd.Series:
    pairs = strongest_roles(plan.assignments)
    return pairs["role"].map(w).astype(float).groupby(pairs["unit"].astype(str)).sum()


@SETTINGS
@given(plan=plans(), w=weights_st)
def test_total_load_is_the_sum_of_weights(plan, w):
    wl = yjgraph.workload(plan, weights=w)
    expected = _pairs_load(plan, w)
    assert wl["load"].sum() == pytest.approx(expected.sum())
    if not plan.assignments.duplicated(["task_id", "unit"]).any():
        total = plan.assignments["role"].map(w).astype(float).sum()
        assert wl["load"].sum() == pytest.approx(total)


@SETTINGS
@given(plan=plans(), w=weights_st)
def test_each_unit_has_one_load_everywhere(plan, w):
    a = yjgraph.analyze(plan, weights=w)
    load = a.workload["load"].sort_index()
    names = load.index.tolist()

    def same(other, what):
        other = pd.Series(other, dtype=float).reindex(names)
        np.testing.assert_allclose(other.to_numpy(), load.to_numpy(), err_msg=what)

    same(_pairs_load(plan, w), "pairs")
    units = plan.units.set_index("unit")
    same(units["n_lead"] * w["lead"] + units["n_support"] * w["support"], "plan.units")
    assert units["n_lead"].reindex(names).tolist() == a.workload["n_lead"].reindex(names).tolist()
    spec = network_spec(plan, weights=w, communities=False)
    same({n["label"]: n["tip"]["load"] for n in spec["nodes"] if n["kind"] == "unit"}, "html spec")
    same(a.unit_sums["load"], "Analysis.unit_sums")
    # the corpus comparison and a corpus of the one plan
    nobody = Plan.from_assignments([{"task_id": "0", "unit": "无", "role": "lead"}])
    cmp = compare_plans(nobody, plan, weights=w)["load"].set_index("unit")
    same(cmp["load_new"].drop("无"), "compare_plans")
    per = by_plan(yjgraph.workload, read_corpus([plan], plan_ids=["p"]), weights=w)
    same(per.set_index("unit")["load"], "corpus by_plan")
    # chart data: the bipartite network draws unit nodes (in plan.units order) with area
    # 20 + 400 · load / largest load
    ax = bipartite_network(plan, weights=w, labels=None, layout="spring")
    sizes = np.asarray(ax.collections[3].get_sizes(), float)
    plt.close(ax.figure)
    if load.max() > 0:
        drawn = (sizes - 20) / 400 * load.max()
        same(dict(zip(plan.units["unit"], drawn, strict=True)), "bipartite_network")


@SETTINGS
@given(plan=plans())
def test_groups_are_never_judged(plan):
    wl = yjgraph.workload(plan, threshold=0.0)
    groups = set(plan.units.loc[plan.units["is_group"], "unit"])
    assert not wl.loc[wl.index.isin(groups), "overloaded"].any()
    assert set(yjgraph.catch_all_groups(plan).index) == groups


@SETTINGS
@given(plan=plans())
def test_tables_written_equal_the_analysis(plan, tmp_path_factory):
    out = tmp_path_factory.mktemp("tables")
    a = yjgraph.analyze(plan)
    analyze_to_dir(a, out)
    for name, table in a.tables().items():
        written = pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig", dtype={"task_id": str},
                              keep_default_na=False, na_values=[""])
        assert len(written) == len(table), name
        assert written.columns.tolist() == table.columns.tolist(), name
    wl = pd.read_csv(out / "workload.csv", encoding="utf-8-sig")
    assert int(wl["overloaded"].sum()) == int(a.workload["overloaded"].sum())
    assert wl["load"].tolist() == pytest.approx(a.workload["load"].tolist())
