"""The full report of a plan: one folder a person can read top to bottom.

``build_report(plan, out)`` writes::

    out/index.html        the report: key findings in sentences, then numbered figures and
                          tables (checks, workload, concentration, centrality,
                          co-responsibility, groups), the network, the methods note
    out/report.docx       the same content as a Word file (A4, three-line tables)
    out/report.pptx       with ``pptx=True``: a slide per figure (title and key findings first)
    out/network.html      the interactive network (self-contained)
    out/tables/*.csv      every table (UTF-8 with BOM) and tables/analysis.xlsx
    out/figures/*.png|svg|pdf

Every number in ``index.html``, the tables, the charts and the network comes
from one :class:`~yjgraph.Analysis` (each table computed once); the page is
a Jinja2 template (``html/report.html``) with autoescaping, so every plan
text is HTML-escaped.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._atomic import write_csv
from ._lang import GINI_DIGITS, check_lang, label, number, unit_labels, words
from .analysis.core import Analysis
from .model import Plan

__all__ = ["build_report", "SECTIONS"]

#: The sections of ``index.html``, in order (their ``id`` attributes).
SECTIONS = ("keyfindings", "summary", "checks", "workload", "concentration", "centrality", "coresponsibility",
            "communities", "findings", "figures", "network", "methods")

#: Chart name -> element id, in the order figures are numbered (captions: ``figure.<name>`` labels).
_FIGURES = {"workload": "fig-workload", "lorenz_curve": "fig-lorenz", "centrality_ranks": "fig-centrality",
            "coresponsibility_heatmap": "fig-coresponsibility", "projection_network": "fig-communities",
            "chapter_heatmap": "fig-chapters", "responsibility_matrix": "fig-matrix",
            "bipartite_network": "fig-bipartite", "sensitivity": "fig-sensitivity"}

#: Rows of a table shown on the page and in Word; the full table is in ``tables/``.
MAX_ROWS = 15


def _cell(v, yes_no: Mapping[str, str]) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    if isinstance(v, (bool, np.bool_)):
        return yes_no["yes"] if v else yes_no["no"]
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        return number(float(v))
    return str(v)


class Table:
    """One numbered table of the report, ``tab-<name>``: caption, header, rounded cells, the full CSV
    it shortens."""

    def __init__(self, name: str, df: pd.DataFrame, *, lang: str, csv: str | None = None,
                 max_rows: int | None = MAX_ROWS):
        self.id, self.caption, self.csv = f"tab-{name}", label(f"caption.{name}", lang), csv
        shown = df if max_rows is None else df.head(max_rows)
        self.numeric = [pd.api.types.is_numeric_dtype(shown[c]) and not pd.api.types.is_bool_dtype(shown[c])
                        for c in shown.columns]
        self.columns = [str(c) for c in shown.columns]  # the CSV's names, whose labels head the table
        self.header = [label(c, lang, percent=c == "share") for c in self.columns]
        yes_no = words("value", lang)
        self.rows = [[_cell(v, yes_no) for v in row] for row in shown.itertuples(index=False)]
        self.label = ""  # "表 1": set when the report numbers its tables
        self.note = label("report.shown", lang, n=len(shown), total=len(df)) if len(shown) < len(df) else ""


class Figure:
    """One numbered chart: caption, one line of reading, its files (relative to the report folder)."""

    def __init__(self, name: str, paths: Sequence[Path], out: Path, *, lang: str, reading: str):
        self.id = _FIGURES.get(name, f"fig-{name}")
        self.caption, self.reading = label(f"figure.{name}", lang, default=name), reading
        self.files = [p.relative_to(out).as_posix() for p in paths]
        self.src = next((f for f in self.files if f.endswith(".png")), None) or next(
            (f for f in self.files if f.endswith(".svg")), None)
        self.label = ""  # "图 1": set when the report numbers its figures


def write_tables(a: Analysis, tables_dir: str | Path) -> pd.DataFrame | None:
    """Write every table of the report to ``tables_dir`` (CSV, UTF-8 with BOM, and ``analysis.xlsx``).

    Returns the load of every unit in every plan for a corpus, else ``None``.
    """
    from .analysis.run import analyze_to_dir

    tables_dir = Path(tables_dir)
    tables_dir.mkdir(parents=True, exist_ok=True)
    plan = a.plan
    plan.to_csv(tables_dir)
    analyze_to_dir(a, tables_dir)
    # groups numbered from 1, as the page and the charts name them
    extra = {"lead_support": a.lead_support,
             "communities": a.communities.reset_index().assign(community=lambda d: d["community"] + 1)}
    if len(a.catch_all_groups):
        extra["catch_all_groups"] = a.catch_all_groups.reset_index()
    per_plan = None
    if "plan_id" in plan.assignments.columns:  # a corpus: every unit's load in every plan
        from .analysis.workload import unit_sums
        from .corpus import by_plan

        per_plan = by_plan(unit_sums, plan, weights=a.weights).pivot_table(
            index="unit", columns="plan_id", values="load", aggfunc="sum", fill_value=0.0
        ).reset_index()
        extra["workload_by_plan"] = per_plan
    for name, df in extra.items():
        write_csv(df, tables_dir / f"{name}.csv")
    return per_plan


def _progress(enabled: bool) -> Callable[[str], None]:
    start = time.perf_counter()

    def say(step: str) -> None:
        if enabled:
            print(f"[{time.perf_counter() - start:5.1f}s] {step}", file=sys.stderr, flush=True)

    return say


def build_report(plan: Plan | Analysis, out_dir: str | Path, *, lang: str = "zh",
                 formats: Sequence[str] = ("png", "svg", "pdf"), width_cm: float | None = None, dpi: int = 300,
                 progress: bool = False, n_jobs: int | None = 1, pptx: bool = False) -> Path:
    """Write the full report of a plan and return the path of ``index.html``.

    Parameters
    ----------
    plan : Plan or Analysis
        An :class:`~yjgraph.Analysis` (its weights, rule and capacity), or a
        plan, analysed with the default weights and rule
        (``yjgraph.analyze(plan, weights=..., rule=...)`` for others). Every
        table, chart and page of the report reads the one analysis: each
        quantity is computed once.
    out_dir : str or Path
        Created if needed; files of the same names are replaced.
    lang : {"zh", "en"}
        Language of the headings and chart labels (unit names stay as written).
    formats : sequence of str
        Figure formats written to ``figures/``; the report shows the PNGs.
    width_cm, dpi
        Width of every chart (default: one A4 text column) and resolution
        of the PNGs, see :func:`yjgraph.plot.save_figure`.
    progress : bool
        Print each step with the elapsed time on stderr.
    n_jobs : int or None
        Worker processes drawing the charts (see
        :func:`yjgraph.plot.figures_to_dir`); ``None`` or ``-1`` uses every
        CPU. The command line uses every CPU.
    pptx : bool
        Also write ``report.pptx``, a slide per figure (needs the ``pptx``
        extra, see :func:`yjgraph.slides.write_pptx`).

    Examples
    --------
    >>> import tempfile
    >>> index = build_report(yjgraph.load_example(), tempfile.mkdtemp(), formats=("png",))
    >>> index.name, sorted(p.name for p in index.parent.iterdir())
    ('index.html', ['figures', 'index.html', 'network.html', 'report.docx', 'tables'])
    """
    from .html import write_network
    from .plot import figures_to_dir

    check_lang(lang)
    a = plan if isinstance(plan, Analysis) else Analysis(plan)
    plan = a.plan
    say = _progress(progress)
    out = Path(out_dir)
    tables_dir, figures_dir = out / "tables", out / "figures"
    tables_dir.mkdir(parents=True, exist_ok=True)

    say("tables")
    per_plan = write_tables(a, tables_dir)

    say("figures")
    figs = figures_to_dir(a, figures_dir, formats=formats, lang=lang, n_jobs=n_jobs, dpi=dpi,
                          width_cm=width_cm, progress=lambda name: say(f"  figure {name}"))

    say("network")
    write_network(plan, out / "network.html", weights=a.weights, communities=a.communities, lang=lang)

    say("index.html")
    index = out / "index.html"
    content = report_content(a, figs, out, lang=lang, per_plan=per_plan)
    index.write_text(_page(content), encoding="utf-8")
    say("report.docx")
    from .word import write_docx

    write_docx(content, out)
    if pptx:
        say("report.pptx")
        from .slides import write_pptx

        write_pptx(content, out)
    say("done")
    return index


def _readings(a: Analysis, lang: str, en: Mapping[str, str]) -> dict[str, str]:
    """One line of reading under each chart (``reading.<chart>`` labels), from the same analysis as
    the sentences; a chart with nothing to say has none."""
    sep, s = "、" if lang == "zh" else ", ", a.plan.summary()
    out = {name: label(f"reading.{name}", lang) for name in ("chapter_heatmap", "responsibility_matrix", "sensitivity")}
    out["bipartite_network"] = label("reading.bipartite_network", lang, tasks=s["tasks"], units=s["units"],
                                     n=s["lead"] + s["support"])
    wl, c = a.workload, a.concentration
    cut = wl.attrs.get("threshold_value")
    if cut is not None and pd.notna(cut) and np.isfinite(cut):
        flagged = [en.get(u, u) for u in wl.index[wl["overloaded"]]]
        units = "与".join(flagged) if lang == "zh" and len(flagged) == 2 else sep.join(flagged)
        out["workload"] = label("reading.workload" if flagged else "reading.no_overload", lang, units=units,
                                cut=number(cut, 1))
    out["lorenz_curve"] = label("reading.lorenz_curve", lang, gini=number(float(c["gini"]), GINI_DIGITS),
                                k=int(c.attrs.get("top_k", 5)), head=number(100 * float(c["top_k_share"]), 1))
    if "betweenness" in a.centrality:
        top = a.centrality["betweenness"].sort_values(ascending=False, kind="stable").index[:3]
        out["centrality_ranks"] = label("reading.centrality_ranks", lang, units=sep.join(en.get(u, u) for u in top))
    if len(a.coresponsibility):
        r = a.coresponsibility.iloc[0]
        out["coresponsibility_heatmap"] = label("reading.coresponsibility_heatmap", lang, a=en.get(r["unit_a"], r["unit_a"]),
                                                b=en.get(r["unit_b"], r["unit_b"]), n=int(r["shared_tasks"]))
    if len(a.communities):
        out["projection_network"] = label("reading.projection_network", lang, n=a.communities["community"].nunique(),
                                          m=number(a.communities.attrs.get("modularity", float("nan")), 2))
    return out


def _rule_text(a: Analysis, lang: str) -> str:
    """The overload rule in a sentence, or ``""`` when no unit can be overloaded."""
    at = a.workload.attrs
    cut = at.get("threshold_value")
    if cut is None or not pd.notna(cut) or not np.isfinite(cut):
        return ""
    basis = label("report.basis_load" if at.get("basis") in (None, "load") else "report.basis_capacity", lang)
    rule = "tukey" if at.get("rule_name", a.rule) == "tukey" else "robust_z"
    return label(f"report.rule_{rule}", lang, basis=basis, t=number(at.get("threshold")), cut=number(cut, 1))


def _methods(a: Analysis, lang: str) -> str:
    return label("report.methods_text", lang, lead=number(a.weights["lead"]), support=number(a.weights["support"]),
                 rule=_rule_text(a, lang), k=int(a.concentration.attrs.get("top_k", 5)),
                 m=number(a.communities.attrs.get("modularity", float("nan")), 2))


def report_content(a: Analysis, figs: Mapping[str, list[Path]], out: Path, *, lang: str = "zh",
                   per_plan: pd.DataFrame | None = None) -> dict:
    """Everything the report says, once: ``index.html`` and ``report.docx`` both render it.

    Returns a dict with ``title``, ``meta`` (one line), ``key`` (sentences
    with the number label and id of the figure or table behind each),
    ``sections`` (``id``, ``heading``, ``blocks``: ``("p", text)``,
    ``("table", Table)`` or ``("figure", Figure)``) and ``methods``.
    """
    from .summary import key_findings

    en = unit_labels(a.plan.units["unit"], "en") if lang == "en" else {}
    readings = _readings(a, lang, en)
    placed: list[str] = []

    def fig(name: str) -> list:
        if not figs.get(name):
            return []
        placed.append(name)
        f = Figure(name, figs[name], out, lang=lang, reading=readings.get(name, ""))
        return [("figure", f)] if f.src else []

    sections = _sections(a, lang, en, fig, per_plan)
    sections.append({"id": "figures", "blocks": [  # the charts no section shows
        b for n in dict.fromkeys([*_FIGURES, *figs]) if n not in placed for b in fig(n)]})
    labels = _number(sections, lang)
    kf = key_findings(a, lang=lang)
    sentences = [{"text": t, "ref": r, "label": labels.get(r, "")}
                 for t, r in zip(kf["text"], kf["ref"], strict=True)]
    meta = a.plan.meta
    date = str(meta.get("date") or "")
    issuer = str(meta.get("issuer") or "") if lang == "zh" else ""
    return {"title": _title(a.plan, lang), "lang": lang, "T": words("report", lang), "key": sentences,
            "sections": sections, "meta": "　".join(x for x in (issuer, date) if x), "methods": _methods(a, lang)}


def _sections(a: Analysis, lang: str, en: Mapping[str, str], fig: Callable[[str], list],
              per_plan: pd.DataFrame | None) -> list[dict[str, Any]]:
    """The report's sections and their blocks (figures and tables not yet numbered)."""

    def names(df: pd.DataFrame, *cols: str) -> pd.DataFrame:  # unit names in English
        return df.assign(**{c: df[c].map(lambda u: en.get(u, u)) for c in cols}) if en else df

    def table(name: str, df: pd.DataFrame, csv: str | None = None, **kw) -> tuple[str, Table]:
        return "table", Table(name, df, lang=lang, csv=csv and f"tables/{csv}.csv", **kw)

    wl = a.workload.reset_index()
    wl = wl[["unit", "n_lead", "n_support", "n_tasks", "load", "share", "rank", "overloaded"]]
    workload = [("p", _rule_text(a, lang)), *fig("workload"),
                table("workload", names(wl.assign(share=100 * wl["share"]), "unit"), "workload")]
    if len(a.catch_all_groups):
        g = a.catch_all_groups.reset_index()
        g = g[[x for x in ("unit", "n_tasks", "n_lead", "n_support", "load") if x in g]]
        workload.append(table("groups", names(g, "unit"), max_rows=None))
    cen = a.centrality.reset_index()
    if "betweenness" in cen:
        cen = cen.sort_values("betweenness", ascending=False, kind="stable")
    cen = cen[[c for c in ("unit", "degree", "closeness", "betweenness", "pagerank", "constraint") if c in cen]]
    pairs = a.coresponsibility
    pairs = pairs[[x for x in ("unit_a", "unit_b", "shared_tasks", "weighted", "jaccard") if x in pairs]]
    sections: list[dict[str, Any]] = [
        {"id": "summary", "blocks": [table("summary", _summary(a.plan, lang), max_rows=None)]},
        {"id": "checks", "blocks": [table("checks", _counts(a.checks, lang), max_rows=None),
                                    table("check-list", _check_list(a, lang, en), "checks")]},
        {"id": "workload", "blocks": workload},
        {"id": "concentration", "blocks": [*fig("lorenz_curve"),
                                           table("concentration", _concentration(a, lang), max_rows=None)]},
        {"id": "centrality", "blocks": [*fig("centrality_ranks"), table("centrality", names(cen, "unit"), "centrality"),
                                        table("network", _whole_network(a, lang), max_rows=None)]},
        {"id": "coresponsibility", "blocks": [
            *fig("coresponsibility_heatmap"), table("pairs", names(pairs, "unit_a", "unit_b"), "coresponsibility"),
            table("lead-support", names(a.lead_support, "lead", "support"), "lead_support")]},
        {"id": "communities", "blocks": [*fig("projection_network"),
                                         table("communities", _groups(a, lang, en), max_rows=None)]},
    ]
    if per_plan is not None:
        sections.append({"id": "plans", "blocks": [table("plans", names(per_plan, "unit"), "workload_by_plan")]})
    sections.append({"id": "findings", "blocks": [
        table("findings", _counts(a.plan.findings, lang), "findings", max_rows=None)]})
    return sections


