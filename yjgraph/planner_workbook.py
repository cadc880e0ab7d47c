"""A workbook a planner opens: the analysis of a plan as formatted Excel sheets.

``yjgraph.workbook(analysis, "analysis.xlsx")`` writes the workload (the
overloaded units highlighted, with a sentence saying why each is heavy), every
unit's tasks (one sheet with a filter, and one sheet per overloaded unit), the
plan's tasks, assignments and findings, and the other analysis tables. Headers
and yes/no are Chinese by default, English with ``lang="en"`` (unit names then
in English, from :func:`yjgraph.english.english_names`, the Chinese name kept
beside them). Columns are sized, the header row frozen and filtered, numbers
rounded, text written as text (a plan's ``=...`` never becomes a formula), and
the creation date fixed: the same analysis gives the same bytes.

(The module is not named ``workbook``: importing it would then hide the
function ``yjgraph.workbook`` behind the module of the same name.)
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ._lang import check_lang, label, words
from ._xlsx import WorkbookWriter
from .analysis.core import Analysis
from .model import Plan, strongest_roles
from .parse.structure import cn_to_int
from .report import _check_list
from .report import _rule_text as rule_sentence

__all__ = ["workbook", "why_heavy", "MAX_UNIT_SHEETS"]

#: At most this many overloaded units get a sheet of their own, the heaviest first, while their sheets
#: together hold at most ``max_rows`` rows (all are in the unit tasks sheet when it fits).
MAX_UNIT_SHEETS = 20

_PERCENT = {"share"}
_UNIT_COLUMNS = ("unit", "unit_a", "unit_b")


def why_heavy(plan: Plan, units=None, *, lang: str = "zh") -> pd.Series:
    """Why a unit is heavy, in one sentence computed from the plan's assignments.

    The sentence gives how many of the unit's tasks it holds in its more
    frequent role (each task counted once, with the unit's strongest role, as
    in :func:`yjgraph.workload`), and the chapter holding most of its tasks.

    Parameters
    ----------
    plan : Plan
    units : iterable of str, optional
        The units to explain (default: every unit of the plan).
    lang : {"zh", "en"}

    Returns
    -------
    Series of str, indexed by unit.

    Examples
    --------
    >>> plan = yjgraph.Plan.from_assignments([("1", "区商务局", "support"),
    ...                                       ("2", "区商务局", "support"), ("3", "区商务局", "lead")])
    >>> why_heavy(plan)["区商务局"]
    '3项任务中2项为配合；第一章3项'
    >>> why_heavy(plan, lang="en")["区商务局"]
    '2 of its 3 tasks are support roles; 3 in chapter 1'
    """
    check_lang(lang)
    roles = strongest_roles(plan.assignments)[["task_id", "unit", "role"]].astype(object).merge(
        plan.tasks[["task_id", "chapter_no"]].astype(object), on="task_id", how="left")
    n_role = pd.crosstab(roles["unit"], roles["role"]).reindex(columns=["lead", "support"], fill_value=0)
    rank = {ch: i for i, ch in enumerate(pd.unique(plan.tasks["chapter_no"].dropna()))}  # by first appearance
    per_chapter = roles.groupby(["unit", "chapter_no"], sort=False).size().rename("m").reset_index()
    per_chapter["rank"] = per_chapter["chapter_no"].map(rank).fillna(0)
    top = (per_chapter.sort_values(["m", "rank"], ascending=[False, True], kind="stable")  # in a tie, the earlier
           .drop_duplicates("unit").set_index("unit"))
    out = {}
    for unit in pd.unique(roles["unit"]) if units is None else list(units):
        if unit not in n_role.index:
            out[unit] = label("why.no_tasks", lang)
            continue
        n_lead, n_support = (int(x) for x in n_role.loc[unit])
        n = n_lead + n_support
        role, k = ("support", n_support) if n_support > n_lead else ("lead", n_lead)
        key = "why.one" if n == 1 else "why.all" if k == n else "why.some"
        parts = [label(key, lang, n=n, k=k, role=label(f"value.{role}", lang))]
        if unit in top.index:  # the chapter of most of its tasks
            ch, m = top.at[unit, "chapter_no"], int(top.at[unit, "m"])
            no = ch if lang == "zh" or cn_to_int(str(ch)) is None else cn_to_int(str(ch))
            parts.append(label("why.chapter", lang, no=no, m=m))
        out[unit] = ("；" if lang == "zh" else "; ").join(parts)
    return pd.Series(out, dtype=object, name="why").rename_axis("unit")


def _rule_text(wl: pd.DataFrame, unit: str, is_group: bool, lang: str) -> str:
    """The overload rule's verdict on a flagged unit (the workload's ``reason``, in Chinese for zh)."""
    reason = "" if pd.isna(wl.at[unit, "reason"]) else str(wl.at[unit, "reason"])
    if lang == "en" or not reason:
        return reason
    if is_group:
        return "兜底性单位组：不参与判定"
    a = wl.attrs
    label = "负荷" if a.get("basis", "load") == "load" else "人均负荷"
    value = float(wl.at[unit, a.get("basis", "load")])
    cut = a.get("threshold_value", float("nan"))
    rule = {"robust_z": f"稳健z值{float(wl.at[unit, 'score']):.1f}，阈值{a.get('threshold')}",
            "tukey": f"Tukey上界Q3+{a.get('threshold')}×IQR"}.get(a.get("rule_name"), "")
    return f"{label}{value:.4g}高于判定线{cut:.4g}（{rule}）"


def _round(df: pd.DataFrame) -> pd.DataFrame:
    """Floats rounded: shares to 4 decimals (shown as percent), everything else to 3."""
    df = df.copy()
    for col in df.columns:
        if pd.api.types.is_float_dtype(df[col].dtype):
            df[col] = df[col].round(4 if col in _PERCENT else 3)
    return df


def _words(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Roles, severities and kinds in Chinese for a Chinese workbook (booleans: the writer's 是/否)."""
    if lang != "zh":
        return df
    df, v = df.copy(), words("value", lang)
    for col in ("role", "severity", "kind"):
        if col in df.columns:
            df[col] = df[col].astype(object).replace(v)
    return df


