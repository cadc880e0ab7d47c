"""Save charts for reports: PNG, SVG and PDF in one consistent style.

* Bounding boxes are tight, figures are made one A4 text column wide
  (:data:`yjgraph.plot.A4_WIDTH` = 6.3 in), and a small grey source note
  naming the plan is written under the chart.
* PDF keeps text as text: fonts are embedded as TrueType/CID subsets
  (``pdf.fonttype`` 42), so Chinese can be searched and copied.
* SVG turns glyphs into paths (``svg.fonttype`` ``"path"``): the file looks
  the same on any machine, including ones without a Chinese font, at the cost
  of the text not being selectable. (``"none"`` would keep ``<text>``
  elements but draw them in whatever font the viewer has.)
* Output is reproducible: no creation dates, a fixed SVG id salt.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib.pyplot as plt

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
    with plot_context({"svg.hashsalt": "yjgraph"}):
        apply_font(fig, only_missing=True)
        try:
            fig.draw_without_rendering()
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
            paths = []
            for fmt in formats:
                fmt = fmt.lower().lstrip(".")
                path = stem.with_name(f"{stem.name}.{fmt}")
                fig.savefig(path, format=fmt, dpi=dpi, bbox_inches="tight", pad_inches=0.06,
                            facecolor="white", metadata=_METADATA.get(fmt))
                paths.append(path)
        finally:
            for artist in added:
                artist.remove()
    return paths


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
) -> dict[str, list[Path]]:
    """Render every chart of a plan and save each in ``out_dir``.

    Calls the analyses (:func:`yjgraph.analysis.workload`,
    ``workload_by_chapter``, ``coresponsibility``, ``communities``,
    ``lorenz``, ``concentration``, ``centrality``, ``weight_sensitivity``)
    and the chart functions, and writes ``<out_dir>/<name>.<format>`` for
    each name of :data:`FIGURES`, with the plan's title as the source note.

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

    Returns
    -------
    dict
        Chart name -> list of paths written.
    """
    from .. import analysis as an
    from .bars import workload_bar
    from .curves import centrality_ranks, lorenz_curve, sensitivity_plot
    from .matrices import chapter_heatmap, coresponsibility_heatmap, responsibility_matrix
    from .networks import bipartite_network, projection_network

    names = list(FIGURES if only is None else only)
    unknown = set(names) - set(FIGURES)
    if unknown:
        raise ValueError(f"unknown figure names {sorted(unknown)}; expected some of {FIGURES}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    cache: dict = {}

    def get(key, fn):
        if key not in cache:
            cache[key] = fn()
        return cache[key]

    wl = lambda: get("wl", lambda: an.workload(plan, weights=weights))  # noqa: E731
    pairs = lambda: get("pairs", lambda: an.coresponsibility(plan, weights=weights))  # noqa: E731
    comm = lambda: get("comm", lambda: an.communities(plan, weights=weights, seed=seed))  # noqa: E731

    builders = {
        "workload": lambda: workload_bar(wl(), weights=weights, top=None, lang=lang),
        "chapter_heatmap": lambda: chapter_heatmap(
            an.workload_by_chapter(plan, weights=weights), lang=lang),
        "responsibility_matrix": lambda: responsibility_matrix(plan, weights=weights, lang=lang),
        "coresponsibility_heatmap": lambda: coresponsibility_heatmap(
            pairs(), communities=comm(), lang=lang),
        "bipartite_network": lambda: bipartite_network(
            plan, workload=wl(), weights=weights, seed=seed, lang=lang),
        "projection_network": lambda: projection_network(
            pairs(), communities=comm(), workload=wl(), seed=seed, lang=lang),
        "lorenz_curve": lambda: lorenz_curve(
            an.lorenz(plan, weights=weights), gini=an.concentration(plan, weights=weights),
            lang=lang),
        "centrality_ranks": lambda: centrality_ranks(
            an.centrality(plan, weights=weights), lang=lang),
        "sensitivity": lambda: sensitivity_plot(an.weight_sensitivity(plan), lang=lang),
    }
    written: dict[str, list[Path]] = {}
    for name in names:
        ax = builders[name]()
        fig = ax.figure
        try:
            written[name] = save_figure(fig, out / name, formats=formats, dpi=dpi, source=plan,
                                        lang=lang)
        finally:
            plt.close(fig)
    return written
