"""Chinese text renders: font discovery, every chart drawn without missing glyphs, PDF text."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import yjgraph.plot as yp  # noqa: E402
from yjgraph.errors import FontNotFoundError  # noqa: E402
from yjgraph.plot import fonts  # noqa: E402

CJK = fonts.find_cjk_font(warn=False)
needs_cjk = pytest.mark.skipif(
    CJK is None, reason="no CJK font installed (apt-get install fonts-noto-cjk)")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def reset_font():
    """Back to automatic detection after the test."""
    yield
    yp.set_font(None)


def _dejavu_copy(family):
    """matplotlib's DejaVu Sans renamed ``family`` (a fontTools TTFont, to change and save)."""
    from fontTools.ttLib import TTFont

    font = TTFont(f"{matplotlib.get_data_path()}/fonts/ttf/DejaVuSans.ttf")
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = family
    return font


# ------------------------------------------------------------- font discovery
@needs_cjk
def test_found_font_draws_chinese_and_minus():
    assert fonts.has_glyphs(CJK, "区发展改革局牵头配合")
    fams = yp.font_families()
    assert fams[0] == CJK and fams[-1] == "DejaVu Sans"  # DejaVu has U+2212 as fallback
    assert fonts.has_glyphs("DejaVu Sans", "\u2212")


def test_set_font_errors_and_reset(reset_font, tmp_path):
    with pytest.raises(FontNotFoundError, match="not known"):
        yp.set_font("No Such Family 12345")
    with pytest.raises(FontNotFoundError, match="does not exist"):
        yp.set_font(tmp_path / "missing.ttf")
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font")
    with pytest.raises(FontNotFoundError, match="cannot read"):
        yp.set_font(bad)
    with pytest.warns(yp.CJKFontWarning, match="no glyphs"):
        yp.set_font("DejaVu Sans")
    assert yp.set_font(None) is None
    assert yp.find_cjk_font(warn=False) == CJK  # automatic detection again


@needs_cjk
def test_set_font_by_path_and_family(reset_font):
    from matplotlib import font_manager as fm

    path = fm.findfont(fm.FontProperties(family=CJK), fallback_to_default=False)
    name = yp.set_font(path)
    assert fonts.has_glyphs(name) and yp.find_cjk_font() == name
    assert yp.set_font(CJK) == CJK
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        assert yp.set_font("DejaVu Sans") == "DejaVu Sans"  # allowed, but warned
    assert any(issubclass(w.category, yp.CJKFontWarning) for w in rec)


