"""One contract test over every public analysis: the invariants all of them keep.

The analyses are discovered from ``yjgraph.analysis.__all__``: every public
callable whose first parameter is ``plan`` is run on the tiny hand-built plan
and on the bundled seed plan.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pandas as pd
import pytest

import yjgraph.analysis
from yjgraph.model import DEFAULT_WEIGHTS


def _analyses() -> list[str]:
    names = []
    for name in yjgraph.analysis.__all__:
        obj = getattr(yjgraph.analysis, name)
        if not callable(obj):
            continue
        if inspect.isclass(obj):
            continue
        sig = inspect.signature(obj)
        params = list(sig.parameters)
        returns = str(sig.return_annotation)
        if params and params[0] == "plan" and ("DataFrame" in returns or "Series" in returns):
            names.append(name)
    return names


ANALYSES = _analyses()
PLANS = ["tiny_plan", "seed_plan"]
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def test_discovery_finds_the_analyses():
    # the discovery must not silently find nothing
    for name in ("workload", "workload_by_chapter", "concentration", "lorenz", "checks",
                 "weight_sensitivity"):
        assert name in ANALYSES
    assert "to_matrix" not in ANALYSES  # takes a pairs table, not a plan
    assert "analyze" not in ANALYSES  # returns the Analysis object (tests/test_core.py)


def _snapshot(plan):
    return {name: df.copy(deep=True) for name, df in plan.tables().items()}, dict(plan.meta)


def _assert_equal(a, b):
    assert type(a) is type(b)
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
    else:
        pd.testing.assert_series_equal(a, b)
    assert repr(a.attrs) == repr(b.attrs)


@pytest.mark.parametrize("plan_name", PLANS)
@pytest.mark.parametrize("name", ANALYSES)
def test_contract(name, plan_name, request):
    plan = request.getfixturevalue(plan_name)
    func = getattr(yjgraph.analysis, name)
    tables, meta = _snapshot(plan)

    result = func(plan)

    # DataFrame or Series out
    assert isinstance(result, pd.DataFrame | pd.Series), f"{name} returned {type(result)}"
    # the plan is not mutated
    for key, before in tables.items():
        pd.testing.assert_frame_equal(getattr(plan, key), before, obj=f"plan.{key}")
    assert plan.meta == meta
    # deterministic
    _assert_equal(result, func(plan))
    # snake_case English column names
    if isinstance(result, pd.DataFrame):
        bad = [c for c in result.columns if not (isinstance(c, str) and SNAKE.match(c))]
        assert not bad, f"{name}: columns not snake_case: {bad}"
    # per-unit results are indexed by "unit" and cover exactly the plan's units
    units = set(plan.units["unit"])
    if name == "catch_all_groups":  # the units table's catch-all groups only
        units = set(plan.units.loc[plan.units["is_group"], "unit"])
    index = result.index
    if index.name == "unit":
        assert index.is_unique
        assert set(index) == units
    else:
        assert not units or not (len(index) == len(units) and set(index) == units), (
            f"{name} is indexed by unit but its index is named {index.name!r}"
        )
    # weights=None means the default weights
    if "weights" in inspect.signature(func).parameters:
        _assert_equal(result, func(plan, weights=dict(DEFAULT_WEIGHTS)))


# ---------------------------------------------------------------- analyze_to_dir


def _has_centrality() -> bool:
    import importlib

    return hasattr(importlib.import_module("yjgraph.analysis.centrality"), "centrality")


@pytest.mark.skipif(not _has_centrality(), reason="yjgraph.analysis.centrality not written yet")
@pytest.mark.parametrize("plan_name", PLANS)
def test_analyze_to_dir(plan_name, request, tmp_path):
    from yjgraph.analysis.run import analyze_to_dir

    plan = request.getfixturevalue(plan_name)
    paths = analyze_to_dir(yjgraph.analyze(plan, threshold=2.0), tmp_path / "out")
    names = ["workload", "workload_by_chapter", "concentration", "coresponsibility", "checks",
             "centrality"]  # the order of the workbook's sheets
    assert set(paths) == {*names, "xlsx"}
    for name in names:
        assert paths[name] == tmp_path / "out" / f"{name}.csv"
        assert paths[name].read_bytes().startswith(b"\xef\xbb\xbf")

    def read(name):
        return pd.read_csv(paths[name], encoding="utf-8-sig", dtype={"task_id": str})

    w = read("workload")
    assert w.columns[:4].tolist() == ["unit", "n_lead", "n_support", "n_tasks"]
    assert {"load", "share", "overloaded", "reason"} <= set(w.columns)
    expected = yjgraph.analysis.workload(plan, threshold=2.0)
    assert w["unit"].tolist() == expected.index.tolist()
    assert w["load"].tolist() == expected["load"].tolist()
    assert w["overloaded"].tolist() == expected["overloaded"].tolist()
    c = read("centrality")
    assert c.columns[0] == "unit" and {"degree", "betweenness", "closeness"} <= set(c.columns)
    assert set(c["unit"]) == set(plan.units["unit"])
    r = read("coresponsibility")
    assert r.columns[:3].tolist() == ["unit_a", "unit_b", "shared_tasks"]
    k = read("checks")
    assert k.columns.tolist() == ["kind", "severity", "task_id", "unit", "message"]
    assert len(k) == len(yjgraph.analysis.checks(plan))
    sheets = pd.read_excel(paths["xlsx"], sheet_name=None)
    assert list(sheets) == names
    assert sheets["workload"]["unit"].tolist() == w["unit"].tolist()
    if plan_name == "tiny_plan":
        # A and C share tasks 1 and 2; every other pair at most one task
        pairs = {(a, b): s for a, b, s in r[["unit_a", "unit_b", "shared_tasks"]].itertuples(
            index=False)}
        assert pairs[("A", "C")] == 2
        assert pairs == {("A", "C"): 2, ("A", "B"): 1, ("A", "D"): 1, ("A", "E"): 1,
                         ("B", "C"): 1, ("D", "E"): 1}
        # by hand: A's robust z 2.02 > 2 -> overloaded
        assert w.loc[w["unit"] == "A", "overloaded"].item()


def test_tables_too_long_for_a_workbook_stay_in_csv(tiny_plan, tmp_path):
    from yjgraph.analysis import run

    # the tiny plan has tables on both sides of 5 rows
    paths = run.analyze_to_dir(tiny_plan, tmp_path, xlsx_max_rows=5)
    sheets = pd.read_excel(paths["xlsx"], sheet_name=None)
    left_out = sheets["not_in_workbook"].set_index("table")["rows"].to_dict()
    for name, path in paths.items():
        if name == "xlsx":
            continue
        n = len(pd.read_csv(path, encoding="utf-8-sig"))
        assert (name in left_out) == (n > 5), name
        assert (name in sheets) == (n <= 5), name


def test_without_a_workbook_the_csv_files_are_the_same(tiny_plan, tmp_path):
    from yjgraph.analysis import run

    both = run.analyze_to_dir(tiny_plan, tmp_path / "both")
    csv_only = run.analyze_to_dir(tiny_plan, tmp_path / "csv", xlsx=False)
    assert set(both) - set(csv_only) == {"xlsx"}
    assert not (tmp_path / "csv" / "analysis.xlsx").exists()
    for name, path in csv_only.items():
        assert path.read_bytes() == both[name].read_bytes(), name


def test_the_analyze_command_writes_one_workbook_the_planners(tmp_path, monkeypatch):
    """``yjgraph analyze`` writes analysis.xlsx once: the planner's workbook, not the plain one first."""
    from yjgraph import _xlsx, cli

    opened = []
    real = _xlsx.WorkbookWriter.__init__

    def counted(self, path, *args, **kwargs):
        opened.append(Path(path).name)
        real(self, path, *args, **kwargs)

    monkeypatch.setattr(_xlsx.WorkbookWriter, "__init__", counted)
    assert cli.main(["analyze", "-o", str(tmp_path / "out")]) == 0
    assert opened == ["analysis.xlsx"]
    assert list(pd.read_excel(tmp_path / "out" / "analysis.xlsx", sheet_name=None))[:2] == ["工作量", "单位任务"]


