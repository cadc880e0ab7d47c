"""Task tables: a header row, columns mapped to fields, rows turned into plan lines.

Plans are often handed out as a table (Word, Excel, CSV, a web page, a PDF):
one row per task, with columns such as 序号 / 重点任务 / 牵头单位 / 配合单位 /
完成时限 / 责任领导. This module finds the header, maps each column to a
field, and writes every row as the normalised lines the text reader
understands::

    1.推进示例大道建设。
    牵头单位:区交通局
    配合单位:区财政局、区自然资源局
    完成时限:2025年底前

so that a table is read by exactly the same rules as a text plan (stated
splitting rules, aliases, open-ended 等 lists, people in unit columns,
numbering checks, findings). Chapter rows (a row whose only value is
``一、…``, usually a merged row) become chapter lines.

A document is a list of *blocks*: text lines (``str``) and :class:`Table`
objects, in reading order; :func:`blocks_to_lines` turns it into lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import cn2an

from .roles import find_rule, label_kind
from .structure import match_heading
from .text import normalize_line

__all__ = [
    "FIELDS",
    "Table",
    "Header",
    "header_field",
    "find_header",
    "table_lines",
    "blocks_to_lines",
    "table_origin_lines",
]

#: Fields a column can be mapped to (``columns={...: field}``). ``ignore`` drops a column.
FIELDS = ("number", "text", "chapter", "lead", "support", "responsible", "combined",
          "division", "person", "deadline", "source", "ignore")
#: The fields that name units.
ROLE_FIELDS = ("lead", "support", "responsible", "combined", "division")
_ALIASES = {"leader": "person", "title": "text", "task": "text", "unit": "responsible",
            "units": "responsible", "no": "number", "id": "number"}

#: The label each field is written with in the generated lines (what the text reader reads).
LABELS = {"lead": "牵头单位", "support": "配合单位", "responsible": "责任单位",
          "combined": "责任单位和配合单位", "division": "部门分工", "person": "责任领导",
          "deadline": "完成时限", "source": "任务来源"}

_NUMBER = re.compile(r"^(序号|编号|序|任务编号|项目编号|No\.?|NO\.?|no\.?|#)$")
_DEADLINE = re.compile(r"时限|完成时间|时间节点|期限|时间安排|进度安排|时间要求|完成日期")
_STATUS = re.compile(r"进展|情况|备注|说明|成效|问题|存在|评价|评分|得分|分值|权重|考核(?!指标|内容|项目|任务)|监督|督查|督办")
_TEXT = re.compile(
    r"任务|工作|具体措施|主要措施|目标|内容|事项|措施|指标|举措|项目名称|实事|名称"
)
_CHAPTER = re.compile(r"^(类别|分类|领域|板块|方面|任务类别|工作类别|重点领域|所属领域|类型|专项|考核项目|项目类别)$")
_ROLE_WORD = re.compile(r"(单位|部门|领导|责任人|分工|主体|处室|科室|牵头|配合|协同|参与|协办|来源|依据)$")
_BLANK = re.compile(r"\s+")
_CN_NUMERALS = "一二三四五六七八九十"


@dataclass
class Table:
    """A table as rows of cell strings (merged cells already filled down/right
    where the format says so); ``label`` names it in findings (``"table 2"``,
    ``"sheet 任务表"``, ``"page 3 table 1"``)."""

    rows: list[list[str]]
    label: str = "table"
    lines: list[int] | None = field(default=None, repr=False)  # source line of each row (from text)


@dataclass
class Header:
    """Where a table's header is and what its columns mean.

    ``start``/``stop``: the header rows (``rows[start:stop]``; data starts at
    ``stop``); ``fields``: ``{column index: field}``; ``labels``: the header
    text of each column; ``rules``: stated splitting rules found in header cells.
    """

    start: int
    stop: int
    fields: dict[int, str]
    labels: dict[int, str] = field(default_factory=dict)
    rules: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max(self.labels, default=-1) + 1


def _clean(cell) -> str:
    """A cell's text: full-width punctuation to ASCII, blanks squeezed, line breaks kept."""
    if cell is None:
        return ""
    text = str(cell)
    if "\n" in text or "\r" in text:
        return "\n".join(normalize_line(ln) for ln in text.splitlines()).strip()
    return normalize_line(text)


