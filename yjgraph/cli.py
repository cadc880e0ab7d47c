"""The ``yjgraph`` command: a thin layer over the library.

Each subcommand reads a plan (the bundled example when no source is given),
calls library functions and writes files. Errors are one line on stderr and
exit code 1; usage errors exit with 2.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from dataclasses import replace
from pathlib import Path

from . import __version__
from .errors import YjgraphError

__all__ = ["main", "run"]


def _read(args, *, allow_empty: bool = False):
    """The plan of the command's sources (a corpus for several, or a corpus folder), titled in English if asked."""
    from .corpus import read_sources
    from .datasets import example_path
    from .model import why_no_tasks

    sources = getattr(args, "sources", None) or [getattr(args, "source", None) or example_path()]
    for s in sources:
        if not Path(s).exists():
            raise YjgraphError(f"{s}: no such file")
    if len(sources) == 1 and Path(sources[0]).is_dir():  # a folder written by `yjgraph corpus`
        from .corpus_build import read_corpus_dir

        plan = read_corpus_dir(sources[0])
    else:
        plan = read_sources(sources, aliases=args.aliases, match=getattr(args, "match", "exact"),
                            strict=getattr(args, "strict", False))
        if len(sources) == 1 and not len(plan.tasks) and not allow_empty:
            raise YjgraphError(f"{sources[0]}: {why_no_tasks(plan)}; `yjgraph parse {sources[0]} -o DIR` "
                               "writes findings.csv with everything the reader met")
    if getattr(args, "title_en", None):
        plan = replace(plan, meta={**plan.meta, "title_en": args.title_en})
    return plan


def _weights(args) -> dict[str, float]:
    return {"lead": args.lead_weight, "support": args.support_weight}


def _judging(args) -> dict:
    """The keywords of the overload rule, shared by analyze, compare and rebalance."""
    return {"weights": _weights(args), "rule": args.rule, "threshold": args.threshold,
            "capacity": _capacity(args.capacity)}


def _capacity(path):
    if path is None:
        return None
    import pandas as pd

    df = pd.read_csv(path, encoding="utf-8-sig")
    col = next((c for c in ("capacity", "staff") if c in df.columns), None)
    if "unit" not in df.columns or col is None:
        raise YjgraphError(f"{path}: a capacity table needs columns 'unit' and 'capacity' (or 'staff')")
    return pd.Series(df[col].to_numpy(float), index=df["unit"].astype(str))


def _summary_lines(plan) -> list[str]:
    s = plan.summary()
    return [
        f"{s['title']}",
        f"  tasks {s['tasks']} in {s['chapters']} chapters and {s['sections']} sections; units {s['units']}",
        f"  assignments: {s['lead']} lead, {s['support']} support; open-ended lists: {s['open_ended_tasks']}",
        f"  findings: {s['errors']} errors, {s['warnings']} warnings, {s['notes']} notes",
    ]


def cmd_parse(args) -> int:
    from .model import why_no_tasks

    plan = _read(args, allow_empty=True)
    paths = plan.to_csv(args.output)
    print("\n".join(_summary_lines(plan)))
    print(f"  wrote {', '.join(p.name for p in paths)} to {args.output}")
    if not len(plan.tasks):
        print(f"yjgraph parse: error: {why_no_tasks(plan)}; see {Path(args.output) / 'findings.csv'}",
              file=sys.stderr)
        return 1
    return 0


def cmd_analyze(args) -> int:
    from .analysis import analyze
    from .analysis.run import analyze_to_dir
    from .planner_workbook import workbook

    analysis = analyze(_read(args), **_judging(args))
    paths = analyze_to_dir(analysis, args.output, xlsx=False)
    paths["xlsx"] = workbook(analysis, Path(args.output) / "analysis.xlsx", lang=args.lang)
    wl = analysis.workload
    print("\n".join(_summary_lines(analysis.plan)))
    flagged = wl[wl["overloaded"]]
    print(f"  overloaded units: {len(flagged)} of {int((wl['score'].notna()).sum())} judged")
    for unit, reason in zip(flagged.index, flagged["reason"], strict=True):
        print(f"    {unit}: {reason}")
    print(f"  wrote {', '.join(p.name for p in paths.values())} to {args.output}")
    return 0


