"""Excel workbooks written straight with xlsxwriter (private)."""

from __future__ import annotations

import datetime as _dt
import os
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

__all__ = ["write_workbook", "WorkbookWriter", "FIXED_DATE", "fixed_timestamp"]

#: The creation date written into every workbook, so that the same tables give the same bytes.
FIXED_DATE = _dt.datetime(2000, 1, 1)


def fixed_timestamp() -> _dt.datetime:
    """The creation date written into workbooks: ``SOURCE_DATE_EPOCH`` if set, else :data:`FIXED_DATE`.

    Examples
    --------
    >>> fixed_timestamp().year >= 1970
    True
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).replace(tzinfo=None)
    return FIXED_DATE


def write_workbook(tables: Mapping[str, pd.DataFrame], path: str | Path, *,
                   max_rows: int = 100_000) -> Path:
    """Write tables to one ``.xlsx`` file, a sheet per table (see :class:`WorkbookWriter`).

    Examples
    --------
    >>> import tempfile, os, pandas as pd
    >>> df = pd.DataFrame({"a": ["=1+1", None, "x"], "b": [1.5, 2.0, float("nan")]})
    >>> path = write_workbook({"t": df}, os.path.join(tempfile.mkdtemp(), "x.xlsx"))
    >>> pd.read_excel(path, sheet_name="t").astype(object).fillna("-").values.tolist()
    [['=1+1', 1.5], ['-', 2.0], ['x', '-']]
    """
    book = WorkbookWriter(path, max_rows=max_rows)
    for name, df in tables.items():
        book.add(name, df)
    return book.close()


class WorkbookWriter:
    """Write tables one at a time into a workbook, a sheet per table.

    Sheets are streamed to disk as they are added (xlsxwriter's
    ``constant_memory`` mode), column writers chosen once per column by
    dtype; pandas' ``to_excel`` formats and styles each cell first, which is
    about 2.5 times slower. Sheet names are cut to 31 characters.

    * Text is always written as text: a plan's ``=...`` never becomes a
      formula, nor ``http...`` a link. Missing values are empty cells.
    * A table of more than ``max_rows`` rows gets no sheet (Excel stops at
      1,048,576 rows, and a workbook is for browsing: CSV files hold
      everything); a last sheet ``not_in_workbook`` lists such tables
      (unless ``list_too_long=False``: the caller then reads ``too_long``).
    * The creation date is :func:`fixed_timestamp`: the same tables give the same bytes.

    :meth:`add` takes optional presentation: header labels, number formats,
    text for booleans, highlighted rows, fitted column widths, a frozen
    header row and a filter.
    """

    def __init__(self, path: str | Path, *, max_rows: int = 100_000,
                 list_too_long: bool = True):
        import xlsxwriter

        self.path = Path(path)
        self.max_rows = max_rows
        self.list_too_long = list_too_long
        self.too_long: dict[str, int] = {}
        self._book = xlsxwriter.Workbook(self.path, {
            "constant_memory": True, "strings_to_numbers": False,
            "strings_to_formulas": False, "strings_to_urls": False})
        self._book.set_properties({"created": fixed_timestamp()})
        self._bold = self._book.add_format({"bold": True})
        self._formats: dict[tuple, object] = {}

    def _format(self, num_format: str | None, fill: str | None):
        key = (num_format, fill)
        if key == (None, None):
            return None
        if key not in self._formats:
            props: dict[str, object] = {}
            if num_format:
                props["num_format"] = num_format
            if fill:
                props.update(bg_color=fill, pattern=1)
            self._formats[key] = self._book.add_format(props)
        return self._formats[key]

    def add(self, name: str, df: pd.DataFrame, *,
            header: Sequence[str] | None = None,
            number_formats: Mapping[str, str] | None = None,
            bool_text: tuple[str, str] | None = None,
            highlight: Sequence[bool] | None = None,
            fill: str = "#FFC7CE",
            fit_widths: bool = False, max_width: float = 60,
            freeze: tuple[int, int] | None = None,
            autofilter: bool = False) -> bool:
        """Add ``df`` as sheet ``name`` (cut to 31 characters); False if too long.

        ``header`` replaces the column names; ``number_formats`` maps a column
        to an Excel number format (display only); ``bool_text`` is the
        ``(true, false)`` text written for boolean columns instead of
        TRUE/FALSE; rows whose ``highlight`` is true get ``fill`` as
        background; ``fit_widths`` sizes columns to their longest text (wide
        characters count twice, at most ``max_width``); ``freeze`` is the
        ``(row, col)`` of the top-left unfrozen cell; ``autofilter`` puts a
        filter on the header row.
        """
        if not self.fits(name, len(df)):
            return False
        ws = self._book.add_worksheet(name[:31])
        labels = [str(c) for c in (df.columns if header is None else header)]
        if len(labels) != df.shape[1]:
            raise ValueError(f"sheet {name!r}: {len(labels)} header labels for {df.shape[1]} columns")
        writers, columns, formats = [], [], []
        for col in df.columns:
            write, values = _column(ws, df[col], bool_text)
            writers.append(write)
            columns.append(values)
            formats.append((number_formats or {}).get(col))
        if fit_widths:
            for j, (label, values, fmt) in enumerate(zip(labels, columns, formats, strict=True)):
                ws.set_column(j, j, _width(label, values, fmt, max_width))
        if freeze is not None:
            ws.freeze_panes(*freeze)
        if autofilter and labels:
            ws.autofilter(0, 0, len(df), len(labels) - 1)
        ws.write_row(0, 0, labels, self._bold)
        marks = [False] * len(df) if highlight is None else [bool(h) for h in highlight]
        plain = [self._format(f, None) for f in formats]
        filled = [self._format(f, fill) for f in formats]
        for i, (row, mark) in enumerate(zip(zip(*columns), marks), start=1):  # streamed
            cell_formats = filled if mark else plain
            for j, v in enumerate(row):
                if v is not None:
                    writers[j](i, j, v, cell_formats[j])
                elif mark:
                    ws.write_blank(i, j, None, cell_formats[j])
        return True

    def fits(self, name: str, n_rows: int) -> bool:
        """Whether a table of ``n_rows`` rows gets a sheet; if not, ``name`` is recorded in ``too_long``."""
        if n_rows > self.max_rows:
            self.too_long[name] = n_rows
            return False
        return True

    def abort(self) -> None:
        """Give up: release the temporary files and leave no workbook behind (not even an older one,
        which would not match the CSV files)."""
        try:
            self._book.close()
        finally:
            self.path.unlink(missing_ok=True)

    def close(self) -> Path:
        if self.too_long and self.list_too_long:
            self.add("not_in_workbook", pd.DataFrame({
                "table": list(self.too_long),
                "rows": list(self.too_long.values()),
                "note": [f"more than {self.max_rows:,} rows: only in {n}.csv" for n in self.too_long],
            }))
        self._book.close()
        return self.path


def _column(ws, s: pd.Series, bool_text: tuple[str, str] | None = None):
    """The typed writer of a column and its values (``None`` for missing)."""
    values = s.astype(object).where(s.notna(), None).tolist()
    if pd.api.types.is_bool_dtype(s.dtype):
        if bool_text is not None:
            return ws.write_string, [None if v is None else bool_text[0 if v else 1] for v in values]
        return ws.write_boolean, [None if v is None else bool(v) for v in values]
    if pd.api.types.is_numeric_dtype(s.dtype):  # inf is not a number Excel can store
        return ws.write_number, [None if v is None or abs(v) == float("inf") else float(v) for v in values]
    return ws.write_string, [None if v is None else str(v) for v in values]


def text_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: wide (CJK) characters count twice.

    Examples
    --------
    >>> text_width("区商务局"), text_width("load")
    (8, 4)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _width(label: str, values: list, num_format: str | None, max_width: float) -> float:
    """A column's width: its longest value or header, plus room for the filter button.

    Texts are measured longest first, and only while one could still be wider
    (a text is at most twice its length wide).
    """
    widest = text_width(label) + 3
    for v in values:
        if isinstance(v, float):
            n = len(f"{v:.1%}") if num_format and "%" in num_format else len(f"{v:.3f}".rstrip("0"))
            widest = max(widest, n + 1)
    for text in sorted({str(v) for v in values if v is not None and not isinstance(v, float)}, key=len, reverse=True):
        if widest >= max_width or 2 * len(text) + 1 <= widest:
            break
        widest = max(widest, text_width(text) + 1)
    return float(min(max(widest, 6), max_width))
