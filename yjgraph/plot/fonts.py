"""Find a font that draws Chinese, without touching matplotlib's global settings.

The CJK font for unit names such as 区发展改革局 is, in order: the font given
to :func:`set_font` (a file or a family), the ``YJGRAPH_FONT`` environment
variable (same meaning), the first of :data:`KNOWN_CJK_FAMILIES` matplotlib
knows (registering first the system fonts its cache misses, if it knows
none), or any other font with a few test characters. Without one it warns
once (:class:`CJKFontWarning`) and charts use matplotlib's default font.

It is given to each text artist (``[cjk, "DejaVu Sans"]``: glyphs the CJK
font lacks, such as U+2212 MINUS SIGN, come from DejaVu Sans) and set by
:func:`plot_context` while a chart is built or saved: importing yjgraph
never changes ``matplotlib.rcParams``.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager as fm

from ..errors import FontNotFoundError

__all__ = ["CJKFontWarning", "KNOWN_CJK_FAMILIES", "set_font", "find_cjk_font", "font_families",
           "has_glyphs", "plot_context", "apply_font", "cut_font", "use_cut"]

#: Families tried in order; the first one matplotlib can find is used.
KNOWN_CJK_FAMILIES: tuple[str, ...] = (
    # Linux (Debian/Ubuntu fonts-noto-cjk, Fedora google-noto-sans-cjk, Adobe)
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "Noto Sans CJK JP", "Noto Sans CJK TC", "Source Han Sans", "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei", "Droid Sans Fallback", "AR PL UMing CN",
    # Windows
    "Microsoft YaHei", "Microsoft YaHei UI", "SimHei", "DengXian", "SimSun", "Microsoft JhengHei",
    # macOS
    "PingFang SC", "Heiti SC", "Hiragino Sans GB", "STHeiti", "Songti SC", "Arial Unicode MS",
    # last: serif
    "Noto Serif CJK SC", "Source Han Serif SC",
)
# names that suggest a CJK font: tried first among the other fonts
_NAME_HINT = re.compile(r"CJK|Han|Hei|Song|Kai|Ming|YaHei|PingFang|Hiragino|WenQuanYi|SC$|CN$|GB",
                        re.IGNORECASE)
#: Characters a font must have to count as a Chinese font.
PROBE = "区发展改革局牵头配合负荷"
#: Family used for glyphs the CJK font lacks (ships with matplotlib).
FALLBACK_FAMILY = "DejaVu Sans"

INSTALL_HINT = (
    "No font able to draw Chinese characters was found, so Chinese text in charts "
    "will show as empty boxes. Install one (Debian/Ubuntu: `apt-get install fonts-noto-cjk`; "
    "Fedora: `dnf install google-noto-sans-cjk-fonts`; conda: `conda install -c conda-forge "
    "font-ttf-noto-cjk`), or point yjgraph at a font file with "
    "`yjgraph.plot.set_font('/path/to/font.ttf')` or the YJGRAPH_FONT environment variable."
)


class CJKFontWarning(UserWarning):
    """No CJK font was found; charts fall back to matplotlib's default font."""


# user: the family set_font chose and what it was given; found: the search's answer
_state: dict = {"user": None, "given": None, "found": None, "searched": False, "warned": False,
                "cut": None, "cut_dir": None}


def has_glyphs(family_or_path: str, chars: str = PROBE) -> bool:
    """Whether a font has a glyph for every character of ``chars``.

    Parameters
    ----------
    family_or_path : str
        A family name known to matplotlib, or a font file path.
    chars : str
        Characters to look up (default: a few common Chinese characters).

    Examples
    --------
    >>> has_glyphs("DejaVu Sans", "abc")
    True
    >>> has_glyphs("DejaVu Sans", "区")
    False
    """
    if os.path.exists(family_or_path):
        faces = [(family_or_path, 0)]
    else:
        faces = [(f.fname, int(getattr(f, "index", 0) or 0))
                 for f in fm.fontManager.ttflist if f.name == family_or_path]
    for path, index in faces:
        try:
            try:
                font = mpl.ft2font.FT2Font(path, face_index=index)
            except TypeError:  # matplotlib < 3.10 has no face_index
                font = mpl.ft2font.FT2Font(path)
        except (OSError, RuntimeError, ValueError):
            continue
        if all(font.get_char_index(ord(c)) for c in chars):
            return True
    return False