def cmd_figures(args) -> int:
    from .plot import figures_to_dir

    plan = _read(args)
    figs = figures_to_dir(plan, args.output, formats=args.format, lang=args.lang, weights=_weights(args),
                          n_jobs=args.jobs, dpi=args.dpi, width_cm=args.width)
    n = sum(len(v) for v in figs.values())
    print(f"wrote {n} files ({len(figs)} charts) to {args.output}")
    return 0


def cmd_html(args) -> int:
    from .html import write_network

    plan = _read(args)
    path = write_network(plan, args.output, view=args.view, weights=_weights(args), lang=args.lang)
    print(f"wrote {path}")
    return 0


def cmd_report(args) -> int:
    from ._atomic import built_dir
    from .analysis import analyze
    from .report import build_report

    plan = _read(args)
    print("\n".join(_summary_lines(plan)))
    with built_dir(args.output) as tmp:  # a killed run leaves no folder that looks complete
        index = build_report(analyze(plan, **_judging(args)), tmp, lang=args.lang, formats=args.format,
                             progress=not args.quiet, n_jobs=args.jobs, dpi=args.dpi,
                             width_cm=args.width, pptx=args.pptx)
    print(f"report: {Path(args.output) / Path(index).relative_to(tmp)}")
    return 0


def cmd_corpus(args) -> int:
    from .corpus_build import build_corpus

    r = build_corpus(args.sources, args.output, workers=args.workers, match=args.match,
                     aliases=args.aliases, csv=args.csv, progress=None if args.quiet else sys.stderr)
    print(f"corpus: {r['n_plans']} plans read, {r['n_failed']} failed of {r['n_sources']} sources "
          f"({r['n_read']} read now, {r['n_reused']} reused); tables in {args.output}")
    if r["n_failed"]:
        print(f"yjgraph corpus: {r['n_failed']} sources could not be read: see "
              f"{Path(args.output) / 'failures.parquet'}", file=sys.stderr)
    return 1 if r["n_failed"] else 0


def cmd_backbone(args) -> int:
    from ._atomic import write_csv
    from .analysis.backbone import backbone

    df = backbone(_read(args), model=args.model, alpha=args.alpha, signed=args.signed,
                  correction=None if args.correction == "none" else args.correction,
                  layer=None if args.layer == "all" else args.layer, seed=args.seed, draws=args.draws)
    at = df.attrs
    if args.significant_only:
        df = df[df["significant"]]
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    write_csv(df, args.output)
    print(f"backbone ({at['model'].upper()}, {args.correction}, alpha {at['alpha']:g}): "
          f"{at['n_significant']} significant of {at['n_pairs']} pairs ({at['n_tests']} tested)")
    print(f"wrote {args.output}")
    return 0


# ----------------------------------------------- what-if, compare, rebalance (issue 15)
def _changes(args, before, after, moves=None) -> int:
    from .analysis.compare import compare
    from .whatif import write_changes

    c = compare(before, after, **_judging(args))
    paths = write_changes(c, args.output, moves=moves, lang=args.lang)
    s = c.summary()
    for edit in s["edits"]:
        print(f"  edit: {edit}")
    print(f"  largest load {s['max_before']:.4g} -> {s['max_after']:.4g}; overloaded units "
          f"{s['overloaded_before']} -> {s['overloaded_after']}; {s['units_changed']} units and "
          f"{s['roles_changed']} roles changed")
    print(f"  wrote {', '.join(p.name for p in paths.values())} to {args.output}")
    return 0


def cmd_compare(args) -> int:
    plans = [_read(argparse.Namespace(**{**vars(args), "source": s})) for s in (args.old, args.new)]
    return _changes(args, *plans)


def cmd_whatif(args) -> int:
    from .whatif import apply_specs

    edits = {kind: getattr(args, kind) or () for kind in ("merge", "rename", "remove", "move")}
    if not any(edits.values()):
        raise YjgraphError("give at least one edit: --merge, --rename, --remove or --move")
    plan = _read(args)
    return _changes(args, plan, apply_specs(plan, **edits))


def cmd_rebalance(args) -> int:
    from .analysis.rebalance import apply_moves, rebalance

    plan = _read(args)
    moves = rebalance(plan, max_moves=args.max_moves, allow=args.allow, candidates=args.candidates,
                      **_judging(args))
    print(f"  {len(moves)} suggested moves (largest load {moves.attrs['max_before']:.4g} -> "
          f"{moves.attrs['max_after']:.4g}):")
    for reason in moves["reason"]:
        print(f"    {reason}")
    return _changes(args, plan, apply_moves(plan, moves), moves)


