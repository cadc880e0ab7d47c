"""Plans as users receive them: Word, Excel, CSV, web pages with tables, PDF.

Each format is read into *blocks* (text lines and :class:`~yjgraph.parse.tables.Table`
objects in reading order); :func:`~yjgraph.parse.tables.blocks_to_lines`
turns them into the lines the text reader understands, so every format is
read by the same rules. Formats are recognised by content first (a ZIP with
``word/document.xml`` is a .docx whatever its name), then by suffix.

Format libraries are imported where used; ``pdfplumber`` (.pdf) and ``xlrd``
(old .xls) are extras (``yjgraph[pdf]``, ``yjgraph[xls]``), named with an install
hint when missing.
"""

from __future__ import annotations

import bisect
import csv
import datetime as _dt
import io
import re
import zipfile
from collections.abc import Sequence
from html.parser import HTMLParser

from ..errors import (
    DamagedFileError,
    NoTextLayerError,
    SourceTooLargeError,
    UnsafeSourceError,
    UnsupportedFormatError,
    YjgraphError,
)
from .roles import find_fields
from .structure import match_heading
from .tables import Table, _finding, blocks_to_lines, find_header
from .text import VOID as _VOID
from .text import decode, hidden

__all__ = [
    "SUPPORTED",
    "MAX_FILE_BYTES",
    "MAX_TEXT_CHARS",
    "MAX_UNPACKED_BYTES",
    "MAX_ZIP_RATIO",
    "MAX_CELLS",
    "MAX_HTML_DEPTH",
    "detect_format",
    "read_blocks",
    "extract_lines",
    "html_blocks",
    "html_table_lines",
]

#: What :func:`yjgraph.read_plan` reads, for error messages.
SUPPORTED = (".txt/.md (text), .html/.htm (saved web page), .docx (Word), .xlsx/.xls (Excel), "
             ".csv/.tsv, .pdf (with a text layer)")

# ---------------------------------------------------------------- limits
# Public settings (docs/layouts.md, "Limits on a source"): far above any real plan, far below
# what would take minutes or gigabytes; past one, a source fails with SourceTooLargeError.
#: Largest source file (or bytes) read, in bytes.
MAX_FILE_BYTES = 256 * 2**20
#: Most characters of text handed to the line reader (a text file, a page's text ...).
MAX_TEXT_CHARS = 64 * 2**20
#: Most bytes the XML parts of a .docx/.xlsx may unpack to, all parts together.
MAX_UNPACKED_BYTES = 128 * 2**20
#: Largest packing ratio of a ZIP member unpacking to more than ``_RATIO_FLOOR`` bytes.
MAX_ZIP_RATIO = 100
_RATIO_FLOOR = 4 * 2**20
#: Most cells of one table: a sheet's extent, merged ranges, an HTML table with its spans.
MAX_CELLS = 2_000_000
#: Deepest element nesting kept in an HTML page (deeper elements are read as flat text).
MAX_HTML_DEPTH = 256
_PROLOG_BYTES = 64 * 1024


def check_size(name: str, size: int, setting: str, what: str = "bytes") -> None:
    """Raise SourceTooLargeError for a ``size`` past the limit ``setting`` (a name of this module)."""
    limit = globals()[setting]
    if size > limit:
        raise SourceTooLargeError(
            f"{name}: {size:,} {what}, over the limit of {limit:,} (yjgraph.parse.formats.{setting}): "
            "a plan is far smaller; split the file, or raise the limit if it really is one plan")


def _kib(n: int) -> str:
    return f"{n / 2**20:,.0f} MB" if n >= 2**20 else f"{n:,} bytes"


