"""Interactive networks of a plan: offline, self-contained HTML.

:func:`network` returns a :class:`NetworkHTML` that shows itself in Jupyter
(JupyterLab, classic notebook, VS Code) as an ``<iframe srcdoc=...>`` and
saves to one UTF-8 file with every script and style inlined, so it opens
with no network connection and writes no ``lib/`` folder.

The nodes, edges and options are a plain spec (:func:`network_spec`) built
with pandas; pyvis supplies only its bundled copy of vis-network.
"""

from .render import NetworkHTML, network, to_script_json, vis_assets, write_network
from .spec import VIEWS, network_spec

__all__ = [
    "network",
    "write_network",
    "NetworkHTML",
    "network_spec",
    "to_script_json",
    "vis_assets",
    "VIEWS",
]