def _formats(text: str) -> tuple[str, ...]:
    out = tuple(x.strip().lower() for x in text.split(",") if x.strip())
    bad = set(out) - {"png", "svg", "pdf"}
    if bad or not out:
        raise argparse.ArgumentTypeError(f"formats are png, svg, pdf (comma-separated), not {text!r}")
    return out


def _jobs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"--jobs takes a positive number, not {text!r}")
    return n


def _opt(*flags: str, **kw) -> tuple[tuple[str, ...], dict]:
    """One option: the arguments of ``add_argument``."""
    return flags, kw


def _options(*specs: tuple[tuple[str, ...], dict], parents=()) -> argparse.ArgumentParser:
    """A parent parser: options defined once, shared by the subcommands that list it."""
    p = argparse.ArgumentParser(add_help=False, parents=list(parents))
    for flags, kw in specs:
        p.add_argument(*flags, **kw)
    return p


def _out(metavar: str = "DIR", default: str | None = None) -> tuple[tuple[str, ...], dict]:
    return _opt("-o", "--output", metavar=metavar, default=default, required=default is None)


_ALIASES = _opt("--aliases", metavar="FILE", help="alias table (CSV/XLSX with columns alias, unit)")
_MATCH = _opt("--match", choices=["exact", "alias", "none"], default="exact",
              help="with several plans: units are the same across plans when their names are equal (exact; "
              "one district over years), also when yjgraph merges spellings (alias), or never (none; "
              "districts compared)")
_QUIET = _opt("-q", "--quiet", action="store_true", help="no progress lines")
_LANG = _opt("--lang", choices=["zh", "en"], default="zh")
_JOBS = _opt("-j", "--jobs", type=_jobs, default=None, metavar="N",
             help="processes drawing the charts (default: one per CPU)")
_FORMAT = _opt("--format", type=_formats, default=("png", "svg", "pdf"), help="png,svg,pdf")


