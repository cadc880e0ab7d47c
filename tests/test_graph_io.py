"""GEXF, GraphML and CSV export of the task-unit graph."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from yjgraph import Plan, to_networkx
from yjgraph.graph_io import to_node_edge_tables, write_gexf, write_graphml, write_node_edge_csv

READERS = {"gexf": (write_gexf, nx.read_gexf), "graphml": (write_graphml, nx.read_graphml)}


@pytest.fixture
def chinese_plan() -> Plan:
    return Plan.from_assignments(
        [
            {"task_id": "1", "unit": "区发展改革局", "role": "lead"},
            {"task_id": "1", "unit": "各镇（街道）", "role": "support"},
            {"task_id": "2", "unit": "区发展改革局", "role": "support"},
        ],
        [
            {"task_id": "1", "chapter_no": "一", "chapter": "优化都市圈发展布局",
             "title": "完善雁江宜居宜业功能", "open_ended": True},
            {"task_id": "2", "chapter_no": "二", "chapter": "交通"},  # no title: NA
        ],
    )


def _assert_no_bad_values(G):
    for _, d in list(G.nodes(data=True)) + [(None, d) for *_, d in G.edges(data=True)]:
        for v in d.values():
            assert v is not None and not isinstance(v, list | tuple | set | dict)


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_round_trip_tiny(tiny_plan, tmp_path, fmt):
    write, read = READERS[fmt]
    path = write(tiny_plan, tmp_path / f"plan.{fmt}")
    assert path.exists()
    G = read(path)
    ref = to_networkx(tiny_plan)
    assert set(G.nodes) == set(ref.nodes)
    assert {frozenset(e) for e in G.edges} == {frozenset(e) for e in ref.edges}
    for n, d in ref.nodes(data=True):
        assert G.nodes[n]["label"] == d["label"]
        assert G.nodes[n]["kind"] == d["kind"]
        assert int(G.nodes[n]["bipartite"]) == d["bipartite"]
    for u, v, d in ref.edges(data=True):
        assert G.edges[u, v]["role"] == d["role"]
        assert float(G.edges[u, v]["weight"]) == d["weight"]
    # counts added for Gephi: A leads 1 and 2 and supports 4 (load 2.5); task 1 has 2 leads
    a = G.nodes["unit:A"]
    assert (int(a["n_lead"]), int(a["n_support"]), int(a["n_tasks"]), float(a["load"])) == (
        2, 1, 3, 2.5
    )
    t1 = G.nodes["task:1"]
    assert (int(t1["n_lead"]), int(t1["n_support"])) == (2, 1)
    assert t1["chapter"] == "甲" and t1["chapter_no"] == "一" and t1["open_ended"] is False
    _assert_no_bad_values(G)


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_chinese_labels_and_missing_values(chinese_plan, tmp_path, fmt):
    write, read = READERS[fmt]
    G = read(write(chinese_plan, tmp_path / f"plan.{fmt}", weights={"support": 0.25}))
    assert G.nodes["unit:各镇（街道）"]["label"] == "各镇（街道）"
    assert G.nodes["unit:各镇（街道）"]["is_group"] is True
    assert G.nodes["task:1"]["title"] == "完善雁江宜居宜业功能"
    assert G.nodes["task:1"]["open_ended"] is True
    assert G.edges["task:1", "unit:各镇（街道）"]["weight"] == 0.25
    assert float(G.nodes["unit:区发展改革局"]["load"]) == 1.25
    _assert_no_bad_values(G)
    text = (tmp_path / f"plan.{fmt}").read_text(encoding="utf-8")
    assert "区发展改革局" in text and "None" not in text


def test_sanitises_a_graph(tmp_path):
    G = nx.Graph(name="测试", tags=["a", "b"])
    G.add_node("x", label="甲", aliases=["乙", "丙"], size=np.int64(3), missing=None,
               ratio=np.float64(0.5), flag=np.bool_(True), extra={"k": "v"}, mixed=1)
    G.add_node("y", label="丁", missing=float("nan"), mixed="text", size=2.5)
    G.add_edge("x", "y", weight=np.float32(2.0), role=None)
    for fmt, (write, read) in READERS.items():
        H = read(write(G, tmp_path / f"g.{fmt}"))
        x, y = H.nodes["x"], H.nodes["y"]
        assert x["aliases"] == "乙 | 丙"
        assert "missing" not in x and "missing" not in y
        assert x["flag"] is True
        assert float(x["size"]) == 3.0 and float(y["size"]) == 2.5  # int + float -> float
        assert x["mixed"] == "1" and y["mixed"] == "text"  # int + str -> str
        assert x["extra"] == '{"k": "v"}'
        assert float(H.edges["x", "y"]["weight"]) == 2.0
        assert "role" not in H.edges["x", "y"]
    # the caller's graph is untouched
    assert G.nodes["x"]["aliases"] == ["乙", "丙"] and G.nodes["x"]["missing"] is None
    with pytest.raises(ValueError):
        write_gexf(G, tmp_path / "w.gexf", weights={"support": 1.0})
    with pytest.raises(TypeError):
        write_gexf("not a plan", tmp_path / "w.gexf")


def test_node_edge_tables(tiny_plan):
    nodes, edges = to_node_edge_tables(tiny_plan)
    assert nodes.columns[:4].tolist() == ["id", "label", "kind", "bipartite"]
    assert len(nodes) == 4 + 5
    assert nodes["id"].tolist()[:4] == ["task:1", "task:2", "task:3", "task:4"]
    assert edges.columns[:5].tolist() == ["source", "target", "type", "role", "weight"]
    assert len(edges) == 9
    assert edges["source"].str.startswith("task:").all()
    assert edges["target"].str.startswith("unit:").all()
    e = edges.set_index(["source", "target"])
    assert e.loc[("task:4", "unit:E"), "role"] == "support"
    assert e.loc[("task:4", "unit:E"), "weight"] == 0.5
    # leads 1A, 1B, 2A, 3B, 4D (5 x 1.0) + supports 1C, 2C, 4A, 4E (4 x 0.5) = 7
    assert edges["weight"].sum() == 7.0
    assert (edges["role"] == "lead").sum() == 5


def test_csv_with_bom(chinese_plan, tmp_path):
    paths = write_node_edge_csv(chinese_plan, tmp_path / "out", prefix="yj_")
    assert paths["nodes"].name == "yj_nodes.csv" and paths["edges"].name == "yj_edges.csv"
    for path in paths.values():
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    nodes = pd.read_csv(paths["nodes"], encoding="utf-8-sig", dtype=str)
    edges = pd.read_csv(paths["edges"], encoding="utf-8-sig", dtype=str)
    assert nodes.columns[0] == "id"  # no BOM glued to the header
    assert nodes["label"].tolist() == ["1", "2", "区发展改革局", "各镇（街道）"]
    assert nodes.loc[nodes["id"] == "task:1", "title"].item() == "完善雁江宜居宜业功能"
    assert sorted(edges["role"]) == ["lead", "support", "support"]


def test_seed_round_trip(seed_plan, tmp_path):
    G = nx.read_gexf(write_gexf(seed_plan, tmp_path / "seed.gexf"))
    assert G.number_of_nodes() == len(seed_plan.tasks) + len(seed_plan.units)
    n_edges = len(seed_plan.assignments.drop_duplicates(["task_id", "unit"]))
    assert G.number_of_edges() == n_edges
    labels = {d["label"] for _, d in G.nodes(data=True) if d["kind"] == "unit"}
    assert labels == set(seed_plan.units["unit"])
    H = nx.read_graphml(write_graphml(seed_plan, tmp_path / "seed.graphml"))
    assert {d["label"] for _, d in H.nodes(data=True) if d["kind"] == "unit"} == labels