def _squash(text: str) -> str:
    """A header cell without blanks and trailing colons/stars (``牵头 单位:`` -> ``牵头单位``)."""
    return _BLANK.sub("", text).strip(":：*＊")


def header_field(cell: str) -> str | None:
    """The field a header cell names, or ``None``.

    Examples
    --------
    >>> [header_field(x) for x in ["序 号", "重点任务", "牵头\\n单位", "配合单位", "责任单位",
    ...                            "完成时限", "责任领导", "任务来源", "进展情况", "区发改局"]]
    ['number', 'text', 'lead', 'support', 'responsible', 'deadline', 'person', 'source', 'ignore', None]
    """
    raw = _squash(_clean(cell))
    if not raw or len(raw) > 30:
        return None
    label, _, _ = find_rule(raw)  # 责任单位(排第一位的为牵头单位) -> 责任单位
    label = _squash(label) or raw
    label = re.sub(r"[(（\[【].*$", "", label) or label
    if _NUMBER.match(label):
        return "number"
    if _DEADLINE.search(label):
        return "deadline"
    if _CHAPTER.match(label):
        return "chapter"
    if _STATUS.search(label):
        return "ignore"
    if len(label) <= 12 and _ROLE_WORD.search(label):
        kind = label_kind(label)
        if kind != "unknown":
            return kind
        if re.search(r"牵头", label):
            return "lead"
    if len(label) <= 12 and _TEXT.search(label):
        return "text"
    return None


def _normalise_columns(columns) -> dict:
    out = {}
    for key, value in dict(columns or {}).items():
        f = _ALIASES.get(str(value), str(value))
        if f not in FIELDS:
            raise ValueError(f"columns: unknown field {value!r} for {key!r}; expected one of {FIELDS}")
        out[key if isinstance(key, int) else _squash(str(key))] = f
    return out


def _map_row(cells: Sequence[str], columns: Mapping) -> dict[int, str]:
    fields = {}
    for j, cell in enumerate(cells):
        f = columns.get(j, columns.get(_squash(cell))) if columns else None
        f = f or header_field(cell)
        if f:
            fields[j] = f
    return fields


def _is_header(fields: Mapping[int, str]) -> bool:
    used = {f for f in fields.values() if f != "ignore"}
    return len(used) >= 2 and bool(used & set(ROLE_FIELDS))


def _is_group_row(cell: str) -> bool:
    """A chapter or section title (一、主要预期目标), never a second header row."""
    h = match_heading(cell)
    return h is not None and h.level in ("chapter", "section")


def find_header(rows: Sequence[Sequence[str]], *, columns: Mapping | None = None,
                max_rows: int = 10) -> Header | None:
    """Find the header among the first ``max_rows`` rows of a table.

    A header row names at least two fields, one of them a unit column
    (牵头/配合/责任单位 ...). A second header row below it (``责任单位`` over
    ``牵头单位 | 配合单位``) is merged into it. ``columns`` maps header texts or
    column indexes to fields and wins over the guesses; when it maps column
    indexes only and no header row is found, every row is data.

    Examples
    --------
    >>> h = find_header([["示例方案", "", ""], ["序号", "重点任务", "责任单位", ""],
    ...                  ["", "", "牵头单位", "配合单位"], ["1", "做某事", "区发改局", "区财政局"]])
    >>> h.start, h.stop, h.fields
    (1, 3, {0: 'number', 1: 'text', 2: 'lead', 3: 'support'})
    """
    columns = _normalise_columns(columns)
    for i, row in enumerate(rows[:max_rows]):
        cells = [_clean(c) for c in row]
        fields = _map_row(cells, columns)
        if not _is_header(fields):
            continue
        labels = {j: _squash(c) for j, c in enumerate(cells)}
        stop = i + 1
        if stop < len(rows):
            filled = [(j, c) for j, c in enumerate(map(_clean, rows[stop])) if c]
            new = [(j, c) for j, c in filled if c != (cells[j] if j < len(cells) else "")]
            # a second header row: names fields where it differs from the first, and no group title
            if new and all(header_field(c) or _squash(c) in columns for _, c in new) and not any(
                    _is_group_row(c) for _, c in filled):
                for j, c in new:
                    f = columns.get(j) or columns.get(_squash(c)) or header_field(c)
                    top = labels.get(j, "")
                    if f:
                        fields[j] = f
                    labels[j] = _squash(c) if not top or top == _squash(c) else f"{top}/{_squash(c)}"
                stop += 1
        fields.update((key, f) for key, f in columns.items() if isinstance(key, int))
        rules = []
        for j in fields:
            _, kind, rule_text = find_rule(labels.get(j, ""))
            if kind is not None and rule_text:
                rules.append(rule_text)
        return Header(i, stop, dict(sorted(fields.items())), labels, rules)
    if columns and all(isinstance(k, int) for k in columns):
        width = max((len(r) for r in rows), default=0)
        return Header(0, 0, dict(sorted(columns.items())), {j: str(j) for j in range(width)})
    return None


