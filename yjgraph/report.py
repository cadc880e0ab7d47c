"""The full report of a plan: one folder a person can read top to bottom.

``build_report(plan, out)`` writes::

    out/index.html        the report (summary, findings, checks, workload, centrality,
                          co-responsibility, communities, every chart, the network)
    out/network.html      the interactive network (self-contained)
    out/tables/*.csv      every table (UTF-8 with BOM) and tables/analysis.xlsx
    out/figures/*.png|svg|pdf

Every number in ``index.html`` comes from the same analysis functions a
notebook would call; every plan text is HTML-escaped.
"""

from __future__ import annotations

import html
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from .model import Plan, resolve_weights

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


def _esc(x) -> str:
    return html.escape("" if x is None or (not isinstance(x, str) and pd.isna(x)) else str(x))


def _table(df: pd.DataFrame, *, max_rows: int | None = None, index: bool = False) -> str:
    """An escaped HTML table (never passes plan text through unescaped)."""
    if not len(df):
        return '<p class="note">none</p>'
    shown = df if max_rows is None else df.head(max_rows)
    shown = shown.astype(object).where(shown.notna(), "")
    out = shown.to_html(index=index, escape=True, border=0, na_rep="", float_format=lambda v: f"{v:.4g}")
    if max_rows is not None and len(df) > max_rows:
        out += f'<p class="note">{max_rows} of {len(df)} rows shown; all rows are in tables/.</p>'
    return out


def _progress(enabled: bool) -> Callable[[str], None]:
    start = time.perf_counter()

    def say(step: str) -> None:
        if enabled:
            print(f"[{time.perf_counter() - start:5.1f}s] {step}", file=sys.stderr, flush=True)

    return say