def test_a_failing_analysis_leaves_no_workbook(tiny_plan, tmp_path, monkeypatch):
    import importlib
    import tempfile

    from yjgraph.analysis import run

    C = importlib.import_module("yjgraph.analysis.centrality")
    monkeypatch.setattr(C, "centrality", lambda *a, **k: 1 / 0)  # the last step
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))  # xlsxwriter's temporary files
    (tmp_path / "tmp").mkdir()
    with pytest.raises(ZeroDivisionError):
        run.analyze_to_dir(tiny_plan, tmp_path / "out")
    assert not (tmp_path / "out" / "analysis.xlsx").exists()
    assert not list((tmp_path / "tmp").iterdir())




def test_every_table_file_of_a_report_is_formula_safe(tmp_path):
    # unit names starting "=", "+", "-" or "@" are text in every CSV a report writes (plan tables,
    # analysis tables, and the report's own: lead_support, communities, catch_all_groups)
    from yjgraph.report import write_tables

    rows = [("1", "=甲", "lead"), ("1", "+乙", "support"), ("2", "-丙", "lead"), ("2", "=甲", "support"),
            ("3", "@丁", "lead"), ("3", "各街道", "support")]
    write_tables(yjgraph.analyze(yjgraph.Plan.from_assignments(rows)), tmp_path)
    names = {"=甲", "+乙", "-丙", "@丁"}
    seen = set()
    for path in sorted(tmp_path.glob("*.csv")):
        for cell in (c for row in path.read_text(encoding="utf-8-sig").splitlines()[1:] for c in row.split(",")):
            assert cell not in names, (path.name, cell)
            if cell.lstrip("'") in names:
                seen.add(path.stem)
    assert {"units", "assignments", "workload", "lead_support", "communities"} <= seen
