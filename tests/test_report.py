"""`yjgraph report` on the bundled plan: the folder, the contents of index.html, and the page in Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from _browser import chromium_path, launch

import yjgraph
from yjgraph.cli import main
from yjgraph.report import SECTIONS

pytestmark = pytest.mark.slow  # builds a whole report


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    assert main(["report", "-o", str(out), "--format", "png,svg,pdf", "-q"]) == 0
    return out


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.refs, self.scripts = [], [], 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        for key in ("src", "href"):
            if a.get(key) and not a[key].startswith("#"):
                self.refs.append(a[key])
        if tag == "script":
            self.scripts += 1


def test_report_folder(report):
    assert (report / "index.html").is_file() and (report / "network.html").is_file()
    for name in ("tasks", "assignments", "units", "findings", "workload", "centrality",
                 "coresponsibility", "checks", "communities", "lead_support"):
        assert (report / "tables" / f"{name}.csv").is_file(), name
    assert (report / "tables" / "analysis.xlsx").is_file()
    for name in yjgraph.plot.FIGURES:
        assert (report / "figures" / f"{name}.png").is_file()
        assert (report / "figures" / f"{name}.svg").is_file()


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (poppler-utils) is not installed")
def test_no_chart_pdf_of_the_report_has_a_type3_font(report):
    pdfs = sorted((report / "figures").glob("*.pdf"))
    assert len(pdfs) == len(yjgraph.plot.FIGURES)
    for pdf in pdfs:
        listing = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
        fonts = listing.splitlines()[2:]
        assert fonts, pdf.name  # text is text: fonts are embedded
        assert not any("Type 3" in line for line in fonts), (pdf.name, listing)
        assert all(" yes yes yes " in line for line in fonts), (pdf.name, listing)  # embedded subsets, Unicode
        # every character of the charts is in the font cut to the plan: the whole CJK font
        # (fontTools needs about 0.4 s to subset it per PDF) is never embedded
        cjk = [line for line in fonts if "CJK" in line]
        assert cjk and all("yjgraph" in line for line in cjk), (pdf.name, listing)


def test_index_has_every_section_and_its_references_exist(report):
    doc = (report / "index.html").read_text(encoding="utf-8")
    p = _Refs()
    p.feed(doc)
    assert [i for i in p.ids if i in SECTIONS] == list(SECTIONS)
    assert p.refs, "the report references its figures and network"
    for ref in p.refs:
        assert (report / ref).exists(), ref
    imgs = re.findall(r'<img src="([^"]+)"', doc)
    assert {Path(i).stem for i in imgs} == set(yjgraph.plot.FIGURES)
    assert p.scripts == 0  # the report itself runs no script; the network is in its own file


def test_index_tables_match_the_analysis_functions(report):
    plan = yjgraph.load_example()
    doc = (report / "index.html").read_text(encoding="utf-8")
    tables = pd.read_html(str(report / "index.html"), encoding="utf-8")
    wl = yjgraph.workload(plan)
    shown = next(t for t in tables if {"单位", "负荷", "牵头任务数"} <= set(t.columns))
    assert 0 < len(shown) < len(wl)  # shortened, the full table linked
    assert shown["单位"].tolist() == wl.index[: len(shown)].tolist()
    assert shown["负荷"].tolist() == pytest.approx(wl["load"].head(len(shown)).round(1).tolist())
    assert set(shown["超负荷"]) <= {"是", "否"}
    assert shown.loc[shown["超负荷"] == "是", "单位"].tolist() == wl.index[wl["overloaded"]].tolist()
    pairs = yjgraph.coresponsibility(plan)
    shown = next(t for t in tables if {"单位甲", "单位乙", "共同任务数"} <= set(t.columns))
    assert shown["共同任务数"].tolist() == pairs["shared_tasks"].head(len(shown)).tolist()
    s = plan.summary()
    assert f"<td>{s['tasks']}</td>" in doc and f"<td>{s['lead']}</td>" in doc
    for csv in re.findall(r'href="(tables/[^"]+)"', doc):
        assert (report / csv).is_file()


def test_report_escapes_plan_text(tmp_path):
    evil = "<img src=x onerror=alert(1)>"
    unit = "区发改局<script>alert(1)"  # no blanks: a blank would split the name
    plan = yjgraph.read_plan(f"一、甲{evil}\n1.做某事{evil}。\n牵头单位:{unit}\n配合单位:区财政局\n"
                             f"2.再做一事。\n牵头单位:区财政局\n配合单位:{unit}\n")
    assert unit in set(plan.units["unit"])
    from yjgraph.report import build_report

    index = build_report(plan, tmp_path, formats=("png",))
    doc = index.read_text(encoding="utf-8")
    assert "区发改局&lt;script&gt;alert(1)" in doc
    assert "<script" not in doc and "<img src=x" not in doc


@pytest.mark.skipif(chromium_path() is None, reason="Chromium is not installed (make test installs it)")
def test_report_opens_in_chromium_without_errors(report):
    from playwright.sync_api import sync_playwright

    root = report.resolve().as_uri()
    outside, errors = [], []
    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page()

        def route(r):
            if r.request.url.startswith(root):
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((report / "index.html").resolve().as_uri(), wait_until="load")
        # every figure decoded, the network frame loaded its nodes
        widths = page.eval_on_selector_all("img", "els => els.map(e => e.naturalWidth)")
        assert len(widths) == len(yjgraph.plot.FIGURES) and min(widths) > 100
        frame = next(f for f in page.frames if f.url.endswith("network.html"))
        n_nodes = 0
        for _ in range(200):  # the network's page forbids eval, so poll from Python
            n_nodes = frame.evaluate("window.yjgraph && window.yjgraph.nodes ? window.yjgraph.nodes.length : 0")
            if n_nodes:
                break
            page.wait_for_timeout(100)
        assert n_nodes == 120
        assert page.title() == yjgraph.load_example().title
        browser.close()
    assert outside == []
    assert errors == []


@pytest.mark.skipif(chromium_path() is None, reason="Chromium is not installed (make test installs it)")
def test_index_prints_to_a4_without_anything_cut_off(report, tmp_path):
    from playwright.sync_api import sync_playwright

    from yjgraph.summary import key_findings

    # A4 less the print margins of the page's @page rule (18 mm each side), in CSS pixels
    width = round((210 - 2 * 18) / 25.4 * 96)
    pdf = tmp_path / "index.pdf"
    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": width, "height": 1000})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto((report / "index.html").resolve().as_uri(), wait_until="load")
        page.emulate_media(media="print")
        too_wide = page.evaluate("""(w) => [...document.querySelectorAll('figure, table, img')]
            .filter(e => e.offsetParent !== null)
            .filter(e => e.getBoundingClientRect().right > w + 1 || e.scrollWidth > e.clientWidth + 1)
            .map(e => e.id || e.getAttribute('src') || e.tagName)""", width)
        assert too_wide == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        n_figures = page.evaluate("document.querySelectorAll('figure img').length")
        assert n_figures == len(yjgraph.plot.FIGURES)
        page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True, print_background=True)
        browser.close()
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "(A4)" in info and int(re.search(r"Pages:\s+(\d+)", info).group(1)) > 1
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    first = key_findings(yjgraph.analyze(yjgraph.load_example()))["text"].iloc[0]
    assert re.sub(r"\s", "", first) in re.sub(r"\s", "", text)