def check_zip(z: zipfile.ZipFile, name: str, what: str) -> None:
    """Refuse a .docx/.xlsx whose parts unpack too far (a zip bomb), hold a DTD or
    entity declarations (XML external entities, "billion laughs"), or whose
    XML does not start like XML.

    Only the declared sizes and the first bytes of each XML part are read: a
    member's declared size bounds what :mod:`zipfile` unpacks from it.

    Raises
    ------
    SourceTooLargeError, UnsafeSourceError, DamagedFileError
    """
    for info in z.infolist():
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            raise SourceTooLargeError(
                f"{name}: part {info.filename} unpacks {info.file_size / max(info.compress_size, 1):,.0f} "
                f"times larger ({_kib(info.compress_size)} to {_kib(info.file_size)}; the limit is "
                f"{MAX_ZIP_RATIO}:1): a zip bomb, not a {what}; refused")
    parts = [i for i in z.infolist() if i.filename.lower().endswith((".xml", ".rels", ".vml")) and i.file_size]
    total = sum(i.file_size for i in parts)
    if total > MAX_UNPACKED_BYTES:
        raise SourceTooLargeError(
            f"{name}: its XML unpacks to {_kib(total)}, over the limit of {_kib(MAX_UNPACKED_BYTES)} "
            f"(yjgraph.parse.formats.MAX_UNPACKED_BYTES): not a {what} yjgraph reads; refused")
    for info in parts:
        try:
            with z.open(info) as f:
                head = f.read(_PROLOG_BYTES).replace(b"\x00", b"")  # UTF-16 markup read as ASCII
        except Exception as err:  # a bad CRC, an unknown compression ...
            raise DamagedFileError(f"{name}: a damaged {what} (part {info.filename}: {_short(err)}); "
                                   "open it and save it again") from None
        if re.search(rb"<!\s*(DOCTYPE|ENTITY)", head, re.I):
            raise UnsafeSourceError(
                f"{name}: part {info.filename} declares a DTD or XML entities, which a {what} never "
                "needs (external entities, \"billion laughs\"); refused: open it and save it again")
        if not re.search(rb"<[A-Za-z_]", head):
            raise DamagedFileError(
                f"{name}: part {info.filename} does not start like XML; a damaged {what}: open it and "
                "save it again")


def _short(err: BaseException, limit: int = 160) -> str:
    """An exception as one short line."""
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _damaged(name: str, what: str, err: BaseException, advice: str) -> DamagedFileError:
    return DamagedFileError(f"{name}: {what} ({type(err).__name__}: {_short(err)}); {advice}")


_TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
_HTML_SUFFIXES = {".htm", ".html", ".shtml", ".xhtml"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def detect_format(data: bytes, suffix: str = "", *, name: str = "<bytes>") -> str:
    """The format of a file's bytes: ``docx``, ``xlsx``, ``xls``, ``pdf``, ``csv``,
    ``html`` or ``text``.

    Content decides first (ZIP members, the OLE and ``%PDF`` signatures); then
    the suffix (``.csv``/``.tsv``; ``.html``; ``.txt``, ``.md`` or none).

    Raises
    ------
    UnsupportedFormatError
        For anything else, naming the supported formats.

    Examples
    --------
    >>> detect_format(b"%PDF-1.7 ..."), detect_format("序号,任务".encode(), ".csv")
    ('pdf', 'csv')
    >>> detect_format(b"<html><body><p>1.x</p></body></html>", ".htm")
    'html'
    """
    suffix = (suffix or "").lower()
    head = data[:8]
    if head.startswith(b"PK\x03\x04"):
        try:
            z = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as err:
            raise DamagedFileError(f"{name}: a damaged ZIP file ({_short(err)}); supported: {SUPPORTED}") from None
        with z:
            names = z.namelist()
            if "word/document.xml" in names:
                check_zip(z, name, "Word file")
                return "docx"
            if any(n.startswith("xl/") for n in names):
                check_zip(z, name, "workbook")
                return "xlsx"
        kind = "a PowerPoint file" if any(n.startswith("ppt/") for n in names) else (
            "an OpenDocument file" if "content.xml" in names else "a ZIP archive")
        raise UnsupportedFormatError(f"{name}: {kind} is not a plan format yjgraph reads; supported: {SUPPORTED}")
    if head == _OLE:
        if suffix in (".doc", ".wps", ".ppt"):
            raise UnsupportedFormatError(
                f"{name}: old binary Word/WPS files ({suffix}) cannot be read; save it as .docx. "
                f"Supported: {SUPPORTED}")
        return "xls"
    if data[:1024].lstrip().startswith(b"%PDF"):
        return "pdf"
    if suffix in (".csv", ".tsv"):
        return "csv"
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in _TEXT_SUFFIXES:
        return "text"
    raise UnsupportedFormatError(f"{name}: cannot read {suffix!r} files; supported: {SUPPORTED}")


def _need(module: str, extra: str, what: str, name: str):
    """``module``, an optional reader installed with the extra ``yjgraph[extra]``."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise UnsupportedFormatError(
            f"{name}: reading {what} needs the {module!r} package: pip install 'yjgraph[{extra}]'") from None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, _dt.datetime):
        return value.strftime("%Y-%m-%d") if not (value.hour or value.minute) else str(value)
    if isinstance(value, _dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


# ---------------------------------------------------------------- Word
def _docx_blocks(data: bytes, name: str, sheet=None):
    import docx
    from docx.table import Table as DocxTable

    blocks: list = []
    findings = []
    auto = 0
    n_tables = 0
    try:
        for item in docx.Document(io.BytesIO(data)).iter_inner_content():
            if isinstance(item, DocxTable):
                n_tables += 1
                blocks.append(Table(_docx_rows(item, name, f"table {n_tables}"), f"table {n_tables}"))
            else:
                p_pr = item._p.pPr
                if p_pr is not None and p_pr.numPr is not None and item.text.strip():
                    auto += 1
                blocks.extend(ln.strip() for ln in item.text.splitlines())
    except YjgraphError:
        raise
    except Exception as err:  # lxml's XMLSyntaxError, a missing part, an invalid gridSpan="x" ...
        raise _damaged(name, "a damaged Word file", err, "open it in Word and save it again") from None
    if auto:
        findings.append(_finding(
            None, "auto_numbering", "warning",
            f"{auto} paragraph(s) use Word's automatic numbering, whose numbers are not part of the "
            "text: chapters or tasks numbered that way may be missed (in Word, convert the numbering "
            "to text, or save as .txt)"))
    return blocks, findings


def _docx_rows(table, name: str, label: str) -> list[list[str]]:
    """A Word table's rows of cell texts as python-docx's ``row.cells``, without its recursion
    (2,000 vertically merged cells) and with the spanned area bounded by ``MAX_CELLS``."""
    from docx.table import _Cell

    rows: list[list[str]] = []
    above: dict[int, str] = {}
    area = 0
    for tr in table._tbl.tr_lst:
        row: list[str] = []
        offset = tr.grid_before
        for tc in tr.tc_lst:
            span = max(1, tc.grid_span)
            area += span
            if area > MAX_CELLS:
                raise SourceTooLargeError(
                    f"{name}: {label} spans more than {MAX_CELLS:,} cells with its merged cells "
                    "(yjgraph.parse.formats.MAX_CELLS): not a plan table; unmerge the cells in Word")
            text = above.get(offset, "") if tc.vMerge == "continue" else _Cell(tc, table).text
            row.extend([text] * span)
            offset += span
        above = dict(enumerate(row, start=tr.grid_before))
        rows.append(row)
    return rows


# ---------------------------------------------------------------- Excel and CSV
def _fill_merged(grid: list[list[str]], ranges) -> None:
    """Fill every cell of a merged range (r0, r1, c0, c1 inclusive, 0-based) with its top-left value."""
    for r0, r1, c0, c1 in ranges:
        if r0 >= len(grid):
            continue
        value = grid[r0][c0] if c0 < len(grid[r0]) else ""
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            row = grid[r]
            if len(row) <= c1:
                row.extend([""] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                row[c] = value


def _pick_sheets(names: list[str], sheet, name: str) -> list[int]:
    if sheet is None:
        return list(range(len(names)))
    if isinstance(sheet, int):
        if not -len(names) <= sheet < len(names):
            raise ValueError(f"{name}: no sheet {sheet}; it has {len(names)} sheet(s): {names}")
        return [sheet % len(names)]
    if sheet not in names:
        raise ValueError(f"{name}: no sheet {sheet!r}; sheets: {names}")
    return [names.index(sheet)]


_MERGE_CELL = re.compile(  # the element whole, written <mergeCell ref=".."/> or <mergeCell ref=".."></mergeCell>
    rb'<((?:\w+:)?)mergeCell\s[^>]*?\bref="([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?"[^>]*?'
    rb'(?:/>|>(?:\s*</(?:\w+:)?mergeCell\s*>)?)')
_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})(\d{1,7})"')
_ANY_CELL = re.compile(rb"<(?:\w+:)?c[\s/>]")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s/>]")


def _col(letters: bytes) -> int:
    from openpyxl.utils.cell import column_index_from_string

    return column_index_from_string(letters.decode())


def _letters(col: int) -> str:
    from openpyxl.utils.cell import get_column_letter

    return get_column_letter(col)


def _bound_merges(xml: bytes, name: str, part: str) -> bytes | None:
    """A sheet's XML with its merged ranges clipped to the extent of its cells
    (``None`` when nothing changes), so that a range merged to XFD1048576 does
    not make openpyxl create billions of cells."""
    if b"mergeCell" not in xml:
        return None
    refs = _CELL_REF.findall(xml)
    if len(refs) == len(_ANY_CELL.findall(xml)):
        max_row = max((int(r) for _, r in refs), default=0)
        max_col = max(map(_col, {c for c, _ in refs}), default=0)
    else:  # cells without a reference: no extent to clip to
        max_row = max_col = None
    area = 0

    def clip(m):
        nonlocal area
        c0, r0 = _col(m.group(2)), int(m.group(3))
        c1, r1 = (_col(m.group(4)), int(m.group(5))) if m.group(4) else (c0, r0)
        if max_row is not None and (r0 > max_row or c0 > max_col):
            return b""
        clipped = max_row is not None and (r1 > max_row or c1 > max_col)
        if clipped:
            r1, c1 = min(r1, max_row), min(c1, max_col)
        area += (abs(r1 - r0) + 1) * (abs(c1 - c0) + 1)
        if not clipped:
            return m.group(0)
        return b"<" + m.group(1) + f'mergeCell ref="{_letters(c0)}{r0}:{_letters(c1)}{r1}"/>'.encode()

    out = _MERGE_CELL.sub(clip, xml)
    if area > MAX_CELLS:
        raise SourceTooLargeError(
            f"{name}: the merged ranges of {part} cover {area:,} cells, over the limit of {MAX_CELLS:,} "
            "(yjgraph.parse.formats.MAX_CELLS); unmerge them in Excel, or save the plan as .csv")
    return out if out != xml else None


def _prepared_workbook(data: bytes, name: str) -> tuple[bytes, bool]:
    """The workbook's bytes with merged ranges clipped, and whether it has formulas."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {}
        formulas = False
        for info in z.infolist():
            n = info.filename
            if n.startswith("xl/") and n.endswith(".xml"):  # worksheets, wherever the workbook puts them
                xml = z.read(info)
                if b"<sheetData" not in xml:
                    continue
                n_cells = sum(1 for _ in _ANY_CELL.finditer(xml))
                if n_cells > MAX_CELLS:  # openpyxl keeps an object per cell, empty or not
                    raise SourceTooLargeError(
                        f"{name}: {n} holds {n_cells:,} cells, over the limit of {MAX_CELLS:,} "
                        "(yjgraph.parse.formats.MAX_CELLS): not a plan table; delete the empty "
                        "formatted rows in Excel, or save the plan as .csv")
                formulas = formulas or bool(_FORMULA.search(xml))
                fixed = _bound_merges(xml, name, n)
                if fixed is not None:
                    parts[n] = fixed
        if not parts:
            return data, formulas
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as w:
            for info in z.infolist():
                w.writestr(info.filename, parts.get(info.filename) or z.read(info))
    return out.getvalue(), formulas


def formula_text(formula: str) -> str | None:
    """The text a formula displays when it is a string literal or a
    ``HYPERLINK`` with a literal label (``None`` otherwise): what Excel shows in a
    cell saved without a cached value.

    Examples
    --------
    >>> formula_text('=HYPERLINK("http://x.gov.cn/a", "区经信局")')
    '区经信局'
    >>> formula_text('="区交通局"'), formula_text("=A1&B1")
    ('区交通局', None)
    """
    from openpyxl.formula import Tokenizer

    try:
        tokens = [t for t in Tokenizer("=" + formula.strip().lstrip("=")).items if t.type != t.WSPACE]
    except Exception:  # unbalanced brackets or quotes: openpyxl's TokenizerError
        return None
    if tokens and tokens[0].type == "FUNC" and tokens[0].value.upper() in ("HYPERLINK(", "_XLFN.HYPERLINK(") and (
            len(tokens) == 3 or len(tokens) == 5 and tokens[2].type == "SEP"):
        tokens = tokens[-2:-1]  # the label, or the address when there is no label
    if len(tokens) == 1 and tokens[0].subtype == "TEXT":
        return tokens[0].value[1:-1].replace('""', '"')
    return None


def _sheet_grid(ws, formulas, sheet_name: str, name: str, findings: list) -> list[list[str]]:
    """A sheet's cells as rows of text, sized by the cells it really has."""
    cells = ws._cells  # {(row, col): cell}: the cells the file holds, not its whole extent
    values: dict[tuple[int, int], str] = {}
    unread = []
    for key, cell in cells.items():
        value = cell.value
        if value is None and formulas is not None:
            f = getattr(formulas._cells.get(key), "value", None)
            if isinstance(f, str) and f.startswith("="):
                value = formula_text(f)
                if value is None:
                    unread.append(f"{cell.coordinate} {f[:60]}")
            elif f is not None and not isinstance(f, str):
                unread.append(f"{cell.coordinate} (array formula)")
        text = _cell(value)
        if text:
            values[key] = text
    if unread:
        findings.append(_finding(
            None, "formula_without_value", "warning",
            f"sheet {sheet_name}: {len(unread)} formula cell(s) saved without their value, read as "
            f"empty: {'; '.join(unread[:5])}{' ...' if len(unread) > 5 else ''} (open the workbook "
            "in Excel and save it, or paste the values)"))
    ranges = [(r.min_row, r.max_row, r.min_col, r.max_col) for r in ws.merged_cells.ranges]
    n_rows = max((k[0] for k in cells), default=0)
    n_cols = max((k[1] for k in cells), default=0)
    rows: Sequence[int] = range(1, n_rows + 1)
    cols: Sequence[int] = range(1, n_cols + 1)
    if n_rows * n_cols > MAX_CELLS:  # a stray cell far out: only the rows and columns with values
        rows = sorted({r for r, _ in values} | {r0 for r0, _, c0, _ in ranges if (r0, c0) in values})
        cols = sorted({c for _, c in values})
        if len(rows) * len(cols) > MAX_CELLS:
            raise SourceTooLargeError(
                f"{name}: sheet {sheet_name} has {len(values):,} cells over {len(rows):,} rows and "
                f"{len(cols):,} columns, over the limit of {MAX_CELLS:,} cells "
                "(yjgraph.parse.formats.MAX_CELLS): not a plan table")
        findings.append(_finding(
            None, "sheet_extent", "warning",
            f"sheet {sheet_name}: cells reach {_letters(n_cols)}{n_rows}; only its {len(rows):,} non-empty "
            f"row(s) and {len(cols):,} column(s) were read (delete the stray cells in Excel)"))
    row_at = {r: i for i, r in enumerate(rows)}
    col_at = {c: i for i, c in enumerate(cols)}
    grid = [[""] * len(cols) for _ in rows]
    for (r, c), text in values.items():
        grid[row_at[r]][col_at[c]] = text
    for r0, r1, c0, c1 in ranges:  # a merged range shows its first cell's value in every cell
        value = values.get((r0, c0), "")
        for r in rows[bisect.bisect_left(rows, r0):bisect.bisect_right(rows, r1)]:
            for c in cols[bisect.bisect_left(cols, c0):bisect.bisect_right(cols, c1)]:
                grid[row_at[r]][col_at[c]] = value
    return grid


def _xlsx_blocks(data: bytes, name: str, sheet=None):
    import openpyxl

    try:
        data, has_formulas = _prepared_workbook(data, name)
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        wf = openpyxl.load_workbook(io.BytesIO(data), data_only=False) if has_formulas else None
    except YjgraphError:
        raise
    except Exception as err:  # expat/lxml syntax errors, missing parts, openpyxl's own errors
        raise _damaged(name, "a damaged Excel workbook", err, "open it in Excel and save it again") from None
    blocks: list = []
    findings: list = []
    names = wb.sheetnames
    for i in _pick_sheets(names, sheet, name):
        ws = wb[names[i]]
        if sheet is None and ws.sheet_state != "visible":
            continue
        grid = _sheet_grid(ws, wf[names[i]] if wf is not None else None, names[i], name, findings)
        blocks.append(Table(grid, f"sheet {names[i]}"))
    return blocks, findings


def _xls_blocks(data: bytes, name: str, sheet=None):
    xlrd = _need("xlrd", "xls", "old .xls workbooks", name)
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    except Exception as err:  # xlrd raises its own error types for OLE files that are not workbooks
        raise UnsupportedFormatError(f"{name}: not a readable .xls workbook ({err}); supported: {SUPPORTED}") from None
    blocks: list = []
    names = book.sheet_names()
    for i in _pick_sheets(names, sheet, name):
        ws = book.sheet_by_index(i)
        grid = [[_cell(xlrd.xldate_as_datetime(c.value, book.datemode) if c.ctype == xlrd.XL_CELL_DATE
                       else c.value) for c in ws.row(r)] for r in range(ws.nrows)]
        _fill_merged(grid, [(r0, r1 - 1, c0, c1 - 1) for r0, r1, c0, c1 in ws.merged_cells])
        blocks.append(Table(grid, f"sheet {names[i]}"))
    return blocks, []


def _csv_table(text: str) -> Table:
    sample = text[:20000]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    return Table(list(csv.reader(io.StringIO(text), delimiter=delimiter)), "csv")


# ---------------------------------------------------------------- HTML
_DROP_TAGS = {"script", "style", "noscript", "template", "head", "nav", "footer", "header", "aside",
              "iframe", "form", "select", "button", "svg", "#end"}
_DROP_ATTR = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|footer|foot|breadcrumbs?|crumbs?|sidebar|share|copyright|banner|"
    r"toolbar|login|pagination|topbar)([\s_-]|$)", re.I)