def _number(sections: list[dict[str, Any]], lang: str) -> dict[str, str]:
    """Headings, and the figures and the tables numbered in page order; returns ``{id: label}``."""
    T = words("report", lang)
    count, labels = {"figure": 0, "table": 0}, {}
    for sec in sections:
        sec["heading"] = T[sec["id"]]
        for kind, obj in sec["blocks"]:
            if kind in count:
                count[kind] += 1
                obj.label = labels[obj.id] = f"{T[kind]}{'' if lang == 'zh' else ' '}{count[kind]}"
    return labels


def _title(plan: Plan, lang: str) -> str:
    if lang == "en" and plan.meta.get("title_en"):  # the English title the user gave
        return str(plan.meta["title_en"])
    if lang == "en" and not str(plan.title).isascii():  # the English edition has no Chinese, the title included
        source = Path(str(plan.meta["source"])).name if plan.meta.get("source") else ""
        return f"Report on the plan {source}".strip()
    return plan.title


def _summary(plan: Plan, lang: str) -> pd.DataFrame:
    """The plan in numbers: ``item, value``."""
    P, s, meta = words("plan", lang), plan.summary(), plan.meta
    rows = [(P[k], s[k]) for k in ("tasks", "chapters", "sections", "units", "lead", "support", "open_ended_tasks")]
    rows += [(P[k], str(meta[k])) for k in ("issuer", "date")
             if meta.get(k) and (lang == "zh" or str(meta[k]).isascii())]
    if meta.get("source"):  # the file name only, never the machine's path
        rows.append((P["source"], Path(str(meta["source"])).name))
    return pd.DataFrame(rows, columns=["item", "value"]).astype({"value": str})


