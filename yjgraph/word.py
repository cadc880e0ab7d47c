"""The report as a Word file (``report.docx``), written with python-docx.

The same content as ``index.html`` (:func:`yjgraph.report.report_content`):
the title, the key findings, numbered figures at text width with their
captions, three-line tables (rules above and below the table and under the
header, none between rows), and the methods note. Pages are A4 with the
standard margins of Chinese official documents; East Asian text is set in
宋体 (body) and 黑体 (headings, captions) through ``w:eastAsia``, Latin text
in Times New Roman, so the file opens the same in Word, WPS and LibreOffice.
"""

from __future__ import annotations

from pathlib import Path

from ._docstrings import shared_doc

__all__ = ["write_docx", "add_three_line_table", "TEXT_WIDTH_CM"]

#: A4 (21 cm) less the left and right margins (2.8 cm each).
TEXT_WIDTH_CM = 21.0 - 2 * 2.8
_MAX_FIGURE_HEIGHT_CM = 19.0
_FONTS = {"zh": ("宋体", "黑体"), "en": ("Times New Roman", "Arial")}


def _set_font(style_or_run, latin: str, east_asian: str) -> None:
    from docx.oxml.ns import qn

    style_or_run.font.name = latin
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def _border(parent, edges: dict[str, int]) -> None:
    """Set the given borders (eighths of a point; 0 = none) on a table or cell property element."""
    from docx.oxml.ns import qn

    tag = "w:tblBorders" if parent.tag == qn("w:tblPr") else "w:tcBorders"
    borders = parent.find(qn(tag))
    if borders is None:
        borders = parent.makeelement(qn(tag), {})
        parent.append(borders)
    for edge, size in edges.items():
        el = borders.makeelement(qn(f"w:{edge}"), {})
        el.set(qn("w:val"), "single" if size else "nil")
        if size:
            el.set(qn("w:sz"), str(size))
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        borders.append(el)


def three_rules(table) -> None:
    """The rules of a three-line table: 1.5 pt above and below, 0.75 pt under the header, no other."""
    _border(table._tbl.tblPr, {"top": 12, "bottom": 12, "left": 0, "right": 0, "insideH": 0, "insideV": 0})
    for cell in table.rows[0].cells:
        _border(cell._tc.get_or_add_tcPr(), {"top": 12, "bottom": 6})


def add_three_line_table(doc, rows: list[list[str]], right: list[bool]):
    """Add a three-line table to ``doc``: ``rows`` (the first, the header, in bold) in 9 pt, the
    ``right`` columns right-aligned; returns the table."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    table = doc.add_table(rows=len(rows), cols=len(right))
    three_rules(table)
    for r, (cells, row) in enumerate(zip((row.cells for row in table.rows), rows)):
        for c, (cell, value) in enumerate(zip(cells, row)):  # table.cell(r, c) rereads the whole table
            para = cell.paragraphs[0]
            run = para.add_run(str(value))
            run.font.size = Pt(9)
            if r == 0:
                run.bold = True
            if right[c]:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return table


def _table(doc, t, lang: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    cap = doc.add_paragraph(f"{t.label}{'　' if lang == 'zh' else '. '}{t.caption}", style="Caption")
    cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_three_line_table(doc, [t.header, *t.rows], t.numeric)
    if t.note:
        note = doc.add_paragraph(f"{t.note}{t.csv.split('/')[-1]}{'。' if lang == 'zh' else '.'}")
        note.runs[0].font.size = Pt(8)


def _figure(doc, f, out: Path, lang: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm
    from PIL import Image

    with Image.open(out / f.src) as im:
        w, h = im.size
    width = min(TEXT_WIDTH_CM, _MAX_FIGURE_HEIGHT_CM * w / h)
    doc.add_picture(str(out / f.src), width=Cm(width))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    cap = doc.add_paragraph(f"{f.label}{'　' if lang == 'zh' else '. '}{f.caption}"
                            f"{'。' if lang == 'zh' else '. '}{f.reading}", style="Caption")
    cap.alignment = WD_ALIGN_PARAGRAPH.CENTER


@shared_doc
def write_docx(content: dict, out_dir: str | Path, path: str | Path | None = None) -> Path:
    """Write the report content as ``report.docx`` and return its path.

    Parameters
    ----------
    {{report_files}}

    Examples
    --------
    >>> import tempfile
    >>> from yjgraph.report import report_content
    >>> d = tempfile.mkdtemp()
    >>> content = report_content(yjgraph.analyze(yjgraph.load_example()), {}, d)
    >>> write_docx(content, d).name
    'report.docx'
    """
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt, RGBColor

    out = Path(out_dir)
    lang, T = content["lang"], content["T"]
    body, heading = _FONTS[lang]
    latin_body, latin_heading = "Times New Roman", "Arial"
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin = sec.bottom_margin = Cm(2.54)
    sec.left_margin = sec.right_margin = Cm(2.8)
    normal = doc.styles["Normal"]
    _set_font(normal, latin_body, body)
    normal.font.size = Pt(11)
    for name in ("Title", "Heading 1", "Heading 2", "Caption"):
        style = doc.styles[name]
        _set_font(style, latin_heading, heading)
        style.font.color.rgb = RGBColor(0, 0, 0)
    doc.styles["Title"].font.size = Pt(18)
    doc.styles["Caption"].font.size = Pt(9.5)
    doc.styles["Caption"].font.italic = False
    doc.core_properties.title = content["title"]
    doc.core_properties.author = ""

    doc.add_heading(content["title"], level=0)
    if content["meta"]:
        doc.add_paragraph(content["meta"])
    doc.add_heading(T["keyfindings"], level=1)
    for k in content["key"]:
        suffix = (f"（见{k['label']}）" if lang == "zh" else f" (see {k['label']})") if k["label"] else ""
        doc.add_paragraph(k["text"] + suffix, style="List Number")
    for s in content["sections"]:
        doc.add_heading(s["heading"], level=1)
        for kind, obj in s["blocks"]:
            if kind == "p" and obj:
                doc.add_paragraph(obj)
            elif kind == "table":
                _table(doc, obj, lang)
            elif kind == "figure" and obj.src.endswith(".png"):
                _figure(doc, obj, out, lang)
    doc.add_heading(T["methods"], level=1)
    doc.add_paragraph(content["methods"])
    path = Path(path) if path is not None else out / "report.docx"
    doc.save(str(path))
    return path
