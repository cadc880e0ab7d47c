"""Render a network spec to one self-contained, offline HTML document.

The page inlines vis-network's JavaScript and CSS (the copy bundled inside
the installed pyvis package), yjgraph's own script and style, and the spec
as JSON. It requests nothing from any host, and saving it writes one UTF-8
file and nothing else (no ``lib/`` folder).

pyvis itself is used only as the source of the vis-network asset: its
``Network.from_nx`` strips edge weights from the graph it is given, its
writer uses the locale encoding and drops ``lib/`` into the working
directory, and its template links CDNs. yjgraph builds the nodes, edges and
options with pandas (:mod:`yjgraph.html.spec`) and renders its own template.
"""

from __future__ import annotations

import html as _html
import importlib.util
import json
import re
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..model import Plan
from .spec import network_spec, ui_text

__all__ = ["NetworkHTML", "network", "write_network", "to_script_json", "vis_assets"]

#: vis-network versions looked for inside pyvis, newest first.
_VIS_VERSIONS = ("vis-9.1.2", "vis-9.0.4")
_HEIGHT = re.compile(r"^\d+(\.\d+)?(px|vh|em|rem)$")
_SCRIPT_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"}
_SOURCEMAP = re.compile(r"^\s*(//[#@]\s*sourceMappingURL=.*|/\*[#@]\s*sourceMappingURL=.*?\*/)\s*$",
                        re.MULTILINE)


def to_script_json(data) -> str:
    """JSON safe to place inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e``, ``\\u0026`` (so no
    ``</script>`` or ``<!--`` can end the element) and U+2028 / U+2029 are
    escaped; the result still parses to the same data.

    Examples
    --------
    >>> to_script_json({"name": "</script><b>&"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    >>> json.loads(to_script_json(["\\u2028"])) == ["\\u2028"]
    True
    """
    return json.dumps(data, ensure_ascii=False, allow_nan=False, default=_jsonable).translate(_SCRIPT_ESCAPES)


def _jsonable(x):
    if hasattr(x, "item"):  # numpy scalar
        return x.item()
    if hasattr(x, "tolist"):
        return x.tolist()
    raise TypeError(f"cannot serialise {type(x).__name__} to JSON")


