"""What-if runs for the command line: edits written as short specs, and their output folder.

``yjgraph whatif``, ``yjgraph compare`` and ``yjgraph rebalance`` call
:func:`apply_specs` and :func:`write_changes`; both are usable from Python too.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from ._atomic import write_csv
from .edit import PlanEditError
from .model import Plan

__all__ = ["apply_specs", "write_changes"]

_SEP = re.compile(r"[,,、]")


def _name(plan: Plan, name: str) -> str:
    """The plan's unit for a name as a user may write it (``发改局``), else the name."""
    name = name.strip()
    return plan.resolve_units([name])[name] or name


def apply_specs(plan: Plan, *, merge=(), rename=(), remove=(), move=()) -> Plan:
    """Apply edits written as short specs, in the order merge, rename, remove, move.

    Parameters
    ----------
    plan : Plan
    merge : list of str
        ``"A,B=C"``: units A and B merged into C (C may be A, B or a new name).
    rename : list of str
        ``"A=B"``: unit A renamed B.
    remove : list of str
        ``"A"`` (its roles dropped) or ``"A>B"`` (its roles to B).
    move : list of str
        ``"TASK:FROM>TO"``: FROM's role in task TASK goes to TO.
        Unit names may be any spelling the plan uses or its reader would merge.

    Examples
    --------
    >>> plan = yjgraph.load_example()
    >>> edited = apply_specs(plan, merge=["区经济科技信息化局,区投资促进局=区经济科技信息化局"],
    ...                      move=["1:区商务局>区财政局"])
    >>> [e["edit"] for e in edited.meta["edits"]]
    ['merge_units', 'reassign']
    """
    for spec in merge:
        olds, sep, new = spec.rpartition("=")
        names = [_name(plan, n) for n in _SEP.split(olds) if n.strip()]
        if not sep or not names or not new.strip():
            raise PlanEditError(f"--merge {spec!r}: expected 'A,B=C'")
        plan = plan.merge_units({new.strip(): names})
    for spec in rename:
        old, sep, new = spec.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise PlanEditError(f"--rename {spec!r}: expected 'A=B'")
        plan = plan.rename_units({_name(plan, old): new.strip()})
    for spec in remove:
        name, sep, to = spec.partition(">")
        if not name.strip() or (sep and not to.strip()):
            raise PlanEditError(f"--remove {spec!r}: expected 'A' or 'A>B'")
        plan = plan.remove_unit(_name(plan, name), reassign_to=_name(plan, to) if sep else None)
    for spec in move:
        task, sep1, rest = spec.partition(":")
        src, sep2, dst = rest.partition(">")
        if not (sep1 and sep2 and task.strip() and src.strip() and dst.strip()):
            raise PlanEditError(f"--move {spec!r}: expected 'TASK:FROM>TO'")
        plan = plan.reassign(task.strip(), _name(plan, src), to=_name(plan, dst))
    return plan


def _table(df: pd.DataFrame, *, index: bool = False) -> str:
    return df.to_html(index=index, escape=True, na_rep="", float_format=lambda x: f"{x:.4g}",
                      border=0, classes="t")


def write_changes(comparison, directory: str | Path, *, moves: pd.DataFrame | None = None,
                  lang: str = "zh", title: str | None = None, formats=("png", "svg"),
                  top: int | None = 25) -> dict[str, Path]:
    """Write a comparison's tables, its dumbbell chart and a short HTML page.

    Parameters
    ----------
    comparison : Comparison
        The result of :func:`yjgraph.compare`.
    directory : path
        Output folder (created).
    moves : DataFrame, optional
        The result of :func:`yjgraph.rebalance`, written as ``moves.csv``.
    lang : {"zh", "en"}
        Language of the chart.
    title : str, optional
        Heading of the page.
    formats : sequence of str
        Formats of the chart (``change.png`` ...).
    top : int or None
        Units drawn in the chart.

    Returns
    -------
    dict of str to pathlib.Path
        ``changes``, ``task_changes``, ``pair_changes``, [``moves``], one per
        chart format and ``html``.
    """
    import matplotlib.pyplot as plt

    from .plot import save_figure
    from .plot.change import change_dumbbell

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths = dict(zip(["changes", "task_changes", "pair_changes"], comparison.to_csv(out)))
    if moves is not None:
        paths["moves"] = out / "moves.csv"
        write_csv(moves, paths["moves"])
    ax = change_dumbbell(comparison, top=top, lang=lang)
    for p in save_figure(ax, out / "change", formats=formats, lang=lang):
        paths[p.suffix.lstrip(".")] = p
    plt.close(ax.figure)
    paths["html"] = out / "index.html"
    paths["html"].write_text(_page(comparison, paths, moves, title or "What changed"), encoding="utf-8")
    return paths


def _page(comparison, paths: dict[str, Path], moves: pd.DataFrame | None, title: str) -> str:
    """The HTML page of :func:`write_changes`: the facts, the chart and the tables that changed."""
    s = comparison.summary()
    facts = [
        f"before: {comparison.attrs.get('before', '')}",
        f"after: {comparison.attrs.get('after', '')}",
        f"largest load {s['max_before']:.4g} → {s['max_after']:.4g}; overloaded units "
        f"{s['overloaded_before']} → {s['overloaded_after']}",
        f"{s['units_changed']} units, {s['roles_changed']} roles in {s['tasks_changed']} tasks and "
        f"{s['pairs_changed']} pairs of units changed",
        *[f"edit: {e}" for e in s["edits"]],
    ]
    units = comparison.units
    changed = units[units["status"] != "unchanged"].reset_index()
    chart = next((f for f in ("svg", "png") if f in paths), None)
    parts = [
        "<!doctype html><html lang='zh'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title><style>body{{font-family:sans-serif;max-width:64em;"
        "margin:2em auto;padding:0 1em}table.t{border-collapse:collapse;font-size:90%}"
        ".t td,.t th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left}"
        "img{max-width:100%}</style></head><body>",
        f"<h1>{html.escape(title)}</h1><ul>",
        *[f"<li>{html.escape(f)}</li>" for f in facts],
        "</ul>",
    ]
    if chart:
        parts.append(f"<img src='{paths[chart].name}' alt='loads before and after'>")
    if moves is not None:
        parts += ["<h2>Suggested moves</h2>", _table(moves)]
    parts += ["<h2>Units that changed</h2>", _table(changed),
              "<h2>Roles that changed</h2>", _table(comparison.tasks),
              "<p>Tables: changes.csv, task_changes.csv, pair_changes.csv"
              + (", moves.csv" if moves is not None else "") + ".</p></body></html>"]
    return "\n".join(parts)
