"""Save charts for reports: PNG, SVG and PDF in one consistent style.

* Bounding boxes are tight, figures are made one A4 text column wide
  (:data:`yjgraph.plot.A4_WIDTH` = 6.3 in), and a small grey source note
  naming the plan is written under the chart.
* PDF keeps text as text, so Chinese can be searched and copied: fonts are
  embedded as Type 3 subsets with Unicode maps (``pdf.fonttype`` 3, matplotlib
  3.11 and later; three to four times faster to write than TrueType/CID
  subsets of a CJK font) or, with older matplotlib, as TrueType/CID subsets
  (``pdf.fonttype`` 42).
* SVG turns glyphs into paths (``svg.fonttype`` ``"path"``): the file looks
  the same on any machine, including ones without a Chinese font, at the cost
  of the text not being selectable. (``"none"`` would keep ``<text>``
  elements but draw them in whatever font the viewer has.)
* For yjgraph's charts (:func:`figures_to_dir`) the PNG is the PDF
  rasterised by PDFium (``pypdfium2``), not another drawing by matplotlib's
  Agg: laying out every text and tick again cost more than PDFium's whole
  rendering, so a chart in the three formats is drawn twice, not three
  times. :func:`save_figure` does so on request (``png_from_pdf``). PNGs
  are compressed at zlib level 3 (about 5% larger than level 6, written
  twice as fast).
* Output is reproducible: no creation dates, a fixed SVG id salt.
"""

from __future__ import annotations

import io
import os
import threading
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, wait
from pathlib import Path
from queue import SimpleQueue

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.transforms import Bbox
from threadpoolctl import threadpool_limits

from .._parallel import CHART_MODULES, n_workers, pool
from ._common import text
from .fonts import apply_font, font_families, plot_context

__all__ = ["save_figure", "figures_to_dir", "FORMATS", "FIGURES"]

#: Formats :func:`save_figure` writes by default.
FORMATS = ("png", "svg", "pdf")
#: Names (file stems) of the charts written by :func:`figures_to_dir`, in order.
FIGURES = (
    "workload",
    "chapter_heatmap",
    "responsibility_matrix",
    "coresponsibility_heatmap",
    "bipartite_network",
    "projection_network",
    "lorenz_curve",
    "centrality_ranks",
    "sensitivity",
)
_METADATA = {
    "png": {"Software": "yjgraph"},
    "pdf": {"Creator": "yjgraph", "Producer": "yjgraph (matplotlib)", "CreationDate": None},
    "svg": {"Creator": "yjgraph", "Date": None},
}


def _source_text(source) -> str | None:
    if source is None:
        return None
    if hasattr(source, "title") and hasattr(source, "assignments"):  # a Plan
        return str(source.title)
    return str(source)


