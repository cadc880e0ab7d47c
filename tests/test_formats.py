"""Plans as users receive them: Word, Excel, CSV, HTML tables, PDF, read back and
compared with reading the same plan as text."""

from __future__ import annotations

import io
import sys
import zipfile

import matplotlib
import openpyxl
import pandas as pd
import pytest

import yjgraph
from yjgraph import UnsupportedFormatError, read_plan
from yjgraph.parse.formats import detect_format, extract_lines, html_blocks
from yjgraph.parse.tables import Table, blocks_to_lines, find_header, header_field, table_lines

docx = pytest.importorskip("docx")  # python-docx: a dependency of yjgraph (see pyproject)
pdfplumber = pytest.importorskip("pdfplumber")


# ---------------------------------------------------------------- helpers
def key(plan):
    """What must survive a change of format: tasks and who does what."""
    tasks = plan.tasks[["task_id", "chapter", "title"]].astype(object)
    return (tasks.where(tasks.notna(), None).values.tolist(),
            sorted(map(tuple, plan.assignments[["task_id", "unit", "role"]].astype(str).values.tolist())))


def roles(plan, task_id):
    a = plan.assignments[plan.assignments["task_id"] == task_id]
    return a.loc[a["role"] == "lead", "unit"].tolist(), a.loc[a["role"] == "support", "unit"].tolist()


HEADER = ["序号", "重点任务", "牵头单位", "配合单位", "完成时限", "进展情况"]
SMALL_ROWS = [
    ["一、稳增长"] * 6,
    ["1", "推进示例大道建设。加快前期工作。", "区交通局", "区财政局、区自然资源局", "2025年底前", "正在配合推进"],
    ["2", "完善社区服务设施。", "区民政局", "", "2024年", ""],
    ["二、惠民生"] * 6,
    ["3", "扩大就业。", "区人社局、区发改局", "各街道", "", "已配合完成"],
]
SMALL_TEXT = """\
一、稳增长
1.推进示例大道建设。加快前期工作。
牵头单位:区交通局
配合单位:区财政局、区自然资源局
完成时限:2025年底前
2.完善社区服务设施。
牵头单位:区民政局
完成时限:2024年
二、惠民生
3.扩大就业。
牵头单位:区人社局、区发改局
配合单位:各街道
"""


@pytest.fixture(scope="module")
def small_ref():
    return read_plan(SMALL_TEXT)


@pytest.fixture(scope="module")
def seed_ref():
    return read_plan(yjgraph.example_path())


def seed_rows(plan):
    """The seed plan as a task table: chapter and section rows, then one row per task."""
    rows, chapter, section = [], None, None
    a = plan.assignments
    for t in plan.tasks.itertuples():
        if t.chapter != chapter:
            chapter = t.chapter
            rows.append([f"{t.chapter_no}、{t.chapter}"] * 4)
        if not pd.isna(t.section) and t.section != section:
            section = t.section
            rows.append([f"({t.section_no}){t.section}"] * 4)
        mine = a[a["task_id"] == t.task_id]
        rows.append([t.number, t.text, "、".join(mine.loc[mine["role"] == "lead", "unit_raw"]),
                     "、".join(mine.loc[mine["role"] == "support", "unit_raw"])])
    return rows


def write_docx(path, blocks):
    """blocks: str paragraphs and lists of rows (tables; a row of equal cells is merged)."""
    d = docx.Document()
    for b in blocks:
        if isinstance(b, str):
            d.add_paragraph(b)
            continue
        width = max(len(r) for r in b)
        table = d.add_table(rows=0, cols=width)
        for r in b:
            cells = table.add_row().cells
            if len(set(r)) == 1 and len(r) == width and width > 1:
                cells[0].merge(cells[-1]).text = r[0]
            else:
                for c, v in zip(cells, r, strict=False):
                    c.text = v
    d.save(path)


def _width(s: str) -> float:
    return sum(0.55 if ord(ch) < 128 else 1.0 for ch in s)


def wrap(line: str, width: float = 44) -> list[str]:
    out, cur = [], ""
    for ch in line:
        if _width(cur + ch) > width:
            out.append(cur)
            cur = ""
        cur += ch
    return out + [cur] if cur else out


