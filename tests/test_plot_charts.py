"""Chart functions: assert on what was drawn (bar widths, tick labels, colours, arrays)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

import yjgraph  # noqa: E402
from yjgraph.plot import (  # noqa: E402
    FLAG_COLOR,
    LEAD_COLOR,
    SUPPORT_COLOR,
    bipartite_network,
    centrality_ranks,
    chapter_heatmap,
    cluster_order,
    coresponsibility_heatmap,
    lorenz_curve,
    projection_network,
    responsibility_matrix,
    sensitivity_plot,
    workload_bar,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def ticklabels(ax, axis="y"):
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text() for t in labels]


# ---------------------------------------------------------------- workload_bar
@pytest.fixture
def workload_df():
    # tiny plan by hand: A 2 lead + 1 support, B 2 lead, C 2 support, D 1 lead, E 1 support
    df = pd.DataFrame(
        {
            "n_lead": [2, 2, 0, 1, 0],
            "n_support": [1, 0, 2, 0, 1],
            "load": [2.5, 2.0, 1.0, 1.0, 0.5],
            "overloaded": [True, False, False, False, False],
        },
        index=pd.Index(["A", "B", "C", "D", "E"], name="unit"),
    )
    df.attrs["threshold_load"] = 2.25
    return df


def test_workload_bar_widths_order_and_colours(workload_df):
    ax = workload_bar(workload_df)
    assert ticklabels(ax) == ["A", "B", "C", "D", "E"]
    lead, support = ax.containers[0], ax.containers[1]
    assert [float(p.get_width()) for p in lead] == [2.0, 2.0, 0.0, 1.0, 0.0]
    assert [float(p.get_width()) for p in support] == [0.5, 0.0, 1.0, 0.0, 0.5]
    totals = [float(a.get_width() + b.get_width()) for a, b in zip(lead, support, strict=True)]
    assert totals == workload_df["load"].tolist()
    # the support part starts where the lead part ends
    assert [float(p.get_x()) for p in support] == [2.0, 2.0, 0.0, 1.0, 0.0]
    # largest at the top: the first unit is drawn at the top of the axes
    ylim = ax.get_ylim()
    assert ylim[0] > ylim[1] and lead[0].get_y() < lead[1].get_y()
    assert to_rgba(lead[0].get_facecolor()) == to_rgba(LEAD_COLOR)
    assert to_rgba(support[0].get_facecolor()) == to_rgba(SUPPORT_COLOR)
    assert lead[0].get_facecolor() != support[0].get_facecolor()


def test_workload_bar_threshold_overloaded_and_ax(workload_df):
    fig, ax = plt.subplots()
    out = workload_bar(workload_df, ax=ax, lang="en")
    assert out is ax
    vlines = [ln for ln in ax.lines if ln.get_xdata()[0] == ln.get_xdata()[1]]
    assert len(vlines) == 1 and float(vlines[0].get_xdata()[0]) == 2.25
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:2] == ["Lead load", "Support load"]
    assert any("2.25" in t for t in legend)
    labels = ax.get_yticklabels()
    assert to_rgba(labels[0].get_color()) == to_rgba(FLAG_COLOR)
    assert labels[0].get_fontweight() == "bold"
    assert to_rgba(labels[1].get_color()) != to_rgba(FLAG_COLOR)
    assert ax.get_xlabel().startswith("Load")


def test_workload_bar_weights_top_and_unit_column(workload_df):
    df = workload_df.reset_index()
    ax = workload_bar(df, weights={"support": 1.0}, top=2)
    assert ticklabels(ax) == ["A", "B"]
    assert [float(p.get_width()) for p in ax.containers[1]] == [1.0, 0.0]
    with pytest.raises(ValueError, match="n_lead"):
        workload_bar(df.drop(columns="n_lead"))


# --------------------------------------------------------------------- heatmaps
@pytest.fixture
def pairs():
    # two blocks: a-b share 5, c-d share 4, weak cross links
    return pd.DataFrame(
        {
            "unit_a": ["a", "c", "a", "b"],
            "unit_b": ["b", "d", "c", "d"],
            "shared_tasks": [5, 4, 1, 1],
            "jaccard": [0.8, 0.7, 0.1, 0.1],
        }
    )


def test_coresponsibility_heatmap_array_matches_matrix_in_order(pairs):
    fig, ax = plt.subplots()
    out = coresponsibility_heatmap(pairs, communities={"a": 1, "b": 1, "c": 0, "d": 0}, ax=ax)
    assert out is ax
    order = ticklabels(ax, "x")
    assert order == ticklabels(ax, "y") == ["c", "d", "a", "b"]
    full = pd.DataFrame(0.0, index=list("abcd"), columns=list("abcd"))
    for a, b, v in zip(pairs.unit_a, pairs.unit_b, pairs.shared_tasks, strict=True):
        full.loc[a, b] = full.loc[b, a] = v
    arr = ax.collections[0].get_array()
    np.testing.assert_array_equal(arr.filled(0), full.loc[order, order].to_numpy())
    assert arr.mask[np.diag_indices(4)].all()
    # values written in the cells (n <= 25): each nonzero off-diagonal cell once
    assert sorted(t.get_text() for t in ax.texts) == sorted(["5", "5", "4", "4", "1", "1", "1", "1"])


def test_coresponsibility_heatmap_clusters_and_value_column(pairs):
    assert cluster_order(
        pd.DataFrame(
            [[0, 5, 1, 0], [5, 0, 0, 1], [1, 0, 0, 4], [0, 1, 4, 0]],
            index=list("abcd"), columns=list("abcd"), dtype=float,
        )
    ) in (list("abcd"), list("abdc"), list("bacd"), list("badc"),
          list("cdab"), list("cdba"), list("dcab"), list("dcba"))
    ax = coresponsibility_heatmap(pairs, value="jaccard", annotate=False)
    order = ticklabels(ax, "x")
    assert {order[0], order[1]} in ({"a", "b"}, {"c", "d"})
    assert not ax.texts
    assert np.nanmax(ax.collections[0].get_array().filled(np.nan)) == pytest.approx(0.8)


def test_coresponsibility_heatmap_square_input():
    m = pd.DataFrame([[0, 2], [2, 0]], index=["甲", "乙"], columns=["甲", "乙"])
    ax = coresponsibility_heatmap(m, scale="linear")
    np.testing.assert_array_equal(ax.collections[0].get_array().filled(0), [[0, 2], [2, 0]])


def test_chapter_heatmap_array():
    df = pd.DataFrame({
        "unit": ["A", "A", "B", "C"],
        "chapter_no": ["二", "十", "二", "十"],
        "chapter": ["乙", "癸", "乙", "癸"],
        "load": [1.0, 2.0, 0.5, 4.0],
    })
    fig, ax = plt.subplots()
    assert chapter_heatmap(df, ax=ax) is ax
    assert ticklabels(ax) == ["C", "A", "B"]  # by total load
    assert [t.split("\n")[0] for t in ticklabels(ax, "x")] == ["二", "十"]  # numeric order
    np.testing.assert_array_equal(ax.collections[0].get_array().filled(0),
                                  [[0, 4.0], [1.0, 2.0], [0.5, 0]])


# ------------------------------------------------------------ responsibility
def test_responsibility_matrix_marks(tiny_plan):
    fig, ax = plt.subplots()
    assert responsibility_matrix(tiny_plan, ax=ax) is ax
    # units by load: A 2.5, B 2, C 1, D 1, E 0.5
    assert ticklabels(ax, "x") == ["A", "B", "C", "D", "E"]
    assert ticklabels(ax, "y") == ["1", "2", "3", "4"]
    lead, support = ax.collections[0], ax.collections[1]
    col = {"A": 0, "B": 1, "C": 2, "D": 3, "E": 4}
    want_lead = sorted([(col["A"], 0), (col["B"], 0), (col["A"], 1), (col["B"], 2), (col["D"], 3)])
    want_sup = sorted([(col["C"], 0), (col["C"], 1), (col["A"], 3), (col["E"], 3)])
    assert sorted(map(tuple, lead.get_offsets().tolist())) == want_lead
    assert sorted(map(tuple, support.get_offsets().tolist())) == want_sup
    # filled vs hollow
    assert lead.get_facecolor()[0][3] == 1.0 and len(support.get_facecolor()) == 0 or (
        support.get_facecolor()[0][3] == 0.0)
    assert not np.allclose(lead.get_edgecolor()[0], support.get_edgecolor()[0])
    # one separator between chapter 一 (tasks 1-3) and 二 (task 4)
    hl = [ln for ln in ax.lines if ln.get_ydata()[0] == ln.get_ydata()[1]]
    assert [float(ln.get_ydata()[0]) for ln in hl] == [2.5]
    assert any(t.get_text().startswith("二、乙") for t in ax.texts)


def test_responsibility_matrix_units_and_top(tiny_plan):
    ax = responsibility_matrix(tiny_plan, top=2)
    assert ticklabels(ax, "x") == ["A", "B"]
    ax = responsibility_matrix(tiny_plan, units=["E", "A"], ax=plt.figure().gca())
    assert ticklabels(ax, "x") == ["E", "A"]
    assert sorted(map(tuple, ax.collections[1].get_offsets().tolist())) == [(0, 3), (1, 3)]


# ------------------------------------------------------------------- networks
def test_bipartite_network_edges_sizes_labels(tiny_plan):
    fig, ax = plt.subplots()
    assert bipartite_network(tiny_plan, ax=ax) is ax
    lead, support, tasks, units = ax.collections[:4]
    assert len(lead.get_segments()) == 5 and len(support.get_segments()) == 4
    assert lead.get_linestyle()[0][1] is None  # solid
    assert support.get_linestyle()[0][1] is not None  # dashed
    assert lead.get_linewidth()[0] > support.get_linewidth()[0]
    assert len(tasks.get_offsets()) == 4 and len(units.get_offsets()) == 5
    # unit sizes by load: units table is sorted A..E; loads 2.5, 2, 1, 1, 0.5
    s = units.get_sizes()
    assert s[0] > s[1] > s[2] == s[3] > s[4]
    assert sorted(t.get_text() for t in ax.texts) == ["A", "B", "C", "D", "E"]
    # the same seed gives the same drawing
    ax2 = bipartite_network(tiny_plan, seed=0, ax=plt.figure().gca())
    np.testing.assert_allclose(ax2.collections[3].get_offsets(), units.get_offsets())
    ax3 = bipartite_network(tiny_plan, labels=2, ax=plt.figure().gca())
    assert sorted(t.get_text() for t in ax3.texts) == ["A", "B"]


def test_projection_network(pairs):
    comm = pd.DataFrame({"community": [0, 0, 1, 1]}, index=pd.Index(list("cdab"), name="unit"))
    fig, ax = plt.subplots()
    assert projection_network(pairs, communities=comm, ax=ax, min_shared=2) is ax
    edges, nodes = ax.collections[:2]
    assert len(edges.get_segments()) == 2 and len(nodes.get_offsets()) == 4
    colors = {t.get_text(): None for t in ax.texts}
    assert set(colors) == set("abcd")
    fc = nodes.get_facecolors()
    # circular layout orders nodes by community: c, d (community 0) then a, b
    assert np.allclose(fc[0], fc[1]) and np.allclose(fc[2], fc[3]) and not np.allclose(fc[0], fc[2])
    ax = projection_network(pairs, layout="spring", seed=1, ax=plt.figure().gca())
    assert len(ax.collections[0].get_segments()) == 4
    with pytest.raises(ValueError, match="layout"):
        projection_network(pairs, layout="nope")


# ------------------------------------------------------------ curves and ranks
def test_lorenz_curve():
    df = pd.DataFrame({"unit_share": [0, 0.25, 0.5, 0.75, 1.0],
                       "load_share": [0, 0.1, 0.2, 0.4, 1.0]})
    fig, ax = plt.subplots()
    assert lorenz_curve(df, ax=ax, lang="en") is ax
    np.testing.assert_allclose(ax.lines[0].get_ydata(), df["load_share"])
    np.testing.assert_allclose(ax.lines[1].get_xdata(), [0, 1])
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [0, 1])
    # area = 0.25 * (0.05 + 0.15 + 0.3 + 0.7) = 0.3 -> Gini 0.4
    assert ax.get_legend().get_texts()[0].get_text() == "Lorenz curve (Gini coefficient = 0.4)"
    ax = lorenz_curve(df, gini=pd.Series({"gini": 0.123, "hhi": 0.2}), ax=plt.figure().gca())
    assert ax.get_legend().get_texts()[0].get_text() == "洛伦兹曲线(基尼系数 = 0.12)"


def test_lorenz_legend_rounds_the_gini_as_the_report_does(seed_plan, tmp_path):
    from yjgraph.report import report_content
    from yjgraph.summary import key_findings

    a = yjgraph.analyze(seed_plan)
    gini = float(a.concentration["gini"])  # 0.537...: 3 decimals would show 0.537
    legend = lorenz_curve(a.lorenz, gini=a.concentration).get_legend().get_texts()[0].get_text()
    shown = legend.split("= ")[1].rstrip(")")
    assert shown == "0.54" and shown == f"{gini:.2f}"
    png = tmp_path / "lorenz_curve.png"  # the report's reading under the chart
    content = report_content(a, {"lorenz_curve": [png]}, tmp_path)
    (reading,) = [f.reading for s in content["sections"] for kind, f in s["blocks"]
                  if kind == "figure" and f.files == ["lorenz_curve.png"]]
    assert f"基尼系数{shown}" in reading
    kf = key_findings(a)
    assert f"基尼系数为{shown}" in kf.loc[kf["key"] == "concentration", "text"].iloc[0]


def test_centrality_ranks():
    df = pd.DataFrame(
        {"degree": [3.0, 2.0, 1.0], "betweenness": [0.1, 0.9, 0.0], "constraint": [0.2, 0.5, 0.9]},
        index=pd.Index(["甲", "乙", "丙"], name="unit"),
    )
    fig, ax = plt.subplots()
    assert centrality_ranks(df, measures=["degree", "betweenness", "constraint"], ax=ax) is ax
    # ranks: 甲 1,2,1 (mean 1.33); 乙 2,1,2 (1.67); 丙 3,3,3
    assert ticklabels(ax) == ["甲", "乙", "丙"]
    by_label = {c.get_label(): c for c in ax.collections if c.get_label()[:1] != "_"}
    assert np.allclose(by_label["度中心性"].get_offsets()[:, 0], [1, 2, 3])
    assert np.allclose(by_label["中介中心性"].get_offsets()[:, 0], [2, 1, 3])
    assert np.allclose(by_label["限制度(低者靠前)"].get_offsets()[:, 0], [1, 2, 3])
    # default measures present: degree and betweenness; 甲 and 乙 tie at a mean rank
    # of 1.5 and are then ordered by name (乙 U+4E59 < 甲 U+7532)
    ax = centrality_ranks(df, top=2, lang="en")
    assert ticklabels(ax) == ["Yi", "Jia"]  # English edition: unknown names in pinyin
    assert ax.get_xlabel().startswith("Rank")


def test_sensitivity_plot():
    df = pd.DataFrame({"support_weight": [1.0, 0.0, 0.5] * 2,
                       "measure": ["degree"] * 3 + ["pagerank"] * 3,
                       "kendall_tau": [0.9, 0.8, 1.0, -0.2, 0.6, 1.0]})
    fig, ax = plt.subplots()
    assert sensitivity_plot(df, ax=ax, lang="en") is ax
    np.testing.assert_allclose(ax.lines[0].get_xdata(), [0, 0.5, 1.0])
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [0.8, 1.0, 0.9])
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [0.6, 1.0, -0.2])
    assert [ln.get_label() for ln in ax.lines[:2]] == ["Degree", "PageRank"]
    assert float(ax.lines[2].get_xdata()[0]) == 0.5  # the default weight
    assert ax.get_ylim()[0] < -0.2


@pytest.mark.parametrize("shading", ["auto", "nearest", "gouraud"])
def test_heatmaps_put_row_zero_on_top_whatever_the_shading_setting(shading):
    # the cells are drawn as a mesh; a user's pcolor.shading setting must not change it
    df = pd.DataFrame({"unit": ["甲局", "甲局", "乙局"], "chapter_no": ["一", "二", "一"],
                       "chapter": ["总则", "保障", "总则"], "load": [2.0, 1.0, 0.5]})
    pairs = pd.DataFrame({"unit_a": ["甲局"], "unit_b": ["乙局"], "shared_tasks": [3]})
    with matplotlib.rc_context({"pcolor.shading": shading}):
        ax = chapter_heatmap(df)
        assert ax.get_ylim() == (1.5, -0.5)  # row 0 at the top, under the first tick label
        assert [t.get_text() for t in ax.get_yticklabels()] == ["甲局", "乙局"]
        assert list(ax.get_yticks()) == [0, 1]
        np.testing.assert_array_equal(ax.collections[0].get_array().filled(0), [[2, 1], [0.5, 0]])
        ax = coresponsibility_heatmap(pairs, ax=plt.figure().gca())
        assert ax.get_ylim() == (1.5, -0.5) and ax.collections[0].get_array().shape == (2, 2)


# ---------------------------------------------------------------- ax=None: the current Axes
def _every_chart(plan):
    from yjgraph.analysis import coresponsibility, lorenz, workload, workload_by_chapter
    from yjgraph.plot.change import change_dumbbell

    pairs, wl = coresponsibility(plan), workload(plan)
    sens = pd.DataFrame({"support_weight": [0.0, 0.5, 1.0], "measure": ["degree"] * 3,
                         "kendall_tau": [0.8, 1.0, 0.9]})
    return {
        "workload_bar": lambda **k: workload_bar(wl, **k),
        "chapter_heatmap": lambda **k: chapter_heatmap(workload_by_chapter(plan), **k),
        "responsibility_matrix": lambda **k: responsibility_matrix(plan, **k),
        "coresponsibility_heatmap": lambda **k: coresponsibility_heatmap(pairs, **k),
        "bipartite_network": lambda **k: bipartite_network(plan, **k),
        "projection_network": lambda **k: projection_network(pairs, **k),
        "lorenz_curve": lambda **k: lorenz_curve(lorenz(plan), **k),
        "centrality_ranks": lambda **k: centrality_ranks(wl[["n_lead", "load"]], **k),
        "sensitivity_plot": lambda **k: sensitivity_plot(sens, **k),
        "change_dumbbell": lambda **k: change_dumbbell(yjgraph.compare(plan, plan), **k),
    }


@pytest.mark.parametrize("name", list(_every_chart(yjgraph.Plan.from_assignments(
    [{"task_id": "1", "unit": "甲", "role": "lead"}]))))
def test_without_ax_a_chart_draws_on_the_current_axes(tiny_plan, name):
    draw = _every_chart(tiny_plan)[name]
    fig, axes = plt.subplots(1, 2)
    plt.sca(axes[1])
    assert draw() is axes[1]  # as seaborn: plt.gca(), not a new figure
    assert plt.get_fignums() == [fig.number] and not axes[0].has_data()
    plt.close("all")
    ax = draw()  # no figure open: a new one, of the chart's own size (not matplotlib's 6.4 in)
    assert plt.get_fignums() == [ax.figure.number]
    assert ax.figure.get_figwidth() != plt.rcParams["figure.figsize"][0]
