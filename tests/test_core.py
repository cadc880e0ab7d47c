"""One analysis core: each quantity defined once, computed once, and the same everywhere.

The consistency cases of issue 13, each on a tiny hand-built plan, and the
count of analysis calls behind ``yjgraph report``.
"""

from __future__ import annotations

import dataclasses
import importlib
import warnings
from collections import Counter

import pandas as pd
import pytest

import yjgraph
from yjgraph import Plan
from yjgraph.analysis.run import analyze_to_dir
from yjgraph.cli import main
from yjgraph.corpus import compare_plans
from yjgraph.html import network_spec
from yjgraph.model import UnmatchedNameWarning


def _spec_loads(plan, weights=None) -> dict[str, float]:
    spec = network_spec(plan, weights=weights, communities=False)
    return {n["label"]: float(n["tip"]["load"]) for n in spec["nodes"] if n["kind"] == "unit"}


# ------------------------------------------------------------- a role conflict
@pytest.fixture
def conflict_plan() -> Plan:
    # A is named lead and support of task 1: one lead, load 1.0;
    # B leads task 2 and supports task 3: load 1.5
    return Plan.from_assignments([
        {"task_id": "1", "unit": "A", "role": "lead"},
        {"task_id": "1", "unit": "A", "role": "support"},
        {"task_id": "2", "unit": "B", "role": "lead"},
        {"task_id": "3", "unit": "B", "role": "support"},
        {"task_id": "3", "unit": "C", "role": "lead"},
    ])


def test_a_unit_both_lead_and_support_counts_once_as_lead_everywhere(conflict_plan):
    wl = yjgraph.workload(conflict_plan)
    assert wl.loc["A", ["n_lead", "n_support"]].tolist() == [1, 0]
    assert wl.loc["A", "load"] == 1.0
    units = conflict_plan.units.set_index("unit")
    assert units.loc["A", ["n_lead", "n_support"]].tolist() == [1, 0]
    empty = Plan.from_assignments([{"task_id": "9", "unit": "Z", "role": "lead"}])
    load = compare_plans(empty, conflict_plan)["load"].set_index("unit")["load_new"]
    assert load["A"] == 1.0
    assert _spec_loads(conflict_plan)["A"] == 1.0


def test_charts_order_units_by_the_workload_load(conflict_plan):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from yjgraph.plot import responsibility_matrix

    ax = responsibility_matrix(conflict_plan)
    order = [t.get_text() for t in ax.get_xticklabels()]
    plt.close(ax.figure)
    assert order == yjgraph.workload(conflict_plan).index.tolist() == ["B", "A", "C"]


# ---------------------------------------------------------------- stale units
def test_replacing_assignments_never_keeps_a_stale_units_table(tiny_plan):
    a = tiny_plan.assignments
    a = a.assign(unit=a["unit"].replace({"E": "D"}))  # E merged into D
    for changed in (dataclasses.replace(tiny_plan, assignments=a), tiny_plan.with_assignments(a)):
        assert "E" not in set(changed.units["unit"])
        assert "E" not in yjgraph.workload(changed).index
        assert changed.summary()["units"] == 4
    assert "E" in set(tiny_plan.units["unit"])  # the original is unchanged


def test_units_keep_their_group_flag_when_assignments_change():
    plan = Plan.from_assignments([
        {"task_id": "1", "unit": "区商务局", "role": "lead"},
        {"task_id": "1", "unit": "各街道", "role": "support"},
        {"task_id": "2", "unit": "区财政局", "role": "lead"},
    ])
    assert plan.units.set_index("unit")["is_group"].to_dict() == {
        "区商务局": False, "区财政局": False, "各街道": True}
    fewer = plan.with_assignments(plan.assignments.iloc[:2])
    assert fewer.units["unit"].tolist() == ["区商务局", "各街道"]
    assert fewer.units["is_group"].tolist() == [False, True]