def save_figure(
    fig,
    path_stem: str | os.PathLike,
    *,
    formats: Sequence[str] = FORMATS,
    dpi: int = 300,
    source=None,
    title: str | None = None,
    lang: str = "zh",
    png_from_pdf: bool = False,
) -> list[Path]:
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
        with ``lang="en"``); a Plan stands for its title.
    title : str, optional
        Written above the chart, left-aligned.
    lang : {"zh", "en"}
        Language of the source note's prefix.
    png_from_pdf : bool
        Make the PNG by rasterising the PDF (drawn once for both) with
        PDFium instead of drawing the figure again with matplotlib's Agg.
        About twice as fast, and what :func:`figures_to_dir` does for
        yjgraph's charts; for figures with images or filled contours Agg is
        exact where PDFium smooths, hence off by default. The PNG is then RGB
        on white rather than RGBA.

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
    if hasattr(fig, "get_figure") and hasattr(fig, "xaxis"):
        fig = fig.get_figure(root=True) if _has_root(fig) else fig.figure
    stem = Path(path_stem)
    if stem.suffix.lower().lstrip(".") in {f.lower() for f in formats} | set(FORMATS):
        stem = stem.with_suffix("")
    stem.parent.mkdir(parents=True, exist_ok=True)
    note_text = _source_text(source)
    added = []
    # matplotlib sizes the PDF backend's font subsets by ``ps.fonttype``: left
    # at 3 it embeds the CJK font twice per PDF (ASCII and the rest), which
    # doubles the slowest step of saving, so it follows ``pdf.fonttype``.
    # No layout engine while saving: savefig would otherwise draw every file
    # twice (a layout pass, then the drawing), even with the engine switched off.
    rc = {"svg.hashsalt": "yjgraph", "figure.autolayout": False,
          "figure.constrained_layout.use": False}
    with plot_context(rc), mpl.rc_context({"ps.fonttype": mpl.rcParams["pdf.fonttype"]}):
        apply_font(fig, only_missing=True)
        engine = fig.get_layout_engine()
        frozen: list = []
        try:
            # Lay the figure out once, then freeze it: every format is drawn
            # with the same positions and one precomputed bounding box, so the
            # constrained-layout solve, the tight-bbox pass and the placement
            # of titles and axis labels are not redone for each file
            # (matplotlib still measures the text once per format).
            fig.draw_without_rendering()
            fig.set_layout_engine(None)
            _freeze_labels(fig, frozen)
            bbox = fig.get_tightbbox()  # inches, after layout
            w, h = fig.get_figwidth(), fig.get_figheight()
            families = font_families()
            if note_text:
                added.append(fig.text(
                    max(bbox.x0, 0) / w, (bbox.y0 - 0.06) / h,
                    f"{text('source', lang)}{note_text}", ha="left", va="top", fontsize=6.5,
                    color="#666666", fontfamily=families))
            if title:
                added.append(fig.text(
                    max(bbox.x0, 0) / w, (bbox.y1 + 0.08) / h, title, ha="left",
                    va="bottom", fontsize=11, fontweight="bold", fontfamily=families))
            if added:  # what the note and title add to the box (no new pass over the chart)
                bbox = Bbox.union([bbox, *(t.get_window_extent().transformed(
                    fig.dpi_scale_trans.inverted()) for t in added)])
            bbox = bbox.padded(0.06)
            paths, pdf = [], None
            for fmt in formats:
                fmt = fmt.lower().lstrip(".")
                path = stem.with_name(f"{stem.name}.{fmt}")
                if fmt == "pdf" or (fmt == "png" and png_from_pdf):
                    if pdf is None:  # drawn once for both
                        buffer = io.BytesIO()
                        fig.savefig(buffer, format="pdf", dpi=dpi, bbox_inches=bbox,
                                    facecolor="white", metadata=_METADATA["pdf"])
                        pdf = buffer.getvalue()
                    if fmt == "pdf":
                        path.write_bytes(pdf)
                    else:
                        _rasterise(pdf, path, dpi)
                else:
                    extra = {"pil_kwargs": {"compress_level": 3}} if fmt == "png" else {}
                    fig.savefig(path, format=fmt, dpi=dpi, bbox_inches=bbox,
                                facecolor="white", metadata=_METADATA.get(fmt), **extra)
                paths.append(path)
        finally:
            for artist in added:
                artist.remove()
            _thaw_labels(frozen)
            fig.set_layout_engine(engine)
    return paths


#: PDFium must not be called from two threads at once, even on different documents
#: (pypdfium2's documentation; it crashed the process when tried).
_PDFIUM = threading.Lock()


def _rasterise(pdf: bytes, path: Path, dpi: float) -> None:
    """Write the one-page ``pdf`` as a PNG of ``dpi`` on white."""
    import pypdfium2 as pdfium
    from PIL.PngImagePlugin import PngInfo

    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            image = document[0].render(scale=dpi / 72, fill_color=(255, 255, 255, 255)).to_pil()
        finally:
            document.close()
    info = PngInfo()
    for key, value in _METADATA["png"].items():
        info.add_text(key, value)
    image.save(path, format="png", dpi=(dpi, dpi), compress_level=3, pnginfo=info)


def _freeze_labels(fig, frozen: list) -> None:
    """Pin every Axes title and axis label where the layout put it.

    matplotlib places them again at every draw, measuring all tick labels
    each time; pinned (in Axes coordinates, which do not depend on the dpi)
    they are drawn where the first draw put them. ``frozen`` receives, as
    they are pinned, what :func:`_thaw_labels` needs to undo it.
    """
    for ax in fig.axes:
        if getattr(ax, "_autotitlepos", False):
            ax._autotitlepos = False  # matplotlib's own switch (set_title(y=...))
            frozen.append((ax, "_autotitlepos", None))
        for axis in (ax.xaxis, ax.yaxis):
            if not getattr(axis, "_autolabelpos", False) or not axis.label.get_text():
                continue
            label = axis.label
            saved = (label.get_transform(), label.get_position())
            axis.set_label_coords(*ax.transAxes.inverted().transform(
                saved[0].transform(saved[1])))
            frozen.append((axis, "_autolabelpos", saved))


def _thaw_labels(frozen: list) -> None:
    for obj, attr, saved in reversed(frozen):
        setattr(obj, attr, True)
        if saved is not None:
            obj.label.set_transform(saved[0])
            obj.label.set_position(saved[1])


def _has_root(ax) -> bool:
    try:
        ax.get_figure(root=True)
    except TypeError:
        return False
    return True