def _inline(code: str, tag: str) -> str:
    """A script's or a style's text made safe to sit inside its element, without source-map links."""
    code = re.sub(rf"</({tag})", r"<\\/\1", _SOURCEMAP.sub("", code), flags=re.IGNORECASE)
    return code.replace("<!--", "<\\!--") if tag == "script" else code


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's ``(javascript, css)`` as bundled inside the installed pyvis.

    Examples
    --------
    >>> js, css = vis_assets()
    >>> "vis-network" in js[:200] and ".vis-tooltip" in css
    True
    """
    # locate pyvis without importing it (its import pulls in jinja2 and IPython)
    found = importlib.util.find_spec("pyvis")
    if found is None or not found.submodule_search_locations:  # pragma: no cover
        raise ImportError("yjgraph.html needs pyvis for its bundled copy of vis-network: pip install pyvis")
    root = Path(list(found.submodule_search_locations)[0])
    for base in (root / "lib", root / "templates" / "lib"):
        for version in _VIS_VERSIONS:
            js, css = base / version / "vis-network.min.js", base / version / "vis-network.css"
            if js.is_file() and css.is_file():
                return js.read_text(encoding="utf-8"), css.read_text(encoding="utf-8")
    raise FileNotFoundError(f"no vis-network.min.js found inside pyvis at {root}; reinstall pyvis>=0.3.2")


@lru_cache(maxsize=1)
def _own_assets() -> tuple[str, ...]:
    here = resources.files(__package__)
    return tuple((here / name).read_text(encoding="utf-8") for name in ("template.html", "network.js", "network.css"))


def _css_height(height) -> str:
    if isinstance(height, (int, float)) and not isinstance(height, bool):
        return f"{int(height)}px"
    height = str(height).strip()
    if not _HEIGHT.match(height):
        raise ValueError(f"height must be a CSS length in px, vh, em or rem (e.g. '750px'), got {height!r}")
    return height


def render(spec: Mapping, *, height: str = "750px") -> str:
    """The full HTML document of a spec (see :func:`yjgraph.html.network_spec`)."""
    template, app_js, app_css = _own_assets()
    vis_js, vis_css = vis_assets()
    spec = dict(spec)
    lang = spec.get("lang", "zh")
    spec["ui"] = {**ui_text(lang), **dict(spec.get("ui") or {})}  # a spec from before has none
    parts = {
        "lang": "en" if lang == "en" else "zh-CN",
        **{f"ui_{k}": _html.escape(str(v), quote=True) for k, v in spec["ui"].items()},
        "title": _html.escape(str(spec.get("title", "")), quote=True),
        "height": _css_height(height),
        "vis_css": _inline(vis_css, "style"),
        "css": _inline(app_css, "style"),
        "vis_js": _inline(vis_js, "script"),
        "js": _inline(app_js, "script"),
        "spec": to_script_json(spec),
    }
    # one pass, so text inserted for one slot is never searched for another
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], template)


class NetworkHTML:
    """An interactive network: shows itself in Jupyter and saves to one HTML file.

    Parameters
    ----------
    spec : dict
        Nodes, edges, options, legend (see :func:`yjgraph.html.network_spec`).
    height : str or int
        Height of the drawing, a CSS length (``"750px"``, ``"100vh"``) or pixels.

    Attributes
    ----------
    spec : dict
        The plain spec; edit it before reading :attr:`html` to change the page.
    """

    def __init__(self, spec: dict, *, height: str | int = "750px"):
        self.spec = spec
        self.height = _css_height(height)

    @property
    def html(self) -> str:
        """The full, self-contained HTML document."""
        return render(self.spec, height=self.height)

    def save(self, path: str | Path) -> Path:
        """Write the document to ``path`` as UTF-8 (whatever the locale); return the path.

        Only that one file is written: every script and style is inside it.
        """
        path = Path(path)
        if path.parent != Path(""):
            path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(self.html)
        return path

    def _repr_html_(self) -> str:
        doc = _html.escape(self.html, quote=True)
        title = _html.escape(str(self.spec.get("title", "")), quote=True)
        return (f'<iframe srcdoc="{doc}" title="{title}" sandbox="allow-scripts" '
                f'style="width:100%;height:{self.height};border:0;display:block" loading="eager"></iframe>')

    def __repr__(self) -> str:
        return (f"<NetworkHTML {self.spec.get('view')!r}: {len(self.spec.get('nodes', []))} nodes, "
                f"{len(self.spec.get('edges', []))} edges>")


def network(plan: Plan, *, height: str | int = "750px", **spec) -> NetworkHTML:
    """An interactive, offline network of a plan.

    Parameters
    ----------
    plan : Plan
    height : str or int
        CSS height of the drawing (``"750px"``, ``"100vh"``) or pixels.
    **spec
        What the network shows, as in :func:`network_spec`: ``view``
        (``"tasks"``: tasks and units, unit size = load, unit colour =
        community or kind, task colour = chapter, lead edges solid and heavy,
        support edges dashed and light; ``"units"``: the unit
        co-responsibility network, edge width = shared tasks), ``weights``,
        ``communities`` (``False`` colours units by kind), ``options``
        (vis-network options), ``title``, ``lang`` (every word the page
        shows), ``names``, ``chapter_titles`` and ``task_texts``.

    Returns
    -------
    NetworkHTML
        Shows itself in Jupyter (an ``<iframe srcdoc=...>``), ``.html`` is
        the document, ``.save(path)`` writes it.

    Examples
    --------
    >>> plan = yjgraph.Plan.from_assignments([("1", "区发改局", "lead"), ("1", "区财政局", "support")])
    >>> net = yjgraph.html.network(plan, communities=False)
    >>> net
    <NetworkHTML 'tasks': 3 nodes, 2 edges>
    >>> net.html.startswith("<!DOCTYPE html>"), "<script src" in net.html
    (True, False)
    >>> net._repr_html_()[:16]
    '<iframe srcdoc="'
    """
    return NetworkHTML(network_spec(plan, **spec), height=height)


def write_network(plan: Plan, path: str | Path, *, height: str | int = "100vh", **spec) -> Path:
    """Write the interactive network of a plan to one self-contained HTML file.

    Thin wrapper for the command line: :func:`network` then
    :meth:`NetworkHTML.save`. The drawing fills the browser window by default;
    ``spec`` as in :func:`network_spec`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> plan = yjgraph.Plan.from_assignments([("1", "区发改局", "lead")])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = write_network(plan, pathlib.Path(d) / "net.html", view="units")
    ...     sorted(x.name for x in pathlib.Path(d).iterdir()), p.read_bytes()[:15]
    (['net.html'], b'<!DOCTYPE html>')
    """
    return network(plan, height=height, **spec).save(path)