# ------------------------------------------------------------------- capacity
@pytest.fixture
def county_plan() -> Plan:
    rows = [("1", "县发展和改革局", "县发改局", "lead"), ("2", "县发展和改革局", "县发展和改革局", "lead"),
            ("3", "县发展和改革局", "县发改局", "lead"), ("4", "县发展和改革局", "县发改局", "lead"),
            ("5", "县发展和改革局", "县发改局", "lead"), ("6", "县发展和改革局", "县发改局", "lead"),
            ("7", "县发展和改革局", "县发改局", "lead"), ("8", "县发展和改革局", "县发改局", "lead"),
            ("1", "县财政局", "县财政局", "support"), ("2", "县商务局", "县商务局", "lead"),
            ("3", "县教育局", "县教育局", "lead"), ("4", "县民政局", "县民政局", "lead"),
            ("5", "县交通运输局", "县交通运输局", "support")]
    return Plan.from_assignments([{"task_id": t, "unit": u, "unit_raw": r, "role": role}
                                  for t, u, r, role in rows])


def test_capacity_keyed_by_a_spelling_of_the_plan(county_plan):
    cap = {"县发改局": 2, "县财政局": 1, "县商务局": 1, "县教育局": 1, "县民政局": 1, "县交通运输局": 1}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every key matches
        wl = yjgraph.workload(county_plan, capacity=cap)
    assert wl.loc["县发展和改革局", "capacity"] == 2.0
    assert wl.loc["县发展和改革局", "load_per_capacity"] == 4.0
    assert bool(wl.loc["县发展和改革局", "overloaded"])


def test_a_capacity_key_matching_no_unit_is_named(county_plan, tmp_path, capsys):
    with pytest.warns(UnmatchedNameWarning, match="县体育局"):
        wl = yjgraph.workload(county_plan, capacity={"县发改局": 2, "县体育局": 3})
    assert wl.attrs["capacity_unmatched"] == ["县体育局"]
    # and the command line says so
    path = tmp_path / "cap.csv"
    pd.DataFrame({"unit": ["区发改局", "区体育局"], "capacity": [5, 5]}).to_csv(path, index=False)
    assert main(["analyze", "-o", str(tmp_path / "out"), "--capacity", str(path)]) == 0
    err = capsys.readouterr().err
    assert "warning" in err and "区体育局" in err and "区发改局" not in err  # 区发展改革局


def test_the_plan_resolves_names_as_the_reader_merges_them(seed_plan):
    names = seed_plan.resolve_units(["区商务局", "商务局", "卫健局", "市商务局"])
    assert names == {"区商务局": "区商务局", "商务局": "区商务局", "卫健局": "区卫生健康局",
                     "市商务局": None}


# ---------------------------------------------------------------------- groups
def test_catch_all_groups_are_not_judged_and_get_their_own_table():
    rows = [(str(t), "各街道", "support") for t in range(1, 13)]
    rows += [("1", "区商务局", "lead"), ("2", "区财政局", "lead"), ("3", "区教育局", "lead"),
             ("4", "区民政局", "lead"), ("5", "区商务局", "lead"), ("6", "区交通运输局", "lead"),
             ("7", "区财政局", "support")]  # judged as an office, 各街道 would be flagged
    plan = Plan.from_assignments([{"task_id": t, "unit": u, "role": r} for t, u, r in rows])
    wl = yjgraph.workload(plan)
    assert wl.index[0] == "各街道"  # the heaviest load, kept in the table
    assert not wl.loc["各街道", "overloaded"] and pd.isna(wl.loc["各街道", "score"])
    assert not wl["overloaded"].any()
    groups = yjgraph.catch_all_groups(plan)
    assert groups.index.tolist() == ["各街道"]
    assert groups.loc["各街道", "note"] == "named in 12 of 12 tasks"


# ------------------------------------------------------------------ the report
ANALYSES = {
    "yjgraph.analysis.core": ("biadjacency",),
    "yjgraph.analysis.workload": ("sums_of", "workload", "workload_by_chapter",
                                  "concentration", "lorenz", "catch_all_groups"),
    "yjgraph.analysis.centrality": ("centrality", "centralization"),
    "yjgraph.analysis.coresponsibility": ("coresponsibility", "lead_support", "communities",
                                          "density"),
    "yjgraph.analysis.checks": ("checks",),
    "yjgraph.analysis.sensitivity": ("weight_sensitivity",),
}


