"""One table of labels: every column any output writes is named in both languages, the same way everywhere."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import openpyxl  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import yjgraph  # noqa: E402
from yjgraph import plot  # noqa: E402
from yjgraph._lang import CJK, LABELS, label  # noqa: E402
from yjgraph.plot import FIGURES  # noqa: E402
from yjgraph.report import report_content  # noqa: E402

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
COLUMNS = [key for key in LABELS if "." not in key]  # the other words are "<group>.<key>"


@pytest.fixture(scope="module")
def analysis():
    return yjgraph.analyze(yjgraph.load_example())


def _report_tables(a, out, lang):
    figs = {name: [out / "figures" / f"{name}.png"] for name in FIGURES}
    content = report_content(a, figs, out, lang=lang)
    return [obj for sec in content["sections"] for kind, obj in sec["blocks"] if kind == "table"]


def _workbook_headers(a, path, lang) -> dict[str, list[str]]:
    wb = openpyxl.load_workbook(yjgraph.workbook(a, path, lang=lang), read_only=True)
    return {ws.title: [c.value for c in next(ws.iter_rows(max_row=1))] for ws in wb.worksheets}


def test_every_label_has_both_languages():
    for key, (zh, en) in LABELS.items():
        assert zh and en, key
        filled = re.sub(r"\{\w*(:[^}]*)?\}", "", zh)  # a {field} is filled with a number or a name
        assert not LATIN_WORD.search(filled), (key, zh)  # a Chinese page reads in Chinese only
        assert not CJK.search(en), (key, en)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_column_written_has_a_label(analysis, tmp_path, lang):
    names = {label(k, lang) for k in COLUMNS} | {label(k, lang, percent=True) for k in COLUMNS}
    for t in _report_tables(analysis, tmp_path, lang):
        assert set(t.columns) <= set(COLUMNS), (t.id, t.columns)
    for sheet, header in _workbook_headers(analysis, tmp_path / "a.xlsx", lang).items():
        assert set(header) <= names, (sheet, sorted(set(header) - names))
    for df in (analysis.workload, analysis.centrality, analysis.coresponsibility,
               yjgraph.backbone(analysis.plan)):
        assert set(yjgraph.table(df, lang=lang).data.columns) <= names


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_output_uses_the_same_word_for_a_column(analysis, tmp_path, lang):
    said: dict[str, set[str]] = {}  # column -> the outputs that name it

    def heard(columns, header, where):
        """Tables head a column with its label (a share in per cent adds its unit); charts may
        follow it with a note, such as the weights after the load."""
        for col, word in zip(columns, header, strict=True):
            if where == "chart":
                assert word.startswith(label(col, lang)), (where, col, word)
            else:
                assert word in (label(col, lang), label(col, lang, percent=True)), (where, col, word)
            said.setdefault(col, set()).add(where)

    for t in _report_tables(analysis, tmp_path, lang):
        heard(t.columns, t.header, "report")
    book = _workbook_headers(analysis, tmp_path / "a.xlsx", lang)
    for sheet, name in (("workload", "workload"), ("centrality", "centrality"),
                        ("coresponsibility", "coresponsibility"), ("checks", "checks")):
        cols = [c for c in analysis.table(name).columns if c not in ("why", "reason")]
        cols += ["why", "reason"] if name == "workload" else []
        if name == "checks" and lang == "zh":  # the English message left out, the units named
            cols = [c for c in cols if c not in ("unit", "message")] + ["units"]
        sheet = sheet if lang == "en" else {"workload": "工作量", "centrality": "中心性",
                                            "coresponsibility": "共同责任", "checks": "检查"}[sheet]
        header = [h for h in book[sheet] if h != label("unit_zh", lang)]
        heard(cols, header, "workbook")
    for df, cols in ((analysis.workload, ["rank", "unit", "n_lead", "load", "share", "overloaded"]),
                     (analysis.centrality, ["unit", "degree", "betweenness", "pagerank", "constraint"]),
                     (analysis.coresponsibility, ["unit_a", "shared_tasks", "weighted", "jaccard"])):
        heard(cols, list(yjgraph.table(df, lang=lang, columns=cols).data.columns), "tables3")
    # charts: axis, colour-bar and legend labels
    ax = plot.chapter_heatmap(analysis.workload_by_chapter, lang=lang)
    heard(["load"], [ax.figure.axes[-1].get_ylabel()], "chart")
    for value in ("shared_tasks", "jaccard"):
        ax = plot.coresponsibility_heatmap(analysis.coresponsibility, value=value, lang=lang,
                                           ax=plot_figure())
        heard([value], [ax.figure.axes[-1].get_ylabel()], "chart")
    ax = plot.centrality_ranks(analysis.centrality, measures=["betweenness", "pagerank", "constraint"],
                               lang=lang, ax=plot_figure())
    heard(["betweenness", "pagerank", "constraint"], [c.get_label() for c in ax.collections[1:]],
          "chart")
    assert ax.get_xlabel().startswith(label("rank", lang))
    ax = plot.workload_bar(analysis.workload, lang=lang, ax=plot_figure())
    heard(["load"], [ax.get_xlabel()], "chart")
    ax = plot.lorenz_curve(analysis.lorenz, lang=lang, ax=plot_figure())
    heard(["unit_share", "load_share"], [ax.get_xlabel(), ax.get_ylabel()], "chart")
    sens = pd.DataFrame({"support_weight": [0.0, 0.5], "measure": ["betweenness"] * 2,
                         "kendall_tau": [0.9, 1.0]})
    ax = plot.sensitivity_plot(sens, lang=lang, ax=plot_figure())
    heard(["support_weight", "kendall_tau", "betweenness"],
          [ax.get_xlabel(), ax.get_ylabel(), ax.lines[0].get_label()], "chart")
    ax = plot.projection_network(analysis.coresponsibility, communities=analysis.communities,
                                 lang=lang, ax=plot_figure())
    groups = [t.get_text() for t in ax.get_legend().get_texts()]
    heard(["community"] * len(groups), groups, "chart")
    assert groups[0].startswith(f"{label('community', lang)} 1")  # numbered from 1, as the report
    # the words each quantity is known by, compared across every output that writes it
    for col in ("load", "betweenness", "jaccard"):
        assert said[col] == {"report", "workbook", "tables3", "chart"}, col
    assert said["unit"] == said["shared_tasks"] - {"chart"} == {"report", "workbook", "tables3"}

def plot_figure():
    import matplotlib.pyplot as plt

    return plt.figure().gca()


def test_every_check_kind_has_a_label_and_the_chinese_workbook_names_it(analysis, tmp_path):
    from yjgraph.analysis.checks import KINDS

    assert {f"value.{k}" for k in KINDS} <= set(LABELS)
    wb = openpyxl.load_workbook(yjgraph.workbook(analysis, tmp_path / "a.xlsx"), read_only=True)
    for sheet in ("检查", "读取问题"):
        rows = list(wb[sheet].iter_rows(values_only=True))
        kind = rows[0].index(label("kind"))
        assert all(not LATIN_WORD.search(row[kind]) for row in rows[1:]), sheet