_BLOCK = {"p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "ul",
          "ol", "dd", "dt", "pre", "title", "td", "th", "blockquote", "center", "caption", "table",
          "tbody", "thead", "tfoot", "main", "body", "dl", "form"}


class _Node:
    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag, attrs=None):
        self.tag = tag
        self.attrs = dict(attrs or {})
        self.children: list = []


_TABLE_TAGS = {"table", "tbody", "thead", "tfoot", "tr", "td", "th"}


class _Dom(HTMLParser):
    """A forgiving tree builder. Past ``MAX_HTML_DEPTH`` open elements (past 200 more
    for table elements) elements are not nested any more: their text joins the
    element above (a block still breaks the line), a hidden or dropped one is
    skipped whole, so the tree stays shallow enough to walk recursively."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root")
        self.stack = [self.root]
        self.flat: dict[str, int] = {}  # open elements not nested, by tag
        self.skip_tag: str | None = None  # a dropped element past the depth limit, being skipped
        self.skip_depth = 0

    def _pop_until(self, stop: set[str]) -> None:
        while len(self.stack) > 1 and self.stack[-1].tag not in stop:
            self.stack.pop()

    def handle_starttag(self, tag, attrs):
        if self.skip_tag is not None:
            self.skip_depth += tag == self.skip_tag
            return
        depth = len(self.stack)
        if tag not in _VOID and depth >= MAX_HTML_DEPTH and not (
                tag in _TABLE_TAGS and depth < MAX_HTML_DEPTH + 200):
            if _dropped(_Node(tag, attrs)):
                self.skip_tag, self.skip_depth = tag, 1
                return
            self.flat[tag] = self.flat.get(tag, 0) + 1
            if tag in _BLOCK:
                self.stack[-1].children.append("\n")
            return
        if tag in ("td", "th"):
            self._pop_until({"tr", "table", "#root"})
        elif tag == "tr":
            self._pop_until({"table", "tbody", "thead", "tfoot", "#root"})
        elif tag in ("tbody", "thead", "tfoot"):
            self._pop_until({"table", "#root"})
        elif tag in ("p", "li") and self.stack[-1].tag == tag:
            self.stack.pop()
        node = _Node(tag, attrs)
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        if self.skip_tag is None:
            self.stack[-1].children.append(_Node(tag, attrs))

    def handle_endtag(self, tag):
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if not self.skip_depth:
                    self.skip_tag = None
            return
        if self.flat.get(tag):
            self.flat[tag] -= 1
            if tag in _BLOCK:
                self.stack[-1].children.append("\n")
            return
        # a cell or row closes nothing outside its table, an inline element nothing outside its block
        boundary = ({"table"} if tag in ("td", "th", "tr", "tbody", "thead", "tfoot")
                    else _BLOCK if tag not in _BLOCK else ())
        for i in range(len(self.stack) - 1, 0, -1):
            t = self.stack[i].tag
            if t == tag:
                del self.stack[i:]
                return
            if t in boundary:
                break
        if tag in _BLOCK or tag == "br":
            self.stack[-1].children.append(_Node("#end"))  # a block end tag that closed nothing

    def handle_data(self, data):
        if self.skip_tag is None:
            self.stack[-1].children.append(data)


def _dropped(node: _Node) -> bool:
    if node.tag in _DROP_TAGS:
        return True
    marks = " ".join(str(node.attrs.get(k) or "") for k in ("class", "id"))
    if marks and _DROP_ATTR.search(marks):
        return True
    return hidden(node.attrs)


def _has_table(node: _Node) -> bool:
    return any(isinstance(c, _Node) and (c.tag == "table" or _has_table(c)) for c in node.children)


#: What :func:`page_text` leaves out: only what a browser never shows.
_UNSEEN = {"script", "style", "noscript", "template", "head"}


def _unseen(node: _Node) -> bool:
    return node.tag in _UNSEEN or hidden(node.attrs)


def _walk(node: _Node, drop=_dropped, tables: bool = False):
    """The visible text under ``node`` in document order, a line break at block edges and
    ``<br>``, and (``tables``) the innermost ``<table>`` nodes instead of their text."""
    for c in node.children:
        if isinstance(c, str):
            yield c
        elif drop(c):
            continue
        elif c.tag in ("br", "#end"):  # page_text breaks lines at stray end tags too
            yield "\n"
        elif tables and c.tag == "table" and not _has_table(c):
            yield c
        else:
            block = c.tag in _BLOCK
            if block:
                yield "\n"
            yield from _walk(c, drop, tables)
            if block:
                yield "\n"


def _text_lines(parts) -> list[str]:
    return [ln.strip() for ln in "".join(parts).splitlines() if ln.strip()]


def _parse_html(page: str) -> _Node:
    dom = _Dom()
    dom.feed(page)
    dom.close()
    return dom.root


def page_text(page: str) -> str:
    """:func:`yjgraph.parse.text.html_to_text`: a page's visible text, a block per line."""
    return "\n".join(_text_lines(_walk(_parse_html(page), _unseen)))


