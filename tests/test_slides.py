"""`yjgraph report --pptx`: a slide per figure, saying what the report says."""

from __future__ import annotations

import pytest

pptx = pytest.importorskip("pptx")

import yjgraph  # noqa: E402
from yjgraph._lang import CJK  # noqa: E402
from yjgraph.cli import main  # noqa: E402
from yjgraph.report import report_content  # noqa: E402

pytestmark = pytest.mark.slow  # draws the charts


def _slides(out):
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    prs = pptx.Presentation(str(out / "report.pptx"))
    slides = []
    for s in prs.slides:
        texts = [sh.text_frame.text for sh in s.shapes if sh.has_text_frame]
        pictures = [sh for sh in s.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
        slides.append((texts, pictures, s))
    return prs, slides


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_pptx_has_a_slide_per_figure(tmp_path, lang):
    out = tmp_path / "r"
    assert main(["report", "--pptx", "--lang", lang, "--format", "png", "--dpi", "40", "-q",
                 "-o", str(out)]) == 0
    prs, slides = _slides(out)
    content = report_content(yjgraph.analyze(yjgraph.load_example()), {}, out, lang=lang)
    (title, findings), pictures, _ = slides[0]
    assert title == content["title"] and not pictures
    assert [k["text"] for k in content["key"]] == findings.split("\n")[2:]  # the report's own sentences
    figures = slides[1:]
    assert len(figures) == len(yjgraph.plot.FIGURES)
    for n, (texts, pictures, _) in enumerate(figures, 1):
        assert texts[0].startswith(f"图{n}　" if lang == "zh" else f"Figure {n}. "), texts[0]
        assert len(pictures) == 1
        pic = pictures[0]  # the whole chart on the slide
        assert pic.left >= 0 and pic.top >= 0
        assert pic.left + pic.width <= prs.slide_width and pic.top + pic.height <= prs.slide_height
    xml = figures[0][2].shapes[0].text_frame._txBody.xml
    if lang == "zh":
        assert 'typeface="黑体"' in xml  # East Asian font set
    else:
        assert not any(CJK.search(t) for texts, _, _ in slides for t in texts)
        assert 'typeface="黑体"' not in xml