def _findable(family: str) -> bool:
    """Whether matplotlib knows ``family`` and finds its file."""
    try:
        return any(f.name == family for f in fm.fontManager.ttflist) and bool(
            fm.findfont(fm.FontProperties(family=family), fallback_to_default=False))
    except ValueError:
        return False


def _search() -> str | None:
    env = os.environ.get("YJGRAPH_FONT")
    if env:
        try:
            return _resolve(env)
        except FontNotFoundError as exc:
            warnings.warn(f"YJGRAPH_FONT ignored: {exc}", CJKFontWarning, stacklevel=3)
    cached = {f.fname for f in fm.fontManager.ttflist}
    if not any(map(_findable, KNOWN_CJK_FAMILIES)):  # fonts installed after matplotlib's cache
        for path in set(fm.findSystemFonts()) - cached:
            with suppress(OSError, RuntimeError, ValueError):
                fm.fontManager.addfont(path)
    known = next(filter(_findable, KNOWN_CJK_FAMILIES), None)
    if known:
        return known
    # else a font with a CJK-like name, or one just added, that draws the probe characters
    names = sorted({f.name for f in fm.fontManager.ttflist
                    if _NAME_HINT.search(f.name) or f.fname not in cached},
                   key=lambda name: (not _NAME_HINT.search(name), name))
    return next(filter(has_glyphs, names), None)


def _resolve(path_or_family: str | os.PathLike) -> str:
    text = os.fspath(path_or_family)
    if os.path.isfile(text):
        path = os.path.realpath(text)
        try:
            if not any(os.path.realpath(f.fname) == path for f in fm.fontManager.ttflist):
                fm.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError) as exc:
            raise FontNotFoundError(f"cannot read font file {text!r}: {exc}") from exc
        names = list(dict.fromkeys(f.name for f in fm.fontManager.ttflist
                                   if os.path.realpath(f.fname) == path))
        if not names:
            raise FontNotFoundError(f"no usable font face in {text!r}")
        # among the faces of one file, prefer simplified Chinese
        prefs = (" SC", " CN", "GB", " HK", " TC", " JP")
        return min(names, key=lambda n: next((i for i, p in enumerate(prefs) if p in n), 9))
    if any(sep in text for sep in ("/", "\\")) or Path(text).suffix.lower() in (
        ".ttf", ".otf", ".ttc", ".otc"
    ):
        raise FontNotFoundError(f"font file {text!r} does not exist")
    if _findable(text):
        return text
    raise FontNotFoundError(
        f"font family {text!r} is not known to matplotlib; give a font file path, "
        "or one of the installed families (see matplotlib.font_manager.fontManager.ttflist)"
    )


def set_font(path_or_family: str | os.PathLike | None) -> str | None:
    """Choose the font used for Chinese text in every chart.

    Parameters
    ----------
    path_or_family : str, path-like or None
        A font file (``.ttf``, ``.otf``, ``.ttc``), which is registered with
        matplotlib's font manager, or the name of an installed family.
        ``None`` goes back to automatic detection.

    Returns
    -------
    str or None
        The family name that will be used.

    Raises
    ------
    yjgraph.errors.FontNotFoundError
        If the file does not exist or cannot be read, or the family is unknown.

    Examples
    --------
    >>> from yjgraph.plot import set_font
    >>> set_font("No Such Font Family")
    Traceback (most recent call last):
    ...
    yjgraph.errors.FontNotFoundError: font family 'No Such Font Family' is not known ...
    >>> set_font(None)  # back to automatic detection
    """
    family = None if path_or_family is None else _resolve(path_or_family)
    if family is not None and not has_glyphs(family):
        warnings.warn(f"font {family!r} has no glyphs for Chinese characters such as "
                      f"{PROBE[:3]!r}; Chinese text will not render", CJKFontWarning, stacklevel=2)
    given = None if path_or_family is None else os.fspath(path_or_family)
    _state.update(user=family, given=given)
    return family


