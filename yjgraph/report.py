"""The full report of a plan: one folder a person can read top to bottom.

``build_report(plan, out)`` writes::

    out/index.html        the report (summary, findings, checks, workload, centrality,
                          co-responsibility, communities, every chart, the network)
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

import pandas as pd
from markupsafe import Markup

from .analysis.core import Analysis
from .model import Plan

__all__ = ["build_report", "SECTIONS"]

#: The sections of ``index.html``, in order (their ``id`` attributes).
SECTIONS = (
    "summary",
    "findings",
    "checks",
    "workload",
    "concentration",
    "centrality",
    "coresponsibility",
    "communities",
    "figures",
    "network",
)

_TITLES = {
    "zh": {
        "summary": "概况", "findings": "读取发现的问题", "checks": "问责检查", "workload": "工作负荷",
        "concentration": "负荷集中度", "centrality": "中心性", "coresponsibility": "共同责任(单位对)",
        "communities": "单位群组", "figures": "图表", "network": "交互网络", "plans": "各方案的负荷",
    },
    "en": {
        "summary": "Summary", "findings": "Reading findings", "checks": "Accountability checks",
        "workload": "Workload", "concentration": "Concentration of load", "centrality": "Centrality",
        "coresponsibility": "Co-responsibility (unit pairs)", "communities": "Groups of units",
        "figures": "Charts", "network": "Interactive network", "plans": "Load in each plan",
        "groups": "Catch-all groups (not judged for overload)",
    },
}

_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;
max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}
h1{font-size:1.6em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}
th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num{text-align:right}
figure{margin:1.5em 0}figure img{max-width:100%;border:1px solid #eee}
figcaption{font-size:.9em;color:#555}.note{color:#555;font-size:.9em}
iframe{width:100%;height:720px;border:1px solid #ccc}
.flag{color:#b00020;font-weight:bold}nav a{margin-right:1em}
"""


def _table(df: pd.DataFrame, *, max_rows: int | None = None, index: bool = False) -> Markup:
    """An HTML table; pandas escapes every cell (plan text never passes unescaped)."""
    if not len(df):
        return Markup('<p class="note">none</p>')
    shown = df if max_rows is None else df.head(max_rows)
    shown = shown.astype(object).where(shown.notna(), "")
    out = shown.to_html(index=index, escape=True, border=0, na_rep="", float_format=lambda v: f"{v:.4g}")
    if max_rows is not None and len(df) > max_rows:
        out += f'<p class="note">{max_rows} of {len(df)} rows shown; all rows are in tables/.</p>'
    return Markup(out)


def _figure_html(figs: Mapping[str, list[Path]], out: Path) -> Callable[[str], Markup]:
    def figure(name: str) -> Markup:
        paths = figs.get(name, [])
        shown = next((p for p in paths if p.suffix == ".png"), None) or next(
            (p for p in paths if p.suffix == ".svg"), None)
        if shown is None:
            return Markup("")
        links = Markup(" ").join(
            Markup('<a href="{}">{}</a>').format(p.relative_to(out).as_posix(), p.suffix[1:])
            for p in paths)
        return Markup('<figure id="fig-{0}"><img src="{1}" alt="{0}"><figcaption>{0} ({2})'
                      "</figcaption></figure>").format(name, shown.relative_to(out).as_posix(), links)

    return figure


def _progress(enabled: bool) -> Callable[[str], None]:
    start = time.perf_counter()

    def say(step: str) -> None:
        if enabled:
            print(f"[{time.perf_counter() - start:5.1f}s] {step}", file=sys.stderr, flush=True)

    return say


