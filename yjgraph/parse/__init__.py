"""Reading plans: :func:`read_plan` turns a source into a :class:`~yjgraph.Plan`."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..errors import PlanParseError, UnsupportedFormatError
from ..model import Plan
from . import formats
from .flat import flat_tables
from .formats import detect_format, extract_lines, html_table_lines
from .reader import parse_lines
from .tables import _finding
from .text import decode, html_to_text, looks_like_html, normalize_line, to_simplified

__all__ = ["read_plan", "read_aliases"]

def read_aliases(aliases) -> dict[str, str]:
    """An alias table as ``{written: canonical}``.

    Accepts a mapping, a DataFrame with columns ``alias`` and ``unit``, or the
    path of a CSV/XLSX file with those columns.

    Examples
    --------
    >>> read_aliases({"区工管委": "区工业园区管委会"})
    {'区工管委': '区工业园区管委会'}
    """
    if aliases is None:
        return {}
    if isinstance(aliases, Mapping):
        return {str(k): str(v) for k, v in aliases.items()}
    if isinstance(aliases, (str, os.PathLike)):
        path = Path(aliases)
        df = pd.read_excel(path) if path.suffix.lower() in (".xlsx", ".xls") else pd.read_csv(
            path, encoding="utf-8-sig")
    else:
        df = pd.DataFrame(aliases)
    missing = {"alias", "unit"} - set(df.columns)
    if missing:
        raise ValueError(f"the alias table needs columns 'alias' and 'unit' (missing {sorted(missing)})")
    return dict(zip(df["alias"].astype(str).str.strip(), df["unit"].astype(str).str.strip()))


_SUFFIXES = (".txt", ".text", ".html", ".htm", ".shtml", ".docx", ".doc", ".xlsx", ".xlsm", ".xls",
             ".csv", ".pdf", ".json")


def _is_path(source) -> bool:
    """A string names a file when it is one short line that exists or ends like a plan file."""
    if not isinstance(source, str) or not source or len(source) > 1024 or any(
            c in source for c in "\n\r\u2028\u2029"):
        return False
    if source.lower().endswith(_SUFFIXES):
        return True
    try:
        return Path(source).exists()
    except (OSError, ValueError):  # a name too long for the file system, a NUL byte ...
        return False


def _read_file(path: Path) -> bytes:
    """A regular file's bytes, refusing folders, FIFOs, devices and files past the size
    limit before reading anything (a FIFO or ``/dev/zero`` would block or never end)."""
    info = path.stat()
    if stat.S_ISDIR(info.st_mode):
        raise UnsupportedFormatError(f"{path}: is a folder, not a plan file; give the path of a plan file "
                                     "(or use read_corpus for a folder)")
    if not stat.S_ISREG(info.st_mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode) else
                "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else
                "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file")
        raise UnsupportedFormatError(f"{path}: is {kind}, not a plan file; save the plan to a file and "
                                     "read that")
    formats.check_size(str(path), info.st_size, "MAX_FILE_BYTES")
    with open(path, "rb") as f:
        return f.read(formats.MAX_FILE_BYTES + 1)  # a file that grows while read is still bounded


def _open(source) -> tuple[str, str, bytes | None, str | None]:
    """A source's name, suffix, and bytes (a file, bytes) or text (a string)."""
    if isinstance(source, (bytes, bytearray)):
        return "<text>", "", bytes(source), None
    if isinstance(source, os.PathLike) or _is_path(source):
        path = Path(source)
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file")
        return str(path), path.suffix.lower(), _read_file(path), None
    if isinstance(source, str):
        return "<text>", "", None, source
    raise TypeError(f"read_plan() takes a path, text or bytes, not {type(source).__name__}")


def _plan_text(data: bytes | None, text: str | None, *, name: str, suffix: str, columns, sheet,
               encoding) -> tuple[str, list[dict]]:
    """The text the line reader reads (a table written as lines, a page's text, Simplified),
    and the findings made on the way."""
    extra: list[dict] = []
    if data is not None:
        formats.check_size(name, len(data), "MAX_FILE_BYTES")
    fmt = "text" if data is None else detect_format(data, suffix, name=name)
    if fmt not in ("text", "html"):
        lines, extra = extract_lines(data, fmt, columns=columns, sheet=sheet, encoding=encoding, name=name)
        text = "\n".join(lines)
    elif text is None:
        if encoding:
            text, used, junk = data.decode(encoding, errors="replace"), encoding, 0.0
        else:
            text, used, junk = decode(data)
        if junk > 0.05:
            extra.append(_finding(None, "not_text", "error", f"{junk:.0%} of the characters are not text "
                                  f"(read as {used}): is this a plan in a text format?"))
    if fmt in ("text", "html") and looks_like_html(text):
        tabled = html_table_lines(text, columns=columns, name=name)
        if tabled is None:
            text = html_to_text(text)
        else:
            extra.extend(tabled[1])
            text = "\n".join(tabled[0])
    formats.check_size(name, len(text), "MAX_TEXT_CHARS", "characters of text")
    text, converted = to_simplified(text)
    if converted:
        extra.append(_finding(None, "traditional_converted", "info",
                              "Traditional characters converted to Simplified"))
    return text, extra


