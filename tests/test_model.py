"""The plan model (exports, display) and the graph and matrix derived from it."""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import yjgraph
from yjgraph import Plan


def test_exports_round_trip(tiny_plan, tmp_path):
    paths = tiny_plan.to_csv(tmp_path)
    assert [p.name for p in paths] == ["tasks.csv", "assignments.csv", "units.csv", "findings.csv"]
    back = pd.read_csv(tmp_path / "assignments.csv", encoding="utf-8-sig", dtype={"task_id": str})
    assert back[["task_id", "unit", "role"]].values.tolist() == \
        tiny_plan.assignments[["task_id", "unit", "role"]].astype(object).values.tolist()
    data = json.loads(tiny_plan.to_json(tmp_path / "plan.json"))
    assert len(data["assignments"]) == 9 and data["tasks"][3]["chapter"] == "乙"
    assert json.loads((tmp_path / "plan.json").read_text(encoding="utf-8")) == data
    tiny_plan.to_excel(tmp_path / "plan.xlsx")
    sheets = pd.read_excel(tmp_path / "plan.xlsx", sheet_name=None)
    assert set(sheets) == {"tasks", "assignments", "units", "findings", "meta"}
    assert len(sheets["assignments"]) == 9


def test_repr_html_escapes_plan_text():
    plan = Plan.from_assignments([{"task_id": "1", "unit": "<script>x()</script>", "role": "lead"}],
                                 meta={"title": "<b>t</b>"})
    out = plan._repr_html_()
    assert "<script>" not in out and "&lt;script&gt;" in out and "&lt;b&gt;t&lt;/b&gt;" in out


def test_from_assignments_rejects_bad_roles():
    with pytest.raises(ValueError, match="unknown roles"):
        Plan.from_assignments([{"task_id": "1", "unit": "A", "role": "owner"}])
    with pytest.raises(ValueError, match="columns"):
        Plan.from_assignments([{"task_id": "1", "unit": "A"}])


def test_weights_validation():
    assert yjgraph.resolve_weights(None) == {"lead": 1.0, "support": 0.5}
    with pytest.raises(ValueError):
        yjgraph.resolve_weights({"owner": 1})
    with pytest.raises(ValueError):
        yjgraph.resolve_weights({"lead": -1})


def test_graph_nodes_cannot_collide():
    # a task "12" and a unit "12"
    plan = Plan.from_assignments([{"task_id": "12", "unit": "12", "role": "lead"},
                                  {"task_id": "13", "unit": "12", "role": "support"}])
    G = yjgraph.to_networkx(plan)
    assert G.number_of_nodes() == 3
    assert G.nodes["task:12"]["bipartite"] == 0 and G.nodes["unit:12"]["bipartite"] == 1
    assert G.edges["task:13", "unit:12"] == {"role": "support", "weight": 0.5}


def test_graph_and_matrix_agree_with_the_assignments(seed_plan):
    w = {"lead": 2.0, "support": 0.25}
    G = yjgraph.to_networkx(seed_plan, weights=w)
    B = yjgraph.biadjacency(seed_plan, weights=w)
    tasks = {n for n, d in G.nodes(data=True) if d["bipartite"] == 0}
    assert nx.is_bipartite(G) and len(tasks) == 86
    a = seed_plan.assignments
    assert G.number_of_edges() == B.matrix.nnz == len(a.drop_duplicates(["task_id", "unit"]))
    for row in a.itertuples(index=False):
        i, j = B.tasks.get_loc(row.task_id), B.units.get_loc(row.unit)
        assert B.matrix[i, j] == w[row.role] == G.edges[f"task:{row.task_id}", f"unit:{row.unit}"]["weight"]
        assert B.roles[i, j] == (1 if row.role == "lead" else 2)
    assert np.array_equal(B.binary.toarray(), (B.matrix.toarray() > 0).astype(float))
    assert B.role_matrix("lead").sum() == 158 and B.role_matrix("support").sum() == 133


def test_a_unit_named_lead_and_support_in_one_task_keeps_lead():
    plan = Plan.from_assignments([{"task_id": "1", "unit": "A", "role": "support"},
                                  {"task_id": "1", "unit": "A", "role": "lead"}])
    B = yjgraph.biadjacency(plan)
    assert B.matrix.toarray().tolist() == [[1.0]]
    assert yjgraph.to_networkx(plan).edges["task:1", "unit:A"]["role"] == "lead"


def test_plan_csv_files_are_formula_safe(tmp_path):
    plan = Plan.from_assignments([("1", "=HYPERLINK(\"http://x\")", "lead"), ("2", "@甲", "support")])
    units = pd.read_csv(plan.to_csv(tmp_path)[1], encoding="utf-8-sig")["unit"]
    assert units.tolist() == ["'=HYPERLINK(\"http://x\")", "'@甲"]


def test_workbooks_keep_plan_text_as_text(tmp_path):
    # a unit or task text starting with "=" must not become a live formula in Excel
    import openpyxl

    plan = Plan.from_assignments([{"task_id": "1", "unit": "=HYPERLINK(\"http://x\")", "role": "lead"},
                                  {"task_id": "2", "unit": "http://example.org", "role": "lead"}])
    plan.to_excel(tmp_path / "plan.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "plan.xlsx")["assignments"]
    header = [c.value for c in ws[1]]
    cells = [row[header.index("unit")] for row in ws.iter_rows(min_row=2)]
    assert [c.value for c in cells] == ["=HYPERLINK(\"http://x\")", "http://example.org"]
    assert {c.data_type for c in cells} == {"s"} and not ws._hyperlinks