def workbook(analysis: Analysis | Plan, path: str | Path, *, lang: str = "zh",
             names: Mapping[str, str] | None = None, max_rows: int = 100_000) -> Path:
    """Write the analysis of a plan as a workbook a planner opens in Excel.

    Sheets, in order (Chinese names by default, English with ``lang="en"``):
    workload (工作量: every unit, overloaded rows highlighted, with ``why``, a
    sentence from :func:`why_heavy`, and the overload rule's verdict), unit
    tasks (单位任务: every unit's tasks, with role and chapter, the rows of
    overloaded units highlighted), one sheet per overloaded unit (at most
    :data:`MAX_UNIT_SHEETS`, the heaviest first, while these sheets
    together hold at most ``max_rows`` rows), tasks, assignments, findings (读取问题), checks (in a
    Chinese workbook without their English ``message``: the kind is named in
    Chinese and a check lists the units it is about),
    workload by chapter, co-responsibility, centrality, concentration and
    about (说明: the plan, weights, rule and edits).

    Every sheet has sized columns, a frozen header row and a filter; floats
    are rounded (shares to 4 decimals, shown as percentages, others to 3),
    booleans written 是/否 (yes/no), text always as text. The creation date
    is fixed, so the same analysis gives the same bytes.

    Parameters
    ----------
    analysis : Analysis or Plan
        An :class:`~yjgraph.Analysis` (a Plan is analysed with the defaults).
    path : str or Path
        The ``.xlsx`` file written (replaced if it exists).
    lang : {"zh", "en"}
        Language of sheet names, headers, roles and sentences; with ``"en"``
        unit names are English (the Chinese name in a column beside).
    names : mapping, optional
        ``{unit or spelling: English name}`` overriding the composed English
        names (see :func:`yjgraph.english.english_names`).
    max_rows : int
        A table longer than this gets no sheet; the about sheet lists it.
        The overloaded units' own sheets together hold at most this many
        rows (the heaviest first); the about sheet counts them.

    Returns
    -------
    Path

    Examples
    --------
    >>> import os, tempfile, yjgraph, openpyxl
    >>> path = yjgraph.workbook(yjgraph.analyze(yjgraph.load_example()),
    ...                         os.path.join(tempfile.mkdtemp(), "analysis.xlsx"))
    >>> ws = openpyxl.load_workbook(path)["工作量"]
    >>> [c.value for c in ws[1]][:5], ws.freeze_panes
    (['单位', '牵头任务数', '配合任务数', '任务数', '负荷'], 'B2')
    >>> ws["A2"].value, ws["I2"].value, ws["J2"].value
    ('区经济科技信息化局', '是', '37项任务中24项为牵头；第四章9项')
    """
    check_lang(lang)
    a = analysis if isinstance(analysis, Analysis) else Analysis(analysis)
    english = None
    if lang == "en":
        from .english import english_names

        plan = a.plan
        aliases = dict(zip(plan.assignments["unit_raw"].astype(str), plan.assignments["unit"].astype(str), strict=True))
        en = english_names(plan.units["unit"].astype(str), names, aliases=aliases)
        english = dict(zip(en["unit"], en["english"], strict=True))
    sheet_names, yes_no = words("sheet", lang), words("value", lang)
    book = WorkbookWriter(path, max_rows=max_rows, list_too_long=False)
    try:
        sheets = _sheets(a, lang, english, set(sheet_names.values()), max_rows)
        for key, df, marks, freeze in sheets:
            if not book.fits(sheet_names.get(key, key), len(df)):  # listed on the about sheet
                continue
            df = _words(_round(_unit_names(df, english, keep_chinese=key in ("workload", "unit_tasks"))), lang)
            formats = {c: ("0.0%" if c in _PERCENT else "0.0##")
                       for c in df.columns if pd.api.types.is_float_dtype(df[c].dtype)}
            book.add(sheet_names.get(key, key), df, header=[label(c, lang) for c in df.columns],
                     number_formats=formats, bool_text=(yes_no["yes"], yes_no["no"]),
                     highlight=marks, fit_widths=True, freeze=freeze if df.shape[1] > 1 else (1, 0),
                     autofilter=True)
        about = _about(a, lang, book.too_long, max_rows, sum(key not in sheet_names for key, *_ in sheets))
        book.max_rows = max(max_rows, len(about))  # the about sheet is always written
        book.add(sheet_names["about"], about, header=[label(c, lang) for c in about.columns],
                 fit_widths=True, max_width=100, freeze=(1, 0))
    except BaseException:
        book.abort()
        raise
    return book.close()


