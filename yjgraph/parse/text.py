"""From bytes to clean lines: encodings, HTML pages, punctuation, Traditional characters."""

from __future__ import annotations

import codecs
import re

__all__ = ["decode", "html_to_text", "normalize_line", "to_simplified", "looks_like_html"]

# Full-width ASCII (！ to ～) to ASCII; the ideographic space and other blanks to a space;
# control junk of a text file dropped (\t\n\r kept, \t made a space).
_WIDTH: dict[int, int | None] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WIDTH.update({c: None for c in [*range(0x20), 0x7F] if c not in (9, 10, 13)})
_WIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20,
               0x200B: None, 0xFEFF: None, 0x2028: 0x20, 0x2029: 0x20, 0x0009: 0x20})
# As a list over the Basic Multilingual Plane: str.translate then raises no KeyError for each
# character it keeps (3x faster on Chinese text)
_WIDTH_BMP = [_WIDTH.get(c, c) for c in range(0x10000)]
# The characters that translation changes: most lines have none (a plan in ASCII punctuation)
# and finding that is much cheaper than translating them
_WIDE = re.compile("[" + re.escape("".join(chr(c) for c, v in _WIDTH.items() if v != c)) + "]")
_SPACES = re.compile(r" {2,}")


def decode(data: bytes) -> tuple[str, str, float]:
    """Decode a file's bytes.

    Tries, in order: a byte-order mark (UTF-8, UTF-16, UTF-32), strict UTF-8,
    UTF-16 without a BOM (many NUL bytes in alternate positions), strict
    GB18030 (a superset of GBK and GB2312) unless what it gives looks like
    Big5 read as GBK (kana, Greek, Cyrillic, box drawing), strict Big5-HKSCS,
    then charset-normalizer's guess;
    the last resort is UTF-8 with replacement characters.

    Returns
    -------
    text : str
    encoding : str
        The encoding used.
    junk : float
        Share of characters that were undecodable or control bytes; a value
        above a few percent means the file is not text.

    Examples
    --------
    >>> decode("牵头单位".encode("gbk"))[:2]
    ('牵头单位', 'gb18030')
    >>> decode("牽頭單位:區發展改革局、區財政局".encode("big5"))[:2]
    ('牽頭單位:區發展改革局、區財政局', 'big5hkscs')
    >>> decode(codecs.BOM_UTF8 + "责任单位".encode("utf-8"))[:2]
    ('责任单位', 'utf-8-sig')
    """
    if not data:
        return "", "utf-8", 0.0
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            text = data.decode(enc, errors="replace")
            return text, enc, _junk(text)
    candidates = ["utf-8"]
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(0) > len(sample) // 4:
        odd_zero = sample[1::2].count(0) > sample[0::2].count(0)
        candidates.insert(0, "utf-16-le" if odd_zero else "utf-16-be")
    candidates += ["gb18030", "big5hkscs"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "gb18030" and _looks_misread(text):
            try:  # Big5 bytes read as GBK give kana, Greek and box drawing, not Chinese
                return data.decode("big5hkscs"), "big5hkscs", 0.0
            except UnicodeDecodeError:
                pass
        return text, enc, _junk(text)
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
    except Exception:  # pragma: no cover - the detector is best effort
        best = None
    enc = best.encoding if best is not None else "utf-8"
    text = data.decode(enc, errors="replace")
    return text, enc, _junk(text)


_MISREAD = re.compile("[\u0370-\u03ff\u0400-\u04ff\u2500-\u257f\u3040-\u30ff]")


def _looks_misread(text: str) -> bool:
    """Whether a GBK reading is mostly symbols of the GBK rows that Big5's Chinese falls in."""
    sample = text[:20_000]
    wide = sum(1 for ch in sample if ord(ch) > 0x2000)
    return wide > 0 and len(_MISREAD.findall(sample)) > 0.05 * wide


def _junk(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:200_000]
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r"))
    return bad / len(sample)


def looks_like_html(text: str) -> bool:
    """Whether a text is an HTML page rather than plain text."""
    head = text[:2000].lower()
    return bool(re.search(r"<(!doctype html|html|body|div|p|table|head)\b", head))


#: HTML elements that have no end tag.
VOID = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source",
        "param", "embed"}


def hidden(attrs) -> bool:
    """Whether an element's attributes hide it (``display:none``, ``visibility:hidden``,
    ``hidden``, ``aria-hidden="true"``)."""
    attrs = dict(attrs)
    if "hidden" in attrs or str(attrs.get("aria-hidden") or "").lower() == "true":
        return True
    style = str(attrs.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def html_to_text(page: str) -> str:
    """The visible text of an HTML page, one block element per line.

    Scripts, styles, the ``<head>`` and hidden elements (``display:none``,
    ``visibility:hidden``, ``hidden``) are dropped; table cells go on lines
    of their own.

    Examples
    --------
    >>> html_to_text("<html><body><p>1.任务。</p><script>x()</script><p>责任单位:区发改局</p></body></html>")
    '1.任务。\\n责任单位:区发改局'
    >>> html_to_text("<p>1.任务。</p><div style='display: none'><p>2.隐藏。</p></div><p>3.任务。</p>")
    '1.任务。\\n3.任务。'
    """
    from .formats import page_text  # the one HTML parser, which also reads the tables

    return page_text(page)


_T2S = None


def to_simplified(text: str) -> tuple[str, bool]:
    """Convert Traditional characters to Simplified when the text is Traditional.

    The text counts as Traditional when converting a sample changes at least
    1% of its characters (a Simplified text is left exactly as it is).

    Examples
    --------
    >>> to_simplified("牽頭單位:區發展改革局")
    ('牵头单位:区发展改革局', True)
    >>> to_simplified("牵头单位:区发展改革局")
    ('牵头单位:区发展改革局', False)
    """
    global _T2S
    if not text:
        return text, False
    if _T2S is None:
        import opencc

        _T2S = opencc.OpenCC("t2s")
    sample = text[:100_000]
    converted = _T2S.convert(sample)
    changed = sum(1 for a, b in zip(sample, converted) if a != b)
    han = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff") or 1
    if changed / han < 0.01:
        return text, False
    return (converted if len(text) == len(sample) else _T2S.convert(text)), True


def normalize_line(line: str) -> str:
    """Full-width ASCII to ASCII, blanks to single spaces, ends stripped.

    Circled numbers (①) and the Chinese enumeration comma (、) are kept.

    Examples
    --------
    >>> normalize_line("\\u3000\\u3000责任单位：区发改局，区财政局（牵头）")
    '责任单位:区发改局,区财政局(牵头)'
    """
    if _WIDE.search(line):
        line = line.translate(_WIDTH_BMP)
    if "  " in line:
        line = _SPACES.sub(" ", line)
    return line.strip().lstrip("?\ufffd").lstrip()  # ?? where a copy lost its indent characters
