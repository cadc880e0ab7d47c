"""Excel workbooks written straight with xlsxwriter (private)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

__all__ = ["write_workbook"]


def write_workbook(tables: Mapping[str, pd.DataFrame], path: str | Path, *,
                   max_rows: int = 100_000) -> Path:
    """Write tables to one ``.xlsx`` file, a sheet per table (name cut to 31 characters).

    Tables of more than ``max_rows`` rows are listed in a first sheet
    ``not_in_workbook`` instead (Excel stops at 1,048,576 rows, and a
    workbook is for browsing: the CSV files hold everything). Text is always
    written as text: a plan's ``=...`` never becomes a formula, nor
    ``http...`` a link. Missing values
    are empty cells. Cells go straight to xlsxwriter, column by column with
    the writer of the column's type (pandas' ``to_excel`` formats and styles
    each cell first, which makes it about 2.5 times slower).

    Examples
    --------
    >>> import tempfile, os, pandas as pd
    >>> df = pd.DataFrame({"a": ["=1+1", None, "x"], "b": [1.5, 2.0, float("nan")]})
    >>> path = write_workbook({"t": df}, os.path.join(tempfile.mkdtemp(), "x.xlsx"))
    >>> pd.read_excel(path, sheet_name="t").astype(object).fillna("-").values.tolist()
    [['=1+1', 1.5], ['-', 2.0], ['x', '-']]
    """
    import xlsxwriter

    path = Path(path)
    too_long = {n: len(df) for n, df in tables.items() if len(df) > max_rows}
    sheets = dict(tables)
    if too_long:
        sheets = {"not_in_workbook": pd.DataFrame({
            "table": list(too_long),
            "rows": list(too_long.values()),
            "note": [f"more than {max_rows:,} rows: only in {n}.csv" for n in too_long],
        }), **{n: df for n, df in tables.items() if n not in too_long}}
    options = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    with xlsxwriter.Workbook(path, options) as wb:
        bold = wb.add_format({"bold": True})
        for name, df in sheets.items():
            ws = wb.add_worksheet(name[:31])
            ws.write_row(0, 0, [str(c) for c in df.columns], bold)
            for j, col in enumerate(df.columns):
                _write_column(ws, j, df[col])
    return path


def _write_column(ws, j: int, s: pd.Series) -> None:
    if pd.api.types.is_bool_dtype(s.dtype):
        write, convert = ws.write_boolean, bool
    elif pd.api.types.is_numeric_dtype(s.dtype):
        write, convert = ws.write_number, float
    else:
        write, convert = ws.write_string, str
    values = s.astype(object).where(s.notna(), None).tolist()
    if pd.api.types.is_float_dtype(s.dtype):  # inf is not a number Excel can store
        values = [v if v is None or abs(v) != float("inf") else None for v in values]
    for i, v in enumerate(values, start=1):
        if v is not None:
            write(i, j, convert(v))