# ---------------------------------------------------------------- rows to lines
def _join(text: str, sep: str) -> str:
    parts = [p.strip() for p in text.splitlines() if p.strip()]
    if sep == "、":
        out = ""
        for p in parts:
            out = p if not out else out + ("" if out[-1] in "、,，;；" else "、") + p
        return out
    return sep.join(parts)


def _number(value: str) -> str:
    v = value.strip().rstrip(".、 ")
    if re.fullmatch(r"\d+\.0+", v):
        v = v.split(".")[0]
    return v


@dataclass
class _Record:
    number: str
    text: list[str]
    values: list[tuple[str, str]]  # (field, value) in column order, row after row


@dataclass
class _State:
    """An open task table: its header and the rows read so far (not yet written)."""

    header: Header
    label: str
    records: list = field(default_factory=list)  # _Record or a chapter line (str)
    origins: list = field(default_factory=list)  # the source line of each record (or None)
    line: int | None = None  # the source line of the row being read
    chapter_value: str | None = None
    n_chapters: int = 0
    generated: int = 0


def _push(state: _State, record) -> None:
    state.records.append(record)
    state.origins.append(state.line)


def _row_to_records(state: _State, cells: list[str]) -> None:
    h = state.header
    by: dict[str, list[str]] = {}
    values: list[tuple[str, str]] = []
    for j, f in h.fields.items():
        if f == "ignore" or j >= len(cells) or not cells[j]:
            continue
        sep = "、" if f in ROLE_FIELDS or f == "person" else ""
        v = _join(cells[j], sep)
        if not v:
            continue
        seen = by.setdefault(f, [])
        if v not in seen:
            seen.append(v)
            if f not in ("number", "text", "chapter"):
                values.append((f, v))
    filled = [c for c in cells if c]
    if not filled:
        return
    distinct = list(dict.fromkeys(_join(c, "") for c in filled))
    number = _number(by.get("number", [""])[0])
    text = "".join(by.get("text", []))

    # a chapter column: a new value opens a chapter
    chap = by.get("chapter", [None])[0]
    if chap and chap != state.chapter_value:
        state.chapter_value = chap
        if _is_group_row(chap):
            _push(state, chap)
        else:
            state.n_chapters += 1
            _push(state, f"{cn2an.an2cn(state.n_chapters)}、{chap}")
    # a chapter or section row: one value (usually a merged row), or a Chinese numeral and a title
    if len(distinct) == 1 and (len(filled) > 1 or not values) and _is_group_row(distinct[0]):
        _push(state, distinct[0])
        return
    if number and not values and re.fullmatch(rf"[{_CN_NUMERALS}]+|[(（][{_CN_NUMERALS}]+[)）]", number):
        _push(state, f"{number}{'' if number[0] in '(（' else '、'}{text}")
        return
    last = next((r for r in reversed(state.records) if isinstance(r, _Record)), None)
    last_is_open = bool(state.records) and state.records[-1] is last
    subheading = last is not None and not last.values and values and text and text not in last.text
    same = last is not None and last_is_open and not subheading and (
        (not number and not text)
        or (number and number == last.number)
        or (not number and "".join(last.text) and text in last.text)
    )
    if same:
        if text and text not in last.text:
            last.text.append(text)
        last.values.extend(v for v in values if v not in last.values)
        return
    _push(state, _Record(number, [text] if text else [], values))


