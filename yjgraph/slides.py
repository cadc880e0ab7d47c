"""The report's key figures as slides (``report.pptx``), written with python-pptx.

One 16:9 slide for the title and the key findings, then one slide per figure
of the report: the figure's number and caption as the slide title, the chart
as large as the slide allows, and the figure's line of reading under it. The
content is the report's own (:func:`yjgraph.report.report_content`), so the
slides say what ``index.html`` and ``report.docx`` say. East Asian text is
of a Chinese report is set in 黑体 (``a:ea``), Latin text in Arial.

Needs the ``pptx`` extra: ``pip install "yjgraph[pptx]"``.
"""

from __future__ import annotations

from pathlib import Path

from ._docstrings import shared_doc

__all__ = ["write_pptx"]

_WIDTH_CM, _HEIGHT_CM, _MARGIN_CM = 33.867, 19.05, 1.2  # PowerPoint's 16:9 slide


def _text(frame, lines: list[str], size: float, *, bold: bool = False, lang: str = "zh") -> None:
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE  # the viewer shrinks text that would overflow
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, "Arial"
        if lang == "zh":
            rpr = run._r.get_or_add_rPr()
            rpr.append(rpr.makeelement(qn("a:ea"), {"typeface": "黑体"}))


@shared_doc
def write_pptx(content: dict, out_dir: str | Path, path: str | Path | None = None) -> Path:
    """Write the report's title, key findings and figures as ``report.pptx``.

    A first slide holds the title and the key findings; each figure then has
    a slide of its own, its reading under it.

    Parameters
    ----------
    {{report_files}}

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import os, tempfile
    >>> from yjgraph.report import report_content
    >>> out = tempfile.mkdtemp()
    >>> write_pptx(report_content(yjgraph.analyze(yjgraph.load_example()), {}, out), out,
    ...            os.path.join(out, "slides.pptx")).name
    'slides.pptx'
    """
    try:
        from pptx import Presentation
    except ImportError as exc:  # an optional extra
        raise ImportError('slides need python-pptx: pip install "yjgraph[pptx]"') from exc
    from PIL import Image
    from pptx.util import Cm

    out = Path(out_dir)
    lang = content["lang"]
    prs = Presentation()
    prs.slide_width, prs.slide_height = Cm(_WIDTH_CM), Cm(_HEIGHT_CM)
    prs.core_properties.title = content["title"]
    blank = prs.slide_layouts[6]
    inner = _WIDTH_CM - 2 * _MARGIN_CM

    def slide(title: str, size: float = 24):
        s = prs.slides.add_slide(blank)
        box = s.shapes.add_textbox(Cm(_MARGIN_CM), Cm(0.8), Cm(inner), Cm(2.2))
        _text(box.text_frame, [title], size, bold=True, lang=lang)
        return s

    first = slide(content["title"], 28)
    box = first.shapes.add_textbox(Cm(_MARGIN_CM), Cm(3.6), Cm(inner), Cm(_HEIGHT_CM - 4.8))
    _text(box.text_frame, [content["meta"], content["T"]["keyfindings"],
                           *(k["text"] for k in content["key"])], 16, lang=lang)
    figures = [obj for s in content["sections"] for kind, obj in s["blocks"]
               if kind == "figure" and obj.src and obj.src.endswith(".png")]
    for f in figures:
        s = slide(f"{f.label}{'　' if lang == 'zh' else '. '}{f.caption}")
        with Image.open(out / f.src) as im:
            w, h = im.size
        top, room = 3.2, _HEIGHT_CM - 3.2 - 2.4  # title above, the reading below
        width = min(inner, room * w / h)
        s.shapes.add_picture(str(out / f.src), Cm((_WIDTH_CM - width) / 2), Cm(top), width=Cm(width))
        note = s.shapes.add_textbox(Cm(_MARGIN_CM), Cm(_HEIGHT_CM - 2.2), Cm(inner), Cm(1.6))
        _text(note.text_frame, [f.reading], 14, lang=lang)
    path = Path(path) if path is not None else out / "report.pptx"
    prs.save(str(path))
    return path