def read_plan(
    source,
    *,
    aliases=None,
    strict: bool = False,
    encoding: str | None = None,
    columns: Mapping | None = None,
    sheet: str | int | None = None,
) -> Plan:
    """Read a task-allocation plan into a :class:`~yjgraph.Plan`.

    Parameters
    ----------
    source : str, path-like or bytes
        A file path (``.txt``, a ``.html`` page saved from a government
        site, ``.docx``, ``.xlsx``/``.xls``, ``.csv``, ``.pdf`` with a text
        layer; the format is recognised by content, then by suffix), the
        plan's text itself (any string with a line break, or one
        that is not an existing path), or raw bytes. A one-line string
        ending in a plan file's suffix (``"plan.txt"``) is a path: if it does
        not exist, :class:`FileNotFoundError` is raised.
    aliases : mapping, DataFrame or path, optional
        User alias table ``{written name: canonical unit}`` (or columns
        ``alias``, ``unit``); it overrides the automatic merges.
    strict : bool, default False
        Raise :class:`~yjgraph.PlanParseError` listing every error finding
        instead of returning a plan that has them.
    encoding : str, optional
        Force an encoding; by default it is detected (BOM, UTF-8, UTF-16,
        GB18030/GBK).
    columns : mapping, optional
        For plans in a table (.docx, .xlsx, .xls, .csv, a web page or PDF
        with a table): ``{header text or column index: field}`` for columns
        the reader cannot guess; fields are ``number``, ``text``,
        ``chapter``, ``lead``, ``support``, ``responsible``, ``combined``,
        ``division``, ``person``, ``deadline``, ``source``, ``ignore``
        (see :mod:`yjgraph.parse.tables`).
    sheet : str or int, optional
        The sheet of a workbook to read (default: every visible sheet).

    Returns
    -------
    Plan

    Raises
    ------
    FileNotFoundError
        A path that does not exist.
    yjgraph.errors.UnreadableSourceError
        A source that cannot be read, as one line naming the file and what to
        do: :class:`~yjgraph.errors.UnsupportedFormatError` (a format not
        read, a folder, a FIFO or a device: nothing is opened),
        :class:`~yjgraph.errors.DamagedFileError` (broken ZIP or XML),
        :class:`~yjgraph.errors.UnsafeSourceError` (a .docx/.xlsx declaring a
        DTD or entities), :class:`~yjgraph.errors.NoTextLayerError` (a scanned
        PDF: OCR first), :class:`~yjgraph.errors.SourceTooLargeError` (past
        the limits in :mod:`yjgraph.parse.formats`: ``MAX_FILE_BYTES``,
        ``MAX_TEXT_CHARS``, ``MAX_UNPACKED_BYTES``, ``MAX_ZIP_RATIO``,
        ``MAX_CELLS``).
    yjgraph.PlanParseError
        With ``strict=True``, when the plan was read with errors.

    Notes
    -----
    The reader understands the layouts of the genre (``docs/layouts.md``):
    a ``责任单位`` line split by a stated rule such as ``逗号前为牵头单位,下同``;
    separate ``牵头单位``/``配合单位`` lines; ``部门分工:X牵头,Y配合``
    sentences; a note at the end of a task such as ``(X牵头,Y配合)``. Line
    numbers in the tables refer to the decoded text (for an HTML page, to
    its visible text).

    Examples
    --------
    >>> plan = read_plan('''一、稳增长
    ... 1.推进示例大道建设。
    ... 责任单位:区交通局、区发改局(逗号前为牵头单位,下同),区财政局
    ... 2.精简审批环节。(区政务服务局牵头,各街道配合)''')
    >>> plan.assignments[["task_id", "unit", "role"]].values.tolist()
    [['1', '区交通局', 'lead'], ['1', '区发改局', 'lead'], ['1', '区财政局', 'support'], ['2', '区政务服务局', 'lead'], ['2', '各街道', 'support']]
    """
    name, suffix, data, text = _open(source)
    text, extra = _plan_text(data, text, name=name, suffix=suffix, columns=columns, sheet=sheet,
                             encoding=encoding)
    lines = [normalize_line(ln) for ln in text.splitlines()]
    origins = None
    flat = flat_tables(lines)
    if flat is not None:
        lines, origins, found = flat
        extra.extend(found)
    plan = parse_lines(lines, aliases=read_aliases(aliases), source=name, extra_findings=extra,
                       origins=origins)
    if not len(plan.tasks) and not any(r["kind"] == "not_text" for r in extra):
        plan.findings.loc[len(plan.findings)] = {
            "line": pd.NA, "kind": "no_tasks", "severity": "error", "task_id": pd.NA,
            "message": "no numbered task with units was found", "text": ""}
    if strict:
        errors = plan.findings[plan.findings["severity"] == "error"]
        if len(errors):
            raise PlanParseError(errors.reset_index(drop=True), name)
    return plan
