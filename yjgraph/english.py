"""English names of Chinese government units, for an English edition of the analyses.

A unit's name is read as *jurisdiction + organ*: ``区`` + ``发展改革局`` is
"District Development and Reform Bureau". The organ is looked up in a
glossary of the official English names of the organ types of Chinese local
government (by the same comparison key that merges spellings, so
``发改局``, ``发展改革局`` and ``发展和改革局`` are one entry); the jurisdiction is a
level word (省 Provincial, 市 Municipal, 区 District, 县 County ...) or a place
name given in pinyin (``雁江`` Yanjiang). Catch-all groups (``各街道``,
``区直各部门``) have English phrases of their own. A name that cannot be composed
this way is given in pinyin and reported, never left in Chinese; a user table
(``{name as written or canonical: English}``) overrides everything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from .parse.units import canonical_key, is_group_name

__all__ = ["english_name", "english_names", "GLOSSARY"]

#: Official English names of organ types, keyed by their comparison key
#: (:func:`yjgraph.parse.units.canonical_key`: abbreviations expanded, no jurisdiction).
GLOSSARY: dict[str, str] = {
    "发展改革局": "Development and Reform Bureau",
    "发展改革委员会": "Development and Reform Commission",
    "发展改革委": "Development and Reform Commission",
    "财政局": "Finance Bureau",
    "财政厅": "Department of Finance",
    "教育局": "Education Bureau",
    "教育体育局": "Education and Sports Bureau",
    "教育厅": "Department of Education",
    "公安局": "Public Security Bureau",
    "公安分局": "Public Security Sub-bureau",
    "民政局": "Civil Affairs Bureau",
    "司法局": "Justice Bureau",
    "人力资源社会保障局": "Human Resources and Social Security Bureau",
    "人力资源社会保障厅": "Department of Human Resources and Social Security",
    "自然资源局": "Natural Resources Bureau",
    "自然资源规划局": "Natural Resources and Planning Bureau",
    "国土分局": "Land Resources Sub-bureau",
    "规划局": "Planning Bureau",
    "生态环境局": "Ecology and Environment Bureau",
    "生态环境分局": "Ecology and Environment Sub-bureau",
    "住房城乡建设局": "Housing and Urban-Rural Development Bureau",
    "住房城乡建设厅": "Department of Housing and Urban-Rural Development",
    "交通局": "Transport Bureau",
    "交通厅": "Department of Transport",
    "水利局": "Water Resources Bureau",
    "水务局": "Water Affairs Bureau",
    "农业农村局": "Agriculture and Rural Affairs Bureau",
    "商务局": "Commerce Bureau",
    "商务厅": "Department of Commerce",
    "文化广电旅游局": "Culture, Radio, Television and Tourism Bureau",
    "文化体育旅游局": "Culture, Sports and Tourism Bureau",
    "卫生健康局": "Health Bureau",
    "卫生健康委员会": "Health Commission",
    "卫生健康委": "Health Commission",
    "退役军人局": "Veterans Affairs Bureau",
    "应急局": "Emergency Management Bureau",
    "审计局": "Audit Bureau",
    "市场监管局": "Market Regulation Administration",
    "统计局": "Statistics Bureau",
    "医保局": "Healthcare Security Bureau",
    "林业局": "Forestry Bureau",
    "体育局": "Sports Bureau",
    "信访局": "Letters and Visits Bureau",
    "行政审批局": "Administrative Approval Bureau",
    "政务服务局": "Government Services Administration",
    "大数据局": "Big Data Bureau",
    "大数据中心": "Big Data Center",
    "经济信息化局": "Economy and Information Technology Bureau",
    "经济科技信息化局": "Economy, Science, Technology and Information Technology Bureau",
    "工业信息化局": "Industry and Information Technology Bureau",
    "工信局": "Industry and Information Technology Bureau",
    "科学技术局": "Science and Technology Bureau",
    "科技局": "Science and Technology Bureau",
    "税务局": "Taxation Bureau",
    "城市管理局": "Urban Management Bureau",
    "城管局": "Urban Management Bureau",
    "综合执法局": "Comprehensive Administrative Law Enforcement Bureau",
    "投资促进局": "Investment Promotion Bureau",
    "投促局": "Investment Promotion Bureau",
    "金融工作局": "Financial Work Bureau",
    "金融办": "Financial Work Office",
    "国资委": "State-owned Assets Supervision and Administration Commission",
    "机关事务管理局": "Government Offices Administration",
    "粮食局": "Grain Bureau",
    "气象局": "Meteorological Bureau",
    "档案局": "Archives Bureau",
    "人民法院": "People's Court",
    "法院": "People's Court",
    "人民检察院": "People's Procuratorate",
    "检察院": "People's Procuratorate",
    "总工会": "Federation of Trade Unions",
    "团委": "Communist Youth League Committee",
    "妇联": "Women's Federation",
    "残联": "Disabled Persons' Federation",
    "科协": "Association for Science and Technology",
    "工商联": "Federation of Industry and Commerce",
    "红十字会": "Red Cross Society",
    "融媒体中心": "Media Center",
    "政务服务中心": "Government Services Center",
    "行政服务中心": "Administrative Services Center",
    "政府办公室": "General Office of the People's Government",
    "政府办": "General Office of the People's Government",
    "府办": "General Office of the People's Government",
    "政府": "People's Government",
    "人民政府": "People's Government",
    "委办公室": "Office of the Party Committee",
    "委组织部": "Organization Department of the Party Committee",
    "委宣传部": "Publicity Department of the Party Committee",
    "委统战部": "United Front Work Department of the Party Committee",
    "委政法委": "Political and Legal Affairs Commission of the Party Committee",
    "委编办": "Office for Public Sector Reform of the Party Committee",
    "委网信办": "Cyberspace Affairs Office",
    "纪委监委": "Commission for Discipline Inspection and Supervisory Commission",
    "人大常委会": "Standing Committee of the People's Congress",
    "政协": "Committee of the Chinese People's Political Consultative Conference",
    "管委会": "Administrative Committee",
    "工管委": "Industrial Park Administrative Committee",
    "农管委": "Agricultural Park Administrative Committee",
    "同城化发展工作局": "Urban Integration Development Bureau",
    "消防救援大队": "Fire and Rescue Brigade",
    "供电公司": "Power Supply Company",
    "城投公司": "Urban Construction Investment Company",
    "税务分局": "Taxation Sub-bureau",
    "市场局": "Market Regulation Administration",
    "人力社保局": "Human Resources and Social Security Bureau",
    "交运局": "Transport Bureau",
    "环保局": "Environmental Protection Bureau",
    "房管局": "Housing Administration Bureau",
    "国土房管局": "Land Resources and Housing Administration Bureau",
    "建设局": "Construction Bureau",
    "规划资源局": "Planning and Natural Resources Bureau",
    "建委": "Construction Commission",
    "科委": "Science and Technology Commission",
    "经信委": "Economy and Information Technology Commission",
    "经济信息委": "Economy and Information Technology Commission",
    "经贸委": "Economic and Trade Commission",
    "外经贸局": "Foreign Trade and Economic Cooperation Bureau",
    "交委": "Transport Commission",
    "扶贫办": "Poverty Alleviation Office",
    "改革办": "Reform Office",
    "审改办": "Administrative Approval Reform Office",
    "委改革办": "Reform Office of the Party Committee",
    "征收中心": "Land Expropriation Center",
    "代建中心": "Agent Construction Center",
    "煤炭局": "Coal Bureau",
    "外汇管理局": "Foreign Exchange Administration",
    "地方金融监管局": "Local Financial Regulatory Bureau",
    "金融监管局": "Financial Regulatory Bureau",
    "行政审批服务局": "Administrative Approval Services Bureau",
    "文化旅游局": "Culture and Tourism Bureau",
    "文化和旅游局": "Culture and Tourism Bureau",
    "工业和信息化局": "Industry and Information Technology Bureau",
    "科学技术和经济信息化局": "Science, Technology, Economy and Information Technology Bureau",
    "农村农业局": "Agriculture and Rural Affairs Bureau",
    "农垦总局": "Land Reclamation General Bureau",
    "经济发展局": "Economic Development Bureau",
    "建设管理局": "Construction Management Bureau",
    "规划建设局": "Planning and Construction Bureau",
    "人行": "People's Bank of China Branch",
    "铁路局": "Railway Bureau",
    "铁路办": "Railway Office",
    "环卫处": "Environmental Sanitation Division",
    "市政局": "Municipal Administration Bureau",
    "教科局": "Education, Science and Technology Bureau",
    "科经局": "Science, Technology and Economy Bureau",
    "海洋与渔业局": "Ocean and Fisheries Bureau",
    "文体广新局": "Culture, Sports, Radio, Television and Press Bureau",
}

#: Organ types read by their last characters, for names the glossary lacks.
_TYPES: tuple[tuple[str, str], ...] = (
    ("经济技术开发区", "Economic and Technological Development Zone"),
    ("高新技术产业开发区", "High-tech Industrial Development Zone"), ("经济开发区", "Economic Development Zone"),
    ("高新区", "High-tech Zone"), ("开发区", "Development Zone"), ("工业园区", "Industrial Park"),
    ("产业园", "Industrial Park"), ("园区", "Park"), ("海关", "Customs"), ("指挥部", "Headquarters"),
    ("领导小组办公室", "Leading Group Office"), ("工作部", "Work Department"), ("集团", "Group"),
    ("公司", "Company"), ("中心支行", "Central Sub-branch"), ("支行", "Sub-branch"), ("中心", "Center"),
    ("办公室", "Office"), ("办", "Office"), ("分局", "Sub-bureau"), ("总局", "General Bureau"),
    ("局", "Bureau"), ("委员会", "Commission"), ("委", "Commission"), ("厅", "Department"),
    ("部", "Department"), ("处", "Division"), ("所", "Office"), ("站", "Station"), ("专班", "Task Force"),
)

#: Jurisdiction words, longest first, and their English adjective.
_LEVELS = (
    ("自治区", "Autonomous Region"), ("新区", "New Area"), ("街道", "Subdistrict"), ("省", "Provincial"), ("市", "Municipal"),
    ("州", "Prefectural"), ("区", "District"), ("县", "County"), ("镇", "Town"), ("乡", "Township"),
)
_LEVEL_NOUN = {"新区": "New Area", "省": "Province", "市": "City", "州": "Prefecture", "区": "District", "县": "County",
               "镇": "Town", "乡": "Township", "街道": "Subdistrict"}

# a place that contains the unit's jurisdiction: 资阳市 in 资阳市雁江区
_OUTER = re.compile(r"(.{2,}?)(?:自治区|省|市|自治州|州)")

_RUBY = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")

#: Bodies whose organs are named "... of the <place> <body>".
_BODIES = ("People's Government", "Party Committee", "People's Congress")

#: Catch-all groups: a pattern and its English phrase.
_GROUPS: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(p), e) for p, e in (
    (r"^各(镇)?街道(办事处)?$", "all subdistricts"),
    (r"^各(乡)?镇(人民政府)?$", "all towns"),
    (r"^各乡镇(人民政府)?$", "all towns and townships"),
    (r"^各镇街$", "all towns and subdistricts"),
    (r"^各(县|区|县区|县\(市、区\)|县\(市\)|区县|县、市、区)(人民)?政府$", "all county and district governments"),
    (r"^各(市|地级以上市|市\(州\))(人民)?政府$", "all city governments"),
    (r"^相关(市|县|区|乡镇|镇|街道)", "relevant local governments"),
    (r"^([区县市省])直各(部门|单位)$", "all {level} departments"),
    (r"^([区县市省])级(相关|有关|各)(部门|单位)$", "relevant {level} departments"),
    (r"^([区县市省])(政府)?(相关|有关)(部门|单位)$", "relevant {level} departments"),
    (r"^([区县市省])(政府)?(直|级)?各(有关|相关)?(部门|单位)$", "all {level} departments and units"),
    (r"^各?(相关|有关)(部门|单位)$", "relevant departments"),
    (r"^各(部门|单位)$", "all departments"),
    (r"^(有关|相关)直属单位$", "relevant directly affiliated units"),
    (r"成员单位$", "member units"),
    (r"^各.*开发区", "all development zones"),
))


def _pinyin(text: str) -> str:
    """A place or name in pinyin, as one capitalised word (雁江 -> Yanjiang)."""
    from pypinyin import lazy_pinyin

    if not text:
        return ""
    return "".join(lazy_pinyin(text)).capitalize().replace("、", ", ").replace("(", " (").replace("  ", " ")


def _organ(rest: str) -> str | None:
    """The English name of an organ type (发改局, 商务厅, 水利部 ...), or None."""
    key = canonical_key(rest)
    found = GLOSSARY.get(key) or GLOSSARY.get(rest)
    if found or len(key) < 2:
        return found
    # a provincial 厅, a commission 委, a ministry 部 or a sub-bureau of a known bureau
    for suffix, form in (("厅", "Department of {}"), ("委", "{} Commission"), ("部", "Ministry of {}"),
                         ("分局", "{} Sub-bureau")):
        if key.endswith(suffix):
            base = GLOSSARY.get(key[: -len(suffix)] + "局")
            if base and base.endswith(" Bureau"):
                return form.format(base[: -len(" Bureau")])
    return None


def english_name(name: str) -> tuple[str, str]:
    """An English name for a unit and how it was made (``"glossary"``, ``"group"`` or ``"pinyin"``).

    Examples
    --------
    >>> english_name("区发改局")
    ('District Development and Reform Bureau', 'glossary')
    >>> english_name("雁江区人力资源和社会保障局")
    ('Yanjiang District Human Resources and Social Security Bureau', 'glossary')
    >>> english_name("区委组织部")
    ('Organization Department of the District Party Committee', 'glossary')
    >>> english_name("区直各部门")
    ('all district departments', 'group')
    >>> english_name("雁江生态环境局")
    ('Yanjiang Ecology and Environment Bureau', 'glossary')
    >>> english_name("县建发公司")
    ('County Jianfa Company', 'pinyin')
    >>> english_name("中共资阳市雁江区委组织部")
    ('Organization Department of the Yanjiang District Party Committee, Ziyang', 'glossary')
    """
    name = _RUBY.sub("", name)  # 市發(fā)改委: pronunciation glosses some pages print
    for pattern, phrase in _GROUPS:
        m = pattern.search(name)
        if m:
            level = next((g for g in m.groups() if g in _LEVEL_NOUN), "")
            return phrase.format(level=_LEVEL_NOUN.get(level, "").lower() or "local"), "group"
    if is_group_name(name):
        return "units concerned", "group"
    if name.startswith("中共") and len(name) > 3:  # 中共…区委组织部: a Party committee is the CPC's
        name = name[2:]
    # jurisdiction: a level word, or a place name ending in a level word
    for i in range(0, min(len(name) - 1, 10) + 1):
        head, rest = name[:i], name[i:]
        for word, adjective in _LEVELS:
            if not rest.startswith(word):
                continue
            organ_text = rest[len(word):]
            if organ_text[:1] in "省市区县镇乡州":
                continue  # 杭州市政府 is 杭州 + 市 + 政府, not 杭 + 州 + 市政府
            organ = "Party Committee" if organ_text in ("委", "党委") else _organ(organ_text)
            if organ is None and organ_text.startswith("政府"):
                organ = _organ(organ_text[2:])  # 市政府金融办: the government's office is the city's  # 区委组织部: the Party committee's organs are 委… entries
            if organ is None:
                continue
            outer: list[str] = []  # 资阳市雁江区: Yanjiang District, Ziyang
            while (m := _OUTER.match(head)) and m.end() < len(head):
                outer.insert(0, f", {_pinyin(m.group(1))}")
                head = head[m.end():]
            place = f"{_pinyin(head)} {_LEVEL_NOUN.get(word, adjective)}" if head else adjective
            body = next((b for b in _BODIES if f"the {b}" in organ), None)
            if body is not None:  # Organization Department of the District Party Committee
                return organ.replace(f"the {body}", f"the {place} {body}") + "".join(outer), "glossary"
            return f"{place} {organ}{''.join(outer)}", "glossary"
    for i in range(0, min(len(name) - 1, 4) + 1):  # 雁江生态环境局: a place name without its level
        if i and (name[0] in "省市区县镇乡州" or "和" in name[:i]):
            break
        organ = _organ(name[i:])
        if organ is not None:
            return (f"{_pinyin(name[:i])} {organ}" if i else organ), "glossary"
    for word, _ in _LEVELS:  # 华漕镇, 浦锦街道: a place and its level
        if name.endswith(word) and 2 <= len(name) - len(word) <= 4:
            return f"{_pinyin(name[: -len(word)])} {_LEVEL_NOUN.get(word, word)}", "glossary"
    prefix = ""
    for word, adjective in _LEVELS:  # 区服管委筹备组: the level in English, the rest in pinyin
        if name.startswith(word) and len(name) > len(word) + 1:
            prefix, name = f"{adjective} ", name[len(word):]
            break
    for suffix, noun in _TYPES:  # 县建发公司: the kind of body in English, its name in pinyin
        if name.endswith(suffix) and len(name) > len(suffix):
            return f"{prefix}{_pinyin(name[: -len(suffix)])} {noun}", "pinyin"
    return f"{prefix}{_pinyin(name)}", "pinyin"


def english_names(units: Iterable[str], table: Mapping[str, str] | None = None, *,
                  aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    """English names for units: ``unit, english, method``.

    Parameters
    ----------
    units : iterable of str
        Unit names (canonical names of a plan: ``plan.units["unit"]``).
    table : mapping, optional
        ``{name: English}`` overriding everything; keys may be any spelling the
        plan uses when ``aliases`` maps spellings to units.
    aliases : mapping, optional
        ``{spelling: unit}`` (e.g. from ``plan.assignments[["unit_raw", "unit"]]``).

    Examples
    --------
    >>> english_names(["区商务局", "各街道"], {"商务局": "Commerce Bureau of Example District"},
    ...               aliases={"商务局": "区商务局"}).values.tolist()
    [['区商务局', 'Commerce Bureau of Example District', 'table'], ['各街道', 'all subdistricts', 'group']]
    """
    aliases = dict(aliases or {})
    user = {aliases.get(key, key): value for key, value in dict(table or {}).items()}
    rows = [(unit, user[unit], "table") if unit in user else (unit, *english_name(unit)) for unit in units]
    return pd.DataFrame(rows, columns=["unit", "english", "method"])