def find_cjk_font(*, refresh: bool = False, warn: bool = True) -> str | None:
    """The family name of the font used for Chinese text, or ``None``.

    Parameters
    ----------
    refresh : bool
        Search again instead of using the cached answer.
    warn : bool
        Warn (once per session) when no font is found.

    Examples
    --------
    >>> name = find_cjk_font()
    >>> name is None or isinstance(name, str)
    True
    """
    if _state["user"]:
        return _state["user"]
    if refresh or not _state["searched"]:
        _state.update(found=_search(), searched=True)
    if _state["found"] is None and warn and not _state["warned"]:
        _state["warned"] = True
        warnings.warn(INSTALL_HINT, CJKFontWarning, stacklevel=2)
    return _state["found"]


def font_families() -> list[str]:
    """Family list to give text artists: the CJK font, then DejaVu Sans.

    matplotlib takes each glyph from the first family in the list that has
    it, so Latin text and signs missing from the CJK font still render.

    Examples
    --------
    >>> font_families()[-1]
    'DejaVu Sans'
    """
    cjk = find_cjk_font()
    families = [cjk, FALLBACK_FAMILY] if cjk and cjk != FALLBACK_FAMILY else [FALLBACK_FAMILY]
    return [_state["cut"][0], *families] if _state["cut"] else families


# ASCII and Chinese punctuation: in every cut (labels are composed with them)
_ALWAYS = "".join(map(chr, range(0x20, 0x7F))) + "、，。：；！？（）《》〈〉【】“”‘’—…·％～"

#: A cut font: its family name and its files (one per weight).
Cut = tuple[str, tuple[str, ...]]


@contextmanager
def cut_font(chars: Iterable[str]) -> Iterator[Cut | None]:
    """Draw charts with a copy of the CJK font cut to ``chars``.

    Subsetting a CJK font of 65,000 glyphs for each PDF is most of the cost
    of saving a chart as PDF. Inside this context :func:`font_families`
    starts with a copy of the font (normal and bold) holding only ``chars``;
    a character missing from it comes from the whole font (matplotlib's font
    fallback). The copy is named after its characters (the same ``chars``
    give the same files) and kept in a temporary folder for the session. A
    font fontTools cannot cut is used whole, with a :class:`CJKFontWarning`.

    Parameters
    ----------
    chars : iterable of str
        Texts whose characters the charts will show.

    Yields
    ------
    tuple or None
        ``(family, files)`` of the copy (give it to worker processes with
        :func:`use_cut`), or ``None`` without a CJK font.

    Examples
    --------
    >>> with cut_font(["区发展改革局"]) as cut:
    ...     cut is None or font_families()[0] == cut[0]
    True
    """
    family = find_cjk_font(warn=False)
    faces = sorted({(str(path), int(getattr(path, "face_index", 0) or 0)) for path in (
        fm.findfont(fm.FontProperties(family=family, weight=weight), fallback_to_default=False)
        for weight in ("normal", "bold"))}) if family else []
    text = "".join(sorted(set("".join(chars)) | set(_ALWAYS)))
    digest = hashlib.sha1(repr((faces, text)).encode()).hexdigest()[:10]
    if _state["cut_dir"] is None:  # removed when the session ends
        _state["cut_dir"] = tempfile.TemporaryDirectory(prefix="yjgraph-fonts-")
    name = f"{family} yjgraph {digest}"
    outs = [os.path.join(_state["cut_dir"].name, f"{digest}-{i}.otf") for i in range(len(faces))]
    try:
        for (path, index), out in zip(faces, outs, strict=True):
            if not os.path.exists(out):
                _cut(path, index, text, name, out)
    except Exception as exc:  # a font fontTools cannot cut: draw with the whole font (only slower)
        warnings.warn(f"font {family!r} could not be cut ({exc}); PDFs embed the whole font",
                      CJKFontWarning, stacklevel=3)
        faces = []
    previous = _state["cut"]
    use_cut((name, tuple(outs)) if faces else None)
    try:
        yield _state["cut"]
    finally:
        _state["cut"] = previous


