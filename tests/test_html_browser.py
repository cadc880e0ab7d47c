"""yjgraph.html in real headless Chromium, with the network cut off.

Skipped only when no Chromium is installed (CI installs ``/usr/bin/chromium``).
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from _browser import chromium_path, launch, open_page

import yjgraph
from yjgraph.html import network

pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    chromium_path() is None, reason="Chromium not installed at /usr/bin/chromium (apt install chromium)"
)]

EVIL_UNIT = '<img src=x onerror="window.__pwned=1;alert(1)">'
EVIL_TASK = "</script><script>window.__pwned=2;alert(2)</script>\u2028<!-- 恶意 & 任务"
EVIL_CHAPTER = "<b onmouseover=\"window.__pwned=3\">章</b>"
EVIL_TITLE = "</title><script>window.__pwned=4;alert(4)</script>"


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


def load(browser, net, tmp_path, name="net.html", **kw):
    path = net.save(tmp_path / name)
    page = open_page(browser, path, **kw)
    page.wait_ready()
    return page


def assert_quiet(o):
    assert o.requests == [] and o.blocked == [], (o.requests, o.blocked)
    assert o.console_errors == [] and o.page_errors == [], (o.console_errors, o.page_errors)
    assert o.dialogs == []


def center_on(o, node_id):
    """Centre the view on a node and return its position in page coordinates.

    Zooms in until the node is the one vis-network finds under that point
    (a big unit node can cover a small task node).
    """
    o.page.wait_for_timeout(400)  # let any focus / fit animation finish
    return o.page.evaluate(
        """id => {
            const net = yjgraph.network;
            let p;
            for (const scale of [1.5, 3, 6, 12]) {
                net.moveTo({position: net.getPosition(id), scale: scale});
                p = net.canvasToDOM(net.getPosition(id));
                if (net.getNodeAt(p) === id) break;
            }
            const r = document.querySelector('#yj-network canvas').getBoundingClientRect();
            return [p.x + r.left, p.y + r.top];
        }""",
        node_id,
    )


def hover_tooltip(o, node_id) -> str:
    """Hover a node with the mouse and return the text of the tooltip it shows."""
    o.page.mouse.move(1, 1)
    x, y = center_on(o, node_id)
    o.page.mouse.move(x - 30, y - 30)
    o.page.mouse.move(x, y, steps=4)
    return o.wait_for(
        """id => {
            const n = yjgraph.spec.nodes.find(n => n.id === id);
            const key = n.kind === "task" ? "任务 " + n.tip.number : n.label;
            const t = document.querySelector('div.vis-tooltip');
            return t && t.style.visibility === 'visible' && t.innerText.includes(key) && t.innerText;
        }""",
        arg=node_id,
    )


def visible_counts(o):
    return o.page.evaluate(
        """[yjgraph.nodes.get({filter: n => !n.hidden}).length,
            yjgraph.edges.get({filter: e => !e.hidden}).length]"""
    )


def screenshot_colours(o, path: Path):
    """Screenshot the drawing (overlays hidden); return (distinct colours, non-white share)."""
    from PIL import Image

    o.page.click("#yj-fit")
    o.page.mouse.move(1, 1)
    o.page.evaluate("document.querySelectorAll('.yj-overlay').forEach(e => e.style.display = 'none')")
    o.page.wait_for_timeout(300)
    png = o.page.locator("#yj-network").screenshot(path=str(path))
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3)
    non_white = float((pixels.min(axis=1) < 245).mean())
    return len(np.unique(pixels, axis=0)), non_white


# ------------------------------------------------------------------ tiny plan
def test_loads_offline_with_right_counts(browser, tiny_plan, tmp_path):
    o = load(browser, network(tiny_plan), tmp_path)
    assert_quiet(o)
    G = yjgraph.to_networkx(tiny_plan)
    counts = o.page.evaluate(
        "[yjgraph.nodes.length, yjgraph.edges.length,"
        " yjgraph.network.body.nodeIndices.length, yjgraph.network.body.edgeIndices.length]"
    )
    assert counts == [G.number_of_nodes(), G.number_of_edges()] * 2 == [9, 9, 9, 9]
    # physics stabilised, then frozen; the checkbox turns it back on
    assert o.page.evaluate("yjgraph.network.physics.physicsEnabled") is False
    assert o.page.is_checked("#yj-physics") is False
    o.page.check("#yj-physics")
    assert o.page.evaluate("yjgraph.network.physics.physicsEnabled") is True


def test_search_selects(browser, tiny_plan, tmp_path):
    o = load(browser, network(tiny_plan), tmp_path)
    o.page.fill("#yj-search", "C")
    o.page.press("#yj-search", "Enter")
    assert o.page.evaluate("yjgraph.network.getSelectedNodes()") == ["unit:C"]
    o.page.fill("#yj-search", "任务4")
    o.page.click("#yj-search-go")
    assert o.page.evaluate("yjgraph.network.getSelectedNodes()") == ["task:4"]
    o.page.fill("#yj-search", "没有这个单位")
    o.page.press("#yj-search", "Enter")
    assert "未找到" in o.page.inner_text("#yj-status")
    assert_quiet(o)


def test_filters_tasks_view(browser, tiny_plan, tmp_path):
    o = load(browser, network(tiny_plan), tmp_path)
    # chapter 二: task 4 with D (lead), A and E (support)
    o.page.select_option("#yj-chapter", "1")
    assert visible_counts(o) == [4, 3]
    # support only, every chapter: tasks 1, 2, 4; units C, A, E; 4 support edges
    o.page.select_option("#yj-chapter", "")
    o.page.select_option("#yj-role", "support")
    assert visible_counts(o) == [6, 4]
    # unit B, any role: tasks 1 and 3, and the units on them (A, B, C)
    o.page.select_option("#yj-role", "")
    o.page.select_option("#yj-unit", "unit:B")
    assert visible_counts(o) == [5, 4]
    hidden = o.page.evaluate("yjgraph.nodes.get({filter: n => n.hidden}).map(n => n.id).sort()")
    assert hidden == ["task:2", "task:4", "unit:D", "unit:E"]
    o.page.click("#yj-reset")
    assert visible_counts(o) == [9, 9]


def test_filters_units_view(browser, tiny_plan, tmp_path):
    o = load(browser, network(tiny_plan, view="units"), tmp_path)
    assert visible_counts(o) == [5, 6]
    o.page.select_option("#yj-chapter", "1")  # A, D, E share task 4
    assert visible_counts(o) == [3, 3]
    o.page.select_option("#yj-role", "lead")  # only D leads in chapter 二
    assert visible_counts(o) == [1, 0]


def test_click_highlights_neighbourhood(browser, tiny_plan, tmp_path):
    o = load(browser, network(tiny_plan), tmp_path)
    x, y = center_on(o, "unit:B")
    o.page.mouse.click(x, y)
    o.wait_for("yjgraph.state.highlighted === 'unit:B'")
    colours = o.page.evaluate(
        "Object.fromEntries(yjgraph.nodes.get().map(n => [n.id, JSON.stringify(n.color)]))"
    )
    spec = {n["id"]: n for n in network(tiny_plan).spec["nodes"]}
    kept = {"unit:B", "task:1", "task:3"}
    for node_id, colour in colours.items():
        if node_id in kept:
            assert colour == f'"{spec[node_id]["color"]}"', node_id
        else:
            assert "rgba" in colour, node_id


def test_tooltip_is_text(browser, tiny_plan, tmp_path):
    o = load(browser, network(tiny_plan), tmp_path)
    text = hover_tooltip(o, "task:4")
    assert "任务 4" in text and "任务四。" in text and "二、乙" in text
    assert "牵头单位：D" in text and "配合单位：A、E" in text
    text = hover_tooltip(o, "unit:A")
    assert "负荷：2.5" in text and "牵头 2 项" in text and "配合 1 项" in text
    assert "C（2 项）" in text


def test_repr_html_iframe_renders(browser, tiny_plan):
    net = network(tiny_plan, height=500)
    ctx = browser.new_context()
    page = ctx.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.set_content(net._repr_html_())
    frame = page.frames[1]
    for _ in range(200):
        if frame.evaluate("!!(window.yjgraph && yjgraph.state.ready)"):
            break
        page.wait_for_timeout(50)
    assert frame.evaluate("[yjgraph.nodes.length, yjgraph.edges.length]") == [9, 9]
    assert page.evaluate("document.querySelector('iframe').getBoundingClientRect().height") == 500
    assert [u for u in requests if not u.startswith(("about:", "data:"))] == []
    ctx.close()


# ------------------------------------------------------------------ malicious plan
def evil_plan():
    return yjgraph.Plan.from_assignments(
        [{"task_id": "1", "unit": EVIL_UNIT, "role": "lead"},
         {"task_id": "1", "unit": "区财政局", "role": "support"},
         {"task_id": "2", "unit": "区财政局", "role": "lead"}],
        [{"task_id": "1", "chapter_no": "一", "chapter": EVIL_CHAPTER, "text": EVIL_TASK},
         {"task_id": "2", "chapter_no": "二", "chapter": "正常章节", "text": "正常任务。"}],
        meta={"title": EVIL_TITLE},
    )


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["csp", "escaping-only"])
@pytest.mark.parametrize("view", ["tasks", "units"])
def test_malicious_plan_runs_nothing(browser, tmp_path, view, bypass_csp):
    o = load(browser, network(evil_plan(), view=view), tmp_path, bypass_csp=bypass_csp)
    assert o.page.evaluate("window.__pwned") is None
    assert_quiet(o)  # an <img src=x> would have requested .../x
    assert o.page.evaluate("document.querySelectorAll('img, b, script[src]').length") == 0
    assert o.page.title() == EVIL_TITLE
    assert o.page.inner_text("#yj-title") == EVIL_TITLE
    options = o.page.evaluate("[...document.querySelectorAll('#yj-unit option')].map(x => x.text)")
    assert EVIL_UNIT in options
    labels = o.page.evaluate("yjgraph.nodes.get().map(n => n.label)")
    assert EVIL_UNIT in labels
    tip = hover_tooltip(o, f"unit:{EVIL_UNIT}")
    assert EVIL_UNIT in tip
    if view == "tasks":
        assert o.page.evaluate("document.getElementById('yj-legend').innerText").count(EVIL_CHAPTER) == 1
        tip = hover_tooltip(o, "task:1")
        assert "</script><script>window.__pwned=2" in tip and "恶意 & 任务" in tip
    o.page.fill("#yj-search", EVIL_UNIT)
    o.page.press("#yj-search", "Enter")
    assert o.page.evaluate("yjgraph.network.getSelectedNodes()") == [f"unit:{EVIL_UNIT}"]
    assert o.page.evaluate("window.__pwned") is None
    assert o.dialogs == [] and o.requests == []


# ------------------------------------------------------------------ seed plan
@pytest.mark.parametrize("view", ["tasks", "units"])
def test_seed_plan_in_browser(browser, seed_plan, tmp_path, view):
    o = load(browser, network(seed_plan, view=view), tmp_path, viewport=(1400, 900))
    assert_quiet(o)
    G = yjgraph.to_networkx(seed_plan)
    n_nodes, n_edges = o.page.evaluate("[yjgraph.nodes.length, yjgraph.edges.length]")
    if view == "tasks":
        assert (n_nodes, n_edges) == (G.number_of_nodes(), G.number_of_edges()) == (120, 291)
    else:
        import networkx as nx

        units = [n for n, d in G.nodes(data=True) if d["bipartite"] == 1]
        P = nx.bipartite.projected_graph(G, units)
        assert (n_nodes, n_edges) == (P.number_of_nodes(), P.number_of_edges())
    # search for a unit selects it
    unit = seed_plan.units["unit"].iloc[0]
    o.page.fill("#yj-search", unit)
    o.page.press("#yj-search", "Enter")
    assert o.page.evaluate("yjgraph.network.getSelectedNodes()") == [f"unit:{unit}"]
    o.page.click("#yj-reset")
    if view == "tasks":
        task = seed_plan.tasks.iloc[10]
        tip = hover_tooltip(o, f"task:{task.task_id}")
        assert f"任务 {task.number}" in tip
        assert str(task.text)[:30] in tip.replace("\n", "")
    shot = Path("/tmp") / f"yjgraph_seed_{view}.png"
    colours, non_white = screenshot_colours(o, shot)
    assert colours > 20 and non_white > 0.01, (colours, non_white)
