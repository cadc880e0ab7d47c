"""Exceptions raised by yjgraph.

All of them derive from :class:`YjgraphError`, so ``except YjgraphError``
catches anything the library raises on purpose.
"""

from __future__ import annotations

__all__ = ["YjgraphError", "PlanParseError", "UnsupportedFormatError", "FontNotFoundError"]


class YjgraphError(Exception):
    """Base class of every error yjgraph raises on purpose."""


class UnsupportedFormatError(YjgraphError, ValueError):
    """The source is of a format the reader does not understand."""


class FontNotFoundError(YjgraphError, RuntimeError):
    """No font able to draw Chinese characters was found."""


class PlanParseError(YjgraphError, ValueError):
    """A plan could not be read without errors (raised with ``strict=True``).

    Parameters
    ----------
    findings : pandas.DataFrame
        The error rows of the findings table: one row per failing line.
    source : str
        Name of the source that was read.
    """

    def __init__(self, findings, source: str = "<text>"):
        self.findings = findings
        self.source = source
        lines = [
            f"  line {row.line}: {row.kind}: {row.message}"
            for row in findings.itertuples(index=False)
        ]
        super().__init__(
            f"{source}: {len(findings)} error(s) while reading the plan:\n" + "\n".join(lines)
        )