def use_cut(cut: Cut | None) -> None:
    """Make :func:`font_families` start with a cut font (``None``: stop).

    Its files are registered with matplotlib's font manager if they are not
    yet (a worker process given the cut of :func:`cut_font`).
    """
    known = {f.fname for f in fm.fontManager.ttflist}
    for path in cut[1] if cut else ():
        if path not in known:
            fm.fontManager.addfont(path)
    _state["cut"] = cut


def _cut(path: str, index: int, text: str, family: str, out: str) -> None:
    """Write the face ``index`` of ``path``, cut to ``text`` and renamed ``family``, to ``out``."""
    from fontTools import subset

    options = subset.Options(layout_features=[], name_IDs=["*"], name_languages=["*"],
                             notdef_outline=True, font_number=index)
    font = subset.load_font(path, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    style = font["name"].getDebugName(2) or "Regular"
    postscript = re.sub(r"[^A-Za-z0-9]", "", family)[:50] + "-" + re.sub(r"[^A-Za-z0-9]", "", style)
    names = {1: family, 16: family, 4: f"{family} {style}", 6: postscript}
    for record in font["name"].names:
        if record.nameID in names:
            record.string = names[record.nameID]
    font.save(f"{out}.part")
    os.replace(f"{out}.part", out)  # a file that exists is whole


#: The report style (small text that suits a 6.3 in wide figure) that :func:`plot_context` sets.
_RC: dict = {
    "axes.unicode_minus": False,  # CJK fonts often lack U+2212
    "axes.titlesize": 10, "axes.titlelocation": "left", "axes.labelsize": 9,
    "xtick.labelsize": 8, "ytick.labelsize": 8, "legend.fontsize": 8,
    "pdf.fonttype": 42,  # TrueType subsets: PDF checks reject Type 3; Chinese stays searchable
    "svg.fonttype": "path",  # the SVG looks the same on machines without the font
}


@contextmanager
def plot_context(extra: dict | None = None):
    """An ``rc_context`` with the CJK font and report settings.

    Used by every chart while it is built and by
    :func:`yjgraph.plot.save_figure` while saving; outside it
    ``matplotlib.rcParams`` are untouched.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> before = mpl.rcParams["axes.unicode_minus"]
    >>> with plot_context():
    ...     mpl.rcParams["axes.unicode_minus"]
    False
    >>> mpl.rcParams["axes.unicode_minus"] == before
    True
    """
    with mpl.rc_context({"font.family": font_families(), **_RC, **(extra or {})}):
        yield


def apply_font(target, *, only_missing: bool = False) -> None:
    """Give every text artist of an Axes or Figure the CJK family list.

    Text created outside :func:`plot_context` (for instance the tick labels
    of an Axes the caller made) would otherwise keep the default font, which
    has no Chinese glyphs. The weight, size and style of each text are kept.

    Parameters
    ----------
    target : matplotlib.axes.Axes or matplotlib.figure.Figure
    only_missing : bool
        Only change texts that contain non-ASCII characters and whose family
        list does not already include the CJK font (keeps fonts chosen on
        purpose for Latin text).
    """
    from matplotlib.text import Text

    families = font_families()
    for t in target.findobj(Text):  # tick labels included (an Axis's children are its ticks)
        if only_missing and (t.get_text().isascii() or families[0] in t.get_fontfamily()):
            continue
        t.set_fontfamily(families)
