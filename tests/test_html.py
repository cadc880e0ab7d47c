"""yjgraph.html without a browser: the spec, the JSON embedding, the document, saving."""

from __future__ import annotations

import html as std_html
import json
import locale
import re
from html.parser import HTMLParser

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import yjgraph
from yjgraph.html import NetworkHTML, network, network_spec, to_script_json, write_network

EVIL_UNIT = '<img src=x onerror="window.__pwned=1;alert(1)">'
EVIL_TEXT = "</script><script>window.__pwned=2;alert(2)</script>\u2028<!-- & 任务"


def nodes_by_id(spec):
    return {n["id"]: n for n in spec["nodes"]}


# ------------------------------------------------------------------ the spec
def test_tasks_view_matches_networkx(tiny_plan):
    spec = network_spec(tiny_plan, communities=False)
    G = yjgraph.to_networkx(tiny_plan)
    assert {n["id"] for n in spec["nodes"]} == set(G.nodes)
    got = {frozenset((e["from"], e["to"])): e["role"] for e in spec["edges"]}
    want = {frozenset((a, b)): d["role"] for a, b, d in G.edges(data=True)}
    assert got == want
    assert len(spec["edges"]) == G.number_of_edges() == 9


def test_unit_load_counts_and_partners_by_hand(tiny_plan):
    n = nodes_by_id(network_spec(tiny_plan, communities=False))
    # A: leads 1, 2 and supports 4 -> 1 + 1 + 0.5
    assert n["unit:A"]["tip"] == {"load": 2.5, "n_lead": 2, "n_support": 1,
                                  "partners": [["C", 2], ["B", 1], ["D", 1], ["E", 1]],
                                  "community": None}
    assert [n[f"unit:{u}"]["tip"]["load"] for u in "BCDE"] == [2, 1, 1, 0.5]
    # size grows with load; tasks are smaller than every unit
    sizes = [n[f"unit:{u}"]["size"] for u in "ABCDE"]
    assert sizes[0] == max(sizes) and sizes[4] == min(sizes)
    assert all(n[f"task:{t}"]["size"] < min(sizes) for t in "1234")


def test_weights_change_load(tiny_plan):
    n = nodes_by_id(network_spec(tiny_plan, weights={"support": 0.25}, communities=False))
    assert n["unit:A"]["tip"]["load"] == 2.25
    assert n["unit:E"]["tip"]["load"] == 0.25


def test_task_tooltip_data(tiny_plan):
    n = nodes_by_id(network_spec(tiny_plan, communities=False))
    assert n["task:1"]["tip"] == {"number": "1", "chapter": "一、甲", "text": "任务一。",
                                  "lead": ["A", "B"], "support": ["C"]}
    assert n["task:4"]["tip"]["lead"] == ["D"] and n["task:4"]["tip"]["support"] == ["A", "E"]
    assert n["task:4"]["chapter"] == 1 and n["task:1"]["chapter"] == 0


def test_edge_styles(tiny_plan):
    spec = network_spec(tiny_plan, communities=False)
    lead = [e for e in spec["edges"] if e["role"] == "lead"]
    support = [e for e in spec["edges"] if e["role"] == "support"]
    assert len(lead) == 5 and len(support) == 4
    assert all(e["dashes"] is False for e in lead)
    assert all(e["dashes"] for e in support)
    assert min(e["width"] for e in lead) > max(e["width"] for e in support)


def test_chapter_colours_and_legend(tiny_plan):
    spec = network_spec(tiny_plan, communities=False)
    n = nodes_by_id(spec)
    assert n["task:1"]["color"] == n["task:3"]["color"] != n["task:4"]["color"]
    labels = [item["label"] for item in spec["legend"]]
    assert "任务：一、甲" in labels and "任务：二、乙" in labels
    assert any("牵头" in x and "实线" in x for x in labels)
    assert any("配合" in x and "虚线" in x for x in labels)
    assert any("负荷" in x for x in labels)


def test_communities_colour_units(tiny_plan):
    comm = pd.DataFrame({"community": [0, 0, 1, 1, 0]},
                        index=pd.Index(list("ABCDE"), name="unit"))
    spec = network_spec(tiny_plan, communities=comm)
    n = nodes_by_id(spec)
    assert n["unit:A"]["color"] == n["unit:B"]["color"] == n["unit:E"]["color"]
    assert n["unit:C"]["color"] == n["unit:D"]["color"] != n["unit:A"]["color"]
    assert n["unit:C"]["tip"]["community"] == 1
    labels = [item["label"] for item in spec["legend"]]
    assert "单位：协作群体 1" in labels and "单位：协作群体 2" in labels  # as the report names them


