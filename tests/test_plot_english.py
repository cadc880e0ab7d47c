"""English charts: with ``lang="en"`` no chart draws a Chinese character (units, legends, titles, notes)."""

from __future__ import annotations

import io
import re

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import yjgraph  # noqa: E402
from yjgraph import plot  # noqa: E402
from yjgraph._lang import CJK  # noqa: E402
from yjgraph.english import english_name, english_names  # noqa: E402
from yjgraph.plot.change import change_dumbbell  # noqa: E402


@pytest.fixture(scope="module")
def analysis():
    return yjgraph.analyze(yjgraph.load_example())


def _charts(a):
    plan = a.plan
    merged = plan.merge_units({"区经济科技信息化局": ["区经济科技信息化局", "区投资促进局"]})
    return {
        "workload_bar": lambda **k: plot.workload_bar(a.workload, top=None, **k),
        "chapter_heatmap": lambda **k: plot.chapter_heatmap(a.workload_by_chapter, **k),
        "responsibility_matrix": lambda **k: plot.responsibility_matrix(plan, **k),
        "coresponsibility_heatmap": lambda **k: plot.coresponsibility_heatmap(
            a.coresponsibility, communities=a.communities, **k),
        "bipartite_network": lambda **k: plot.bipartite_network(plan, workload=a.workload, **k),
        "projection_network": lambda **k: plot.projection_network(
            a.coresponsibility, communities=a.communities, workload=a.workload, **k),
        "projection_spring": lambda **k: plot.projection_network(
            a.coresponsibility, layout="spring", workload=a.workload, **k),
        "lorenz_curve": lambda **k: plot.lorenz_curve(a.lorenz, gini=a.concentration, **k),
        "centrality_ranks": lambda **k: plot.centrality_ranks(a.centrality, top=None, **k),
        "sensitivity": lambda **k: plot.sensitivity_plot(a.weight_sensitivity, **k),
        "change_dumbbell": lambda **k: change_dumbbell(yjgraph.compare(plan, merged), **k),
    }


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


@pytest.mark.slow
def test_every_chart_in_english_draws_no_chinese(analysis):
    """Every text artist of every chart (ticks, legends, titles, notes, colour bars) and the
    SVG text of the saved file are free of CJK characters; the same charts in Chinese are not."""
    official = dict(zip(*english_names(analysis.plan.units["unit"])[["unit", "english"]].T.values))
    for name, draw in _charts(analysis).items():
        ax = draw(lang="en")
        fig = ax.figure
        texts = _texts(fig)
        bad = [t for t in texts if CJK.search(t)]
        assert not bad, (name, bad[:5])
        buf = io.StringIO()
        with matplotlib.rc_context({"svg.fonttype": "none"}):  # keep text as <text>
            fig.savefig(buf, format="svg")
        svg_text = " ".join(re.findall(r"<text[^>]*>(.*?)</text>", buf.getvalue(), re.S))
        assert svg_text and not CJK.search(svg_text), name
        if name in ("workload_bar", "centrality_ranks", "coresponsibility_heatmap"):
            ticks = [t.get_text() for t in (ax.get_yticklabels() or ax.get_xticklabels())]
            assert set(ticks) <= set(official.values()), name  # the official English names
        plt.close(fig)
        fig = draw(lang="zh").figure
        assert any(CJK.search(t) for t in _texts(fig)), name  # the test can fail
        plt.close(fig)


def test_english_unit_names_and_user_names(analysis):
    # each on its own Axes (with ax=None a chart draws on the current Axes)
    zh = plot.workload_bar(analysis.workload, top=3, ax=plt.subplots()[1])
    en = plot.workload_bar(analysis.workload, top=3, lang="en", ax=plt.subplots()[1])
    units = [t.get_text() for t in zh.get_yticklabels()]
    assert units[:2] == ["区经济科技信息化局", "区发展改革局"]
    assert [t.get_text() for t in en.get_yticklabels()] == [english_name(u)[0] for u in units]
    assert en.get_yticklabels()[1].get_text() == "District Development and Reform Bureau"
    plt.close("all")
    ax = plot.workload_bar(analysis.workload, top=2, lang="en", names={"区发展改革局": "DRB"},
                           ax=plt.subplots()[1])
    assert [t.get_text() for t in ax.get_yticklabels()][1] == "DRB"
    plt.close(ax.figure)


