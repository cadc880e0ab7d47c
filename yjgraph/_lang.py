"""Display names in one language: units, chapters and tasks for ``lang="zh"`` or ``"en"``.

Charts, the interactive network and the three-line tables show a plan in
the language asked for. In English, unit names come from
:func:`yjgraph.english.english_names` (never Chinese), a chapter is
``Chapter 2`` (or the English title a user gives) and a task is its number:
the plan's Chinese texts stay out of English outputs unless a user asks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

import pandas as pd

__all__ = ["CJK", "check_lang", "ascii_punctuation", "unit_labels", "chapter_number", "chapter_label_en",
           "task_label", "short_forms", "number", "GINI_DIGITS"]

#: CJK ideographs and CJK punctuation/full-width forms: what must not appear in English text.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100}


def check_lang(lang: str) -> str:
    """``lang`` if it is ``"zh"`` or ``"en"``, else a ValueError."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    return lang


_PUNCT = str.maketrans({"、": ", ", "，": ", ", "；": "; ", "：": ": ", "（": " (", "）": ")",
                        "《": '"', "》": '"', "“": '"', "”": '"', "。": ". ", "　": " "})


#: Decimals of the Gini coefficient wherever it is written: chart legend, report, key findings.
GINI_DIGITS = 2


def number(x: float, digits: int | None = None) -> str:
    """A number as a sentence or a table shows it: rounded, no trailing zeros.

    ``digits=None`` keeps 1 decimal from 10 up, 2 from 1 up, else 3.

    Examples
    --------
    >>> number(28.0), number(0.537, GINI_DIGITS), number(3.14159), number(0.25, 3), number(10, 0)
    ('28', '0.54', '3.14', '0.25', '10')
    """
    x = float(x)
    if digits is None:
        digits = 1 if abs(x) >= 10 else 2 if abs(x) >= 1 else 3
    return f"{x:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{x:.0f}"


def ascii_punctuation(text: str) -> str:
    """Chinese punctuation as its English form; any other CJK character dropped.

    Examples
    --------
    >>> ascii_punctuation("Haerbin、heihe")
    'Haerbin, heihe'
    """
    out = CJK.sub("", str(text).translate(_PUNCT))
    return re.sub(r"\s+", " ", re.sub(r"\(\s+", "(", out)).strip()


@lru_cache(maxsize=65536)
def _english(name: str) -> str:
    from .english import english_name

    return ascii_punctuation(english_name(name)[0])  # a pinyin name may keep a 、


def unit_labels(units: Iterable, lang: str = "zh", names=None) -> dict[str, str]:
    """``{unit: label}``: the name itself in Chinese, the English name in English.

    ``names`` overrides: a mapping ``{unit: label}`` or a DataFrame with
    ``unit`` and ``english`` columns (as :func:`yjgraph.english.english_names`
    returns).

    Examples
    --------
    >>> unit_labels(["区发改局", "各街道"], "en")
    {'区发改局': 'District Development and Reform Bureau', '各街道': 'all subdistricts'}
    >>> unit_labels(["区发改局"], "zh")
    {'区发改局': '区发改局'}
    """
    check_lang(lang)
    if isinstance(names, pd.DataFrame):
        names = dict(zip(names["unit"].astype(str), names["english"].astype(str), strict=True))
    names = dict(names or {})
    out = {}
    for u in units:
        u = str(u)
        if u in names:
            out[u] = str(names[u])
        else:
            out[u] = _english(u) if lang == "en" else u
    return out


def chapter_number(no) -> int | None:
    """A chapter number as an integer: ``"三"`` -> 3, ``"十二"`` -> 12, ``"4"`` -> 4; else None.

    Examples
    --------
    >>> [chapter_number(x) for x in ("一", "十", "十二", "二十三", "（四）", "7", "甲")]
    [1, 10, 12, 23, 4, 7, None]
    """
    if no is None or (not isinstance(no, str) and pd.isna(no)):
        return None
    s = re.sub(r"[()（）、.．第章部分\s]", "", str(no))
    if s.isdigit():
        return int(s)
    if not s or any(c not in _DIGITS and c not in _UNITS for c in s):
        return None
    total, digit = 0, None
    for c in s:
        if c in _DIGITS:
            digit = _DIGITS[c]
        else:
            total += (digit if digit is not None else 1) * _UNITS[c]
            digit = None
    return total + (digit or 0)


def chapter_label_en(no, title=None, position: int | None = None,
                     titles: Mapping[str, str] | None = None) -> str:
    """An English chapter label: ``Chapter 3`` or ``Chapter 3. <English title>``.

    ``titles`` maps a chapter's number or Chinese title to an English title.
    A chapter without a readable number is numbered by its ``position`` (1 first).

    Examples
    --------
    >>> chapter_label_en("三", "加强组织保障")
    'Chapter 3'
    >>> chapter_label_en("三", "加强组织保障", titles={"加强组织保障": "Organisation"})
    'Chapter 3. Organisation'
    """
    n = chapter_number(no)
    if n is None and no is not None and not pd.isna(no) and not CJK.search(str(no)) and str(no):
        head = f"Chapter {no}"
    elif n is not None:
        head = f"Chapter {n}"
    elif position is not None:
        head = f"Chapter {position}"
    else:
        head = "Chapter"
    titles = titles or {}
    english = None
    for key in (no, title):
        if key is not None and not (not isinstance(key, str) and pd.isna(key)):
            english = titles.get(str(key), english) if english is None else english
    return f"{head}. {english}" if english else head


def task_label(number, task_id) -> str:
    """A task's label without Chinese: its number, else its id (``"T" + digits`` kept as is).

    Examples
    --------
    >>> task_label("12", "12"), task_label("（三）", "3")
    ('12', '3')
    """
    for x in (number, task_id):
        if x is None or (not isinstance(x, str) and pd.isna(x)):
            continue
        s = str(x)
        if s and not CJK.search(s):
            return s
    # a Chinese numbering such as "（三）" or "一": its value, else the id's ASCII characters
    n = chapter_number(number)
    if n is not None:
        return str(n)
    return re.sub(r"[^\x20-\x7e]", "", str(task_id)) or "?"


def short_forms(name: str) -> list[str]:
    """Other ways a plan writes a unit: without its jurisdiction, abbreviated, expanded.

    Examples
    --------
    >>> "发改局" in short_forms("区发展改革局") and "区发改局" in short_forms("区发展改革局")
    True
    """
    from .parse.units import _PREFIX, ABBREVIATIONS, canonical_key

    m = _PREFIX.match(name)
    prefix = m.group(0) if m else ""
    key = canonical_key(name)
    bodies = {key, name[len(prefix):]}
    for short, full in ABBREVIATIONS:
        if short == full:
            continue
        for body in list(bodies):
            if full in body:
                bodies.add(body.replace(full, short))
    out = []
    for body in sorted(bodies):
        for form in (body, prefix + body):
            if form and form != name and form not in out:
                out.append(form)
    return out
