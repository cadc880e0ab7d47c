"""Save charts for reports: PNG, SVG and PDF in one consistent style.

Tight bounding boxes, figures one A4 text column wide (6.3 in),
a grey source note under the chart. PDF keeps Chinese text searchable in
TrueType (Type 42) font subsets, which PDF checks accept (unlike Type 3);
SVG draws glyphs as paths, the same on a machine without a Chinese font.
Output is reproducible: no creation dates, a fixed SVG id salt.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager, nullcontext
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.transforms import Bbox

from .._parallel import n_workers
from ._common import own_figures, text
from .fonts import _state as _font_state
from .fonts import apply_font, cut_font, font_families, plot_context, set_font, use_cut

__all__ = ["save_figure", "figures_to_dir", "FORMATS", "FIGURES"]

#: Formats :func:`save_figure` writes by default.
FORMATS = ("png", "svg", "pdf")
#: Names (file stems) of the charts written by :func:`figures_to_dir`, in order.
FIGURES = ("workload", "chapter_heatmap", "responsibility_matrix", "coresponsibility_heatmap",
           "bipartite_network", "projection_network", "lorenz_curve", "centrality_ranks",
           "sensitivity")
_METADATA = {
    "png": {"Software": "yjgraph"},
    "pdf": {"Creator": "yjgraph", "Producer": "yjgraph (matplotlib)", "CreationDate": None},
    "svg": {"Creator": "yjgraph", "Date": None},
}


def _source_text(source, lang: str = "zh") -> str | None:
    """What the source note says after its prefix: a string as given, a plan by its name.

    In English, without Chinese (see :func:`save_figure`): the English title,
    the title if it has no Chinese (``"3 plans"`` for a corpus), else a note
    of the issuer's glossary English name, the date, the tasks and the file.

    Examples
    --------
    >>> import yjgraph
    >>> plan = yjgraph.load_example()
    >>> _source_text(plan)
    '资阳市雁江区贯彻落实《成都都市圈发展规划》重点任务责任分工方案'
    >>> _source_text(plan, "en")
    'task-allocation plan, 2022-04-09, 86 tasks (yanjiang_2022_chengdu_metro_plan.txt)'
    >>> from dataclasses import replace
    >>> titled = replace(plan, meta={**plan.meta, "title_en": "Yanjiang's tasks, Chengdu Metro Plan"})
    >>> _source_text(titled, "en")
    "Yanjiang's tasks, Chengdu Metro Plan"
    """
    if source is None:
        return None
    if not (hasattr(source, "title") and hasattr(source, "assignments")):
        return str(source)  # the caller's own words, in the language they chose
    if lang != "en":
        return str(source.title)
    from .._lang import CJK

    meta = source.meta

    def clean(value) -> str:
        return "" if value is None or CJK.search(str(value)) else str(value).strip()

    for title in (meta.get("title_en"), meta.get("title")):
        if clean(title):
            return clean(title)
    note = "task-allocation plan"
    if meta.get("issuer"):
        from ..english import english_name

        issuer, method = english_name(str(meta["issuer"]))
        if method == "glossary" and clean(issuer):
            note += f" of the {issuer}"
    parts = [note, clean(meta.get("date")), f"{len(source.tasks)} tasks"]
    note = ", ".join(x for x in parts if x)
    file = clean(Path(str(meta["source"])).name if meta.get("source") else "")
    return f"{note} ({file})" if file else note


def save_figure(fig, path_stem: str | os.PathLike, *, formats: Sequence[str] = FORMATS,
                dpi: int = 300, source=None, title: str | None = None, lang: str = "zh",
                width_cm: float | None = None) -> list[Path]:
    """Save a figure in several formats with the report style.

    Parameters
    ----------
    fig : matplotlib.figure.Figure or matplotlib.axes.Axes
        The figure (an Axes stands for its figure).
    path_stem : str or path-like
        Path without extension (a known extension such as ``.png`` is
        dropped); parent folders are created.
    formats : sequence of str
        Any of ``"png"``, ``"svg"``, ``"pdf"`` (and other formats matplotlib
        writes).
    dpi : int
        Resolution of raster output.
    source : str or Plan, optional
        Written under the chart as ``资料来源:<source>`` (``Source: ...``
        with ``lang="en"``). A string is written as given; a Plan stands for
        its title, and with ``lang="en"`` for its English title
        (``plan.meta["title_en"]``, set by the user) or, failing that, for
        a note without Chinese: the issuer's official English name if known,
        the date, the number of tasks and the file name.
    title : str, optional
        Written above the chart, left-aligned.
    lang : {"zh", "en"}
        Language of the source note (its prefix, and how a Plan is named).
    width_cm : float, optional
        Width of the saved chart in centimetres (the figure is resized, its
        height in proportion, and laid out again; text keeps its size).
        Default: the figure's own width.

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of ``formats``. The figure itself is
        left as it was (the note and title are removed after saving).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt, tempfile, os
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [-1, 1])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     paths = save_figure(fig, os.path.join(d, "chart"), source="示例方案")
    ...     [p.suffix for p in paths]
    ['.png', '.svg', '.pdf']
    >>> plt.close(fig)
    """
    if hasattr(fig, "xaxis"):  # an Axes stands for its whole figure (a subfigure's parent)
        fig = fig.figure.figure
    if width_cm is not None and not width_cm > 0:
        raise ValueError(f"width_cm must be positive, not {width_cm!r}")
    paths = _paths(path_stem, formats)
    note = _source_text(source, lang)
    # matplotlib sizes the PDF backend's font subsets by ``ps.fonttype``: left
    # at 3 it embeds the CJK font twice per PDF (ASCII and the rest), which
    # doubles the slowest step of saving, so it follows ``pdf.fonttype``.
    # No layout engine while saving: savefig would otherwise draw every file
    # twice (a layout pass, then the drawing), even with the engine switched off.
    rc = {"svg.hashsalt": "yjgraph", "figure.autolayout": False,
          "figure.constrained_layout.use": False}
    with plot_context(rc), mpl.rc_context({"ps.fonttype": mpl.rcParams["pdf.fonttype"]}), \
            _restored(fig) as added:
        apply_font(fig, only_missing=True)
        if width_cm is not None:
            w, h = fig.get_size_inches()
            fig.set_size_inches(width_cm / 2.54, h * width_cm / 2.54 / w)
        bbox = _laid_out(fig, added, note and f"{text('source', lang)}{note}", title)
        for path in paths:
            fig.savefig(path, format=path.suffix[1:], dpi=dpi, bbox_inches=bbox,
                        facecolor="white", metadata=_METADATA.get(path.suffix[1:]))
    return paths


@contextmanager
def _restored(fig) -> Iterator[list]:
    """``fig`` with its size and layout engine again afterwards, without the texts added."""
    engine, size = fig.get_layout_engine(), fig.get_size_inches().copy()
    added: list = []
    try:
        yield added
    finally:
        for artist in added:
            artist.remove()
        fig.set_layout_engine(engine)
        fig.set_size_inches(size)


def _paths(path_stem: str | os.PathLike, formats: Sequence[str]) -> list[Path]:
    """The files to write: ``path_stem`` (a known extension dropped) with each format's."""
    stem = Path(path_stem)
    if stem.suffix.lower().lstrip(".") in {f.lower() for f in formats} | set(FORMATS):
        stem = stem.with_suffix("")
    stem.parent.mkdir(parents=True, exist_ok=True)
    return [stem.with_name(f"{stem.name}.{fmt.lower().lstrip('.')}") for fmt in formats]