def _rows_of(node: _Node):
    """The ``<tr>`` of a table, not those of tables inside it."""
    for c in node.children:
        if isinstance(c, _Node) and not _dropped(c):
            if c.tag == "tr":
                yield c
            elif c.tag != "table":
                yield from _rows_of(c)


def _span(value) -> int:
    try:
        return max(1, min(int(str(value).strip() or 1), 200))
    except ValueError:
        return 1


def _grid(table: _Node, label: str = "a table", name: str = "<html>") -> list[list[str]]:
    rows = list(_rows_of(table))
    taken: dict[tuple[int, int], str] = {}
    width = area = 0
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.children:
            if not isinstance(cell, _Node) or cell.tag not in ("td", "th") or _dropped(cell):
                continue
            while (r, c) in taken:
                c += 1
            rs = min(_span(cell.attrs.get("rowspan")), len(rows) - r)
            cs = _span(cell.attrs.get("colspan"))
            area += rs * cs
            if area > MAX_CELLS:
                raise SourceTooLargeError(
                    f"{name}: {label} spans more than {MAX_CELLS:,} cells with its rowspan/colspan "
                    "(yjgraph.parse.formats.MAX_CELLS): not a plan table")
            value = "\n".join(_text_lines(_walk(cell)))
            for dr in range(rs):
                for dc in range(cs):
                    taken[(r + dr, c + dc)] = value
            c += cs
            width = max(width, c)
    return [[taken.get((r, c), "") for c in range(width)] for r in range(len(rows))]