def test_english_chapters_and_tasks(analysis):
    ax = plot.responsibility_matrix(analysis.plan, top=5, lang="en",
                                    chapter_titles={"二": "Infrastructure"})
    notes = [t.get_text() for t in ax.texts]
    assert notes[0].startswith("Chapter 1") and any("Chapter 2. Infrastructure" in n.replace("\n", " ")
                                                    for n in notes)
    assert [t.get_text() for t in ax.get_yticklabels()][:3] == ["1", "2", "3"]
    plt.close(ax.figure)
    ax = plot.chapter_heatmap(analysis.workload_by_chapter, lang="en")
    assert [t.get_text() for t in ax.get_xticklabels()][:2] == ["Ch. 1", "Ch. 2"]
    plt.close(ax.figure)


# ------------------------------------------------------------------ the source note
def _with_meta(plan, **meta):
    from dataclasses import replace

    return replace(plan, meta={**plan.meta, **meta})


def _note(tmp_path, source, lang="en"):
    """The source note save_figure writes under a chart (from the SVG's comment of each text)."""
    fig, _ = plt.subplots(figsize=(2, 1))
    (path,) = plot.save_figure(fig, tmp_path / "note", formats=("svg",), source=source, lang=lang)
    plt.close(fig)
    prefix = "Source: " if lang == "en" else "资料来源:"
    return re.search(f"<!-- {prefix}(.*?) -->", path.read_text(encoding="utf-8")).group(1)


def test_source_note_names_the_plan_without_chinese_in_english(analysis, tmp_path):
    plan = analysis.plan
    assert _note(tmp_path, plan, "zh") == plan.title
    # no English title given: what the plan records without Chinese (its issuer's name is pinyin only)
    assert _note(tmp_path, plan) == "task-allocation plan, 2022-04-09, 86 tasks (yanjiang_2022_chengdu_metro_plan.txt)"
    # an English title given by the user names the plan
    assert _note(tmp_path, _with_meta(plan, title_en="Yanjiang's tasks")) == "Yanjiang's tasks"
    # an issuer in official English; a Chinese file name and a Chinese date left out
    named = _with_meta(plan, issuer="雁江区人民政府", source="/data/雁江方案.txt", date="2022年4月")
    assert _note(tmp_path, named) == "task-allocation plan of the Yanjiang District People's Government, 86 tasks"
    # a title without Chinese (a corpus, a plan titled in English) is the title
    assert _note(tmp_path, _with_meta(plan, title="3 plans")) == "3 plans"
    bare = yjgraph.Plan.from_assignments([{"task_id": "1", "unit": "区发改局", "role": "lead"}])
    assert _note(tmp_path, bare) == "task-allocation plan, 1 tasks"
    assert _note(tmp_path, "my own words, 我的") == "my own words, 我的"  # a string is as given


def test_saved_english_chart_has_no_chinese_in_its_svg(analysis, tmp_path):
    """The SVG's comments (each text as written) and its glyphs are free of CJK in English;
    the same chart saved in Chinese has CJK in both, so the check can fail."""
    from _svgtext import svg_cjk

    found = {}
    for lang in ("en", "zh"):
        ax = plot.lorenz_curve(analysis.lorenz, gini=analysis.concentration, lang=lang, ax=plt.subplots()[1])
        (path,) = plot.save_figure(ax, tmp_path / lang, formats=("svg",), source=analysis.plan, lang=lang)
        plt.close(ax.figure)
        svg = path.read_text(encoding="utf-8")
        found[lang] = svg_cjk(svg)
        if lang == "en":
            assert "<!-- Source: task-allocation plan, 2022-04-09, 86 tasks" in svg
    assert found["en"] == {}
    assert {"comments", "glyphs"} <= set(found["zh"])
    assert set(found["zh"]["comments"]) <= set(found["zh"]["glyphs"])  # every glyph decoded