def figures_to_dir(
    plan,
    out_dir: str | os.PathLike,
    *,
    formats: Sequence[str] = FORMATS,
    lang: str = "zh",
    weights: Mapping[str, float] | None = None,
    dpi: int = 300,
    seed: int = 0,
    only: Sequence[str] | None = None,
    n_jobs: int | None = 1,
    progress: Callable[[str], object] | None = None,
) -> dict[str, list[Path]]:
    """Render every chart of a plan and save each in ``out_dir``.

    Calls the analyses (:func:`yjgraph.analysis.workload`,
    ``workload_by_chapter``, ``coresponsibility``, ``communities``,
    ``lorenz``, ``concentration``, ``centrality``, ``weight_sensitivity``)
    once, and the chart functions, and writes ``<out_dir>/<name>.<format>``
    for each name of :data:`FIGURES`, with the plan's title as the source
    note.

    Parameters
    ----------
    plan : Plan
    out_dir : str or path-like
        Created if missing.
    formats : sequence of str
    lang : {"zh", "en"}
    weights : mapping, optional
        Role weights passed to every analysis.
    dpi : int
    seed : int
        Seed of the network layouts and community detection.
    only : sequence of str, optional
        Names of :data:`FIGURES` to render (default: all).
    n_jobs : int or None
        Processes that draw and save the charts. ``1`` (the default) draws
        in this process with its matplotlib settings. ``N`` > 1 (``None`` or
        ``-1``: one per CPU) starts ``N - 1`` worker processes, which take
        the costly charts while this process draws the cheap ones, from the
        start: nothing waits for the workers to be ready. A chart costs
        matplotlib one to two seconds, mostly measuring and placing text.
        On Linux the workers are forked from a fresh server process that has
        imported matplotlib and yjgraph once; elsewhere they are started
        with ``spawn``. Either way a script that uses them needs the usual
        ``if __name__ == "__main__":`` guard. Every process then draws as a
        fresh one does: matplotlib's defaults from your matplotlibrc, the
        same Chinese font and PDF font type; other matplotlib settings you
        changed in this session are not used (yjgraph's chart style is set
        either way), and each process uses one BLAS thread. The fork server
        (one per Python session, shared with other code that uses
        multiprocessing's ``forkserver``; yjgraph sets its preloaded modules
        if it starts it) stays until the session ends.
    progress : callable, optional
        Called with each chart's name when its files are written.

    Returns
    -------
    dict
        Chart name -> list of paths written, in the order of :data:`FIGURES`.
    """
    names = [n for n in FIGURES if n in set(FIGURES if only is None else only)]
    unknown = set(only or ()) - set(FIGURES)
    if unknown:
        raise ValueError(f"unknown figure names {sorted(unknown)}; expected some of {FIGURES}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    save = {"formats": tuple(formats), "dpi": dpi, "source": _source_text(plan), "lang": lang,
            "png_from_pdf": True}
    calls = _chart_calls(plan, weights=weights, seed=seed)
    workers = n_workers(n_jobs, len(names))
    done = progress or (lambda name: None)
    if workers <= 1:
        written = {}
        for name in names:
            written[name] = _render(*calls[name](), out / name, save)
            done(name)
        return written
    # This process draws too, taking the cheapest charts from one end of the
    # queue while ``workers - 1`` worker processes start and take the costly
    # ones from the other: nothing waits for the workers to start.
    queue = deque(sorted(names, key=lambda n: _COST.get(n, 1), reverse=True))
    lock, stop, errors, finished = threading.Lock(), threading.Event(), [], SimpleQueue()
    written: dict[str, list[Path]] = {}

    def take(costly: bool) -> str | None:
        with lock:
            if stop.is_set() or not queue:
                return None
            return queue.popleft() if costly else queue.pop()

    def feed(workers_pool, n_procs: int) -> None:
        running: dict = {}
        try:
            while True:
                while len(running) < n_procs and (name := take(costly=True)) is not None:
                    running[workers_pool.submit(_render, *calls[name](), out / name, save)] = name
                if not running:
                    return
                for future in wait(running, return_when=FIRST_COMPLETED).done:
                    name = running.pop(future)
                    written[name] = future.result()  # raises what the worker raised
                    finished.put(name)
        except BaseException as exc:  # handed to the caller's thread
            errors.append(exc)
            stop.set()

    # One BLAS thread per process: a chart's matrices are tiny, and OpenBLAS's
    # idle threads spin for a while after each call, taking CPU from the
    # processes drawing (an eighth of the report's CPU time on two cores).
    settings = (_font_for_workers(), mpl.rcParams["pdf.fonttype"])
    with threadpool_limits(1), \
            pool(workers - 1, _init_worker, settings, preload=CHART_MODULES) as workers_pool:
        feeder = threading.Thread(target=feed, args=(workers_pool, workers - 1), daemon=True)
        feeder.start()
        try:
            with mpl.rc_context():  # draw as a fresh worker process does
                mpl.rc_file_defaults()
                mpl.rcParams["pdf.fonttype"] = settings[1]
                while (name := take(costly=False)) is not None:
                    written[name] = _render(*calls[name](), out / name, save)
                    finished.put(name)
                    while not finished.empty():
                        done(finished.get())
            while feeder.is_alive():  # the workers' last charts, reported as they come
                feeder.join(0.05)
                while not errors and not finished.empty():
                    done(finished.get())
        except BaseException:
            stop.set()
            workers_pool.shutdown(cancel_futures=True)  # do not draw the rest first
            raise
        finally:
            feeder.join()
    if errors:
        raise errors[0]
    while not finished.empty():
        done(finished.get())
    return {name: written[name] for name in names}


