"""save_figure and figures_to_dir; charts drawn from the real analyses of the seed plan."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import yjgraph.plot as yp  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _fig():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([-2, 2], [-1, 1])
    ax.set_title("区发展改革局")
    return fig


def test_plain_savefig_outside_yjgraph_still_works(tiny_plan, tmp_path):
    # matplotlib's default pdf.fonttype (3) with the CJK font list set by a chart
    ax = yp.responsibility_matrix(tiny_plan, title="责任矩阵")
    ax.figure.savefig(tmp_path / "plain.pdf")
    assert (tmp_path / "plain.pdf").stat().st_size > 0


def test_save_figure_formats_paths_and_no_side_effects(tmp_path):
    fig = _fig()
    n_texts = len(fig.texts)
    paths = yp.save_figure(fig, tmp_path / "sub" / "chart.png", source="示例方案", title="图 1")
    assert paths == [tmp_path / "sub" / f"chart.{f}" for f in ("png", "svg", "pdf")]
    assert all(p.stat().st_size > 0 for p in paths)
    assert len(fig.texts) == n_texts  # note and title removed again
    assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert paths[2].read_bytes()[:5] == b"%PDF-"
    svg = paths[1].read_text(encoding="utf-8")
    assert "<text" not in svg  # glyphs as paths: portable
    # an Axes stands for its figure; formats subset
    ax = fig.axes[0]
    assert yp.save_figure(ax, tmp_path / "one", formats=("svg",)) == [tmp_path / "one.svg"]


def test_save_figure_is_reproducible_and_tight(tmp_path):
    fig = _fig()
    a = yp.save_figure(fig, tmp_path / "a", formats=("pdf", "svg"), source="示例方案")
    b = yp.save_figure(fig, tmp_path / "b", formats=("pdf", "svg"), source="示例方案")
    assert a[0].read_bytes() == b[0].read_bytes()
    assert a[1].read_bytes() == b[1].read_bytes()
    # a source note adds height below the chart; the png width stays near the figure width
    p1 = yp.save_figure(fig, tmp_path / "plain", formats=("png",), dpi=100)[0]
    p2 = yp.save_figure(fig, tmp_path / "noted", formats=("png",), dpi=100, source="示例")[0]
    h1, w1 = plt.imread(p1).shape[:2]
    h2, w2 = plt.imread(p2).shape[:2]
    assert h2 > h1 and w1 <= 4 * 100 + 20


def test_chart_figure_fits_a4_width(tiny_plan):
    for ax in (yp.responsibility_matrix(tiny_plan), yp.bipartite_network(tiny_plan)):
        assert ax.figure.get_figwidth() <= yp.A4_WIDTH + 1e-9


# --------------------------------------------------------------- seed plan
def test_seed_plan_workload_bar_matches_analysis(seed_plan):
    import yjgraph.analysis as an

    wl = an.workload(seed_plan)
    ax = yp.workload_bar(wl, top=None)
    assert [t.get_text() for t in ax.get_yticklabels()] == list(wl.index)
    totals = np.array([a.get_width() + b.get_width()
                       for a, b in zip(ax.containers[0], ax.containers[1], strict=True)])
    np.testing.assert_allclose(totals, wl["load"].to_numpy(float))
    vline = [ln for ln in ax.lines if ln.get_xdata()[0] == ln.get_xdata()[1]][0]
    assert float(vline.get_xdata()[0]) == pytest.approx(wl.attrs["threshold_load"])
    red = [t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"]
    assert red == list(wl.index[wl["overloaded"]])


def test_seed_plan_heatmap_and_matrix(seed_plan):
    import yjgraph.analysis as an

    pairs = an.coresponsibility(seed_plan)
    comm = an.communities(seed_plan)
    ax = yp.coresponsibility_heatmap(pairs, communities=comm)
    order = [t.get_text() for t in ax.get_xticklabels()]
    m = an.to_matrix(pairs, "shared_tasks")
    arr = ax.collections[0].get_array().filled(0)
    want = m.reindex(index=order, columns=order).fillna(0).to_numpy(float).copy()
    np.fill_diagonal(want, 0)
    np.testing.assert_array_equal(arr, want)
    assert list(comm.loc[order, "community"]) == sorted(comm.loc[order, "community"])

    plt.close("all")  # a figure of its own size (with a figure open it would draw there)
    ax = yp.responsibility_matrix(seed_plan)
    assert len(ax.get_yticklabels()) == 86 and len(ax.get_xticklabels()) == 34
    n_marks = len(ax.collections[0].get_offsets()) + len(ax.collections[1].get_offsets())
    assert n_marks == 291  # one mark per task-unit pair
    assert ax.figure.get_figheight() <= 9.7  # one A4 page


@pytest.mark.slow
def test_figures_to_dir_seed_plan(seed_plan, tmp_path):
    # png only: each PDF subsets the CJK font (about 3 s); PDF output is tested elsewhere
    out = yp.figures_to_dir(seed_plan, tmp_path / "fig", formats=("png",), dpi=40)
    assert list(out) == list(yp.FIGURES)
    for name, paths in out.items():
        assert [p.name for p in paths] == [f"{name}.png"]
        assert all(p.stat().st_size > 0 for p in paths)
    assert not plt.get_fignums()  # every figure closed
    with pytest.raises(ValueError, match="unknown figure"):
        yp.figures_to_dir(seed_plan, tmp_path, only=["nope"])


@pytest.mark.slow
def test_worker_processes_write_the_same_files(seed_plan, tmp_path):
    kw = {"formats": ("png", "svg", "pdf"), "dpi": 60, "only": ["sensitivity", "lorenz_curve"]}
    told = {1: [], 2: []}
    serial = yp.figures_to_dir(seed_plan, tmp_path / "one", n_jobs=1, progress=told[1].append, **kw)
    parallel = yp.figures_to_dir(seed_plan, tmp_path / "two", n_jobs=2, progress=told[2].append, **kw)
    assert told[1] == ["lorenz_curve", "sensitivity"] and sorted(told[2]) == told[1]
    assert list(parallel) == list(serial) == ["lorenz_curve", "sensitivity"]  # FIGURES order
    for name in serial:
        for a, b in zip(serial[name], parallel[name]):
            assert a.name == b.name and a.read_bytes() == b.read_bytes(), a.name
    with pytest.raises(ValueError, match="n_jobs"):
        yp.figures_to_dir(seed_plan, tmp_path, n_jobs=0)


def test_pdf_embeds_each_font_once(tmp_path):
    # with Type 42 fonts (matplotlib < 3.11), ASCII and Chinese text from one font made
    # matplotlib embed two subsets of the CJK font (the slowest step of saving) unless
    # ps.fonttype follows pdf.fonttype
    import re


    fig = _fig()
    fig.axes[0].set_xlabel("load 负荷 0123")
    with matplotlib.rc_context({"pdf.fonttype": 42}):  # the TrueType subsets of older matplotlib
        pdf = yp.save_figure(fig, tmp_path / "c", formats=("pdf",))[0].read_bytes()
    subsets = set(re.findall(rb"/BaseFont /([A-Z]{6}\+[^\s/>]+)", pdf))  # PREFIX+Name
    names = [s.split(b"+", 1)[1] for s in subsets]
    assert b"NotoSansCJKsc-Regular" in names and len(names) == len(set(names)), names
    assert matplotlib.rcParams["ps.fonttype"] == matplotlib.rcParamsDefault["ps.fonttype"]


def test_save_figure_keeps_the_layout_engine(tmp_path):
    fig, ax = plt.subplots(layout="constrained")
    ax.set_ylabel("区发展改革局")
    engine = fig.get_layout_engine()
    yp.save_figure(fig, tmp_path / "x", formats=("png",), title="标题", source="来源")
    assert fig.get_layout_engine() is engine


def test_pdf_fonts_are_truetype_not_type3(tmp_path):
    fig = _fig()
    default = yp.save_figure(fig, tmp_path / "a", formats=("pdf",))[0].read_bytes()
    assert b"/CharProcs" not in default and b"/Type3" not in default  # no Type 3 font
    assert b"/FontFile" in default and b"/ToUnicode" in default  # embedded, searchable
    assert matplotlib.rcParams["pdf.fonttype"] == matplotlib.rcParamsDefault["pdf.fonttype"]


def test_a_drawing_error_reaches_the_caller(seed_plan, tmp_path):
    with pytest.raises(ValueError, match="nope"):  # raised by savefig, here or in a worker
        yp.figures_to_dir(seed_plan, tmp_path, formats=("nope",), n_jobs=2,
                          only=["sensitivity", "lorenz_curve", "centrality_ranks"])


def test_a_failing_worker_process_reaches_the_caller(seed_plan, tmp_path):
    # the font file given to set_font is gone when the worker processes start: they
    # cannot draw with it, and that must not go unnoticed
    from concurrent.futures.process import BrokenProcessPool

    from fontTools.ttLib import TTFont

    font = TTFont(f"{matplotlib.get_data_path()}/fonts/ttf/DejaVuSans.ttf")
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = "Gone Test Font"
    font.save(tmp_path / "gone.ttf")
    with pytest.warns(yp.CJKFontWarning, match="no glyphs"):
        assert yp.set_font(tmp_path / "gone.ttf") == "Gone Test Font"
    (tmp_path / "gone.ttf").unlink()
    try:
        with pytest.raises(BrokenProcessPool):
            yp.figures_to_dir(seed_plan, tmp_path, formats=("svg",), dpi=30, n_jobs=2,
                              only=["sensitivity", "lorenz_curve"])
    finally:
        yp.set_font(None)


def test_png_is_drawn_by_agg(tmp_path):
    # exact for any figure (images, filled contours): what matplotlib itself writes
    from PIL import Image

    fig = _fig()
    fig.axes[0].imshow(np.indices((4, 4)).sum(axis=0) % 2, extent=(-2, 2, -1, 1))
    png = yp.save_figure(fig, tmp_path / "c", formats=("png",), dpi=50)[0]
    assert Image.open(png).mode == "RGBA"


def test_saving_leaves_axis_labels_free_to_move(tmp_path):
    # after saving, a later change of the tick labels moves the axis label again
    # instead of drawing over them
    fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
    ax.plot([0, 1], [0, 1])
    ax.set_ylabel("load")
    yp.save_figure(fig, tmp_path / "a", formats=("svg",))
    ax.set_yticks([0, 1], labels=["a much longer tick label", "and another long one"])
    yp.save_figure(fig, tmp_path / "b", formats=("svg",))
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    ticks = [t.get_window_extent(renderer) for t in ax.get_yticklabels()]
    label = ax.yaxis.label.get_window_extent(renderer)
    assert label.x1 <= min(t.x0 for t in ticks)


def test_save_figure_width_in_cm_and_dpi(tmp_path):
    from PIL import Image

    fig = _fig()
    size = fig.get_size_inches().copy()
    png = yp.save_figure(fig, tmp_path / "w", formats=("png",), dpi=100, width_cm=8)[0]
    with Image.open(png) as im:
        width = im.size[0]
    assert 8 / 2.54 * 100 * 0.9 < width < 8 / 2.54 * 100 * 1.1  # tight box, small padding
    assert (fig.get_size_inches() == size).all()  # the figure is left as it was
    with pytest.raises(ValueError, match="width_cm"):
        yp.save_figure(fig, tmp_path / "x", formats=("png",), width_cm=0)


def test_figures_to_dir_never_draws_on_the_callers_figure(seed_plan, tmp_path):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    yp.figures_to_dir(seed_plan, tmp_path, formats=("png",), dpi=30, only=["lorenz_curve"])
    assert plt.get_fignums() == [fig.number] and plt.gca() is ax  # still open, still the caller's
    assert len(ax.lines) == 1 and len(fig.axes) == 1
