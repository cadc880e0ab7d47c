"""Role grammar: labels, stated rules, verb notes, and unit lists turned into roles.

The genre marks roles in three ways (see ``docs/layouts.md``):

* labelled fields: ``牵头单位:X``, ``责任单位:Y``, ``配合单位:Z``, ``责任领导:张某`` ...
* a stated rule that splits a ``责任单位`` list: ``(逗号前为牵头单位,下同)``,
  ``(第一责任单位为牵头单位)`` ...
* verb notes: ``X牵头,Y配合``, ``X按职责分工负责``.

Everything here works on one string; the reader decides which strings to pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .units import CLOSE, HAN, OPEN, split_units, top_level_index

__all__ = [
    "Field",
    "find_fields",
    "label_kind",
    "find_rule",
    "parse_verbs",
    "RoleList",
]

#: Words that name a role field, a person, a deadline or a source.
_LABEL = (
    rf"(?:牵头|主要|主责|主办|责任|配合|协同|协作|协办|参与|承办|实施|支持|共同|联系|督办|监督|具体|相关|其他|其它)[{HAN}和与及、]{{0,8}}?(?:单位|部门|主体|处室|科室)"
    r"|部门分工|任务分工|职责分工|分工"
    r"|(?:责任|分管|牵头|主要|牵头负责|分管[省市区县州]|联系|包联)?领导|责任人|联系人"
    r"|完成时限|时限要求|完成时间|时间节点|完成期限|时间安排|进度安排|时限"
    r"|任务来源|政策依据|来源"
)
_FIELD = re.compile(rf"(?:^|(?<=[\s。;,{re.escape(OPEN)}]))(?P<label>{_LABEL})\s*:")
_BRACKET_LABEL = re.compile(rf"^[【\[]\s*({_LABEL})\s*[】\]]\s*:?")
#: A label we do not know: a short word ending in 单位/部门 before a colon.
_UNKNOWN = re.compile(rf"^(?P<label>[{HAN}]{{1,8}}(?:单位|部门))\s*:")


@dataclass
class Field:
    """One ``label:value`` field found in a string."""

    label: str
    kind: str  # lead, support, responsible, combined, division, person, deadline, source, unknown
    value: str
    start: int  # offset of the label in the string


def label_kind(label: str) -> str:
    """Classify a field label.

    Examples
    --------
    >>> [label_kind(x) for x in ["牵头单位", "责任单位", "配合单位", "协同责任单位", "责任领导", "完成时限", "部门分工", "责任主体与协同单位", "主要协作单位", "主办单位", "协办单位"]]
    ['lead', 'responsible', 'support', 'support', 'person', 'deadline', 'division', 'combined', 'support', 'lead', 'support']
    """
    if not _K_PERSON.search(label) and (label.startswith("牵头") or label.startswith(("主要", "主责", "主办"))
                                         and not _K_SUPPORT.search(label)):  # 主要协作单位 supports
        return "lead"
    for kind, pattern in _KINDS:
        if pattern.search(label):
            return kind
    return "unknown"


_K_PERSON = re.compile(r"领导|责任人|联系人")
_K_SUPPORT = re.compile(r"配合|协同|协作|协办|参与|支持|共同")
_KINDS = (
    ("person", _K_PERSON),
    ("deadline", re.compile(r"时限|时间|期限|进度")),
    ("source", re.compile(r"来源|依据")),
    ("division", re.compile(r"分工")),
    ("combined", re.compile(r"(责任|主体).*(与|和|及).*(协同|配合|参与|协作)")),
    ("support", _K_SUPPORT),
    ("responsible", re.compile(r"责任|承办|实施|具体|相关|其他|其它")),
)


def find_fields(text: str) -> tuple[str, list[Field]]:
    """Split a string into its leading free text and its labelled fields.

    Examples
    --------
    >>> head, fields = find_fields("推进改革。牵头单位:区发改局;责任单位:区财政局 完成时限:2025年底")
    >>> head
    '推进改革。'
    >>> [(f.kind, f.value) for f in fields]
    [('lead', '区发改局'), ('responsible', '区财政局'), ('deadline', '2025年底')]
    """
    if text[:1] in "【[" and _BRACKET_LABEL.match(text):  # 【牵头单位】区发改局 -> 牵头单位:区发改局
        text = _BRACKET_LABEL.sub(r"\1:", text, count=1)
    if ":" not in text:  # every label ends with a colon (full-width colons are normalised)
        return text, []
    matches = list(_FIELD.finditer(text, 0, text.rfind(":") + 1))  # no label after the last colon
    if matches and _ANY_OPEN.search(text):
        depths = _depths(text, [m.start() for m in matches])
        matches = [m for m, d in zip(matches, depths) if d == 0]
    if not matches:
        m = _UNKNOWN.match(text)
        if m:
            return "", [Field(m.group("label"), "unknown", text[m.end():].strip(), 0)]
        return text, []
    fields = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = text[m.end():end].strip(" ;,。")
        fields.append(Field(m.group("label"), label_kind(m.group("label")), value, m.start()))
    return text[: matches[0].start()].strip(), fields


_ANY_OPEN = re.compile("[" + re.escape(OPEN) + "]")


def has_field(text: str) -> bool:
    """Whether a line holds a labelled field (cheap test, brackets not considered)."""
    if text[:1] in "【[" and _BRACKET_LABEL.match(text):
        return True
    return ":" in text and _FIELD.search(text) is not None


def _depths(text: str, positions: list[int]) -> list[int]:
    """Bracket depth at each of the sorted ``positions`` (labels inside brackets belong to a
    note, read later)."""
    out, depth, i = [], 0, 0
    for pos in positions:
        while i < pos:
            ch = text[i]
            if ch in OPEN:
                depth += 1
            elif ch in CLOSE and depth:
                depth -= 1
            i += 1
        out.append(depth)
    return out


# ------------------------------------------------------------------ rules
_RULE = re.compile(r"为(?:牵头|主要责任|主责)(?:单位|部门)|即为牵头|为牵头")


#: Kinds of stated rules, by the words that name them, in order of precedence.
_RULE_KINDS = (("star", r"[*★☆]|星号"), ("comma", "逗号"), ("semicolon", "分号"),
               ("first", r"第一|首位|排名第一|列第一|排在第一|排序第一|第1"), ("all", "无牵头"))


def _rule_kind(text: str) -> str | None:
    if not _RULE.search(text):
        return None
    return next((kind for kind, words in _RULE_KINDS if re.search(words, text)), "unknown")


def find_rule(text: str) -> tuple[str, str | None, str | None]:
    """Find a stated role rule in a unit list, and remove it.

    Returns the list without the rule, the rule's kind (``"comma"``,
    ``"semicolon"``, ``"first"``, ``"all"``, ``"unknown"`` or ``None``) and
    the rule's text.

    Examples
    --------
    >>> find_rule("区发改局、区工管委(逗号前为牵头单位,下同),区投促局")
    ('区发改局、区工管委,区投促局', 'comma', '逗号前为牵头单位,下同')
    >>> find_rule("区人社局、区财政局负责。列第一位者为牵头单位,下同")
    ('区人社局、区财政局负责', 'first', '列第一位者为牵头单位,下同')
    >>> find_rule("区发改局、区财政局")
    ('区发改局、区财政局', None, None)
    """
    if not _RULE.search(text):
        return text, None, None
    for start, end in _brackets(text):
        inner = text[start + 1 : end]
        kind = _rule_kind(inner)
        if kind:
            return text[:start] + text[end + 1 :], kind, inner
    # a rule sentence glued to a list: 区人社局、区财政局负责。列第一位者为牵头单位,下同
    m = _RULE.search(text)
    assert m is not None  # checked above
    start = max(text.rfind("。", 0, m.start()), text.rfind(";", 0, m.start())) + 1
    end_match = _SENTENCE_END.search(text, m.end())
    stop = end_match.start() if end_match else len(text)
    rule_text = text[start:stop].strip()
    rest = (text[:start] + text[stop + 1 :]).strip(" 。;,")
    return rest, _rule_kind(rule_text), rule_text


_SENTENCE_END = re.compile(r"[。;]")


def _brackets(text: str):
    """Yield (open, close) offsets of top-level bracket pairs."""
    stack = []
    for i, ch in enumerate(text):
        if ch in OPEN:
            stack.append(i)
        elif ch in CLOSE and stack:
            start = stack.pop()
            if not stack:
                yield start, i


# ------------------------------------------------------------------ verbs
#: Verbs that make the units before them lead, whatever else the task says.
_LEAD_VERBS = ("牵头负责", "牵头落实", "牵头", "主责", "负总责", "总负责")
#: Verbs that only say the units are responsible: lead, unless the task names a lead
#: elsewhere (then support) or a stated rule splits the list (列第一位者为牵头单位).
_RESPONSIBLE_VERBS = ("按职责分工负责", "按职责负责", "按照职责分工负责", "分工负责", "分别负责",
                      "负责落实", "共同负责", "负责")
_SUPPORT_VERBS = ("共同配合", "配合落实", "配合", "协同", "协助", "协作", "参与", "指导")
_VERBS = "(" + "|".join(sorted(_LEAD_VERBS + _RESPONSIBLE_VERBS + _SUPPORT_VERBS, key=len, reverse=True)) + ")"
_VERB = re.compile(_VERBS + r"(?=$|[,;。、\s)）〕】])")


def parse_verbs(text: str) -> list[tuple[str, str]] | None:
    """Read ``X牵头,Y配合``-style text into ``[(list_text, role), ...]``.

    Returns ``None`` when no clause ends with a role verb. Roles are
    ``"lead"`` (牵头, 负总责 ...), ``"support"`` (配合, 协同, 参与 ...) or
    ``"responsible"`` (负责, 按职责分工负责 ...: lead unless the task names a
    lead elsewhere or a stated rule splits the list). Text after the last
    verb keeps the role ``"unknown"``.

    Examples
    --------
    >>> parse_verbs("区政务服务局牵头,区发改局、区住建局等部门,各街道配合")
    [('区政务服务局', 'lead'), ('区发改局、区住建局等部门,各街道', 'support')]
    >>> parse_verbs("区市场监管局、区商务局按职责分工负责")
    [('区市场监管局、区商务局', 'responsible')]
    >>> parse_verbs("镇安监站负总责,镇派出所协同")
    [('镇安监站', 'lead'), ('镇派出所', 'support')]
    >>> parse_verbs("不含6亩") is None
    True
    """
    found = list(_VERB.finditer(text))
    matches = [m for m, depth in zip(found, _depths(text, [m.start() for m in found])) if not depth]
    if not matches:
        return None
    out = []
    pos = 0
    for m in matches:
        chunk = text[pos : m.start()].strip(" ,;。、")
        chunk = re.sub(r"^(由|请|会同)", "", chunk)
        verb = m.group(1)
        role = "lead" if verb in _LEAD_VERBS else "responsible" if verb in _RESPONSIBLE_VERBS else "support"
        if chunk:
            out.append((chunk, role))
        pos = m.end()
    rest = text[pos:].strip(" ,;。、")
    if rest:
        out.append((rest, "unknown"))
    return out or None


# ------------------------------------------------------------------ lists
@dataclass
class RoleList:
    """A unit list as found in the source, before roles are settled."""

    text: str
    kind: str  # lead, support, responsible, combined, unknown
    line: int


_TRAILING_VERB = re.compile(_VERBS + "$")


def split_list(text: str) -> tuple[list[str], bool, list[str]]:
    """:func:`split_units` after trailing role verbs are removed."""
    text = _TRAILING_VERB.sub("", text.strip(" ,;。")).strip()
    return split_units(text)


def split_by_rule(text: str, rule: str | None) -> list[tuple[str, str]]:
    """Split a ``责任单位`` list into ``[(list_text, role)]`` by a stated rule.

    Examples
    --------
    >>> split_by_rule("区发改局、区财政局,区商务局、区统计局", "comma")
    [('区发改局、区财政局', 'lead'), ('区商务局、区统计局', 'support')]
    >>> split_by_rule("区发改局、区财政局,区商务局", None)
    [('区发改局、区财政局,区商务局', 'lead')]
    """
    sep = {"comma": ",", "semicolon": ";"}.get(rule or "")
    if sep:
        i = top_level_index(text, sep)
        return [(text, "lead")] if i is None else [(text[:i], "lead"), (text[i + 1 :], "support")]
    if rule in ("first", "star"):
        return [(text, rule)]
    return [(text, "lead")]
