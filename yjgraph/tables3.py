"""Journal tables: results as three-line (booktabs) tables in LaTeX, HTML and Word.

A three-line table has a rule above the header, a thinner one under it and
one under the last row, and no vertical lines: the form most journals ask
for. :func:`table` recognises yjgraph's results (workload, centrality,
backbone, co-responsibility pairs; any other DataFrame is shown as it is),
keeps the columns a paper reports, rounds the numbers, names the columns
and the units in the language asked for (official English unit names with
``lang="en"``) and returns a :class:`ThreeLineTable`.
"""

from __future__ import annotations

import html as _html
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._lang import LABELS, check_lang, unit_labels
from ._lang import label as column_label

__all__ = ["table", "ThreeLineTable", "HEADERS"]

#: Column headers in Chinese and English: the labels every output uses.
HEADERS = LABELS
#: The centrality measures a paper's table shows by default (``columns=`` for others).
_PAPER_CENTRALITY = ("degree", "closeness", "betweenness", "pagerank", "constraint")
_CENTRALITY = ("degree", "closeness", "betweenness", "weighted_degree", "svd_score", "hub_score",
               "pagerank", "proj_betweenness", "proj_eigenvector", "effective_size", "constraint")


@dataclass
class ThreeLineTable:
    """A table ready for a paper: formatted cells, headers, caption and note.

    Attributes
    ----------
    data : pandas.DataFrame
        The cells as strings, columns named by their headers.
    align : list of str
        ``"l"`` or ``"r"`` per column (numbers right-aligned).
    caption, label, note : str
        Caption above the table, LaTeX label, note under it (``""`` for none).
    lang : {"zh", "en"}
    """

    data: pd.DataFrame
    align: list[str]
    caption: str = ""
    label: str = ""
    note: str = ""
    lang: str = "zh"
    kind: str = "table"
    extra: dict = field(default_factory=dict, repr=False)

    def to_latex(self, *, position: str = "htbp") -> str:
        r"""A LaTeX ``table`` with booktabs rules (``\usepackage{booktabs}``).

        Chinese text needs a CJK-capable engine and package (XeLaTeX with
        ``xeCJK``, or ``ctex``); ``lang="en"`` tables are plain LaTeX.
        """
        cols = list(self.data.columns)
        lines = [f"\\begin{{table}}[{position}]", "\\centering"]
        if self.caption:
            lines.append(f"\\caption{{{_latex(self.caption)}}}")
        if self.label:
            lines.append(f"\\label{{{self.label}}}")
        lines += [f"\\begin{{tabular}}{{{''.join(self.align)}}}", "\\toprule",
                  " & ".join(_latex(c) for c in cols) + " \\\\", "\\midrule"]
        for row in self.data.itertuples(index=False):
            lines.append(" & ".join(_latex(v) for v in row) + " \\\\")
        lines += ["\\bottomrule", "\\end{tabular}"]
        if self.note:
            lines.append(f"\\par\\smallskip{{\\footnotesize {_latex(self.note)}}}")
        lines.append("\\end{table}")
        return "\n".join(lines) + "\n"

    def to_html(self) -> str:
        """An HTML ``<table>`` with the three rules as inline styles (pastes into Word as such)."""
        top, mid = "border-top:1.5pt solid #000", "border-bottom:0.75pt solid #000"
        cell = "padding:2pt 8pt;"
        bottom = "" if self.note else "border-bottom:1.5pt solid #000;"  # else above the note
        out = ['<table class="yj-three-line" style="border-collapse:collapse;'
               f'{bottom}font-variant-numeric:tabular-nums">']
        if self.caption:
            out.append(f'<caption style="caption-side:top;text-align:left;padding-bottom:4pt">'
                       f"{_html.escape(self.caption)}</caption>")
        heads = "".join(
            f'<th style="{cell}{top};{mid};text-align:{_side(a)};font-weight:bold">'
            f"{_html.escape(str(c))}</th>"
            for c, a in zip(self.data.columns, self.align, strict=True))
        out.append(f"<thead><tr>{heads}</tr></thead>")
        out.append("<tbody>")
        for row in self.data.itertuples(index=False):
            cells = "".join(f'<td style="{cell}text-align:{_side(a)}">{_html.escape(str(v))}</td>'
                            for v, a in zip(row, self.align, strict=True))
            out.append(f"<tr>{cells}</tr>")
        out.append("</tbody>")
        if self.note:
            out.append(f'<tfoot><tr><td colspan="{len(self.align)}" style="{cell}font-size:smaller;'
                       f'border-top:1.5pt solid #000">{_html.escape(self.note)}</td></tr></tfoot>')
        out.append("</table>")
        return "\n".join(out) + "\n"

    def _repr_html_(self) -> str:
        return self.to_html()

    def __str__(self) -> str:
        return self.data.to_string(index=False)

    def to_docx(self, path: str | os.PathLike | None = None, *, document=None):
        """Add the table to a Word document (python-docx) and return the document.

        ``document``: a ``docx.Document`` to append to (a new one by default);
        ``path``: where to save it (not saved when omitted).
        """
        import docx
        from docx.shared import Pt

        from .word import add_three_line_table

        doc = docx.Document() if document is None else document
        if self.caption:
            doc.add_paragraph(self.caption)
        add_three_line_table(doc, [list(self.data.columns), *self.data.values.tolist()], [a == "r" for a in self.align])
        if self.note:
            p = doc.add_paragraph(self.note)
            for run in p.runs:
                run.font.size = Pt(8)
        if path is not None:
            doc.save(os.fspath(path))
        return doc


