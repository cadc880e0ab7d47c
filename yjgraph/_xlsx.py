"""Excel workbooks written straight with xlsxwriter (private)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

__all__ = ["write_workbook", "WorkbookWriter"]


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
      everything); a last sheet ``not_in_workbook`` lists such tables.
    """

    def __init__(self, path: str | Path, *, max_rows: int = 100_000):
        import xlsxwriter

        self.path = Path(path)
        self.max_rows = max_rows
        self.too_long: dict[str, int] = {}
        self._book = xlsxwriter.Workbook(self.path, {
            "constant_memory": True, "strings_to_numbers": False,
            "strings_to_formulas": False, "strings_to_urls": False})
        self._bold = self._book.add_format({"bold": True})

    def add(self, name: str, df: pd.DataFrame) -> None:
        if len(df) > self.max_rows:
            self.too_long[name] = len(df)
            return
        ws = self._book.add_worksheet(name[:31])
        ws.write_row(0, 0, [str(c) for c in df.columns], self._bold)
        writers, columns = [], []
        for col in df.columns:
            write, values = _column(ws, df[col])
            writers.append(write)
            columns.append(values)
        for i, row in enumerate(zip(*columns), start=1):  # row by row: streamed
            for j, v in enumerate(row):
                if v is not None:
                    writers[j](i, j, v)

    def abort(self) -> None:
        """Give up: release the temporary files and leave no workbook behind."""
        import io

        self._book.filename = io.BytesIO()  # closing writes the (partial) workbook there
        try:
            self._book.close()
        finally:
            self.path.unlink(missing_ok=True)  # and an older one would not match the CSV files

    def close(self) -> Path:
        if self.too_long:
            self.add("not_in_workbook", pd.DataFrame({
                "table": list(self.too_long),
                "rows": list(self.too_long.values()),
                "note": [f"more than {self.max_rows:,} rows: only in {n}.csv" for n in self.too_long],
            }))
        self._book.close()
        return self.path


def _column(ws, s: pd.Series):
    """The typed writer of a column and its values (``None`` for missing)."""
    values = s.astype(object).where(s.notna(), None).tolist()
    if pd.api.types.is_bool_dtype(s.dtype):
        return ws.write_boolean, [None if v is None else bool(v) for v in values]
    if pd.api.types.is_numeric_dtype(s.dtype):  # inf is not a number Excel can store
        return ws.write_number, [None if v is None or abs(v) == float("inf") else float(v) for v in values]
    return ws.write_string, [None if v is None else str(v) for v in values]