def html_blocks(page: str, *, name: str = "<html>") -> list:
    """An HTML page as blocks: visible text lines and its innermost tables (with
    ``rowspan``/``colspan`` filled), in document order.

    Scripts, styles, the ``<head>``, ``<nav>``/``<header>``/``<footer>``/``<aside>``
    and elements whose class or id says nav, menu, footer, breadcrumb, sidebar,
    share, copyright ... are dropped. A table that holds other tables is a
    layout table: its cells are read as text.

    Examples
    --------
    >>> html_blocks("<div class='nav'>首页</div><p>一、甲</p><table><tr><td rowspan=2>1</td><td>x</td></tr>"
    ...             "<tr><td>y</td></tr></table>")
    ['一、甲', Table(rows=[['1', 'x'], ['1', 'y']], label='table 1')]
    """
    blocks: list = []
    buf: list[str] = []
    n_tables = 0
    for part in _walk(_parse_html(page), tables=True):
        if isinstance(part, str):
            buf.append(part)
            continue
        blocks.extend(_text_lines(buf))
        buf.clear()
        n_tables += 1
        blocks.append(Table(_grid(part, f"table {n_tables}", name), f"table {n_tables}"))
    return blocks + _text_lines(buf)


def html_table_lines(page: str, *, columns=None, name: str = "<html>") -> tuple[list[str], list[dict]] | None:
    """Lines of an HTML page that holds a task table, or ``None`` if it holds none
    (the page is then read as text, as before)."""
    if "<table" not in page.lower():
        return None
    blocks = html_blocks(page, name=name)
    if not any(isinstance(b, Table) and find_header(b.rows, columns=columns) for b in blocks):
        return None
    return blocks_to_lines(blocks, columns=columns)


