"""The interactive network in English (no CJK anywhere a reader sees) and search by alias."""

from __future__ import annotations

import re
from importlib import resources

import pytest

import yjgraph
from yjgraph._lang import CJK
from yjgraph.english import english_name
from yjgraph.html import network, network_spec


def _visible(spec) -> list[str]:
    """Every string of the spec the page may show (node ids, search aliases, vis options excepted)."""
    out: list[str] = []

    def walk(x, key=None):
        if key in ("aliases", "options", "id", "from", "to", "key"):  # ids are never shown
            return
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, dict):
            for k, v in x.items():
                walk(v, k)
        elif isinstance(x, list):
            for v in x:
                walk(v, key)

    walk(spec)
    return out


@pytest.mark.parametrize("view", ["tasks", "units"])
def test_english_spec_shows_no_chinese(seed_plan, view):
    en = network_spec(seed_plan, view=view, lang="en")
    bad = [s for s in _visible(en) if CJK.search(s)]
    assert not bad, bad[:5]
    zh = network_spec(seed_plan, view=view)
    assert any(CJK.search(s) for s in _visible(zh))  # the check can fail
    units = {n["id"]: n for n in en["nodes"] if n["kind"] == "unit"}
    assert units["unit:区发展改革局"]["label"] == "District Development and Reform Bureau"
    assert en["title"] in ("Task–unit responsibility network", "Unit co-responsibility network")
    if view == "tasks":
        task = next(n for n in en["nodes"] if n["id"] == "task:11")
        assert task["tip"]["text"] == "" and task["tip"]["chapter"] == "Chapter 2"
        a = seed_plan.assignments
        leads = a.loc[(a["task_id"].astype(str) == "11") & (a["role"] == "lead"), "unit"]
        assert task["tip"]["lead"] and set(task["tip"]["lead"]) == {english_name(u)[0] for u in leads}


def test_english_page_text_and_script_have_no_chinese(seed_plan):
    doc = network(seed_plan, lang="en").html
    assert '<html lang="en">' in doc
    body = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", doc, flags=re.S | re.I)
    assert not CJK.search(body), CJK.findall(body)[:10]
    js = resources.files("yjgraph.html").joinpath("network.js").read_text(encoding="utf-8")
    assert not CJK.search(js)  # every word the script writes comes from spec["ui"]
    assert CJK.search(re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "",
                             network(seed_plan).html, flags=re.S | re.I))


def test_task_texts_and_chapter_titles_on_request(seed_plan):
    spec = network_spec(seed_plan, lang="en", task_texts=True,
                        chapter_titles={"一": "Metropolitan layout"}, communities=False)
    task = next(n for n in spec["nodes"] if n["id"] == "task:1")
    assert task["tip"]["text"].startswith("完善雁江宜居宜业功能")
    assert spec["chapters"][0]["label"] == "Chapter 1. Metropolitan layout"


def test_search_aliases_carry_spellings_and_short_forms(seed_plan):
    spec = network_spec(seed_plan, communities=False)
    aliases = {n["id"]: n["aliases"] for n in spec["nodes"]}
    assert {"发改局", "区发改局", "发展和改革局"} <= set(aliases["unit:区发展改革局"])
    assert "区卫健局" in aliases["unit:区卫生健康局"]  # a spelling the plan uses
    assert "District Health Bureau" in aliases["unit:区卫生健康局"]
    # no short form is claimed by two units
    owner: dict[str, set] = {}
    for node_id, names in aliases.items():
        if node_id.startswith("unit:"):
            for a in names:
                owner.setdefault(a, set()).add(node_id)
    assert not {a: o for a, o in owner.items() if len(o) > 1}
    en = network_spec(seed_plan, communities=False, lang="en")
    assert "区发展改革局" in {n["id"]: n for n in en["nodes"]}["unit:区发展改革局"]["aliases"]


@pytest.mark.slow
def test_english_page_in_browser(seed_plan, tmp_path):
    from _browser import chromium_path, launch, open_page

    if chromium_path() is None:
        pytest.skip("Chromium not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = launch(p)
        try:
            path = network(seed_plan, lang="en").save(tmp_path / "net.html")
            o = open_page(browser, path, viewport=(1400, 900))
            o.wait_ready()
            assert o.page_errors == [] and o.console_errors == []
            text = o.page.evaluate("document.body.innerText")
            assert "Legend" in text and not CJK.search(text), CJK.findall(text)[:10]
            tips = o.page.evaluate("yjgraph.nodes.get().map(n => n.title.textContent)")
            assert len(tips) == 120 and not any(CJK.search(t) for t in tips)
            for query in ("发改局", "区发改局", "development and reform"):
                o.page.fill("#yj-search", query)
                o.page.press("#yj-search", "Enter")
                assert o.page.evaluate("yjgraph.network.getSelectedNodes()") == ["unit:区发展改革局"]
            status = o.page.evaluate("document.getElementById('yj-status').innerText")
            assert status == "Selected: District Development and Reform Bureau"
        finally:
            browser.close()


@pytest.mark.slow
def test_real_plans_in_english_show_no_chinese():
    """Every bundled real plan: no CJK in what its English network shows (pinyin names keep no 、)."""
    from pathlib import Path

    paths = sorted((Path(__file__).resolve().parents[1] / "data" / "plans").glob("*.txt"))
    assert paths
    for path in paths:
        plan = yjgraph.read_plan(path)
        spec = network_spec(plan, lang="en", communities=False)
        bad = [s for s in _visible(spec) if CJK.search(s)]
        assert not bad, (path.name, bad[:3])