def write_pdf(path, lines=(), table=None, *, blank=False):
    """A PDF with a text layer (matplotlib, CJK font): wrapped text lines, then an
    optional ruled table (list of rows)."""
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    from yjgraph.plot.fonts import find_cjk_font

    font = find_cjk_font()
    size, step = 10, 14 / 72 / 11.69  # points; line step as a fraction of the page height
    left = 0.7 / 8.27
    wrapped = [w for ln in lines if ln.strip() for w in wrap(ln.strip())]
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(path) as pdf:
        y, fig = 1.0, None

        def page():
            nonlocal y, fig
            if fig is not None:
                pdf.savefig(fig)
            fig = Figure(figsize=(8.27, 11.69))
            y = 1 - 0.7 / 11.69
            return fig

        page()
        if blank:
            ax = fig.add_axes([0, 0, 1, 1])
            ax.set_axis_off()
            ax.add_patch(matplotlib.patches.Rectangle((0.2, 0.2), 0.5, 0.5, color="0.5"))
        for ln in wrapped:
            if y < 0.07:
                page()
            fig.text(left, y, ln, family=font, fontsize=size, va="top")
            y -= step
        if table is not None:
            ax = fig.add_axes([0, 0, 1, 1])
            ax.set_axis_off()
            ax.set_xlim(0, 1)
            ax.set_ylim(0, 1)
            n = max(len(r) for r in table)
            need = [max(_width(r[j]) for r in table if len(set(r)) > 1) + 1 for j in range(n)]
            xs = [left]
            for w in need:
                xs.append(xs[-1] + w / sum(need) * (1 - 2 * left))
            h = 2.2 * step
            top = y - step
            for i, r in enumerate(table):
                yt = top - i * h
                ax.plot([xs[0], xs[-1]], [yt, yt], color="k", lw=0.6)
                if len(set(r)) == 1 and n > 1:
                    fig.text(xs[0] + 0.005, yt - 0.6 * step, r[0], family=font, fontsize=7, va="top")
                    ax.plot([xs[0], xs[0]], [yt, yt - h], color="k", lw=0.6)
                    ax.plot([xs[-1], xs[-1]], [yt, yt - h], color="k", lw=0.6)
                    continue
                for j, v in enumerate(r):
                    ax.plot([xs[j], xs[j]], [yt, yt - h], color="k", lw=0.6)
                    fig.text(xs[j] + 0.005, yt - 0.6 * step, v, family=font, fontsize=7, va="top")
                ax.plot([xs[-1], xs[-1]], [yt, yt - h], color="k", lw=0.6)
            ax.plot([xs[0], xs[-1]], [top - len(table) * h] * 2, color="k", lw=0.6)
        pdf.savefig(fig)


