"""Exceptions raised by yjgraph.

All of them derive from :class:`YjgraphError`, so ``except YjgraphError``
catches anything the library raises on purpose.
"""

from __future__ import annotations

__all__ = [
    "YjgraphError",
    "PlanParseError",
    "UnsupportedFormatError",
    "FontNotFoundError",
    "UnreadableSourceError",
    "SourceTooLargeError",
    "UnsafeSourceError",
    "DamagedFileError",
    "NoTextLayerError",
]


class YjgraphError(Exception):
    """Base class of every error yjgraph raises on purpose."""


class UnreadableSourceError(YjgraphError, ValueError):
    """A source that cannot be read at all: the message is one line naming the file
    and what to do about it.

    The subclasses say why; a corpus reader lists them as failures and goes on.
    """


class UnsupportedFormatError(UnreadableSourceError):
    """The source is of a format the reader does not understand (or not a file)."""


class SourceTooLargeError(UnreadableSourceError):
    """A source past one of the reader's size limits: a file too large, a ZIP
    member that unpacks too far (a "zip bomb"), a sheet or table too large.

    The limits are in :mod:`yjgraph.parse.formats` (``MAX_FILE_BYTES`` ...).
    """


class UnsafeSourceError(UnreadableSourceError):
    """A Word or Excel file whose XML declares a DTD or entities (external entities,
    "billion laughs"); yjgraph never resolves them and refuses the file."""


class DamagedFileError(UnsupportedFormatError):
    """A file whose container or XML is broken (a truncated download ...)."""


class NoTextLayerError(UnreadableSourceError):
    """A PDF without a text layer (a scan): it needs OCR before it can be read."""


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