# ---------------------------------------------------------------- PDF
_PAGE_NUMBER = re.compile(r"^[-—–\s]*\d{1,4}[-—–\s]*$|^第\s*\d+\s*页(\s*[,/共]\s*\d+\s*页)?$|^\d+\s*/\s*\d+$")


def _pdf_text_lines(region, right: float) -> list[list]:
    """Text lines of a page region as ``[text, reaches the right margin]``."""
    out = []
    for r in region.extract_text_lines(return_chars=False):
        text = r["text"].strip()
        if not text or _PAGE_NUMBER.match(text):
            continue
        em = (r["x1"] - r["x0"]) / max(len(text), 1)
        out.append([text, r["x1"] >= right - 4 * em])
    return out


def _join_wrapped(items: list) -> list:
    """Join a text line to the one before when that one reached the right margin
    (a paragraph wrapped by the PDF), unless it starts a heading or a field."""
    out: list = []
    for item in items:
        if isinstance(item, list) and out and isinstance(out[-1], list) and out[-1][1]:
            text = item[0]
            h = match_heading(text)
            head, fields = find_fields(text)
            if not (h is not None and not h.weak) and not (fields and not head):
                out[-1] = [out[-1][0] + text, item[1]]
                continue
        out.append(item)
    return [x[0] if isinstance(x, list) else x for x in out]