def _commands() -> dict[str, tuple]:
    """Each subcommand: its function, its help, the shared option sets it takes, and its own options."""
    source = _options(_opt("source", nargs="?", metavar="SOURCE", help="plan file; default: the bundled example"),
                      _ALIASES)
    sources = _options(_opt("sources", nargs="*", metavar="SOURCE",
                            help="plan file(s); default: the bundled example"), _ALIASES)
    weights = _options(
        _opt("--lead-weight", type=float, default=1.0, metavar="X", help="weight of a lead role (1.0)"),
        _opt("--support-weight", type=float, default=0.5, metavar="Y", help="weight of a support role (0.5)"))
    overload = _options(
        _opt("--rule", choices=["robust_z", "tukey"], default="robust_z", help="overload rule"),
        _opt("--threshold", type=float, default=None, help="rule threshold (robust z: 3.5; Tukey's k: 1.5)"),
        _opt("--capacity", metavar="FILE", help="CSV with columns unit, capacity (staff per unit)"))
    size = _options(
        _opt("--width", type=float, default=None, metavar="CM",
             help="width of every chart in cm (default: one A4 text column, 16 cm)"),
        _opt("--dpi", type=int, default=300, metavar="N", help="resolution of PNG charts (300)"),
        _opt("--title-en", metavar="TEXT",
             help="the plan's English title, for --lang en (default: a note without Chinese)"))
    changes = _options(_LANG, _out(), parents=[overload])
    return {
        "parse": (cmd_parse, "read a plan and write its tables", [source],
                  _opt("--strict", action="store_true", help="fail on any error finding"), _out()),
        "analyze": (cmd_analyze, "workload, centrality, co-responsibility and checks tables",
                    [source, weights, overload], _out(),
                    _opt("--lang", choices=["zh", "en"], default="zh",
                         help="language of analysis.xlsx (sheets, headers, unit names)")),
        "figures": (cmd_figures, "every static chart", [source, weights, size], _FORMAT, _LANG, _JOBS, _out()),
        "html": (cmd_html, "the interactive network as one offline HTML file", [source, weights],
                 _opt("--view", choices=["tasks", "units"], default="tasks"), _LANG, _out("FILE.html")),
        "report": (cmd_report, "the full report: index.html, tables, figures, network",
                   [sources, weights, overload, size], _MATCH, _LANG, _JOBS, _QUIET, _out("OUT", "yjgraph-report"),
                   _opt("--format", **{**_FORMAT[1], "help": "figure formats"}),
                   _opt("--pptx", action="store_true",
                        help='also report.pptx, a slide per figure (pip install "yjgraph[pptx]")')),
        "corpus": (cmd_corpus, "many plans read in parallel into Parquet tables (resumable)", [],
                   _opt("sources", nargs="+", metavar="SOURCE",
                        help="plan files, folders (read recursively) or list files (.list/.lst or @FILE)"),
                   _ALIASES, _MATCH, _QUIET, _out(),
                   _opt("--workers", type=_jobs, default=1, metavar="N", help="processes reading at once (1)"),
                   _opt("--csv", action="store_true", help="also write each table as CSV")),
        "backbone": (cmd_backbone, "which co-responsibility ties are more than chance (CSV)", [source],
                     _opt("--model", choices=["sdsm", "fdsm"], default="sdsm"),
                     _opt("--alpha", type=float, default=0.05),
                     _opt("--correction", choices=["fdr_bh", "holm", "bonferroni", "none"], default="fdr_bh"),
                     _opt("--layer", choices=["all", "lead", "lead_support"], default="all"),
                     _opt("--signed", action="store_true", help="also test for fewer shared tasks than chance"),
                     _opt("--draws", type=int, default=1000, metavar="N", help="random plans (fdsm; 1000)"),
                     _opt("--seed", type=int, default=0),
                     _opt("--significant-only", action="store_true", help="write only the backbone's ties"),
                     _out("FILE.csv")),
        "compare": (cmd_compare, "what changed between two plans: changes.csv, a chart, a page",
                    [_options(_ALIASES), weights, changes],
                    _opt("old", metavar="OLD", help="the plan before"),
                    _opt("new", metavar="NEW", help="the plan after")),
        "whatif": (cmd_whatif, "edit a plan (merge, rename, remove units, move roles) and compare",
                   [source, weights, changes],
                   _opt("--merge", action="append", metavar="'A,B=C'", help="merge units A and B into C"),
                   _opt("--rename", action="append", metavar="'A=B'", help="rename unit A to B"),
                   _opt("--remove", action="append", metavar="'A[>B]'", help="remove unit A (its roles to B)"),
                   _opt("--move", action="append", metavar="'TASK:FROM>TO'", help="move FROM's role in TASK to TO")),
        "rebalance": (cmd_rebalance, "suggested role moves that relieve the heaviest units", [source, weights, changes],
                      _opt("--max-moves", type=int, default=5, metavar="N"),
                      _opt("--allow", choices=["support", "lead", "both"], default="support",
                           help="roles that may move (support)"),
                      _opt("--candidates", choices=["co-responsible", "chapter"], default="co-responsible",
                           help="who may take a role: units sharing a task with its unit, or working in its chapter")),
    }


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="yjgraph",
        description="Read Chinese task-allocation plans (责任分工方案) into responsibility graphs "
        "and analyse them. SOURCE defaults to the bundled example plan.",
    )
    p.add_argument("--version", action="version", version=f"yjgraph {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    for name, (func, text, parents, *options) in _commands().items():
        sp = sub.add_parser(name, help=text, parents=parents)
        for flags, kw in options:
            sp.add_argument(*flags, **kw)
        sp.set_defaults(func=func)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    A user table that names no unit of the plan (capacity) is reported as a
    warning line on stderr; the work goes on.
    """
    args = _parser().parse_args(argv)
    from .model import UnmatchedNameWarning

    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UnmatchedNameWarning)
            return args.func(args)
    except YjgraphError as err:  # a PlanParseError goes on to list every failing line
        msg = str(err)
    except (OSError, ValueError) as err:
        msg = str(err).splitlines()[0] if str(err) else type(err).__name__
    finally:  # out of catch_warnings: a warning passed on is not recorded again (and again)
        for w in caught:
            if issubclass(w.category, UnmatchedNameWarning):
                print(f"yjgraph {args.command}: warning: {w.message}", file=sys.stderr)
            else:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    print(f"yjgraph {args.command}: error: {msg}", file=sys.stderr)
    return 1


def run() -> None:
    """The installed ``yjgraph`` program."""
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