def build_report(
    plan: Plan,
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
    plan : Plan
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
        :func:`yjgraph.plot.figures_to_dir`) and, for a large plan, writing
        the tables (:func:`yjgraph.analysis.run.analyze_to_dir`); ``None`` or
        ``-1`` uses every CPU. The command line uses every CPU.

    Examples
    --------
    >>> import tempfile, yjgraph
    >>> index = build_report(yjgraph.load_example(), tempfile.mkdtemp(), formats=("png",))
    >>> index.name, sorted(p.name for p in index.parent.iterdir())
    ('index.html', ['figures', 'index.html', 'network.html', 'tables'])
    """
    from . import analysis as an
    from ._parallel import start_chart_workers
    from .analysis.run import analyze_to_dir
    from .html import write_network
    from .plot import figures_to_dir

    if lang not in _TITLES:
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    start_chart_workers(n_jobs)  # they import while the tables are written
    say = _progress(progress)
    w = resolve_weights(weights)
    out = Path(out_dir)
    tables_dir, figures_dir = out / "tables", out / "figures"
    tables_dir.mkdir(parents=True, exist_ok=True)

    say("tables")
    plan.to_csv(tables_dir)
    analyze_to_dir(plan, tables_dir, weights=w, rule=rule, threshold=threshold, capacity=capacity,
                   n_jobs=n_jobs)
    wl = an.workload(plan, weights=w, rule=rule, threshold=threshold, capacity=capacity)
    conc = an.concentration(plan, weights=w)
    cen = an.centrality(plan, weights=w)
    cz = an.centralization(plan, weights=w)
    pairs = an.coresponsibility(plan, weights=w)
    ls = an.lead_support(plan)
    comm = an.communities(plan, weights=w)
    dens = an.density(plan)
    chk = an.checks(plan)
    ls.to_csv(tables_dir / "lead_support.csv", index=False, encoding="utf-8-sig")
    per_plan = None
    if "plan_id" in plan.assignments.columns:  # a corpus: every unit's load in every plan
        from .corpus import by_plan

        per_plan = by_plan(an.workload, plan, weights=w).pivot_table(
            index="unit", columns="plan_id", values="load", aggfunc="sum", fill_value=0.0)
        per_plan.reset_index().to_csv(tables_dir / "workload_by_plan.csv", index=False, encoding="utf-8-sig")
    comm.reset_index().to_csv(tables_dir / "communities.csv", index=False, encoding="utf-8-sig")

    say("figures")
    figs = figures_to_dir(plan, figures_dir, formats=formats, lang=lang, weights=w, n_jobs=n_jobs,
                          progress=lambda name: say(f"  figure {name}"))

    say("network")
    write_network(plan, out / "network.html", weights=w, communities=comm)

    say("index.html")
    T = _TITLES[lang]
    s = plan.summary()
    parts: list[str] = []
    nav = "".join(f'<a href="#{k}">{_esc(T[k])}</a>' for k in SECTIONS)
    parts.append(f"<h1>{_esc(plan.title)}</h1><nav>{nav}</nav>")

    meta = {k: v for k, v in plan.meta.items() if v is not None}
    meta_rows = pd.DataFrame({"key": list(meta), "value": [str(v) for v in meta.values()]})
    summary = pd.DataFrame({"key": list(s), "value": [str(v) for v in s.values()]})
    weights_note = f"lead {w['lead']:g}, support {w['support']:g}"
    parts.append(f'<section id="summary"><h2>{_esc(T["summary"])}</h2>{_table(summary)}{_table(meta_rows)}'
                 f'<p class="note">Role weights: {_esc(weights_note)}. '
                 f'Two-mode density {dens["two_mode_density"]:.3f}.</p></section>')

    f = plan.findings
    serious = f[f["severity"] != "info"]
    counts = f.groupby(["severity", "kind"]).size().rename("n").reset_index()
    parts.append(f'<section id="findings"><h2>{_esc(T["findings"])}</h2>{_table(counts)}'
                 f'{_table(serious, max_rows=200)}</section>')

    parts.append(f'<section id="checks"><h2>{_esc(T["checks"])}</h2>'
                 f'{_table(chk.groupby(["kind", "severity"], sort=False).size().rename("n").reset_index())}'
                 f'{_table(chk, max_rows=200)}</section>')

    if per_plan is not None:
        parts.append(f'<section id="plans"><h2>{_esc(T["plans"])}</h2>'
                     f'{_table(per_plan.reset_index())}</section>')

    flagged = wl[wl["overloaded"]]
    reasons = "".join(f'<li><span class="flag">{_esc(u)}</span>: {_esc(r)}</li>'
                      for u, r in zip(flagged.index, flagged["reason"]))
    rule_text = _esc(wl.attrs.get("rule", rule))
    parts.append(
        f'<section id="workload"><h2>{_esc(T["workload"])}</h2>'
        f'<p>Overload rule: {rule_text}. Units flagged: {len(flagged)}.</p><ul>{reasons}</ul>'
        f'{_figure(figs, "workload", out)}{_table(wl.reset_index())}</section>'
    )
    parts.append(
        f'<section id="concentration"><h2>{_esc(T["concentration"])}</h2>'
        f'{_table(conc.rename("value").rename_axis("measure").reset_index())}'
        f'{_figure(figs, "lorenz_curve", out)}</section>'
    )
    parts.append(
        f'<section id="centrality"><h2>{_esc(T["centrality"])}</h2>'
        f'{_table(cz.rename("value").rename_axis("centralization").reset_index())}'
        f'{_table(cen.reset_index())}{_figure(figs, "centrality_ranks", out)}</section>'
    )
    parts.append(
        f'<section id="coresponsibility"><h2>{_esc(T["coresponsibility"])}</h2>'
        f'{_table(pairs, max_rows=50)}<h3>lead → support</h3>{_table(ls, max_rows=30)}'
        f'{_figure(figs, "coresponsibility_heatmap", out)}</section>'
    )
    groups = comm.reset_index().groupby("community")["unit"].agg("、".join).reset_index()
    parts.append(
        f'<section id="communities"><h2>{_esc(T["communities"])}</h2>'
        f'<p>Louvain modularity {comm.attrs.get("modularity", float("nan")):.3f}.</p>'
        f'{_table(groups)}{_figure(figs, "projection_network", out)}</section>'
    )
    rest = [n for n in figs if n not in
            {"workload", "lorenz_curve", "centrality_ranks", "coresponsibility_heatmap", "projection_network"}]
    parts.append(f'<section id="figures"><h2>{_esc(T["figures"])}</h2>'
                 + "".join(_figure(figs, n, out) for n in rest) + "</section>")
    parts.append(f'<section id="network"><h2>{_esc(T["network"])}</h2>'
                 f'<p><a href="network.html">network.html</a></p>'
                 f'<iframe src="network.html" title="network"></iframe></section>')

    doc = (f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
           f"<title>{_esc(plan.title)}</title><style>{_CSS}</style></head><body>"
           + "".join(parts) + "</body></html>")
    index = out / "index.html"
    index.write_text(doc, encoding="utf-8")
    say("done")
    return index


def _figure(figs: Mapping[str, list[Path]], name: str, out: Path) -> str:
    paths = figs.get(name, [])
    png = next((p for p in paths if p.suffix == ".png"), None)
    shown = png or next((p for p in paths if p.suffix == ".svg"), None)
    if shown is None:
        return ""
    rel = shown.relative_to(out).as_posix()
    links = " ".join(f'<a href="{_esc(p.relative_to(out).as_posix())}">{_esc(p.suffix[1:])}</a>' for p in paths)
    return (f'<figure id="fig-{_esc(name)}"><img src="{_esc(rel)}" alt="{_esc(name)}">'
            f"<figcaption>{_esc(name)} ({links})</figcaption></figure>")