def _unit_names(df: pd.DataFrame, english: Mapping[str, str] | None, keep_chinese: bool) -> pd.DataFrame:
    """Unit names in English (``english``; None keeps the Chinese), the Chinese name beside if asked."""
    if english is None:
        return df
    df = df.copy()
    for col in _UNIT_COLUMNS:
        if col in df.columns:
            chinese = df[col].astype(object)
            df[col] = chinese.map(lambda u: english.get(u, u) if isinstance(u, str) else u)
            if keep_chinese and col == "unit":
                df.insert(df.columns.get_loc("unit") + 1, "unit_zh", chinese)
    return df


def _sheets(a: Analysis, lang: str, english: Mapping[str, str] | None, used: set[str],
            max_rows: int) -> list[tuple[str, pd.DataFrame, list[bool] | None, tuple[int, int]]]:
    """The sheets before the about sheet: ``(name key, table, highlighted rows, frozen cell)``."""
    plan, wl = a.plan, a.workload
    flagged = [u for u, f in zip(wl.index, wl["overloaded"], strict=True) if bool(f)]
    groups = set(plan.units.loc[plan.units["is_group"].astype(bool), "unit"].astype(str))
    why = why_heavy(plan, flagged, lang=lang)
    w = a.table("workload")
    w["why"] = w["unit"].map(lambda u: why.get(u, ""))
    w["reason"] = [_rule_text(wl, u, u in groups, lang) if has else ""
                   for u, has in zip(wl.index, wl["reason"].fillna("") != "", strict=True)]
    w = w[[*(c for c in w.columns if c not in ("why", "reason")), "why", "reason"]]
    tasks = plan.tasks[["task_id", "chapter_no", "chapter", "text"]]
    ut = strongest_roles(plan.assignments)[["unit", "task_id", "role"]].merge(tasks, on="task_id", how="left")
    by_rank = _position(pd.Index(wl.index), ut["unit"])
    by_task = _position(pd.Index(tasks["task_id"]), ut["task_id"])
    ut = ut.iloc[np.lexsort((by_task, by_rank))].reset_index(drop=True)  # workload order, then plan order
    sheets: list[tuple[str, pd.DataFrame, list[bool] | None, tuple[int, int]]] = [
        ("workload", w, list(w["overloaded"].astype(bool)), (1, 1)),
        ("unit_tasks", ut, list(ut["unit"].astype(object).isin(flagged)), (1, 1))]
    budget, by_unit = max_rows, ut[ut["unit"].isin(flagged[:MAX_UNIT_SHEETS])].groupby("unit", sort=False)
    for unit in flagged[:MAX_UNIT_SHEETS]:  # the heaviest first, while their sheets hold one table's rows
        rows = by_unit.get_group(unit).drop(columns="unit").reset_index(drop=True)
        if len(rows) > budget:
            break
        budget -= len(rows)
        sheets.append((_sheet_name((english or {}).get(unit, unit), used), rows, None, (1, 1)))
    optional = [c for c in ("deadline", "leader", "source", "number", "title") if plan.tasks[c].isna().all()]
    findings, checks = plan.findings, a.table("checks")
    if lang == "zh":  # their messages are English sentences: the kind and the units say it in Chinese
        asg = plan.assignments
        merged = asg[(asg["unit_raw"] != asg["unit"]).fillna(False).to_numpy(bool)]
        read_as = dict(zip(zip(merged["task_id"], merged["unit_raw"]), merged["unit"]))
        findings = findings.drop(columns="message").assign(  # a spelling read as another unit's name
            read_as=[read_as.get((t, x)) for t, x in zip(findings["task_id"], findings["text"], strict=True)])
        checks = checks.drop(columns=["unit", "message"]).assign(units=_check_list(a, lang, {})["units"].to_numpy())
    return sheets + [
        ("tasks", plan.tasks.drop(columns=optional), None, (1, 1)),
        ("assignments", plan.assignments, None, (1, 1)),
        ("findings", findings, None, (1, 0)),
        ("checks", checks, None, (1, 0)),
        ("workload_by_chapter", a.table("workload_by_chapter"), None, (1, 1)),
        ("coresponsibility", a.table("coresponsibility"), None, (1, 2)),
        ("centrality", a.table("centrality"), None, (1, 1)),
        ("concentration", _measures(a, lang), None, (1, 0))]