def _laid_out(fig, added: list, note: str | None, title: str | None) -> Bbox:
    """Lay ``fig`` out once, write ``note`` under it and ``title`` above (into ``added``).

    Returns the padded bounding box (inches) every format is saved with, so
    that neither the constrained-layout solve nor the tight-bbox pass is
    redone per file.
    """
    fig.draw_without_rendering()
    fig.set_layout_engine(None)
    bbox = fig.get_tightbbox()  # inches, after layout
    w, h = fig.get_figwidth(), fig.get_figheight()
    style = {"ha": "left", "fontfamily": font_families()}
    if note:
        added.append(fig.text(max(bbox.x0, 0) / w, (bbox.y0 - 0.06) / h, note, va="top",
                              fontsize=6.5, color="#666666", **style))
    if title:
        added.append(fig.text(max(bbox.x0, 0) / w, (bbox.y1 + 0.08) / h, title, va="bottom",
                              fontsize=11, fontweight="bold", **style))
    if added:  # what the note and title add to the box (no new pass over the chart)
        inches = fig.dpi_scale_trans.inverted()
        bbox = Bbox.union([bbox, *(t.get_window_extent().transformed(inches) for t in added)])
    return bbox.padded(0.06)


def figures_to_dir(plan, out_dir: str | os.PathLike, *, formats: Sequence[str] = FORMATS,
                   lang: str = "zh", weights: Mapping[str, float] | None = None, dpi: int = 300,
                   width_cm: float | None = None, seed: int = 0,
                   only: Sequence[str] | None = None, n_jobs: int | None = 1,
                   progress: Callable[[str], object] | None = None) -> dict[str, list[Path]]:
    """Render every chart of a plan and save each in ``out_dir``.

    The charts read one :class:`~yjgraph.Analysis` of the plan (given, or
    made here with ``weights`` and ``seed``), so every analysis is computed
    once and the charts show the numbers the tables hold. Writes
    ``<out_dir>/<name>.<format>`` for each name of :data:`FIGURES`, with
    the plan as the source note (named without Chinese when ``lang="en"``,
    see :func:`save_figure`).

    Parameters
    ----------
    plan : Plan or Analysis
    out_dir : str or path-like
        Created if missing.
    formats : sequence of str
    lang : {"zh", "en"}
    weights : mapping, optional
        Role weights (when ``plan`` is a Plan).
    dpi : int
        Resolution of the PNG files.
    width_cm : float, optional
        Width of every chart in centimetres (see :func:`save_figure`).
    seed : int
        Seed of the network layouts (and of community detection when
        ``plan`` is a Plan).
    only : sequence of str, optional
        Names of :data:`FIGURES` to render (default: all).
    n_jobs : int or None
        Processes that draw and save the charts: ``1`` (the default) draws
        here; more (``None`` or ``-1``: one per CPU) in a
        :class:`concurrent.futures.ProcessPoolExecutor`. Where workers are
        spawned (macOS, Windows), a script using them needs the
        ``if __name__ == "__main__":`` guard.
    progress : callable, optional
        Called with each chart's name when its files are written.

    Returns
    -------
    dict
        Chart name -> list of paths written, in the order of :data:`FIGURES`.
    """
    from ..analysis.core import Analysis

    names = [n for n in FIGURES if n in set(FIGURES if only is None else only)]
    unknown = set(only or ()) - set(FIGURES)
    if unknown:
        raise ValueError(f"unknown figure names {sorted(unknown)}; expected some of {FIGURES}")
    analysis = plan if isinstance(plan, Analysis) else Analysis(plan, weights=weights, seed=seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    note = _source_text(analysis.plan, lang)
    save = {"formats": tuple(formats), "dpi": dpi, "source": note, "lang": lang,
            "width_cm": width_cm}
    calls = _chart_calls(analysis, seed=seed)
    chars = _chart_text(analysis, lang, note) if "pdf" in formats else None
    jobs = {name: (calls[name](), out / name, save) for name in names}
    with cut_font(chars) if chars else nullcontext() as cut:
        written = _draw(jobs, n_workers(n_jobs, len(names)), cut, progress or (lambda name: None))
    return {name: written[name] for name in names}


def _draw(jobs: dict[str, tuple[tuple, Path, dict]], workers: int, cut,
          done: Callable) -> dict[str, list[Path]]:
    """Chart name -> files written by :func:`_render` of each job, here or in a process pool."""
    written: dict[str, list[Path]] = {}
    if workers <= 1:
        for name, (call, stem, save) in jobs.items():
            written[name] = _render(call, stem, save)
            done(name)
        return written
    with ProcessPoolExecutor(workers, initializer=_init_worker,
                             initargs=(_font_state["given"], mpl.rcParams["pdf.fonttype"])) as pool:
        futures = {pool.submit(_render, *job, cut=cut): name for name, job in jobs.items()}
        try:
            for future in as_completed(futures):
                written[futures[future]] = future.result()  # raises what the worker raised
                done(futures[future])
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
    return written


def _init_worker(font: str | None, pdf_fonttype: int) -> None:
    """A worker draws with the caller's font (given to :func:`set_font`) and PDF font type."""
    mpl.use("Agg")
    mpl.rcParams["pdf.fonttype"] = pdf_fonttype
    if font is not None:
        set_font(font)


def _render(call: tuple, stem: Path, save: dict, cut=None) -> list[Path]:
    """Draw ``func(*args, **kwargs)`` of ``call`` and save it as ``stem`` (``cut``: in a worker)."""
    if cut is not None:
        use_cut(cut)
    func, args, kwargs = call
    with own_figures():  # never the caller's open figure
        ax = func(*args, **kwargs, lang=save["lang"])
    fig = ax.figure
    try:
        return save_figure(fig, stem, **save)
    finally:
        plt.close(fig)


def _chart_text(a, lang: str, note: str | None) -> list[str]:
    """The texts charts of ``a`` show (for :func:`~yjgraph.plot.fonts.cut_font`): names, titles, labels."""
    from .. import _lang
    from . import _common

    def strings(obj) -> Iterator[str]:
        if isinstance(obj, str):
            yield obj
        elif isinstance(obj, Mapping):
            for key, value in obj.items():
                yield from strings(key)
                yield from strings(value)
        elif isinstance(obj, (list, tuple, set, frozenset)):
            for item in obj:
                yield from strings(item)

    plan = a.plan
    units = plan.assignments["unit"].astype(str).unique()
    shown = [*units, *plan.tasks[["chapter_no", "chapter", "section_no", "section"]]
             .astype(str).drop_duplicates().to_numpy().ravel()]
    if lang == "en":
        shown = list(_lang.unit_labels(units, "en").values())
    shown.append(note or "")
    labels = [s for module in (_lang, _common) for value in vars(module).values()
              for s in strings(value)]
    return shown + labels


def _chart_calls(a, *, seed: int) -> dict[str, Callable[[], tuple[Callable, tuple, dict]]]:
    """Chart name -> a function returning ``(chart function, args, kwargs)`` from the analysis."""
    from .bars import workload_bar
    from .curves import centrality_ranks, lorenz_curve, sensitivity_plot
    from .matrices import chapter_heatmap, coresponsibility_heatmap, responsibility_matrix
    from .networks import bipartite_network, projection_network

    plan, w = a.plan, a.weights
    return {
        "workload": lambda: (workload_bar, (a.workload,), {"weights": w, "top": None}),
        "chapter_heatmap": lambda: (chapter_heatmap, (a.workload_by_chapter,), {}),
        "responsibility_matrix": lambda: (
            responsibility_matrix, (plan,), {"units": a.workload.index.tolist()}),
        "coresponsibility_heatmap": lambda: (
            coresponsibility_heatmap, (a.coresponsibility,), {"communities": a.communities}),
        "bipartite_network": lambda: (
            bipartite_network, (plan,), {"workload": a.workload, "weights": w, "seed": seed}),
        "projection_network": lambda: (
            projection_network, (a.coresponsibility,),
            {"communities": a.communities, "workload": a.workload, "seed": seed}),
        "lorenz_curve": lambda: (lorenz_curve, (a.lorenz,), {"gini": a.concentration}),
        "centrality_ranks": lambda: (centrality_ranks, (a.centrality,), {}),
        "sensitivity": lambda: (sensitivity_plot, (a.weight_sensitivity,), {}),
    }