def _side(a: str) -> str:
    return "right" if a == "r" else "left"


_LATEX_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
                  "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
                  "\\": r"\textbackslash{}", "<": r"\textless{}", ">": r"\textgreater{}"}
_LATEX_RE = re.compile("|".join(re.escape(k) for k in _LATEX_SPECIAL))


def _latex(s) -> str:
    return _LATEX_RE.sub(lambda m: _LATEX_SPECIAL[m.group(0)], str(s))


def _kind(df: pd.DataFrame) -> str:
    cols = set(df.columns)
    if {"unit_a", "unit_b", "p_value"} <= cols:
        return "backbone"
    if {"unit_a", "unit_b"} <= cols:
        return "pairs"
    if {"n_lead", "n_support"} <= cols:
        return "workload"
    if len(cols & set(_CENTRALITY)) >= 2:
        return "centrality"
    return "table"


def _columns(kind: str, df: pd.DataFrame) -> list[str]:
    have = list(df.columns)
    if kind == "workload":
        want = ["rank", "unit", "n_lead", "n_support", "load", "share", "overloaded"]
    elif kind == "centrality":
        want = ["unit", *[c for c in _PAPER_CENTRALITY if c in have]]
        if len(want) == 1:
            want += [c for c in _CENTRALITY if c in have]
    elif kind == "backbone":
        want = ["unit_a", "unit_b", "shared_tasks", "expected", "p_value", "p_lower", "p_adjusted",
                "significant"]
    elif kind == "pairs":
        want = ["unit_a", "unit_b", "shared_tasks", "weighted", "jaccard"]
    else:
        return have
    return [c for c in want if c in have]


def _format(col: str, s: pd.Series, lang: str, digits: int | None) -> tuple[list[str], str]:
    """Cells of one column as strings and their alignment (numbers right, text left)."""
    if s.dtype == bool or col in ("overloaded", "significant"):
        yes = column_label("value.yes", lang).capitalize()  # and no cell for "no"
        return [yes if not pd.isna(v) and bool(v) else "" for v in s], "l"
    if col in ("unit", "unit_a", "unit_b") or not (
            pd.api.types.is_numeric_dtype(s) or pd.to_numeric(s, errors="coerce").notna().all()):
        return ["" if pd.isna(v) else str(v) for v in s], "l"
    values = pd.to_numeric(s, errors="coerce").to_numpy(float)
    if col == "share":
        values = values * 100
    integer = pd.api.types.is_integer_dtype(s) or col in ("rank", "n_lead", "n_support", "n_tasks",
                                                          "shared_tasks")
    d = digits if digits is not None else (1 if col in ("share", "load") else
                                           2 if col in ("expected", "weighted", "score") else 3)
    cells = []
    for v in values:
        if not np.isfinite(v):
            cells.append("–")
        elif col.startswith("p_") and digits is None:
            cells.append("< 0.001" if v < 0.001 else f"{v:.3f}")
        elif integer and float(v).is_integer():
            cells.append(str(int(v)))
        else:
            cells.append(f"{v:.{d}f}")
    return cells, "r"