def _record_lines(state: _State, rec: _Record, findings: list[dict], at: int) -> list[str]:
    text = "".join(rec.text)
    num = rec.number
    head = None
    if num and re.fullmatch(r"\d{1,4}", num):
        h = match_heading(text)
        if h is not None and h.level == "task" and h.number == num:
            text = h.rest
        head = f"{num}.{text}"
    elif num:
        for candidate in (f"{num}{text}", f"{num}.{text}"):
            h = match_heading(candidate)
            if h is not None and h.level in ("task", "subitem"):
                head = candidate
                break
    else:
        h = match_heading(text)
        if h is not None and h.level in ("task", "subitem"):
            head = text
    if head is None:
        state.generated += 1
        if state.generated == 1:
            findings.append(_finding(at, "table_numbers_generated", "info",
                                     f"{state.label}: rows without a task number "
                                     f"(number {num!r}) were numbered in order", text[:100]))
        head = f"{state.generated}.{text}"
    return [head] + [f"{LABELS[f]}:{v}" for f, v in rec.values]


def _finding(line, kind, severity, message, text=""):
    return {"line": line, "kind": kind, "severity": severity, "task_id": None,
            "message": message, "text": text}


def _flush(state: _State | None, out: list[str], findings: list[dict],
           origins: list | None = None) -> None:
    if state is None:
        return
    records = state.records
    for k, rec in enumerate(records):
        if isinstance(rec, str):
            new = [rec]
        elif not rec.values and _opens_section(rec, records[k + 1:]):
            # a numbered row without units over rows that restart its numbering: a section
            new = [f"({cn2an.an2cn(int(rec.number))}){''.join(rec.text)}" if rec.number.isdigit()
                   else "".join(rec.text)]
        else:
            new = _record_lines(state, rec, findings, len(out) + 1)
        out.extend(new)
        if origins is not None:
            origins.extend([state.origins[k]] * len(new))
    state.records = []
    state.origins = []


def _opens_section(rec: _Record, after: list) -> bool:
    nxt = next((r for r in after if isinstance(r, _Record)), None)
    return nxt is not None and bool(nxt.values) and bool(rec.number) and nxt.number in ("1", rec.number)


def table_lines(rows: Sequence[Sequence[str]], *, columns: Mapping | None = None,
                label: str = "table") -> tuple[list[str], list[dict]]:
    """Lines the text reader understands, for one task table.

    Parameters
    ----------
    rows : list of list of str
        The table's cells, merged cells filled.
    columns : mapping, optional
        ``{header text or column index: field}`` (fields: :data:`FIELDS`).
    label : str
        Name of the table in findings.

    Returns
    -------
    lines : list of str
    findings : list of dict
        Rows for the plan's findings table (``line`` counts the returned lines).

    Examples
    --------
    >>> lines, _ = table_lines([["序号", "重点任务", "牵头 单位", "配合单位", "进展情况"],
    ...                         ["一、稳增长", "一、稳增长", "一、稳增长", "一、稳增长", "一、稳增长"],
    ...                         ["1", "扩大投资。", "区发改局", "区财政局\\n区商务局", "已配合完成"]])
    >>> lines
    ['一、稳增长', '1.扩大投资。', '牵头单位:区发改局', '配合单位:区财政局、区商务局']
    """
    return blocks_to_lines([Table([list(map(_clean, r)) for r in rows], label)], columns=columns)


