"""Tables flattened into text: a header of column names, then the cells.

Copying a table out of a web page or a PDF loses its grid. What arrives is
one of two shapes:

* **rows on lines**, cells separated by ``|`` (``1 | 推进示范园区建设。 | 区发改委 | 区财政局 |``,
  empty cells as ``||``);
* **a stream of cells**: a header block (``序号`` / ``重点任务`` / ``牵头单位`` / ``配合单位``
  ...), then every cell of every row, one after another: one cell per line, or
  cells ending in ``|`` / separated by ``|`` lines, a cell sometimes broken
  over several lines and sometimes left out (merged cells, empty cells).

Both are turned back into rows and handed to :mod:`yjgraph.parse.tables`, so
a flattened table is read by exactly the rules of a real one. Rows on lines
keep their cells' positions. A stream of cells is cut into rows and its cells
given columns by one alignment (dynamic programming over cells and columns):
each cell goes to the column whose kind it fits best (a row number, task
text, a unit list, a person, a deadline ...), in the header's order, a column
may be skipped (a merged or missing cell) or take several cells (units on
lines of their own), and a new row starts where the columns start again.
Chapter and section cells (``一、…``, ``(一)…``) between rows are headings.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .structure import match_heading
from .tables import ROLE_FIELDS, Table, header_field, table_origin_lines
from .units import HAN, PERSON_TITLE, SENTENCE_MARK, UNIT_END, is_group_name

__all__ = ["flat_tables"]

_PIPE = re.compile(r"\s*[|｜]\s*")
_DATE = re.compile(r"\d{4}年|\d{1,2}月|年底|年内|底前|前完成|持续|长期|常态|全年|季度|半年|每年|\d{4}\s*[-—–~至]")
_SEPS = re.compile(r"[、,，;；/\s]+")


def _names(cell: str) -> list[str]:
    return [n for n in _SEPS.split(cell) if n]


def _kind(cell: str) -> str:
    """What a cell looks like: ``number``, ``units``, ``person``, ``date``, ``heading``,
    ``empty`` or ``text``."""
    if not cell:
        return "empty"
    if re.fullmatch(r"\d{1,4}[.、]?", cell):
        return "number"
    h = match_heading(cell)
    if h is not None and h.level in ("chapter", "section") and len(cell) <= 60 and not h.weak:
        return "heading"
    if _DATE.search(cell) and len(cell) <= 20:
        return "date"
    names = _names(cell)
    # 增长6%左右 is a target, not a unit
    if names and not SENTENCE_MARK.search(cell) and all(len(n) <= 25 and not re.search("[0-9%‰]", n) for n in names):
        if all(UNIT_END.search(n) or is_group_name(n) for n in names):
            return "units"
        if all(2 <= len(n) <= 4 and re.search(f"[{HAN}]", n) or PERSON_TITLE.search(n) for n in names):
            return "person"
    return "text"


#: Cost of a cell of each kind (rows) in a column of each field (columns); missing = 3.
_COST: dict[str, dict[str, float]] = {
    "number": {"number": 0},
    "text": {"text": 0, "units": 3, "person": 3, "date": 2, "number": 4, "heading": 1},
    "role": {"units": 0, "person": 4, "date": 4, "text": 2.5, "number": 5, "heading": 4},
    "person": {"person": 0, "units": 3, "text": 3, "date": 4, "number": 5},
    "deadline": {"date": 0, "text": 1.5, "units": 4, "person": 4, "number": 2},
    "source": {"text": 0.5, "date": 1, "units": 2, "person": 3, "number": 2},
    "chapter": {"heading": 0, "text": 1, "units": 4, "person": 4, "number": 5},
    "ignore": {"text": 0.5, "date": 0.5, "units": 0.5, "person": 1, "number": 3, "heading": 2},
}
_SKIP = 1.0  # a column with no cell in a row
_TRAIL = 0.6  # a column with no cell at the end of a row (copies often leave out empty last cells)
_MORE = 0.3  # one more cell in the same column (a unit list or a text broken over lines)
_MORE_LEAD = 0.5  # ... in a lead column (lead lists are short: a tie goes to the support column)
_NEW_ROW = 0.5


def _group(field: str) -> str:
    return "role" if field in ROLE_FIELDS else field if field in _COST else "ignore"


def _cost(kind: str, field: str) -> float:
    if kind == "empty":
        return 0.0
    return _COST[_group(field)].get(kind, 3.0)


@dataclass
class _Cell:
    text: str
    line: int  # 1-based source line of its first piece


def _cells(lines: list[str], start: int, pipes: bool) -> Iterator[_Cell]:
    """The cells from line ``start`` on: one per line, or (``pipes``) delimited by ``|``."""
    if not pipes:
        yield from (_Cell(ln.strip(), i + 1) for i, ln in enumerate(lines[start:], start) if ln.strip())
        return
    buf: list[str] = []
    first = None
    for i in range(start, len(lines)):
        parts = _PIPE.split(lines[i])
        for k, part in enumerate(parts):
            if part.strip():
                if first is None:
                    first = i + 1
                buf.append(part.strip())
            if k < len(parts) - 1:  # a delimiter follows
                yield _Cell("\n".join(buf), first or i + 1)
                buf, first = [], None
    if buf:
        yield _Cell("\n".join(buf), first or len(lines))


def _header(cells: list[_Cell]) -> tuple[list[str], list[str]] | None:
    """The header at the start of ``cells``: (labels, fields), or None."""
    labels, fields = [], []
    texts = [c.text.replace("\n", "") for c in cells[:16]]
    for k, text in enumerate(texts):
        f = header_field(text)
        if f is None and _label_like(text) and any(header_field(t) for t in texts[k + 1 : k + 3]):
            f = "ignore"  # a column we do not use (单位 of measure ...) inside the header
        if f is None or len(text) > 30 or _kind(text) == "heading":
            break
        labels.append(text)
        fields.append(f)
    used = {f for f in fields if f != "ignore"}
    if len(fields) >= 3 and fields[0] in ("number", "text", "chapter") and used & set(ROLE_FIELDS):
        return labels, fields
    return None


def _row_numbers(kinds: list[str], cells: list[_Cell]) -> list[str]:
    """Keep ``number`` only for cells that continue the rows' numbering (n, n+1 ...; a
    restart at 1 after a heading, one number left out); other bare numbers are quantities
    (text)."""
    expected = None  # an excerpt may start at any row
    for i, kind in enumerate(kinds):
        if kind == "number":
            value = int(cells[i].text.rstrip(".、"))
            restart = value == 1 and i > 0 and kinds[i - 1] == "heading"
            if expected is None or value in (expected, expected + 1) or restart:
                expected = value + 1
            else:
                kinds[i] = "text"
    return kinds


def _label_like(text: str) -> bool:
    return len(text) <= 6 and not re.search(r"\d|[。,;:]", text) and _kind(text) in ("text", "person")


def _align(cells: list[_Cell], fields: list[str]) -> list[list[tuple[int, _Cell]]] | None:
    """Cut ``cells`` into rows and give each cell a column (one dynamic programme).

    Returns the rows as lists of ``(column, cell)``, with headings as rows of
    one ``(-1, cell)``.
    """
    n, w = len(cells), len(fields)
    if not n:
        return []
    kinds = _row_numbers([_kind(c.text) for c in cells], cells)
    inf = float("inf")
    # state after cell i: its column j (or w for a heading); cost[i][j], back[i][j]
    cost = [[inf] * (w + 1) for _ in range(n)]
    back = [[-1] * (w + 1) for _ in range(n)]
    number_col = fields.index("number") if "number" in fields else None

    def start_cost(j: int) -> float:  # a row starting at column j skips the columns before it
        skipped = sum(2.0 if fields[k] in ("number", "text") else _SKIP for k in range(j))
        return skipped + _NEW_ROW

    def trail(p: int) -> float:  # a row ending at column p leaves the columns after it empty
        return 0.0 if p >= w else _TRAIL * (w - 1 - p)

    for i in range(n):
        kind = kinds[i]
        for j in range(w + 1):
            if j == w:
                own = 0.0 if kind == "heading" else inf
            else:
                own = _cost(kind, fields[j])
                if kind == "number" and fields[j] != "number":
                    own = 6.0
            if own == inf:
                continue
            if i == 0:
                best, arg = (0.0 if j == w else start_cost(j)), -1
            else:
                best, arg = inf, -1
                for p in range(w + 1):
                    before = cost[i - 1][p]
                    if before == inf:
                        continue
                    if j == w:
                        step = trail(p)  # a heading between rows
                    elif p == w:
                        step = start_cost(j)
                    elif j > p:
                        step = _SKIP * (j - p - 1)
                    elif j == p and fields[j] not in ("number",) and kind != "empty":
                        step = _MORE_LEAD if fields[j] == "lead" else _MORE
                    else:  # a new row
                        step = trail(p) + start_cost(j)
                    if before + step < best:
                        best, arg = before + step, p
            cost[i][j] = best + own
            back[i][j] = arg
    j = min(range(w + 1), key=lambda k: cost[n - 1][k] + trail(k))
    if cost[n - 1][j] == inf:
        return None
    path = [0] * n
    for i in range(n - 1, -1, -1):
        path[i] = j
        j = back[i][j]
    rows: list[list[tuple[int, _Cell]]] = []
    prev: int | None = None
    for i, j in enumerate(path):
        if j == w:
            rows.append([(-1, cells[i])])
            prev = None
            continue
        if prev is None or j < prev or (j == prev and fields[j] == "number") or (
                j == prev and kinds[i] == "empty"):
            rows.append([])
        elif number_col is not None and j == number_col and prev is not None:
            rows.append([])
        rows[-1].append((j, cells[i]))
        prev = j
    return rows


def _rows_on_lines(lines: list[str], start: int, width: int) -> tuple[list[list[str]], list[int], int]:
    """Rows of a table written one row per line with ``|`` between cells."""
    rows, origins = [], []
    i = start
    while i < len(lines):
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        if "|" not in line and "｜" not in line:
            break
        cells = _PIPE.split(line)
        if cells and cells[-1] == "" and len(cells) > width:
            cells = cells[:-1]  # a row that ends with a delimiter
        rows.append([c.strip() for c in cells])
        origins.append(i + 1)
        i += 1
    return rows, origins, i


def _table(lines: list[str], i: int):
    """A flattened table whose header starts at line ``i``: (rows, origins, end) or None."""
    line = lines[i].strip()
    parts = [p for p in _PIPE.split(line) if p]
    if len(parts) >= 3:  # a header on one line: rows on lines
        found = _header([_Cell(p, i + 1) for p in parts])
        if found is None or len(found[0]) != len(parts):
            return None
        rows, origins, end = _rows_on_lines(lines, i + 1, len(parts))
        return [parts] + rows, [i + 1] + origins, end
    nxt = next((ln for ln in lines[i + 1 : i + 3] if ln.strip()), "")
    pipes = line.endswith(("|", "｜")) or nxt.strip() in ("|", "｜")
    stream = _cells(lines, i, pipes)
    cells = list(itertools.islice(stream, 16))
    found = _header(cells)
    if found is None:
        return None
    cells.extend(stream)
    labels, fields = found
    body = cells[len(labels):]
    # the table ends where another table's header starts
    for k in range(len(body)):
        if header_field(body[k].text.replace("\n", "")) in ("number",) and _header(body[k:]) is not None:
            body = body[:k]
            break
    rows_cells = _align([c for c in body if c.text], fields)  # empty cells say nothing in a stream
    if rows_cells is None:
        return None
    rows, origins = [labels], [cells[0].line]
    for row in rows_cells:
        if row[0][0] == -1:  # a heading between rows: a row of one merged cell
            rows.append([row[0][1].text.replace("\n", "")] * len(fields))
            origins.append(row[0][1].line)
            continue
        grid = [""] * len(fields)
        for j, cell in row:
            grid[j] = (grid[j] + "\n" + cell.text) if grid[j] else cell.text
        number = next((c for j, c in row if fields[j] == "number"), None)
        rows.append(grid)
        origins.append((number or row[0][1]).line)
    end = (body[-1].line if body else cells[len(labels) - 1].line)
    return rows, origins, end


def flat_tables(lines: list[str]) -> tuple[list[str], list[int | None], list[dict]] | None:
    """Find tables flattened into text and rewrite them as the reader's lines.

    Parameters
    ----------
    lines : list of str
        The document's normalised lines.

    Returns
    -------
    None when there is no flattened table; otherwise ``(lines, origins,
    findings)``: the new lines, the 1-based source line each came from, and
    findings about the tables read.

    Examples
    --------
    >>> text = "序号\\n重点任务\\n牵头单位\\n配合单位\\n一、稳增长\\n1\\n扩大投资。\\n区发改局\\n区财政局、各街道"
    >>> new, origins, _ = flat_tables(text.splitlines())
    >>> list(zip(origins, new))  # doctest: +NORMALIZE_WHITESPACE
    [(5, '一、稳增长'), (6, '1.扩大投资。'), (6, '牵头单位:区发改局'), (6, '配合单位:区财政局、各街道')]
    """
    out: list[str] = []
    origins: list[int | None] = []
    findings: list[dict] = []
    i = 0
    found = False
    while i < len(lines):
        line = lines[i].strip()
        table = None
        first = _PIPE.split(line)[0] if "|" in line or "｜" in line else line
        if first and len(first) <= 30 and header_field(first) is not None:  # a header starts short
            table = _table(lines, i)
        if table is None:
            out.append(lines[i])
            origins.append(i + 1)
            i += 1
            continue
        found = True
        rows, row_origins, end = table
        new, new_origins, more = table_origin_lines(
            Table(rows, f"table at line {i + 1}", lines=row_origins))
        out.extend(new)
        origins.extend(new_origins)
        for f in more:
            f["line"] = i + 1
        findings.extend(more)
        i = max(end, i + 1)
    return (out, origins, findings) if found else None