def test_warns_once_with_install_hint_when_no_font(tmp_path):
    # a matplotlib that sees no system font (only its own, none of them Chinese)
    code = (
        "import warnings, yjgraph.plot as yp\n"
        "with warnings.catch_warnings(record=True) as seen:\n"
        "    warnings.simplefilter('always')\n"
        "    found = [yp.find_cjk_font(), yp.find_cjk_font()]\n"
        "print(found, yp.font_families(), [str(w.message) for w in seen])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "YJGRAPH_FONT"}
    env.update(MPL_IGNORE_SYSTEM_FONTS="1", MPLCONFIGDIR=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env).stdout
    if not out.startswith("[None, None]"):
        pytest.skip(f"this matplotlib still finds system fonts: {out[:80]}")
    assert "['DejaVu Sans']" in out
    assert out.count("fonts-noto-cjk") == 1  # warned once


def test_environment_variable(monkeypatch):
    monkeypatch.setenv("YJGRAPH_FONT", "No Such Family 12345")
    with pytest.warns(yp.CJKFontWarning, match="YJGRAPH_FONT ignored"):
        assert fonts.find_cjk_font(refresh=True, warn=False) == CJK  # and found as usual


def test_import_does_not_change_rcparams():
    code = (
        "import matplotlib as mpl; before = dict(mpl.rcParams);"
        "import yjgraph.plot, yjgraph.plot.fonts;"
        "from yjgraph.plot import workload_bar;"
        "changed = [k for k in before if before[k] != mpl.rcParams[k]];"
        "print(changed)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_chart_leaves_rcparams_alone(tiny_plan):
    before = {k: matplotlib.rcParams[k] for k in
              ("font.family", "axes.unicode_minus", "pdf.fonttype", "svg.fonttype")}
    yp.responsibility_matrix(tiny_plan)
    assert {k: matplotlib.rcParams[k] for k in before} == before


# ----------------------------------------------- every chart, Chinese, no tofu
UNITS = ["区发展改革局", "区财政局", "区经济科技信息化局", "雁江生态环境局"]


@pytest.fixture
def zh_plan():
    import yjgraph

    rows = [("1", 0, "lead"), ("1", 1, "support"), ("2", 2, "lead"), ("2", 0, "support"),
            ("3", 3, "lead"), ("3", 2, "lead"), ("3", 1, "support")]
    tasks = [{"task_id": "1", "chapter_no": "一", "chapter": "优化都市圈发展布局"},
             {"task_id": "2", "chapter_no": "一", "chapter": "优化都市圈发展布局"},
             {"task_id": "3", "chapter_no": "二", "chapter": "加速推进基础设施同城同网"}]
    return yjgraph.Plan.from_assignments(
        [{"task_id": t, "unit": UNITS[u], "role": r} for t, u, r in rows], tasks,
        meta={"title": "示例责任分工方案"})


def _all_charts(plan, fig_ax):
    """Every chart, drawn from hand-made analysis-shaped tables (minus signs included)."""
    wl = pd.DataFrame({"n_lead": [1, 2, 1, 0], "n_support": [1, 0, 0, 2],
                       "load": [1.5, 2.0, 1.0, 1.0], "overloaded": [False, True, False, False]},
                      index=pd.Index([UNITS[0], UNITS[2], UNITS[3], UNITS[1]], name="unit"))
    wl.attrs["threshold_load"] = 1.8
    pairs = pd.DataFrame({"unit_a": [UNITS[0], UNITS[1], UNITS[2]],
                          "unit_b": [UNITS[1], UNITS[2], UNITS[3]],
                          "shared_tasks": [1, 1, 1]})
    comm = {UNITS[0]: 0, UNITS[1]: 0, UNITS[2]: 1, UNITS[3]: 1}
    by_ch = pd.DataFrame({"unit": UNITS[:3], "chapter_no": ["一", "一", "二"],
                          "chapter": ["优化都市圈发展布局"] * 2 + ["加速推进基础设施同城同网"],
                          "load": [1.5, 0.5, 1.0]})
    lor = pd.DataFrame({"unit_share": [0, 0.25, 0.5, 0.75, 1], "load_share": [0, .18, .36, .64, 1]})
    cen = pd.DataFrame({"degree": [3, 2, 2, 1], "betweenness": [0.5, 0.0, 0.4, 0.0]},
                       index=pd.Index(UNITS, name="unit"))
    sens = pd.DataFrame({"support_weight": [0, 0.5, 1], "measure": ["degree"] * 3,
                         "kendall_tau": [-0.4, 1.0, 0.7]})  # negative ticks: minus signs
    return {
        "workload_bar": lambda: yp.workload_bar(wl, ax=fig_ax()),
        "coresponsibility_heatmap": lambda: yp.coresponsibility_heatmap(
            pairs, communities=comm, ax=fig_ax()),
        "responsibility_matrix": lambda: yp.responsibility_matrix(plan, ax=fig_ax()),
        "chapter_heatmap": lambda: yp.chapter_heatmap(by_ch, ax=fig_ax()),
        "bipartite_network": lambda: yp.bipartite_network(plan, ax=fig_ax()),
        "projection_network": lambda: yp.projection_network(pairs, communities=comm, ax=fig_ax()),
        "lorenz_curve": lambda: yp.lorenz_curve(lor, ax=fig_ax()),
        "centrality_ranks": lambda: yp.centrality_ranks(cen, ax=fig_ax()),
        "sensitivity_plot": lambda: yp.sensitivity_plot(sens, ax=fig_ax()),
    }


@needs_cjk
@pytest.mark.parametrize("own_axes", [False, True], ids=["new-figure", "caller-axes"])
@pytest.mark.slow
def test_every_chart_renders_chinese_without_missing_glyphs(zh_plan, tmp_path, own_axes):
    # caller-axes: the Axes is made outside yjgraph, with matplotlib's default font
    fig_ax = (lambda: plt.subplots(figsize=(6.3, 5))[1]) if own_axes else (lambda: None)
    charts = _all_charts(zh_plan, fig_ax)
    assert set(charts) == {n for n in yp.__all__ if n in charts}  # every public chart
    for name, draw in charts.items():
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "Glyph ... missing from font(s)" fails the test
            ax = draw()
            ax.figure.canvas.draw()
            if not own_axes:  # PDF subsets the CJK font (about 3 s a file): once per chart
                for fmt in ("pdf", "svg"):
                    ax.figure.savefig(tmp_path / f"{name}.{fmt}")
        texts = [t.get_text() for t in ax.figure.findobj(matplotlib.text.Text)]
        assert any(any(ord(c) > 0x4E00 for c in t) for t in texts), name
        plt.close(ax.figure)


@needs_cjk
def test_saved_pdf_keeps_chinese_text_and_minus(zh_plan, tmp_path):
    sens = pd.DataFrame({"support_weight": [0, 0.5, 1], "measure": ["degree"] * 3,
                         "kendall_tau": [-0.4, 1.0, 0.7]})
    ax = yp.sensitivity_plot(sens)
    ax.set_title("敏感性 区发展改革局")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        paths = yp.save_figure(ax.figure, tmp_path / "sens", formats=("pdf",), source=zh_plan)
    data = paths[0].read_bytes()
    assert b"/CharProcs" in data or b"/FontFile" in data  # fonts embedded (Type 3 or 42)
    assert b"Noto" in data or CJK.replace(" ", "").encode() in data.replace(b" ", b"")
    assert b"/ToUnicode" in data  # and their text can be searched and copied
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    text = subprocess.run(["pdftotext", str(paths[0]), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "敏感性 区发展改革局" in text
    assert "资料来源:示例责任分工方案" in text
    assert "配合权重" in text
    assert "-0.4" in text or "\u22120.4" in text  # minus signs on the y axis


def test_cut_font_holds_the_characters_and_is_named_after_them(tmp_path):
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager as fm

    from yjgraph.plot.fonts import cut_font

    before = yp.font_families()
    if yp.find_cjk_font(warn=False) is None:
        pytest.skip("no CJK font")
    with cut_font(["区发展改革局", "牵头"]) as (family, files):
        assert yp.font_families() == [family, *before]
        assert len(files) == 2  # normal and bold
        for path in files:
            chars = set(map(chr, TTFont(path).getBestCmap()))
            assert set("区发展改革局牵头、A1") <= chars and "负" not in chars and len(chars) < 150
        bold = fm.findfont(fm.FontProperties(family=family, weight="bold"))
        assert "Bold" in TTFont(bold)["name"].getDebugName(4)  # bold text stays bold
    assert yp.font_families() == before
    with cut_font(["牵头", "区发展改革局"]) as again, cut_font(["区发展改革局"]) as other:
        assert again == (family, files) and other[0] != family  # named after the characters


@pytest.mark.slow
def test_cut_font_draws_like_the_whole_font_and_falls_back(tmp_path):
    import re

    from yjgraph.plot.fonts import cut_font

    if yp.find_cjk_font(warn=False) is None:
        pytest.skip("no CJK font")

    def draw(label):
        with yp.plot_context():
            fig, ax = plt.subplots(figsize=(3, 1))
            ax.set_title(label)
            ax.set_xlabel(label, fontweight="bold")
        return fig

    whole = yp.save_figure(draw("区发展改革局 负荷"), tmp_path / "whole", formats=("png",))[0]
    with cut_font(["区发展改革局"]):  # 负荷 is not in the cut
        fig = draw("区发展改革局 负荷")
        cut_png, cut_pdf = yp.save_figure(fig, tmp_path / "cut", formats=("png", "pdf"))
    assert plt.imread(cut_png).tolist() == plt.imread(whole).tolist()  # same glyphs, same weights
    names = {n.split(b"+", 1)[1] for n in re.findall(rb"/BaseFont /([A-Z]{6}\+[^\s/>]+)", cut_pdf.read_bytes())}
    assert any(b"yjgraph" in n for n in names)  # the cut font
    assert b"NotoSansCJKsc-Regular" in names  # and the whole font for 负荷
    plt.close("all")


def test_a_font_that_cannot_be_cut_is_used_whole(reset_font, tmp_path):
    from fontTools.ttLib.tables.DefaultTable import DefaultTable

    font = _dejavu_copy("Uncuttable Test Font")
    font["GPOS"] = DefaultTable("GPOS")
    font["GPOS"].data = b"\x00\x01 not a GPOS table"  # FreeType ignores it, fontTools cannot read it
    font.save(tmp_path / "uncuttable.ttf")
    with pytest.warns(fonts.CJKFontWarning, match="no glyphs"):
        yp.set_font(tmp_path / "uncuttable.ttf")
    before = yp.font_families()
    with pytest.warns(fonts.CJKFontWarning, match="could not be cut"):
        with fonts.cut_font(["新字体测试"]) as cut:
            assert cut is None and yp.font_families() == before
