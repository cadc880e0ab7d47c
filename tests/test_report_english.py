"""``yjgraph report --lang en`` on the bundled plan: no CJK character in what a reader sees (issue 14).

The report is built once, by the command line, and read as a reader meets it:
the visible text of ``index.html`` and ``network.html`` (in Chromium when it is
installed, and always from the markup without its scripts and styles), every
SVG chart (the comments matplotlib writes for each text and the characters of
the glyphs it draws as paths, see ``_svgtext``) and the text of
``report.docx``. Each check is shown to find the Chinese of the Chinese
edition, so it can fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import yjgraph
from yjgraph._lang import CJK
from yjgraph.cli import main

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report_en") / "report"
    assert main(["report", "--lang", "en", "--format", "svg", "-j", "1", "-q", "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def chinese(report, tmp_path_factory) -> dict[str, str]:
    """The same pages and two charts in Chinese, for the checks to fail on."""
    from yjgraph.html import network
    from yjgraph.plot import figures_to_dir
    from yjgraph.report import _page, report_content
    from yjgraph.word import write_docx

    a = yjgraph.analyze(yjgraph.load_example())
    out = tmp_path_factory.mktemp("report_zh")
    figs = figures_to_dir(a, out / "figures", formats=("svg",), only=("workload", "sensitivity"))
    content = report_content(a, figs, out, lang="zh")
    return {
        "index.html": _page(content),
        "report.docx": _docx_text(write_docx(content, out)),
        "network.html": network(a.plan).html,
        **{f"figures/{p.name}": p.read_text(encoding="utf-8") for paths in figs.values() for p in paths},
    }


def _markup_text(html: str) -> str:
    """A page's markup without scripts and styles: its text and attributes (titles, alt texts)."""
    return re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", html, flags=re.S | re.I)


def test_svg_charts_have_no_chinese(report, chinese):
    from _svgtext import svg_cjk

    svgs = sorted((report / "figures").glob("*.svg"))
    assert [p.stem for p in svgs] == sorted(yjgraph.plot.FIGURES)
    for path in svgs:
        svg = path.read_text(encoding="utf-8")
        assert "<!-- Source: " in svg and svg.count("<!--") > 3, path.name  # the texts are there
        assert svg_cjk(svg) == {}, (path.name, svg_cjk(svg))
    for name, svg in chinese.items():
        if name.endswith(".svg"):
            found = svg_cjk(svg)
            assert {"comments", "glyphs"} <= set(found), name
            # the glyphs alone give the Chinese away, without the comments
            assert "glyphs" in svg_cjk(re.sub(r"<!--.*?-->", "", svg, flags=re.S)), name


def _browser_text(path: Path, *, network: bool = False) -> str:
    """What Chromium shows of a page (the title, the body's text and, for the network, every
    tooltip); "" without Chromium."""
    from _browser import chromium_path, launch, open_page

    if chromium_path() is None:
        return ""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = launch(p)
        try:
            o = open_page(browser, path, viewport=(1400, 900))
            if network:
                o.wait_ready()
            text = o.page.evaluate("document.title + '\\n' + document.body.innerText")
            if network:
                tips = o.page.evaluate("yjgraph.nodes.get().map(n => n.title.textContent)")
                assert tips
                text += "\n" + "\n".join(tips)
            assert o.page_errors == []
            return text
        finally:
            browser.close()


def test_index_page_has_no_chinese(report, chinese):
    page = (report / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    text = _markup_text(page)
    assert "Figure 1" in text and "Development and Reform Bureau" in text
    assert not CJK.search(text), CJK.findall(text)[:20]
    assert CJK.search(_markup_text(chinese["index.html"]))
    shown = _browser_text(report / "index.html")
    assert not CJK.search(shown), CJK.findall(shown)[:20]


def test_network_page_has_no_chinese(report, chinese):
    page = (report / "network.html").read_text(encoding="utf-8")
    assert CJK.search(_markup_text(chinese["network.html"]))
    text = _markup_text(page)
    assert '<html lang="en">' in page and not CJK.search(text), CJK.findall(text)[:20]
    shown = _browser_text(report / "network.html", network=True)
    assert not CJK.search(shown), CJK.findall(shown)[:20]


def _docx_text(path: Path) -> str:
    """Every paragraph of a Word file: body, table cells, headers and footers."""
    import docx

    doc = docx.Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    texts += [p.text for s in doc.sections for part in (s.header, s.footer) for p in part.paragraphs]
    return "\n".join(texts)


def test_word_report_has_no_chinese(report, chinese):
    text = _docx_text(report / "report.docx")
    assert "Development and Reform Bureau" in text
    assert not CJK.search(text), CJK.findall(text)[:20]
    assert CJK.search(chinese["report.docx"])


def test_title_en_names_the_plan_in_the_english_report_and_charts(tmp_path):
    out = tmp_path / "r"
    assert main(["report", "--lang", "en", "--title-en", "Yanjiang District's Tasks", "--format", "svg",
                 "--dpi", "30", "-q", "-o", str(out)]) == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "<title>Yanjiang District&#39;s Tasks" in page or "<title>Yanjiang District's Tasks" in page
    svg = (out / "figures" / "workload.svg").read_text(encoding="utf-8")
    assert "Source: Yanjiang District's Tasks" in svg or "Source: Yanjiang District&#39;s Tasks" in svg