# ---------------------------------------------------------------- recognising formats
def test_formats_are_recognised_by_content_then_suffix(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    assert detect_format(buf.getvalue(), ".zip") == "docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<x/>")
    assert detect_format(buf.getvalue(), "") == "xlsx"
    assert detect_format(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls") == "xls"
    assert detect_format(b"%PDF-1.4\n", ".txt") == "pdf"
    assert detect_format("序号,任务\n".encode("gbk"), ".CSV") == "csv"
    assert detect_format(b"<html></html>", ".html") == "html"
    assert detect_format("一、甲".encode(), ".txt") == "text"
    # anything else names what is supported
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("ppt/presentation.xml", "<p/>")
    with pytest.raises(UnsupportedFormatError, match="PowerPoint.*docx"):
        detect_format(buf.getvalue(), ".pptx")
    with pytest.raises(UnsupportedFormatError, match=r"\.docx"):
        detect_format(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".doc")
    path = tmp_path / "plan.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 50)
    with pytest.raises(UnsupportedFormatError, match=r"'\.png'.*\.xlsx"):
        read_plan(path)
    # a damaged PDF is an error that names the format
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(UnsupportedFormatError, match=r"\.pdf"):
        read_plan(bad)


# ---------------------------------------------------------------- headers and rows
def test_header_cells():
    assert header_field("牵 头\n单 位") == "lead"
    assert header_field("协同单位") == "support"
    assert header_field("参与单位") == "support"
    assert header_field("分管领导") == "person"
    assert header_field("时限") == "deadline"
    assert header_field("工作内容") == "text"
    assert header_field("具体任务") == "text"
    assert header_field("完成情况") == "ignore"
    assert header_field("相关部门正在推进") is None
    assert header_field("区发改局") is None


def test_header_over_two_rows_and_below_a_title():
    rows = [["示例方案"] * 5,
            ["序 号", "工作任务", "责任单位", "责任单位", "时限"],
            ["序 号", "工作任务", "牵头", "配合", "时限"],
            ["1", "做某事。", "区发改局", "区财政局", "6月"]]
    h = find_header(rows)
    assert (h.start, h.stop) == (1, 3)
    assert h.fields == {0: "number", 1: "text", 2: "lead", 3: "support", 4: "deadline"}
    lines, _ = table_lines(rows)
    assert lines == ["示例方案", "1.做某事。", "牵头单位:区发改局", "配合单位:区财政局", "完成时限:6月"]


def test_table_rows_become_the_same_plan_as_text(small_ref):
    lines, findings = table_lines([HEADER, *SMALL_ROWS])
    assert lines == SMALL_TEXT.splitlines()
    assert key(read_plan("\n".join(lines))) == key(small_ref)
    assert [f["kind"] for f in findings] == ["table_read"]
    assert "进展情况→ignore" in findings[0]["message"]  # progress columns create no roles


def test_responsible_column_uses_the_stated_rule_or_becomes_support():
    rows = [["序号", "重点任务", "责任单位"],
            ["1", "做甲。", "区发改局、区财政局,区商务局"],
            ["2", "做乙。", "区统计局,区民政局"]]
    lines, _ = blocks_to_lines(["说明:责任单位中逗号前为牵头单位。", Table(rows)])
    plan = yjgraph.parse.reader.parse_lines(lines)
    assert roles(plan, "1") == (["区发改局", "区财政局"], ["区商务局"])
    assert roles(plan, "2") == (["区统计局"], ["区民政局"])
    # no rule: every unit of 责任单位 leads
    plan = yjgraph.parse.reader.parse_lines(table_lines(rows)[0])
    assert roles(plan, "1") == (["区发改局", "区财政局", "区商务局"], [])
    # the rule in the header cell
    rows2 = [["序号", "重点任务", "责任单位(排名第一的为牵头单位)"], ["1", "做甲。", "区发改局、区财政局"]]
    plan = yjgraph.parse.reader.parse_lines(table_lines(rows2)[0])
    assert roles(plan, "1") == (["区发改局"], ["区财政局"])
    # with a 牵头 column, 责任单位 means support
    rows3 = [["序号", "重点任务", "牵头单位", "责任单位"], ["1", "做甲。", "区发改局", "区财政局,区商务局"]]
    plan = yjgraph.parse.reader.parse_lines(table_lines(rows3)[0])
    assert roles(plan, "1") == (["区发改局"], ["区财政局", "区商务局"])


def test_columns_mapping_short_rows_people_and_open_lists():
    rows = [["编码", "事项", "主办", "协助", "分管"],
            ["1", "做甲。", "区发改局", "区财政局等部门", "张某同志"],
            ["2", "做乙。", "区商务局"]]  # fewer cells than the header
    assert find_header(rows) is None
    plan = read_plan("\n".join(
        table_lines(rows, columns={"编码": "number", 1: "text", "主办": "lead", "协助": "support",
                                   "分管": "leader"})[0]))
    assert roles(plan, "1") == (["区发改局"], ["区财政局"])
    assert roles(plan, "2") == (["区商务局"], [])
    t = plan.tasks.set_index("task_id")
    assert t.loc["1", "leader"] == "张某同志" and t.loc["1", "open_ended"]
    with pytest.raises(ValueError, match="unknown field"):
        table_lines(rows, columns={"主办": "boss"})


def test_merged_rows_continuations_and_generated_numbers():
    rows = [["重点任务", "牵头单位", "配合单位"],
            ["做甲。", "区发改局", "区财政局"],
            ["做甲。", "区发改局", "区商务局"],  # the task cell merged over two rows (filled down)
            ["", "", "区统计局"],  # a continuation row (a PDF leaves merged cells empty)
            ["做乙。", "区民政局", ""]]
    lines, findings = table_lines(rows)
    plan = read_plan("\n".join(lines))
    assert plan.tasks["task_id"].tolist() == ["1", "2"]
    assert roles(plan, "1") == (["区发改局"], ["区财政局", "区商务局", "区统计局"])
    assert "table_numbers_generated" in {f["kind"] for f in findings}
    assert "duplicate_unit" not in set(plan.findings["kind"])


def test_a_table_broken_across_pages_continues():
    t1 = Table([["序号", "重点任务", "牵头单位"], ["1", "做甲。", "区发改局"]], "page 1 table 1")
    t2 = Table([["", "", "区财政局"], ["序号", "重点任务", "牵头单位"], ["2", "做乙。", "区商务局"]], "page 2 table 1")
    lines, _ = blocks_to_lines([t1, "- 1 -", t2, "二、其他"])
    plan = read_plan("\n".join(lines))
    assert roles(plan, "1") == (["区发改局", "区财政局"], [])
    assert roles(plan, "2") == (["区商务局"], [])
    assert lines[-1] == "二、其他"


def test_a_table_without_header_is_read_as_text():
    lines, findings = blocks_to_lines([Table([["一、稳增长", ""], ["1.做甲。(区发改局牵头)", ""]])])
    assert lines == ["一、稳增长", "1.做甲。(区发改局牵头)"]
    assert findings[0]["kind"] == "table_as_text"


# ---------------------------------------------------------------- Word
def test_docx_paragraphs_round_trip_the_seed_plan(tmp_path, seed_ref):
    path = tmp_path / "seed.docx"
    write_docx(path, yjgraph.example_path().read_text(encoding="utf-8").splitlines())
    plan = read_plan(path)
    assert key(plan) == key(seed_ref)
    assert plan.meta["title"] == seed_ref.meta["title"]


def test_docx_table_round_trips_the_seed_plan(tmp_path, seed_ref):
    path = tmp_path / "seed_table.docx"
    write_docx(path, [seed_ref.meta["title"], [["序号", "重点任务", "牵头单位", "配合单位"], *seed_rows(seed_ref)]])
    plan = read_plan(path)
    assert key(plan) == key(seed_ref)
    assert plan.summary()["errors"] == 0


def test_docx_headings_in_paragraphs_apply_to_tables(tmp_path, small_ref):
    head = HEADER[:5]
    rows = [r[:5] for r in SMALL_ROWS]
    path = tmp_path / "mixed.docx"
    write_docx(path, ["示例区重点任务分工方案", "一、稳增长", [head, rows[1], rows[2]],
                      "二、惠民生", [head, rows[4]]])
    plan = read_plan(path)
    assert key(plan) == key(small_ref)
    assert plan.meta["title"] == "示例区重点任务分工方案"
    assert plan.tasks.set_index("task_id").loc["1", "deadline"] == "2025年底前"


# ---------------------------------------------------------------- Excel and CSV
def test_xlsx_with_merged_cells_and_a_two_row_header(tmp_path, small_ref):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "任务"
    ws.append(["示例区重点任务分工方案"])
    ws.merge_cells("A1:F1")
    ws.append(["序号", "重点任务", "责任单位", None, "完成时限", "进展情况"])
    ws.append([None, None, "牵头 单位", "配合单位", None, None])
    for c in "ABEF":
        ws.merge_cells(f"{c}2:{c}3")
    ws.merge_cells("C2:D2")
    r = 4
    for row in SMALL_ROWS:
        if len(set(row)) == 1:
            ws.cell(r, 1, row[0])
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
        elif row[0] == "1":  # task 1 on two rows: number, task and lead merged down
            for j, v in enumerate(row, start=1):
                ws.cell(r, j, v)
            ws.cell(r, 4, "区财政局")
            r += 1
            ws.cell(r, 4, "区自然资源局")
            for c in "ABCE":
                ws.merge_cells(f"{c}{r - 1}:{c}{r}")
        else:
            for j, v in enumerate(row, start=1):
                ws.cell(r, j, int(v) if v.isdigit() else v)
        r += 1
    other = wb.create_sheet("说明")
    other.append(["本表由区政府办编制"])
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    plan = read_plan(path)
    assert key(plan) == key(small_ref)
    assert plan.meta["title"] == "示例区重点任务分工方案"
    assert plan.summary()["errors"] == 0
    assert key(read_plan(path, sheet="任务")) == key(small_ref)
    with pytest.raises(ValueError, match="no sheet"):
        read_plan(path, sheet="Sheet9")


def test_a_sheet_with_a_bad_checksum_is_a_damaged_file():
    """Before: a sheet past the first 64 KB checked by check_zip raised zipfile's BadZipFile."""
    wb = openpyxl.Workbook()
    wb.active.append(HEADER[:3])
    for i in range(1, 3000):
        wb.active.append([i, f"任务{i}。" + "说明" * 20, "区交通局"])
    buf = io.BytesIO()
    wb.save(buf)
    crc = zipfile.ZipFile(buf).getinfo("xl/worksheets/sheet1.xml").CRC
    data = buf.getvalue().replace(crc.to_bytes(4, "little"), (crc ^ 1).to_bytes(4, "little"))
    with pytest.raises(yjgraph.errors.DamagedFileError, match="Bad CRC"):
        read_plan(data)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_csv_in_utf8_and_gbk(tmp_path, small_ref, encoding):
    import csv

    path = tmp_path / "plan.csv"
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows([HEADER, *[r if len(set(r)) > 1 else [r[0]] for r in SMALL_ROWS]])
    plan = read_plan(path)
    assert key(plan) == key(small_ref)


def test_xls_needs_xlrd_or_reads(tmp_path):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    try:
        import xlrd  # noqa: F401
    except ImportError:
        with pytest.raises(UnsupportedFormatError, match="xlrd"):
            extract_lines(data, "xls")
    else:
        with pytest.raises(UnsupportedFormatError, match=r"\.xls"):
            extract_lines(data, "xls")


# ---------------------------------------------------------------- HTML
def _html_table(rows):
    out = ["<table border=1><tbody>"]
    i = 0
    while i < len(rows):
        r = rows[i]
        if len(set(r)) == 1:
            out.append(f"<tr><td colspan='{len(r)}'><b>{r[0]}</b></td></tr>")
        else:
            out.append("<tr>" + "".join(f"<td>{v}</td>" for v in r) + "</tr>")
        i += 1
    return "".join(out) + "</tbody></table>"


def test_html_page_with_a_task_table(tmp_path, small_ref):
    rows = [HEADER, *SMALL_ROWS]
    table = _html_table(rows).replace("<td>区财政局、区自然资源局</td>", "<td>区财政局<br>区自然资源局</td>")
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>示例</title>
    <script>var a = "<table><tr><td>序号</td></tr></table>";</script></head><body>
    <div class="nav-bar"><a>首页</a> &gt; <a>政策文件</a></div>
    <div class="article"><h1>示例区重点任务分工方案</h1>{table}</div>
    <div class="footer">主办:示例区人民政府 <table><tr><td>网站地图</td></tr></table></div></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="gbk")
    plan = read_plan(path)
    assert key(plan) == key(small_ref)
    assert plan.meta["title"] == "示例区重点任务分工方案"
    assert "table_read" in set(plan.findings["kind"])