def _position(order: pd.Index, values: pd.Series) -> np.ndarray:
    """Each value's position in ``order`` (the first if repeated; not in it: after the last)."""
    pos = order.drop_duplicates().get_indexer(values)
    return np.where(pos < 0, len(order), pos)


def _measures(a: Analysis, lang: str) -> pd.DataFrame:
    """The concentration table, its measures named in Chinese in a Chinese workbook."""
    conc = a.table("concentration")
    if lang == "zh":
        k = int(a.concentration.attrs.get("top_k", 5))
        conc["measure"] = [label(m, lang, k=k) for m in conc["measure"]]
    return conc


def _sheet_name(name: str, used: set[str]) -> str:
    """A valid, unused sheet name (Excel: at most 31 characters, no []:*?/\\, unique ignoring case)."""
    base = "".join("_" if c in "[]:*?/\\" else c for c in name).strip("'")[:31] or "unit"
    taken = {u.lower() for u in used}
    candidate, i = base, 2
    while candidate.lower() in taken:
        suffix = f" ({i})"
        candidate, i = base[:31 - len(suffix)] + suffix, i + 1
    used.add(candidate)
    return candidate


def _about(a: Analysis, lang: str, too_long: Mapping[str, int], max_rows: int, unit_sheets: int) -> pd.DataFrame:
    """The about sheet: plan, weights, overload rule, edits and tables left out."""
    zh, w = lang == "zh", words("about", lang)
    meta, s = a.plan.meta, a.plan.summary()
    weights = (f"{label(f'value.{k}') if zh else k} {v:g}" for k, v in a.weights.items())
    rule = str(a.workload.attrs.get("rule", ""))  # in Chinese, the report's sentence
    rule = (rule_sentence(a, lang) or rule) if zh else rule
    rows = [(w["plan"], str(meta.get("title", s.get("title", "")))), (w["tasks"], str(s["tasks"])),
            (w["units"], str(s["units"])), (w["lead_support"], f"{s['lead']} / {s['support']}"),
            (w["weights"], ("，" if zh else ", ").join(weights)), (w["rule"], rule),
            (w["unit_sheets"], f"{unit_sheets} / {int(a.workload['overloaded'].sum())}")]
    rows += [(w["edit"], str(edit.get("text", edit))) for edit in meta.get("edits", []) or []]
    rows += [(w["too_long"], f"{name}: {n:,} 行，超过 {max_rows:,} 行，未写入本工作簿" if zh
              else f"{name}: {n:,} rows, more than {max_rows:,}: not in this workbook") for name, n in too_long.items()]
    return pd.DataFrame(rows, columns=["item", "value"])