@pytest.mark.slow
def test_report_computes_each_analysis_once(tmp_path, monkeypatch, seed_plan):
    calls: Counter = Counter()
    for module_name, names in ANALYSES.items():
        module = importlib.import_module(module_name)
        for name in names:
            func = getattr(module, name)

            def counted(*args, _func=func, _name=name, **kwargs):
                calls[_name] += 1
                return _func(*args, **kwargs)

            monkeypatch.setattr(module, name, counted)
    out = tmp_path / "report"
    assert main(["report", "-o", str(out), "-j", "1", "--format", "svg", "-q"]) == 0
    # computed once each, from one matrix; the load tables from the one unit_sums (sums=), not recomputed
    assert calls == Counter({"biadjacency": 1, "sums_of": 1, "workload": 1, "concentration": 1, "lorenz": 1,
                             "workload_by_chapter": 1, "centrality": 1,
                             "centralization": 1, "coresponsibility": 1, "lead_support": 1,
                             "communities": 1, "density": 1, "checks": 1, "weight_sensitivity": 1,
                             "catch_all_groups": 1})

    # the tables written are the analyses' tables, and the page's counts are theirs
    monkeypatch.undo()
    a = yjgraph.analyze(seed_plan)

    def read(name):
        return pd.read_csv(out / "tables" / f"{name}.csv", encoding="utf-8-sig", dtype={"task_id": str})

    for name, table in a.tables().items():
        written = read(name)
        assert written.columns.tolist() == table.columns.tolist(), name
        assert len(written) == len(table), name
    wl = read("workload")
    assert wl["load"].tolist() == a.workload["load"].tolist()
    page = (out / "index.html").read_text(encoding="utf-8")
    # the page names exactly the units the analysis flags, with its threshold
    flagged = a.workload.index[a.workload["overloaded"]].tolist()
    sentence = yjgraph.key_findings(a).set_index("key").loc["overload", "text"]
    assert sentence in page and all(u in sentence for u in flagged)
    assert f"{a.workload.attrs['threshold_value']:.1f}" in sentence
    assert int(wl["overloaded"].sum()) == len(flagged) > 0


def test_analyze_to_dir_reuses_the_analysis(tmp_path, seed_plan):
    a = yjgraph.analyze(seed_plan, rule="tukey")
    analyze_to_dir(a, tmp_path)
    assert a.__dict__["workload"] is a.workload  # computed while writing, kept
    written = pd.read_csv(tmp_path / "workload.csv", encoding="utf-8-sig")
    assert written["overloaded"].tolist() == a.workload["overloaded"].tolist()


def test_analysis_tables_equal_the_functions(seed_plan):
    a = yjgraph.analyze(seed_plan, weights={"support": 0.3})
    w = {"lead": 1.0, "support": 0.3}
    pd.testing.assert_frame_equal(a.workload, yjgraph.workload(seed_plan, weights=w))
    pd.testing.assert_series_equal(a.concentration, yjgraph.concentration(seed_plan, weights=w))
    pd.testing.assert_frame_equal(a.lorenz, yjgraph.lorenz(seed_plan, weights=w))
    pd.testing.assert_frame_equal(a.centrality, yjgraph.centrality(seed_plan, weights=w))
    with pytest.raises(ValueError, match="overload rule"):
        yjgraph.analyze(seed_plan, rule="nope")


def test_weight_sensitivity_judges_with_the_analysis_rule(seed_plan):
    # the sensitivity table's verdicts are the analysis's own: same rule, threshold and reference
    a = yjgraph.analyze(seed_plan, rule="tukey", weights={"lead": 1.0, "support": 0.3})
    ws = a.weight_sensitivity
    here = ws[ws["support_weight"].round(6) == 0.3]
    assert len(here) and set(here["overloaded"].iloc[0]) == set(a.workload.index[a.workload["overloaded"]])
    assert here["same_overloaded"].all() and (here["kendall_tau"] > 1 - 1e-9).all()  # the reference itself
