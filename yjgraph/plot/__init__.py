"""Static matplotlib charts of a plan, with Chinese text that renders.

Every chart is an axes-level function: the data first (an analysis result or
the plan), every other parameter keyword-only, ``ax=None`` drawing on the
current Axes as seaborn does (``plt.gca()``; when no figure is open, a new
one sized for the chart, one A4 text column wide), ``lang="zh"`` or
``"en"`` for titles, axis labels, legends and unit names (official English
names with ``"en"``, ``names=`` to override); it returns the Axes and never calls
``show()`` or ``savefig()``. Importing this package does not change
``matplotlib.rcParams``: the CJK font (see :mod:`yjgraph.plot.fonts`) is set
on each text artist and inside an ``rc_context`` while a chart is built or
saved.

>>> from yjgraph.plot import responsibility_matrix
>>> plan = yjgraph.Plan.from_assignments([("1", "区发展改革局", "lead"), ("1", "区财政局", "support")])
>>> ax = responsibility_matrix(plan)
>>> ax.get_xticklabels()[0].get_text()
'区发展改革局'
"""

from ._common import A4_WIDTH, FLAG_COLOR, LEAD_COLOR, SUPPORT_COLOR
from .bars import workload_bar
from .curves import centrality_ranks, lorenz_curve, rank_table, sensitivity_plot
from .export import FIGURES, figures_to_dir, save_figure
from .fonts import CJKFontWarning, apply_font, find_cjk_font, font_families, plot_context, set_font
from .matrices import (
    chapter_heatmap,
    cluster_order,
    coresponsibility_heatmap,
    responsibility_matrix,
    square_matrix,
)
from .networks import COMMUNITY_COLORS, bipartite_network, projection_network

__all__ = [
    # charts
    "workload_bar", "coresponsibility_heatmap", "responsibility_matrix", "chapter_heatmap",
    "bipartite_network", "projection_network", "lorenz_curve", "centrality_ranks",
    "sensitivity_plot",
    # export
    "save_figure", "figures_to_dir", "FIGURES",
    # fonts
    "set_font", "find_cjk_font", "font_families", "plot_context", "apply_font", "CJKFontWarning",
    # helpers and constants
    "square_matrix", "cluster_order", "rank_table", "A4_WIDTH", "LEAD_COLOR", "SUPPORT_COLOR",
    "FLAG_COLOR", "COMMUNITY_COLORS",
]