def _pdf_blocks(data: bytes, name: str, sheet=None):
    pdfplumber = _need("pdfplumber", "pdf", ".pdf files", name)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except Exception as err:
        raise _damaged(name, "cannot read this .pdf file", err, "open it and save or print it to PDF again") from None
    items: list = []
    n_chars = 0
    with pdf:
        for pno, page in enumerate(pages, start=1):
            n_chars += len(page.chars)
            if not page.chars:
                continue
            right = max(c["x1"] for c in page.chars)
            x0, top, x1, bottom = page.bbox
            tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
            y = top
            for k, t in enumerate(tables, start=1):
                t_top, t_bottom = max(t.bbox[1], y), min(t.bbox[3], bottom)
                if t_top > y + 1:
                    items.extend(_pdf_text_lines(page.crop((x0, y, x1, t_top)), right))
                items.append(Table([[c or "" for c in row] for row in t.extract()], f"page {pno} table {k}"))
                y = max(y, t_bottom)
            if bottom > y + 1:
                items.extend(_pdf_text_lines(page.crop((x0, y, x1, bottom)), right))
    if not n_chars:
        raise NoTextLayerError(
            f"{name}: no text layer: OCR first (the PDF has {len(pages)} page(s) of images only, a scan?); "
            "run it through an OCR tool, or ask for the Word/text version")
    return _join_wrapped(items), []


# ---------------------------------------------------------------- dispatch
def read_blocks(data: bytes, fmt: str, *, sheet=None, encoding: str | None = None,
                name: str = "<bytes>") -> tuple[list, list[dict]]:
    """A file's content as blocks (text lines and tables) plus findings.

    ``fmt`` is one of ``docx``, ``xlsx``, ``xls``, ``csv``, ``pdf``, ``html``
    (see :func:`detect_format`). ``sheet`` picks one sheet of a workbook by
    name or index (default: every visible sheet, in order).
    """
    if fmt in ("csv", "html"):
        text = data.decode(encoding, errors="replace") if encoding else decode(data)[0]
        check_size(name, len(text), "MAX_TEXT_CHARS", "characters of text")
        return ([_csv_table(text)] if fmt == "csv" else html_blocks(text, name=name)), []
    readers = {"docx": _docx_blocks, "xlsx": _xlsx_blocks, "xls": _xls_blocks, "pdf": _pdf_blocks}
    if fmt not in readers:
        raise ValueError(f"read_blocks: unknown format {fmt!r}")
    return readers[fmt](data, name, sheet)


def extract_lines(data: bytes, fmt: str, *, columns=None, sheet=None, encoding: str | None = None,
                  name: str = "<bytes>") -> tuple[list[str], list[dict]]:
    """The lines the text reader reads for a file of format ``fmt``, and findings.

    Line numbers in the plan read from these lines (``plan.tasks.line``,
    ``plan.findings.line``) count these lines.

    Examples
    --------
    >>> data = "序号,重点任务,牵头单位,配合单位\\n1,扩大投资。,区发改局,区财政局\\n".encode("gbk")
    >>> extract_lines(data, "csv")[0]
    ['1.扩大投资。', '牵头单位:区发改局', '配合单位:区财政局']
    """
    blocks, findings = read_blocks(data, fmt, sheet=sheet, encoding=encoding, name=name)
    lines, more = blocks_to_lines(blocks, columns=columns)
    return lines, findings + more