def _in_words(s: pd.Series, lang: str) -> pd.Series:
    """Kinds, severities and roles in words (a value without a label kept as it is)."""
    v = words("value", lang)
    return s.map(lambda k: v.get(k, k))


def _counts(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Checks or findings counted by kind and severity: ``kind, severity, n``."""
    counts = df.groupby(["kind", "severity"], sort=False).size().rename("n").reset_index()
    return counts.assign(kind=_in_words(counts["kind"], lang), severity=_in_words(counts["severity"], lang))


def _check_list(a: Analysis, lang: str, en: Mapping[str, str]) -> pd.DataFrame:
    """Every check: ``task_id, kind, severity, units`` (the unit it is about, else the task's leads for
    several leads, its units for the others)."""
    chk, asg = a.checks, a.plan.assignments
    sep = "、" if lang == "zh" else ", "
    is_lead = (asg["role"] == "lead").fillna(False).to_numpy(bool)
    leads, every = _joined(asg[is_lead], sep, en), _joined(asg, sep, en)
    task_units = [(leads if kind == "multiple_leads" else every).get(task, "")
                  for kind, task in zip(chk["kind"].tolist(), chk["task_id"].tolist(), strict=True)]
    unit = chk["unit"].astype(object)
    units = np.where(unit.notna() & (unit != ""), unit.map(lambda u: en.get(u, u)), task_units)
    return pd.DataFrame({
        "task_id": chk["task_id"].astype(object).where(chk["task_id"].notna(), ""),
        "kind": _in_words(chk["kind"], lang), "severity": _in_words(chk["severity"], lang),
        "units": pd.Series(units, dtype=object).fillna("")})


def _joined(asg: pd.DataFrame, sep: str, en: Mapping[str, str]) -> dict[str, str]:
    """Each task's units joined by ``sep``, in the plan's order (names through ``en``)."""
    codes, tasks = pd.factorize(asg["task_id"], use_na_sentinel=False)
    order = np.argsort(codes, kind="stable")
    units = [en.get(u, u) for u in asg["unit"].to_numpy(object)[order].tolist()]
    ends = np.searchsorted(codes[order], np.arange(len(tasks) + 1)).tolist()
    return {task: sep.join(units[ends[i]:ends[i + 1]]) for i, task in enumerate(tasks.tolist())}


def _concentration(a: Analysis, lang: str) -> pd.DataFrame:
    c = a.concentration
    k = int(c.attrs.get("top_k", 5))
    return pd.DataFrame([
        (label("gini", lang), number(float(c["gini"]), GINI_DIGITS)),
        (label("hhi", lang), number(float(c["hhi"]), 3)),
        (label("top_k_share", lang, percent=True, k=k), number(100 * float(c["top_k_share"]), 1)),
        (label("n_units", lang), str(int(c["n_units"])))], columns=["measure", "value"])


def _whole_network(a: Analysis, lang: str) -> pd.DataFrame:
    d, z = a.density, a.centralization
    rows = [(label(key, lang), number(float(d[key]), digits)) for key, digits in (
        ("two_mode_density", 3), ("projection_density", 3), ("mean_units_per_task", 2), ("mean_tasks_per_unit", 2))]
    rows += [(label(f"{key}_centralization", lang), number(float(z[key]), 3)) for key in ("proj_degree", "proj_betweenness")]
    return pd.DataFrame(rows, columns=["measure", "value"])


def _groups(a: Analysis, lang: str, en: Mapping[str, str]) -> pd.DataFrame:
    """The groups of units, numbered from 1: ``community, n, units``."""
    word = label("community", lang) + ("" if lang == "zh" else " ")
    groups = a.communities.reset_index().groupby("community")["unit"].agg(list)
    sep = "、" if lang == "zh" else ", "
    return pd.DataFrame({"community": [f"{word}{int(i) + 1}" for i in groups.index],
                         "n": [len(u) for u in groups],
                         "units": [sep.join(en.get(x, x) for x in u) for u in groups]})


def _page(content: dict) -> str:
    """``index.html``: the template filled from the report content (Jinja2, autoescaped)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("yjgraph", "html"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    return env.get_template("report.html").render(**content)