def blocks_to_lines(blocks: Sequence[str | Table], *, columns: Mapping | None = None
                    ) -> tuple[list[str], list[dict]]:
    """Turn a document's blocks (text lines and tables, in reading order) into lines.

    A table with a header is a task table: its rows become task lines. A table
    without a header right after a task table of the same width continues it
    (a table broken across pages); a continuation row with no number and no
    task text adds its units to the task above. Any other table is read as
    text, one cell per line (a layout table, a table of contents ...). Text
    lines between two parts of one task table that are not headings (page
    numbers, running titles) are written after it.

    Returns
    -------
    lines : list of str
    findings : list of dict
    """
    out: list[str] = []
    findings: list[dict] = []
    state: _State | None = None
    pending: list[str] = []  # text lines inside a task table, written after it

    def close():
        nonlocal state
        _flush(state, out, findings)
        out.extend(pending)
        pending.clear()
        state = None

    for block in blocks:
        if isinstance(block, str):
            line = block.strip()
            if state is not None and match_heading(line) is None:
                pending.append(line)
                continue
            close()
            out.append(line)
            continue
        rows = [[_clean(c) for c in r] for r in block.rows]
        rows = [r for r in rows if any(r)]
        if not rows:
            continue
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        header = find_header(rows, columns=columns)
        if state is not None and width == state.header.width and (
                header is None or header.fields == state.header.fields):
            # a task table continued on the next page (its header maybe repeated)
            start, stop = (header.start, header.stop) if header is not None else (0, 0)
            for r in rows[:start] + rows[stop:]:
                _row_to_records(state, r)
            continue
        close()
        if header is None:
            findings.append(_finding(len(out) + 1, "table_as_text", "info",
                                     f"{block.label}: no task-table header (序号/重点任务/牵头单位 ...) "
                                     "found in its first rows; its cells are read as text lines",
                                     " | ".join(rows[0])[:200]))
            for r in rows:
                out.extend(dict.fromkeys(_join(c, "") for c in r if c))
            continue
        state = _open_table(rows, header, block.label, out, findings)
    close()
    return [ln.replace("\r", " ").replace("\n", " ") for ln in out], findings


def _table_read(header: Header, label: str, line, unused: bool = True) -> dict:
    """The ``table_read`` finding: how the columns were read (and which were not used)."""
    columns = ", ".join(f"{header.labels.get(j) or j}→{f}" for j, f in header.fields.items())
    message = f"{label}: read as a task table; columns {columns}"
    unmapped = [header.labels[j] for j in range(header.width) if j not in header.fields and header.labels.get(j)]
    if unused and unmapped:
        message += "; not used: " + ", ".join(unmapped)
    return _finding(line, "table_read", "info", message,
                    " | ".join(header.labels.get(j, "") for j in range(header.width))[:300])


def _open_table(rows: list[list[str]], header: Header, label: str, out: list[str],
                findings: list[dict]) -> _State:
    """Start reading a task table: the rows above its header as text, its rows as records."""
    out.extend(" ".join(dict.fromkeys(c for c in r if c)) for r in rows[: header.start])
    state = _State(header, label)
    findings.append(_table_read(header, label, len(out) + 1))
    if "text" not in header.fields.values():
        findings.append(_finding(len(out) + 1, "table_without_task_column", "warning",
                                 f"{label}: no task text column was recognised; pass "
                                 "columns={header: 'text'} to name it"))
    out.extend(f"注:{rule}" for rule in header.rules)
    header_texts = [[_squash(c) for c in r] for r in rows[header.start: header.stop]]
    for r in rows[header.stop:]:
        if [_squash(c) for c in r] not in header_texts:  # not the header repeated on a new page
            _row_to_records(state, r)
    return state


def table_origin_lines(table: Table, *, columns: Mapping | None = None
                       ) -> tuple[list[str], list[int | None], list[dict]]:
    """Lines for one task table whose rows came from lines of a text (``table.lines``).

    Returns the lines, the source line each comes from (a task's lines come
    from its row) and findings; no lines when the table has no header.
    """
    rows = [[_clean(c) for c in r] for r in table.rows]
    origins_in = table.lines or [None] * len(rows)
    header = find_header(rows, columns=columns)
    if header is None:
        return [], [], []
    state = _State(header, table.label)
    findings = [_table_read(header, table.label, origins_in[header.start], unused=False)]
    out = [f"注:{rule}" for rule in header.rules]
    origins = [origins_in[header.start]] * len(out)
    for r, line in zip(rows[header.stop:], origins_in[header.stop:]):
        state.line = line
        _row_to_records(state, r)
    _flush(state, out, findings, origins)
    return [ln.replace("\r", " ").replace("\n", " ") for ln in out], origins, findings
