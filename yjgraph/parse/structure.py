"""Numbering of the genre: chapters, sections, tasks and sub-items."""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Heading", "match_heading", "cn_to_int"]

CN_DIGITS = "零〇一二三四五六七八九十百千两"
_CHAPTER = re.compile(rf"^([{CN_DIGITS}]{{1,7}})\s*[、.]\s*(.*)$")
_SECTION = re.compile(rf"^\(\s*([{CN_DIGITS}]{{1,7}})\s*\)\s*[、.]?\s*(.*)$")
_SUBITEM = re.compile(r"^(?:\(\s*(\d{1,3})\s*\)|([①-⑳㉑-㉟])|([⑴-⒇]))\s*[、.]?\s*(.*)$")
_TASK = re.compile(r"^(\d{1,6})(?:\s*([.、]|\s)\s*)?(.*)$")
# a character right after a bare number that shows the number is a quantity, not a task number
_QUANTITY = set("年月日号万亿千百个项条家所名人次倍天元米吨户座批届周季度时分秒期%‰公亩kKmMgGwWxX:/-~—至余多")

_TENS = {"十": 10, "百": 100, "千": 1000}
_CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_to_int(s: str) -> int | None:
    """Value of a Chinese numeral up to 9999.

    Examples
    --------
    >>> [cn_to_int(x) for x in ["一", "十", "十二", "二十", "三十三", "一百零五", "一千二百零一"]]
    [1, 10, 12, 20, 33, 105, 1201]
    """
    if not s:
        return None
    total, num = 0, 0
    for ch in s:
        if ch in _CN:
            num = _CN[ch]
        elif ch in _TENS:
            total += (num or 1) * _TENS[ch]
            num = 0
        else:
            return None
    return total + num


class Heading(NamedTuple):
    """A numbered line: its level, number as printed, value and the rest of the line."""

    level: str  # "chapter", "section", "task", "subitem"
    number: str
    value: int | None
    rest: str
    weak: bool = False  # a number that may be a quantity (61多元化, 30多家, 1.5亿元): a task only in sequence


def match_heading(line: str) -> Heading | None:
    """Recognise a numbered line.

    Examples
    --------
    >>> match_heading("一、优化都市圈发展布局")
    Heading(level='chapter', number='一', value=1, rest='优化都市圈发展布局', weak=False)
    >>> match_heading("(三十三)统筹推进实施").value
    33
    >>> match_heading("31强化区域产业政策对接").number
    '31'
    >>> match_heading("2025年底前完成").weak, match_heading("1.5亿元").weak
    (True, True)
    >>> match_heading("①建立机制").level
    'subitem'
    """
    if not line:
        return None
    ch = line[0]
    if "0" <= ch <= "9":
        m = _TASK.match(line)
        if not m:
            return None
        number, sep, rest = m.group(1), m.group(2), m.group(3)
        if sep is None:
            # a bare number: only a task number when followed by text that is not a quantity
            if not rest or rest[0].isascii() and rest[0].isalnum() or rest[0] in ".%:/-~":
                return None
            if rest[0] in _QUANTITY:
                return Heading("task", number, int(number), rest.strip(), weak=True)
        elif sep == "." and rest[:1].isdigit():
            # 1.5亿元 is a quantity; 11.121人才梯队项目 is task 11 when task 10 came before
            return Heading("task", number, int(number), rest.strip(), weak=True)
        return Heading("task", number, int(number), rest.strip())
    if ch in CN_DIGITS:
        m = _CHAPTER.match(line)
        if m:
            return Heading("chapter", m.group(1), cn_to_int(m.group(1)), m.group(2).strip())
        return None
    if ch == "(":
        m = _SECTION.match(line)
        if m:
            return Heading("section", m.group(1), cn_to_int(m.group(1)), m.group(2).strip())
    m = _SUBITEM.match(line)
    if m:
        if m.group(1):
            num, val = m.group(1), int(m.group(1))
        elif m.group(2):
            c = m.group(2)
            val = ord(c) - 0x2460 + 1 if c <= "⑳" else ord(c) - 0x3251 + 21
            num = c
        else:
            num, val = m.group(3), ord(m.group(3)) - 0x2474 + 1
        return Heading("subitem", num, val, m.group(4).strip())
    return None