def test_html_rowspan_and_layout_tables():
    page = ("<table><tr><td><p>一、稳增长</p><table><tr><th>序号</th><th>重点任务</th><th>牵头单位</th>"
            "<th>配合单位</th></tr><tr><td rowspan=2>1</td><td rowspan=2>做甲。</td><td rowspan=2>区发改局</td>"
            "<td>区财政局</td></tr><tr><td>区商务局</td></tr></table></td></tr></table>")
    blocks = html_blocks(page)
    assert blocks[0] == "一、稳增长"
    assert blocks[1].rows[2] == ["1", "做甲。", "区发改局", "区商务局"]
    plan = read_plan(page)
    assert roles(plan, "1") == (["区发改局"], ["区财政局", "区商务局"])
    assert plan.tasks.loc[0, "chapter"] == "稳增长"


# ---------------------------------------------------------------- PDF
@pytest.mark.slow
def test_pdf_text_round_trips_the_seed_plan(tmp_path, seed_ref):
    path = tmp_path / "seed.pdf"
    write_pdf(path, yjgraph.example_path().read_text(encoding="utf-8").splitlines())
    plan = read_plan(path)
    assert key(plan) == key(seed_ref)


def test_pdf_with_a_ruled_table(tmp_path, small_ref):
    path = tmp_path / "table.pdf"
    write_pdf(path, ["示例区重点任务分工方案"], table=[HEADER, *SMALL_ROWS])
    plan = read_plan(path)
    assert key(plan) == key(small_ref)
    assert plan.meta["title"] == "示例区重点任务分工方案"


def test_pdf_without_a_text_layer_is_reported(tmp_path):
    path = tmp_path / "scan.pdf"
    write_pdf(path, [], blank=True)
    # issue 17: an error (a corpus lists it as a failure), not a plan of no task
    for strict in (False, True):
        with pytest.raises(yjgraph.errors.NoTextLayerError, match="no text layer: OCR first"):
            read_plan(path, strict=strict)


def test_pdf_reader_is_an_extra_with_an_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "pdfplumber", None)  # as if not installed
    with pytest.raises(UnsupportedFormatError, match=r"yjgraph\[pdf\]"):
        extract_lines(b"%PDF-1.4\n%%EOF\n", "pdf", name="plan.pdf")