def table(df: pd.DataFrame, style: str = "three_line", *, lang: str = "zh",
          columns: Sequence[str] | None = None, top: int | None = None, digits: int | None = None,
          names=None, caption: str | None = None, label: str = "", note: str | None = None) -> ThreeLineTable:
    """A result as a three-line table for a paper: LaTeX (booktabs), HTML and Word.

    Parameters
    ----------
    df : pandas.DataFrame
        A yjgraph result: :func:`yjgraph.workload`, :func:`yjgraph.centrality`,
        :func:`yjgraph.backbone` or :func:`yjgraph.coresponsibility` (its
        columns are chosen and named), or any DataFrame (shown as it is).
    style : {"three_line"}
        The only style: top and bottom rules, a thinner rule under the header.
    lang : {"zh", "en"}
        Language of the headers, caption, note, yes/no cells and unit names
        (official English names from :func:`yjgraph.english.english_names`).
    columns : sequence of str, optional
        Columns to show (default: those a paper reports for the result).
    top : int, optional
        Only the first ``top`` rows.
    digits : int, optional
        Decimals of every non-integer number (default: 1 for load and share
        in per cent, 2 for expected counts, 3 for measures and p-values, with
        p below 0.001 written ``< 0.001``).
    names : mapping or DataFrame, optional
        ``{unit: label}`` overriding the unit names shown.
    caption, note : str, optional
        Caption above and note under the table (default: one for the kind
        of result in ``lang``; ``""`` for none).
    label : str
        LaTeX ``\\label``.

    Returns
    -------
    ThreeLineTable
        ``.to_latex()``, ``.to_html()``, ``.to_docx(path)``; ``.data`` holds
        the formatted cells.

    Examples
    --------
    >>> wl = yjgraph.workload(yjgraph.load_example())
    >>> t = yjgraph.table(wl, top=2, lang="en")
    >>> t.data.values.tolist()
    [['1', 'District Economy, Science, Technology and Information Technology Bureau', '24', '13', '30.5', '13.6', 'Yes'], ['2', 'District Development and Reform Bureau', '22', '12', '28.0', '12.5', 'Yes']]
    >>> print(t.to_latex().splitlines()[4])
    \\toprule
    """
    if style != "three_line":
        raise ValueError(f"style must be 'three_line', got {style!r}")
    check_lang(lang)
    kind = _kind(df)
    d = df.copy()
    if d.index.name == "unit" or (kind in ("workload", "centrality") and "unit" not in d.columns):
        d = d.reset_index().rename(columns={"index": "unit"})
    if kind == "workload" and "rank" not in d.columns:
        d.insert(0, "rank", np.arange(1, len(d) + 1))
    cols = list(columns) if columns is not None else _columns(kind, d)
    missing = [c for c in cols if c not in d.columns]
    if missing:
        raise ValueError(f"table: no columns {missing}; the table has {list(d.columns)}")
    d = d[cols]
    if top is not None:
        d = d.head(int(top))
    for c in ("unit", "unit_a", "unit_b"):
        if c in d.columns:
            shown = unit_labels(d[c].astype(str), lang, names)
            d[c] = [shown[str(u)] for u in d[c]]
    cells, align = {}, []
    for c in cols:
        values, a = _format(c, d[c], lang, digits)
        cells[column_label(str(c), lang, percent=c == "share")] = values
        align.append(a)
    data = pd.DataFrame(cells, columns=list(cells))
    w = df.attrs.get("weights") or {"lead": 1.0, "support": 0.5}
    if caption is None:
        caption = column_label(f"table3.{kind}", lang, default="")
    if note is None:
        note = column_label(f"table3.note_{kind}", lang, default="", lead=float(w["lead"]),
                            support=float(w["support"]))
    return ThreeLineTable(data=data, align=align, caption=caption, label=label, note=note,
                          lang=lang, kind=kind)