def test_communities_missing_unit_is_grey(tiny_plan):
    spec = network_spec(tiny_plan, communities={"A": 0})
    n = nodes_by_id(spec)
    assert n["unit:B"]["color"] == n["unit:C"]["color"] != n["unit:A"]["color"]
    assert n["unit:B"]["tip"]["community"] is None


def test_kind_colours_without_communities():
    plan = yjgraph.Plan.from_assignments([
        {"task_id": "1", "unit": "区发改局", "role": "lead"},
        {"task_id": "1", "unit": "各乡镇", "role": "support"},
    ])
    n = nodes_by_id(network_spec(plan, communities=False))
    assert n["unit:区发改局"]["color"] != n["unit:各乡镇"]["color"]


def test_bad_arguments(tiny_plan):
    with pytest.raises(ValueError, match="view"):
        network_spec(tiny_plan, view="people")
    with pytest.raises(TypeError, match="communities"):
        network_spec(tiny_plan, communities=[1, 2])
    with pytest.raises(ValueError, match="height"):
        network(tiny_plan, height="100px; background:url(http://x)")


def test_units_view_matches_projection(tiny_plan):
    spec = network_spec(tiny_plan, view="units", communities=False)
    G = yjgraph.to_networkx(tiny_plan)
    units = {n for n, d in G.nodes(data=True) if d["bipartite"] == 1}
    P = nx.bipartite.weighted_projected_graph(G, units)
    got = {frozenset((e["from"], e["to"])): e["shared"] for e in spec["edges"]}
    want = {frozenset((a, b)): d["weight"] for a, b, d in P.edges(data=True)}
    assert got == want
    assert got[frozenset(("unit:A", "unit:C"))] == 2 and len(got) == 6
    n = nodes_by_id(spec)
    assert set(n) == units
    assert n["unit:A"]["lead_ch"] == [0] and n["unit:A"]["sup_ch"] == [1]
    assert n["unit:E"]["lead_ch"] == [] and n["unit:E"]["sup_ch"] == [1]


def test_options_merge(tiny_plan):
    spec = network_spec(tiny_plan, options={"physics": {"solver": "barnesHut"}})
    assert spec["options"]["physics"]["solver"] == "barnesHut"
    assert spec["options"]["physics"]["stabilization"]["enabled"] is True


def test_input_not_mutated(tiny_plan):
    before = {k: v.copy() for k, v in tiny_plan.tables().items()}
    assert network(tiny_plan, communities=False).html
    for k, v in tiny_plan.tables().items():
        pd.testing.assert_frame_equal(v, before[k])


# ------------------------------------------------------------------ embedding
def test_script_json_escapes_and_round_trips():
    data = {"a": EVIL_UNIT, "b": EVIL_TEXT, "c": "\u2029"}
    text = to_script_json(data)
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text
    assert json.loads(text) == data


