"""report.docx: opened with python-docx (headings, summary, numbered captions, tables, East Asian
font) and, in CI, converted by LibreOffice to a PDF whose text holds the summary."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

import yjgraph
from yjgraph.plot import FIGURES
from yjgraph.report import report_content
from yjgraph.summary import key_findings
from yjgraph.word import TEXT_WIDTH_CM, write_docx


@pytest.fixture(scope="module")
def analysis():
    return yjgraph.analyze(yjgraph.load_example())


@pytest.fixture(scope="module")
def docx_path(analysis, tmp_path_factory):
    out = tmp_path_factory.mktemp("docx")
    (out / "figures").mkdir()
    figs = {}
    for i, name in enumerate(FIGURES):  # stand-in charts of several shapes, one very tall
        size = (1800, 1000) if i % 3 else (1200, 4000) if i == 3 else (1800, 1800)
        Image.new("RGB", size, "white").save(out / "figures" / f"{name}.png")
        figs[name] = [out / "figures" / f"{name}.png"]
    return write_docx(report_content(analysis, figs, out, lang="zh"), out)


def test_docx_has_title_summary_captions_and_tables(docx_path, analysis):
    doc = Document(str(docx_path))
    paras = doc.paragraphs
    assert paras[0].style.name == "Title" and paras[0].text == analysis.plan.title
    headings = [p.text for p in paras if p.style.name == "Heading 1"]
    assert headings[0] == "主要发现" and headings[-1] == "方法说明" and "工作负荷" in headings
    text = "\n".join(p.text for p in paras)
    for sentence in key_findings(analysis, lang="zh")["text"]:
        assert sentence in text
    figure_captions = [p.text for p in paras if re.match(r"图\d+　", p.text)]
    assert len(figure_captions) == len(FIGURES) >= 8
    assert [int(re.match(r"图(\d+)", c).group(1)) for c in figure_captions] == list(range(1, len(FIGURES) + 1))
    assert figure_captions[0].startswith("图1　各单位工作负荷。") and "21.1" in figure_captions[0]
    table_captions = [p.text for p in paras if re.match(r"表\d+　", p.text)]
    assert len(doc.tables) == len(table_captions) >= 8
    # the workload table: Chinese header, rounded numbers, 是/否
    wl = next(t for t in doc.tables if t.rows[0].cells[0].text == "单位" and "负荷" in
              [c.text for c in t.rows[0].cells])
    cells = [c.text for row in wl.rows[1:] for c in row.cells]
    assert "是" in cells and "否" in cells and not any(re.fullmatch(r"\d+\.\d{3,}", c) for c in cells)


def test_docx_is_a4_with_figures_at_text_width_and_three_line_tables(docx_path):
    doc = Document(str(docx_path))
    sec = doc.sections[0]
    assert round(sec.page_width.cm, 1) == 21.0 and round(sec.page_height.cm, 1) == 29.7
    text_width = sec.page_width.cm - sec.left_margin.cm - sec.right_margin.cm
    assert text_width == pytest.approx(TEXT_WIDTH_CM, abs=0.01)
    widths = [s.width.cm for s in doc.inline_shapes]
    heights = [s.height.cm for s in doc.inline_shapes]
    assert len(widths) == len(FIGURES)
    assert max(widths) == pytest.approx(text_width, abs=0.01) and all(w <= text_width + 0.01 for w in widths)
    assert max(heights) <= sec.page_height.cm - sec.top_margin.cm - sec.bottom_margin.cm
    for table in doc.tables:
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert borders.find(qn("w:top")).get(qn("w:val")) == "single"
        assert borders.find(qn("w:bottom")).get(qn("w:val")) == "single"
        assert borders.find(qn("w:insideH")).get(qn("w:val")) == "nil"
        head = table.rows[0].cells[0]._tc.tcPr.find(qn("w:tcBorders")).find(qn("w:bottom"))
        assert head.get(qn("w:val")) == "single"


def test_docx_sets_east_asian_fonts(docx_path):
    doc = Document(str(docx_path))
    for name, font in (("Normal", "宋体"), ("Heading 1", "黑体"), ("Caption", "黑体")):
        fonts = doc.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == font, name


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (libreoffice-writer) and poppler-utils are needed; make test installs them")
def test_report_docx_opens_in_libreoffice(tmp_path):
    from yjgraph.cli import main

    out = tmp_path / "report"
    assert main(["report", "-o", str(out), "--format", "png", "-q", "-j", "1"]) == 0
    docx = out / "report.docx"
    assert len(Document(str(docx)).inline_shapes) == len(FIGURES)
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "report.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    first = key_findings(yjgraph.analyze(yjgraph.load_example()))["text"].iloc[0]
    assert re.sub(r"\s", "", first) in re.sub(r"\s", "", text)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "(A4)" in info
