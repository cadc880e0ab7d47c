"""Three-line tables: columns, rounding, language, and the rules in LaTeX, HTML and Word."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import yjgraph
from yjgraph._lang import CJK
from yjgraph.english import english_name


@pytest.fixture(scope="module")
def analysis():
    return yjgraph.analyze(yjgraph.load_example())


def test_workload_table_in_english(analysis):
    wl = analysis.workload
    t = yjgraph.table(wl, lang="en")
    assert list(t.data.columns) == ["Rank", "Unit", "Tasks led", "Tasks supported", "Load", "Share of load (%)", "Overloaded"]
    assert len(t.data) == len(wl) and t.align == ["r", "l", "r", "r", "r", "r", "l"]
    first = t.data.iloc[0]
    unit = wl.index[0]
    assert first["Unit"] == english_name(unit)[0]
    assert first["Load"] == f"{wl['load'].iloc[0]:.1f}"
    assert first["Share of load (%)"] == f"{100 * wl['share'].iloc[0]:.1f}"
    assert first["Tasks led"] == str(wl["n_lead"].iloc[0])
    assert (t.data["Overloaded"] == "Yes").sum() == int(wl["overloaded"].sum())
    assert t.note == "Load = lead × 1 + support × 0.5."
    for text in (t.to_latex(), t.to_html(), str(t)):
        assert not CJK.search(text)
    zh = yjgraph.table(wl, top=3)
    assert zh.data.columns[1] == "单位" and zh.data.iloc[0, 1] == unit and CJK.search(zh.to_latex())


def test_latex_is_booktabs_with_escapes():
    df = pd.DataFrame({"unit": ["甲局", "乙局"], "n_lead": [3, 1], "n_support": [2, 4],
                       "load": [4.0, 3.0]}).set_index("unit")
    t = yjgraph.table(df, lang="en", names={"甲局": "R&D_Office 100%"}, label="tab:load")
    tex = t.to_latex()
    for rule in ("\\toprule", "\\midrule", "\\bottomrule"):
        assert tex.count(rule) == 1
    assert "\\begin{tabular}{rlrrr}" in tex and "|" not in tex  # no vertical lines
    assert "R\\&D\\_Office 100\\%" in tex and "\\label{tab:load}" in tex
    rows = tex.split("\\midrule")[1].split("\\bottomrule")[0].strip().splitlines()
    assert rows[0] == "1 & R\\&D\\_Office 100\\% & 3 & 2 & 4.0 \\\\"
    assert rows[1] == f"2 & {english_name('乙局')[0]} & 1 & 4 & 3.0 \\\\"


def test_html_has_three_rules_only(analysis):
    t = yjgraph.table(analysis.workload, top=4, lang="en", note="")
    doc = t.to_html()
    assert doc.count("<tr>") == 5
    heads = re.findall(r"<th style=\"([^\"]*)\"", doc)
    assert len(heads) == 7 and all("border-top:1.5pt" in h and "border-bottom:0.75pt" in h for h in heads)
    assert "border-bottom:1.5pt" in doc.split(">", 1)[0]  # the bottom rule, on the table
    body = re.findall(r"<td style=\"([^\"]*)\"", doc)
    assert body and not any("border" in s for s in body)  # no rules between body rows
    assert "<caption" in doc and "Workload by unit" in doc


def test_backbone_and_centrality_tables(analysis):
    bb = pd.DataFrame({"unit_a": ["区财政局", "区商务局"], "unit_b": ["区商务局", "各街道"],
                       "shared_tasks": [5, 1], "expected": [1.234, 0.5],
                       "p_value": [0.0004, 0.4567], "p_adjusted": [0.0008, 0.9],
                       "significant": [True, False]})
    t = yjgraph.table(bb, lang="en")
    assert t.kind == "backbone"
    assert t.data.values.tolist() == [
        ["District Finance Bureau", "District Commerce Bureau", "5", "1.23", "< 0.001", "< 0.001", "Yes"],
        ["District Commerce Bureau", "all subdistricts", "1", "0.50", "0.457", "0.900", ""]]
    real = yjgraph.table(yjgraph.backbone(analysis.plan), lang="en")
    assert real.kind == "backbone" and not CJK.search(real.to_html())
    c = yjgraph.table(analysis.centrality, lang="en", digits=2)
    assert list(c.data.columns) == ["Unit", "Degree", "Closeness", "Betweenness", "PageRank", "Constraint"]
    u = analysis.centrality.index[0]
    assert c.data.iloc[0, 2] == f"{analysis.centrality.loc[u, 'closeness']:.2f}"
    other = yjgraph.table(analysis.centrality, columns=["unit", "effective_size"], lang="en")
    assert list(other.data.columns) == ["Unit", "Effective size"]
    with pytest.raises(ValueError, match="style"):
        yjgraph.table(bb, style="grid")
    with pytest.raises(ValueError, match="no columns"):
        yjgraph.table(bb, columns=["nope"])


def test_word_table_has_the_three_rules(analysis, tmp_path):
    docx = pytest.importorskip("docx")
    from docx.oxml.ns import qn

    t = yjgraph.table(analysis.workload, top=5, lang="en")
    path = tmp_path / "t.docx"
    t.to_docx(path)
    doc = docx.Document(str(path))
    (table,) = doc.tables
    assert len(table.rows) == 6
    assert [c.text for c in table.rows[0].cells] == list(t.data.columns)
    assert [c.text for c in table.rows[1].cells] == t.data.iloc[0].tolist()
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    val = {b.tag.split("}")[1]: b.get(qn("w:val")) for b in borders}
    assert val == {"top": "single", "left": "nil", "bottom": "single", "right": "nil",
                   "insideH": "nil", "insideV": "nil"}
    head = table.rows[0].cells[0]._tc.tcPr.find(qn("w:tcBorders"))
    assert {b.tag.split("}")[1]: b.get(qn("w:sz")) for b in head if b.get(qn("w:val")) == "single"} == {
        "top": "12", "bottom": "6"}
    assert doc.paragraphs[0].text == "Workload by unit"