def build_report(
    plan: Plan | Analysis,
    out_dir: str | Path,
    *,
    weights: Mapping[str, float] | None = None,
    rule: str = "robust_z",
    threshold: float | None = None,
    capacity: Mapping[str, float] | pd.Series | None = None,
    lang: str = "zh",
    formats: Sequence[str] = ("png", "svg", "pdf"),
    progress: bool = False,
    n_jobs: int | None = 1,
) -> Path:
    """Write the full report of a plan and return the path of ``index.html``.

    Parameters
    ----------
    plan : Plan or Analysis
        A plan, or its :class:`~yjgraph.Analysis` (whose weights, rule and
        capacity are then used). Every table, chart and page of the report
        reads the one analysis: each quantity is computed once.
    out_dir : str or Path
        Created if needed; files of the same names are replaced.
    weights : mapping, optional
        Role weights, default ``{"lead": 1.0, "support": 0.5}``.
    rule, threshold, capacity
        The overload rule, see :func:`yjgraph.analysis.workload`.
    lang : {"zh", "en"}
        Language of the headings and chart labels (unit names stay as written).
    formats : sequence of str
        Figure formats written to ``figures/``; the report shows the PNGs.
    progress : bool
        Print each step with the elapsed time on stderr.
    n_jobs : int or None
        Worker processes drawing the charts (see
        :func:`yjgraph.plot.figures_to_dir`); ``None`` or ``-1`` uses every
        CPU. The command line uses every CPU.

    Examples
    --------
    >>> import tempfile, yjgraph
    >>> index = build_report(yjgraph.load_example(), tempfile.mkdtemp(), formats=("png",))
    >>> index.name, sorted(p.name for p in index.parent.iterdir())
    ('index.html', ['figures', 'index.html', 'network.html', 'tables'])
    """
    from .analysis.run import analyze_to_dir
    from .html import write_network
    from .plot import figures_to_dir

    if lang not in _TITLES:
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    a = plan if isinstance(plan, Analysis) else Analysis(
        plan, weights=weights, rule=rule, threshold=threshold, capacity=capacity)
    plan = a.plan
    say = _progress(progress)
    out = Path(out_dir)
    tables_dir, figures_dir = out / "tables", out / "figures"
    tables_dir.mkdir(parents=True, exist_ok=True)

    say("tables")
    plan.to_csv(tables_dir)
    analyze_to_dir(a, tables_dir)
    extra = {"lead_support": a.lead_support, "communities": a.communities.reset_index()}
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
        df.to_csv(tables_dir / f"{name}.csv", index=False, encoding="utf-8-sig")

    say("figures")
    figs = figures_to_dir(a, figures_dir, formats=formats, lang=lang, n_jobs=n_jobs,
                          progress=lambda name: say(f"  figure {name}"))

    say("network")
    write_network(plan, out / "network.html", weights=a.weights, communities=a.communities)

    say("index.html")
    index = out / "index.html"
    index.write_text(_page(a, figs, out, lang=lang, per_plan=per_plan), encoding="utf-8")
    say("done")
    return index


_FEATURED = ("workload", "lorenz_curve", "centrality_ranks", "coresponsibility_heatmap",
             "projection_network")


def _page(a: Analysis, figs: Mapping[str, list[Path]], out: Path, *, lang: str,
          per_plan: pd.DataFrame | None) -> str:
    """``index.html``: the template filled from the analysis (Jinja2, autoescaped)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    plan, wl = a.plan, a.workload
    env = Environment(loader=PackageLoader("yjgraph", "html"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    meta = {k: str(v) for k, v in plan.meta.items() if v is not None}
    f, chk = plan.findings, a.checks
    flagged = wl[wl["overloaded"]]
    return env.get_template("report.html").render(
        lang=lang, T=_TITLES[lang], sections=SECTIONS, css=Markup(_CSS), title=plan.title,
        table=_table, figure=_figure_html(figs, out),
        weights=a.weights, density=a.density,
        summary=pd.DataFrame(list(plan.summary().items()), columns=["key", "value"]).astype(str),
        meta=pd.DataFrame(list(meta.items()), columns=["key", "value"]),
        finding_counts=f.groupby(["severity", "kind"]).size().rename("n").reset_index(),
        findings=f[f["severity"] != "info"],
        check_counts=chk.groupby(["kind", "severity"], sort=False).size().rename("n").reset_index(),
        checks=chk, per_plan=per_plan,
        rule=wl.attrs.get("rule", a.rule), flagged=list(zip(flagged.index, flagged["reason"], strict=True)),
        unmatched=wl.attrs.get("capacity_unmatched", []),
        workload=wl.reset_index(), groups=a.catch_all_groups.reset_index(),
        concentration=a.table("concentration"),
        centralization=a.centralization.rename("value").rename_axis("centralization").reset_index(),
        centrality=a.centrality.reset_index(), pairs=a.coresponsibility, lead_support=a.lead_support,
        modularity=a.communities.attrs.get("modularity", float("nan")),
        communities=a.communities.reset_index().groupby("community")["unit"].agg("、".join).reset_index(),
        other_figures=[n for n in figs if n not in _FEATURED],
    )
