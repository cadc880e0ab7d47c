"""Griffe extension: turn Sphinx roles in numpydoc docstrings into mkdocs-autorefs links.

yjgraph's docstrings are numpydoc, written for ``pytest --doctest-modules``
and ``help()``; they use Sphinx roles such as :func:`yjgraph.read_plan`.
mkdocstrings renders docstrings as Markdown, where a role would show as
literal text. This extension rewrites each role into an *optional* autorefs
link: a link when the target is documented on the site, plain code when it
is not (so ``mkdocs build --strict`` never fails on a reference to a private
helper or to another project). It first fills the shared parameter
descriptions (``{{name}}`` lines, see ``yjgraph._docstrings``), which griffe,
reading the source, would otherwise show as written.
"""

from __future__ import annotations

import re

import griffe

from yjgraph._docstrings import fill

_ROLE = re.compile(
    r":(?:py:)?(?P<role>func|class|meth|attr|data|mod|exc|obj):`(?P<tilde>~?)(?P<target>[^`<>]+?)`"
)

# functions that share their name with the module defining them: ``yjgraph.analysis.workload``
# is the module to griffe but the function to Python (the package re-exports it)
_SAME_NAME = {
    "yjgraph.analysis.workload": "yjgraph.analysis.workload.workload",
    "yjgraph.analysis.centrality": "yjgraph.analysis.centrality.centrality",
    "yjgraph.analysis.checks": "yjgraph.analysis.checks.checks",
}


class SphinxRoles(griffe.Extension):
    """Rewrite ``:func:`x``` (and the other Python roles) in every docstring."""

    def _fix(self, obj) -> None:
        doc = obj.docstring
        if doc is None:
            return
        doc.value = fill(doc.value)
        if ":" not in doc.value:
            return
        module = obj.module.path if hasattr(obj, "module") else ""
        parent = obj.parent.path if obj.parent is not None else module

        def repl(m: re.Match) -> str:
            target = m.group("target").strip()
            title = target.rsplit(".", 1)[-1] if m.group("tilde") else target
            if "." in target:
                ident = _SAME_NAME.get(target, target) if m.group("role") == "func" else target
            else:
                # a bare name: most likely a sibling in the same module or class
                ident = f"{parent}.{target}" if parent else target
            return f'<autoref identifier="{ident}" optional><code>{title}</code></autoref>'

        doc.value = _ROLE.sub(repl, doc.value)

    def on_object(self, *, obj, **kwargs) -> None:  # griffe >= 1.0
        self._fix(obj)
