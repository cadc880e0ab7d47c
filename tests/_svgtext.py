"""The characters an SVG written by matplotlib shows, for tests that an English chart has no Chinese.

With ``svg.fonttype="path"`` (yjgraph's setting) matplotlib draws every glyph
as a path and the characters survive in two places: an XML comment with each
text as written (``<!-- Source: ... -->``), and the ids of the glyph paths,
``<font's PostScript name>-<glyph index in hex>``, which the font's character
map turns back into characters. With ``svg.fonttype="none"`` the text is in
``<text>`` elements. :func:`svg_cjk` reads all three.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import unquote

from matplotlib.ft2font import FT2Font

from yjgraph._lang import CJK

__all__ = ["svg_cjk", "glyph_chars"]

_GLYPH = re.compile(r'<path\s+id="([^"]+)-([0-9a-f]+)"')


@cache
def _fonts() -> dict[str, str]:
    """PostScript name -> font file and face, for every font matplotlib knows."""
    from matplotlib import font_manager as fm

    out: dict[str, tuple[str, int]] = {}
    for entry in fm.fontManager.ttflist:
        index = getattr(entry, "index", 0)  # the face of a .ttc collection
        try:
            font = FT2Font(entry.fname, face_index=index)
        except (OSError, RuntimeError, TypeError):
            continue
        out.setdefault(font.postscript_name, (entry.fname, index))
    return out


@cache
def _inverse_cmap(postscript_name: str) -> dict[int, str] | None:
    """Glyph index -> the characters the font maps to it."""
    found = _fonts().get(postscript_name)
    if found is None:
        return None
    out: dict[int, str] = {}
    for code, glyph in FT2Font(found[0], face_index=found[1]).get_charmap().items():
        out[glyph] = out.get(glyph, "") + chr(code)
    return out


def glyph_chars(svg: str) -> str:
    """The characters of the glyphs an SVG defines as paths (a glyph of an unknown font raises)."""
    chars = []
    for name, index in _GLYPH.findall(svg):
        cmap = _inverse_cmap(unquote(name))
        if cmap is None:
            raise LookupError(f"glyph {name}-{index}: no font with that PostScript name")
        chars.append(cmap.get(int(index, 16), ""))
    return "".join(chars)


def svg_cjk(svg: str) -> dict[str, list[str]]:
    """CJK characters in an SVG's comments, ``<text>`` elements, glyphs and anywhere else.

    An empty dict means none were found.
    """
    where = {
        "comments": " ".join(re.findall(r"<!--(.*?)-->", svg, re.S)),
        "text": " ".join(re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)),
        "glyphs": glyph_chars(svg),
        "file": svg,
    }
    return {k: CJK.findall(v) for k, v in where.items() if CJK.search(v)}
