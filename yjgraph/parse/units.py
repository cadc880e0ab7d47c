"""Unit names: splitting lists, catch-all groups, aliases.

A unit list such as ``区发改局、各县(市、区)人民政府,区财政局等部门`` is split
on the genre's separators outside brackets; ``等``-suffixes are removed and
remembered; catch-all assignees (各街道, 区直各部门 ...) are kept and flagged;
spellings of one unit are merged into a canonical name, every merge recorded.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

__all__ = [
    "split_units",
    "is_group_name",
    "canonical_key",
    "resolve_aliases",
    "ABBREVIATIONS",
    "UNIT_END",
    "PERSON_TITLE",
    "top_level_index",
]

#: Chinese characters (a regex class body).
HAN = "\u4e00-\u9fff"
#: Marks of a sentence: a piece with one is text, never a name.
SENTENCE_MARK = re.compile(r"[。:!?]")
OPEN = "(（〔【[《〈"
CLOSE = ")）〕】]》〉"
_PAIR = dict(zip(CLOSE, OPEN))

#: Separators between names in a unit list (和 is not one: 区教育和体育局).
SEPARATORS = "、，,；;/ 　"
_SPLIT_WORDS = ("及",)

_GROUP = re.compile(
    r"^(各|相关|有关|其他|其它|全体)"
    r"|(各|相关|有关)(有关|相关)?(部门|单位|乡镇|镇|街道|县|区|市|企业|机构|成员)"
    r"|(直|级)各(部门|单位)|级(相关|有关)(部门|单位)|成员单位$|各部门$|各单位$"
)

#: Common abbreviations of unit names, as (pattern, replacement) applied to a
#: name before names are compared. They only decide which spellings are the
#: same unit; the canonical name shown is always one actually written.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("卫健", "卫生健康"),
    ("卫生和计划生育", "卫生健康"),
    ("发展和改革", "发展改革"),
    ("发改", "发展改革"),
    ("人力资源和社会保障", "人力资源社会保障"),
    ("人社", "人力资源社会保障"),
    ("住房和城乡建设", "住房城乡建设"),
    ("住建", "住房城乡建设"),
    ("经济和信息化", "经济信息化"),
    ("经信", "经济信息化"),
    ("市场监督管理", "市场监管"),
    ("自然资源和规划", "自然资源规划"),
    ("生态环境保护", "生态环境"),
    ("文化广播电视和旅游", "文化广电旅游"),
    ("文广旅", "文化广电旅游"),
    ("文旅", "文化广电旅游"),
    ("交通运输", "交通"),
    ("农业农村", "农业农村"),
    ("教育和体育", "教育体育"),
    ("教体", "教育体育"),
    ("应急管理", "应急"),
    ("行政审批", "行政审批"),
    ("政务服务管理", "政务服务"),
    ("综合行政执法", "综合执法"),
    ("财政", "财政"),
    ("民政", "民政"),
    ("医疗保障", "医保"),
    ("退役军人事务", "退役军人"),
    ("商务", "商务"),
    ("统计", "统计"),
)

_ABBR = [(re.compile(p), r) for p, r in ABBREVIATIONS if p != r]

#: Jurisdiction prefixes that a plan may leave out when it names its own units.
_PREFIX = re.compile(r"^(区委|区|县委|县|市委|市|州|省委|省|镇|乡|街道)")


#: How the name of one unit ends (局, 委, 办, 中心, 政府, 指挥部 ...).
UNIT_END = re.compile(
    r"(局|委|办|部|院|厅|室|所|会|中心|公司|集团|政府|街道|镇|乡|队|站|组|处|署|团|行|社|馆|台|区|园|府|厂|校|"
    r"联|指挥部|办事处|管委会|委员会|专班|法院|检察院|学校|医院|银行|大学|协会)[*]?$")
_PLACE_HEAD = re.compile(rf"^[{HAN}]{{2,4}}(?:市|县|区|州|盟)(?:人民)?政府$")
_PLACE = re.compile(rf"^[{HAN}]{{2,3}}$")


#: How a person's name or title ends (张某同志, 李某区长): never a unit.
PERSON_TITLE = re.compile(r"(同志|区长|县长|市长|州长|省长|书记|副?主任|部长|局长|秘书长|主席)$")


def top_level_index(text: str, char: str) -> int | None:
    """Offset of the first ``char`` outside brackets, or None.

    Examples
    --------
    >>> top_level_index("区发改局(牵头,主办),区财政局", ",")
    11
    """
    first = text.find(char)
    if first < 0:
        return None
    if not _HAS_BRACKET.search(text, 0, first):  # no bracket before it
        return first
    depth = 0
    for i, ch in enumerate(text):
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        elif ch == char and depth == 0:
            return i
    return None


def is_group_name(name: str) -> bool:
    """Whether a name is a catch-all group rather than one unit.

    Examples
    --------
    >>> [is_group_name(n) for n in ["各街道", "区直各部门", "区级相关部门", "区商务局", "相关乡镇"]]
    [True, True, True, False, True]
    """
    return bool(_GROUP.search(name))


def _strip_outer(name: str) -> str:
    return name.strip(" \u3000\t\u00a0:：。.,，、;；")


_HAS_BRACKET = re.compile("[" + re.escape(OPEN + CLOSE) + "]")
#: 等 with what may follow it at the end of a list: 等, 等部门, 等有关部门和单位, 等相关单位 ...
_ETC_WORDS = r"(?:有关|相关|其他|其它|各|部门|单位|机构|企业|乡镇|镇街|街道|成员|和|及|与)*"
_ETC = re.compile(rf"等{_ETC_WORDS}$")
#: 等 joining two names: 区总工会等和各街道办事处 = 区总工会 + 各街道办事处 (open-ended)
_ETC_JOIN = re.compile(rf"等(?:有关|相关)?(?:部门|单位)?(?:和|及|与)(?!{_ETC_WORDS}$)")
_SPLIT = re.compile("[" + re.escape(SEPARATORS) + "]|" + "|".join(_SPLIT_WORDS) + "|" + _ETC_JOIN.pattern)
#: Administrative levels: 相关市、县政府 and 各县、市、区政府 share their head across 、.
_LEVELS = ("省", "自治区", "市", "州", "盟", "县级市", "县", "区", "旗", "乡", "镇", "街道")
_LEVEL = "(?:" + "|".join(_LEVELS) + ")"
# bare level words (市, 各县, 相关县(市) ...): a set, as every name of every list is looked up
_BARE_LEVELS = {pre + level + post for pre in ("", "各", "相关", "有关") for level in _LEVELS
                for post in ("", *(f"({x})" for x in _LEVELS))}
_LEVEL_HEAD = re.compile(rf"^{_LEVEL}(?:\({_LEVEL}(?:、{_LEVEL})*\))?(?:人民政府|政府|党委和政府|党委政府|管委会)?$")


def _join_levels(names: list[str]) -> list[str]:
    """Join ``相关市``, ``县政府`` into ``相关市、县政府``: a bare level word
    (市, 各县, 相关市 ...) shares the head of the level word after it."""
    out: list[str] = []
    open_join = False
    for name in names:
        if open_join and _LEVEL_HEAD.match(name):
            out[-1] = out[-1] + "、" + name
        else:
            out.append(name)
        open_join = name in _BARE_LEVELS
    # 哈尔滨、黑河、绥芬河市政府: place names sharing the government after the last one
    k = 0
    while k < len(out):
        if "政府" in out[k] and _PLACE_HEAD.match(out[k]):
            first = k
            while first > 0 and _PLACE.match(out[first - 1]) and not UNIT_END.search(out[first - 1]):
                first -= 1
            if first < k:
                out[first : k + 1] = ["、".join(out[first : k + 1])]
                k = first
        k += 1
    return out


def _clip(text: str, limit: int = 200) -> str:
    """A text cut to ``limit`` characters for a message."""
    return text if len(text) <= limit else text[:limit] + "…"


def split_units(text: str) -> tuple[list[str], bool, list[str]]:
    """Split a list of unit names.

    Parameters
    ----------
    text : str
        The list as written, with role words and labels already removed.

    Returns
    -------
    names : list of str
        Names in order, separators and ``等`` suffixes removed.
    open_ended : bool
        Whether the list (or a name in it) ended with ``等``/``等部门``...
    problems : list of str
        Pieces that could not be read as names (unbalanced brackets ...).

    Examples
    --------
    >>> split_units("区发改局、各县(市、区)人民政府,区财政局等部门")
    (['区发改局', '各县(市、区)人民政府', '区财政局'], True, [])
    >>> split_units("区教育和体育局及区卫健局")
    (['区教育和体育局', '区卫健局'], False, [])
    >>> split_units("相关市、县政府,区总工会等和各街道办事处")
    (['相关市、县政府', '区总工会', '各街道办事处'], True, [])
    >>> split_units("区人社局等有关部门和单位")
    (['区人社局'], True, [])
    >>> split_units("哈尔滨、黑河、绥芬河市政府,省商务厅")
    (['哈尔滨、黑河、绥芬河市政府', '省商务厅'], False, [])
    """
    if "等" not in text and not _HAS_BRACKET.search(text):  # the common case: separators only
        return _join_levels([n for n in map(_strip_outer, _SPLIT.split(text)) if n]), False, []
    problems: list[str] = []
    cuts = list(_SPLIT.finditer(text))
    if _HAS_BRACKET.search(text):  # separators inside brackets do not split: 各县(市、区)人民政府
        depth: list[str] = []
        bad = 0
        top = []  # whether each position is outside brackets
        for ch in text:
            if ch in OPEN:
                depth.append(ch)
            elif ch in CLOSE:
                if depth and depth[-1] == _PAIR[ch]:
                    depth.pop()
                else:
                    bad += 1
                    if bad <= 3:  # a line of 40k stray brackets must not give 40k copies of itself
                        problems.append(f"unbalanced {ch!r} in {_clip(text)!r}")
            top.append(not depth)
        if bad > 3:
            problems.append(f"{bad - 3:,} more unbalanced closing bracket(s) in {_clip(text, 60)!r}")
        if depth:
            problems.append(f"unclosed {_clip(''.join(depth), 20)!r} in {_clip(text)!r}")
        cuts = [m for m in cuts if top[m.start()]]
    names: list[str] = []
    open_ended = False
    pos = 0
    for m in [*cuts, None]:
        piece = _strip_outer(text[pos : m.start() if m else len(text)])
        if m is not None:
            pos = m.end()
            open_ended |= m.group().startswith("等")
        if piece and "等" in piece:
            stripped = _ETC.sub("", piece)
            if stripped != piece:
                open_ended = True
                piece = _strip_outer(stripped)
        if piece:
            names.append(piece)
    return _join_levels(names), open_ended, problems


def canonical_key(name: str) -> str:
    """A comparison key: jurisdiction prefix dropped, abbreviations expanded.

    Examples
    --------
    >>> canonical_key("区卫健局") == canonical_key("卫生健康局")
    True
    >>> canonical_key("区发展改革局") == canonical_key("发改局") == canonical_key("市发展和改革委员会")
    False
    """
    key = _PREFIX.sub("", name)
    for pat, rep in _ABBR:
        key = pat.sub(rep, key)
    return key


def _prefix_of(name: str) -> str | None:
    m = _PREFIX.match(name)
    return m.group(1) if m else None


def _merge(members: list[str], counts: Mapping[str, int], dominant: str | None,
           mapping: dict[str, str], reasons: dict[str, str]) -> None:
    """Merge the spellings of one comparison key: names with a foreign prefix (市商务局 in
    a 区 plan) stay apart; the spelling without abbreviations wins, then the most frequent,
    then the longest."""
    mergeable = [n for n in members if _prefix_of(n) in (None, dominant)]
    if len(mergeable) < 2:
        return
    prefixed = [n for n in mergeable if _prefix_of(n) == dominant] or mergeable
    canon = min(prefixed, key=lambda n: (_PREFIX.sub("", n) != canonical_key(n), -counts[n], -len(n), n))
    for n in mergeable:
        if n != canon:
            mapping[n] = canon
            reasons[n] = (f"same name without the jurisdiction prefix {dominant!r}"
                          if _PREFIX.sub("", n) == _PREFIX.sub("", canon) else
                          "same unit under a common abbreviation")


def resolve_aliases(
    names: Iterable[str],
    user: Mapping[str, str] | None = None,
) -> tuple[dict[str, str], dict[str, str]]:
    """Map every name written in a plan to its canonical unit.

    Names are grouped by :func:`canonical_key`. Only names that can be told
    apart by a jurisdiction prefix are merged when one of them carries the
    plan's dominant prefix (``商务局`` joins ``区商务局``, but ``市商务局``
    and ``区商务局`` stay apart). The canonical name is a prefixed spelling
    written in the plan: one without abbreviations if there is one, then the
    most frequent, then the longest, then the first in sort order.
    A user table (``{written: canonical}``) overrides everything.

    Returns
    -------
    mapping : dict
        ``{written: canonical}`` for every name.
    reasons : dict
        ``{written: why}`` for every name that was merged into another.

    Examples
    --------
    >>> m, why = resolve_aliases(["区卫生健康局", "卫生健康局", "区卫健局", "区商务局", "商务局"])
    >>> m["卫生健康局"], m["区卫健局"], m["商务局"]
    ('区卫生健康局', '区卫生健康局', '区商务局')
    """
    counts = Counter(names)  # in first-seen order
    user = dict(user or {})
    prefixes: Counter[str] = Counter()
    for n, c in counts.items():
        if (prefix := _prefix_of(n)) is not None:
            prefixes[prefix] += c
    dominant = max(sorted(prefixes), key=lambda p: prefixes[p]) if prefixes else None
    groups: dict[str, list[str]] = {}
    for n in counts:
        if n not in user and not is_group_name(n):
            groups.setdefault(canonical_key(n), []).append(n)
    mapping: dict[str, str] = {}
    reasons: dict[str, str] = {}
    for members in groups.values():
        _merge(members, counts, dominant, mapping, reasons)
    # a name the user table maps to is the canonical name of its whole group (written or not):
    # 县发改局 -> 县发展和改革局 in the table brings 县发展改革局 there too, never splits the unit
    for target in set(user.values()):
        key, level = canonical_key(target), _prefix_of(target)
        for n in counts:
            if n not in user and n != target and not is_group_name(n) and canonical_key(n) == key and (
                    _prefix_of(n) in (None, level, dominant)):
                mapping[n] = target
                reasons[n] = f"same unit as {target!r} of the user alias table"
        mapping.pop(target, None)
        reasons.pop(target, None)
    for n in counts:
        if n in user:
            mapping[n] = user[n]
            if user[n] != n:
                reasons[n] = "user alias table"
        mapping.setdefault(n, n)
    return mapping, reasons