class _Scripts(HTMLParser):
    """Collect tags and script bodies as an HTML parser sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.scripts, self._in = [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in = []

    def handle_data(self, data):
        if self._in is not None:
            self._in.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in is not None:
            self.scripts.append("".join(self._in))
            self._in = None


def evil_plan():
    return yjgraph.Plan.from_assignments(
        [{"task_id": "1", "unit": EVIL_UNIT, "role": "lead"},
         {"task_id": "1", "unit": "区财政局", "role": "support"}],
        [{"task_id": "1", "chapter_no": "一", "chapter": "<b onmouseover=alert(3)>章</b>",
          "text": EVIL_TEXT}],
        meta={"title": "</title><script>window.__pwned=4</script>"},
    )


def test_document_is_self_contained_and_inert():
    doc = network(evil_plan()).html
    p = _Scripts()
    p.feed(doc)
    tags = [t for t, _ in p.tags]
    # exactly our three scripts: data, vis-network, yjgraph; none loads anything
    assert tags.count("script") == 3
    assert all("src" not in a for t, a in p.tags if t in ("script", "img", "iframe"))
    assert "link" not in tags and "img" not in tags
    spec = json.loads(p.scripts[0])
    assert EVIL_UNIT in {n["label"] for n in spec["nodes"]}
    assert spec["title"] == "</title><script>window.__pwned=4</script>"
    # the payloads never appear raw in the document
    assert EVIL_UNIT not in doc and "</script><script>window.__pwned" not in doc
    assert std_html.escape("</title><script>window.__pwned=4</script>") in doc
    assert not re.search(r"sourceMappingURL", doc)


def test_repr_html_is_srcdoc_iframe(tiny_plan):
    net = network(tiny_plan, height=600)
    out = net._repr_html_()
    m = re.fullmatch(r'<iframe srcdoc="([^"]*)"[^>]*></iframe>', out)
    assert m, out[:200]
    assert std_html.unescape(m.group(1)) == net.html
    assert "height:600px" in out and 'sandbox="allow-scripts"' in out
    assert "file:" not in out[:300]


# ------------------------------------------------------------------ saving
def test_save_is_utf8_whatever_the_locale(tiny_plan, tmp_path, monkeypatch):
    monkeypatch.setattr(locale, "getpreferredencoding", lambda *a, **k: "cp1252")
    monkeypatch.setattr(locale, "getencoding", lambda: "cp1252", raising=False)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "sub" / "net.html"
    net = network(tiny_plan)
    assert net.save(out) == out
    raw = out.read_bytes()
    assert raw.decode("utf-8") == net.html
    assert "任务一。".encode() in raw and b'<meta charset="utf-8">' in raw
    # nothing but the one file, in the target folder or the working directory
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "sub", "sub/net.html"]


def test_write_network(tiny_plan, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write_network(tiny_plan, tmp_path / "units.html", view="units")
    doc = path.read_text(encoding="utf-8")
    assert '"view": "units"' in doc and "100vh" in doc
    assert [p.name for p in tmp_path.iterdir()] == ["units.html"]


def test_network_object(tiny_plan):
    net = network(tiny_plan, view="units", communities=False)
    assert isinstance(net, NetworkHTML)
    assert repr(net) == "<NetworkHTML 'units': 5 nodes, 6 edges>"


# ------------------------------------------------------------------ scale
def big_plan(n_tasks=8000, n_units=2000, seed=0):
    """A synthetic plan of 10 000 nodes built straight into the model tables."""
    rng = np.random.default_rng(seed)
    units = np.array([f"单位{i:04d}" for i in range(n_units)], dtype=object)
    picks = np.argsort(rng.random((n_tasks, n_units)), axis=1)[:, :3]
    tid = np.repeat(np.arange(n_tasks).astype(str), 3)
    a = pd.DataFrame({
        "task_id": tid, "unit": units[picks.ravel()], "unit_raw": units[picks.ravel()],
        "role": np.tile(["lead", "support", "support"], n_tasks),
        "position": np.tile([1, 2, 3], n_tasks), "line": pd.NA,
    })
    t = pd.DataFrame({"task_id": np.arange(n_tasks).astype(str)})
    t["number"] = t["task_id"]
    t["chapter_no"] = np.array(list("一二三四五"))[np.arange(n_tasks) % 5]
    t["chapter"] = "章" + t["chapter_no"]
    t["text"] = "推进重点任务落实" * 4
    for col in yjgraph.model.TASK_COLUMNS:
        if col not in t:
            t[col] = False if col == "open_ended" else pd.NA
    u = a.groupby("unit").agg(n_lead=("role", lambda r: int((r == "lead").sum())),
                              n_support=("role", lambda r: int((r == "support").sum())))
    u = u.reset_index().assign(aliases="", is_group=False)
    model = yjgraph.model
    return yjgraph.Plan(tasks=t[model.TASK_COLUMNS], assignments=a[model.ASSIGNMENT_COLUMNS],
                        units=u[model.UNIT_COLUMNS], findings=model.frame([], model.FINDING_COLUMNS))


@pytest.mark.slow
def test_ten_thousand_nodes():
    """Every node and edge of a large plan is in the spec (its speed: benchmarks/bench_network.py)."""
    spec = network_spec(big_plan(), communities=False)
    assert len(spec["nodes"]) == 10_000 and len(spec["edges"]) == 24_000
    assert {n["id"] for n in spec["nodes"]} >= {e["to"] for e in spec["edges"]}


# ------------------------------------------------------------------ seed plan
def test_seed_plan_spec(seed_plan):
    spec = network_spec(seed_plan)
    G = yjgraph.to_networkx(seed_plan)
    assert len(spec["nodes"]) == G.number_of_nodes() == 120
    assert len(spec["edges"]) == G.number_of_edges() == 291
    assert len(spec["chapters"]) == seed_plan.tasks["chapter"].nunique()
    units = network_spec(seed_plan, view="units")
    P = nx.bipartite.projected_graph(G, [n for n, d in G.nodes(data=True) if d["bipartite"] == 1])
    assert len(units["edges"]) == P.number_of_edges()