#: Seconds to draw and save each chart in three formats (the seed plan, one core, with
#: its analyses), so that the costly ones start first and the processes finish together.
_COST = {"bipartite_network": 2.3, "responsibility_matrix": 2.2, "coresponsibility_heatmap": 1.9,
         "chapter_heatmap": 1.8, "workload": 1.5, "centrality_ranks": 1.0, "sensitivity": 0.9,
         "projection_network": 0.9, "lorenz_curve": 0.3}


def _font_for_workers() -> tuple[str | None, str | None]:
    """The CJK family in use and its file (a family registered only here is re-registered)."""
    from matplotlib import font_manager as fm

    from .fonts import find_cjk_font

    family = find_cjk_font(warn=False)
    if family is None:
        return None, None
    path = fm.findfont(fm.FontProperties(family=family), fallback_to_default=False)
    return family, str(path)  # matplotlib 3.11's FontPath (a str) does not pickle


def _init_worker(font: tuple[str | None, str | None], pdf_fonttype: int) -> None:
    import gc

    from ..errors import FontNotFoundError
    from .fonts import set_font

    gc.freeze()  # what the server imported is not garbage: keep the collector off it
    threadpool_limits(1)  # see figures_to_dir
    mpl.use("Agg")
    mpl.rcParams["pdf.fonttype"] = pdf_fonttype  # the caller's choice (see plot_context)
    family, path = font
    if family:
        try:
            set_font(family)
        except FontNotFoundError:  # registered in the calling process only
            set_font(path)


def _render(func, args: tuple, kwargs: dict, stem: Path, save: dict) -> list[Path]:
    ax = func(*args, **kwargs, lang=save["lang"])
    fig = ax.figure
    try:
        return save_figure(fig, stem, **save)
    finally:
        plt.close(fig)


def _chart_calls(plan, *, weights, seed: int) -> dict:
    """Chart name -> a function returning ``(chart function, args, kwargs)``.

    The analyses run when a chart's function is called, and once per plan.
    """
    from functools import cache

    from .. import analysis as an
    from .bars import workload_bar
    from .curves import centrality_ranks, lorenz_curve, sensitivity_plot
    from .matrices import chapter_heatmap, coresponsibility_heatmap, responsibility_matrix
    from .networks import bipartite_network, projection_network

    wl = cache(lambda: an.workload(plan, weights=weights))
    pairs = cache(lambda: an.coresponsibility(plan, weights=weights))
    comm = cache(lambda: an.communities(plan, weights=weights, seed=seed))
    calls = {
        "workload": lambda: (workload_bar, (wl(),), {"weights": weights, "top": None}),
        "chapter_heatmap": lambda: (
            chapter_heatmap, (an.workload_by_chapter(plan, weights=weights),), {}),
        "responsibility_matrix": lambda: (responsibility_matrix, (plan,), {"weights": weights}),
        "coresponsibility_heatmap": lambda: (
            coresponsibility_heatmap, (pairs(),), {"communities": comm()}),
        "bipartite_network": lambda: (
            bipartite_network, (plan,), {"workload": wl(), "weights": weights, "seed": seed}),
        "projection_network": lambda: (
            projection_network, (pairs(),), {"communities": comm(), "workload": wl(), "seed": seed}),
        "lorenz_curve": lambda: (
            lorenz_curve, (an.lorenz(plan, weights=weights),),
            {"gini": an.concentration(plan, weights=weights)}),
        "centrality_ranks": lambda: (centrality_ranks, (an.centrality(plan, weights=weights),), {}),
        "sensitivity": lambda: (sensitivity_plot, (an.weight_sensitivity(plan),), {}),
    }
    return calls
