"""English names of units: glossary, composition, groups, pinyin fallback, user table."""

from __future__ import annotations

import re

import pytest

import yjgraph
from yjgraph.english import english_name, english_names

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def test_every_unit_of_the_bundled_plan_has_an_official_name():
    plan = yjgraph.load_example()
    names = english_names(plan.units["unit"])
    assert not names["english"].str.contains(CJK).any()
    # one unit, 区服管委筹备组 (a preparatory group), has no official type: pinyin, reported
    assert names.loc[names["method"] == "pinyin", "unit"].tolist() == ["区服管委筹备组"]
    by = dict(zip(names["unit"], names["english"]))
    assert by["区发展改革局"] == "District Development and Reform Bureau"
    assert by["区委组织部"] == "Organization Department of the District Party Committee"
    assert by["雁江生态环境局"] == "Yanjiang Ecology and Environment Bureau"


@pytest.mark.parametrize(("name", "english"), [
    ("发改局", "Development and Reform Bureau"),
    ("区发展和改革局", "District Development and Reform Bureau"),  # spellings of one organ
    ("市发改委", "Municipal Development and Reform Commission"),
    ("省人力资源和社会保障厅", "Provincial Department of Human Resources and Social Security"),
    ("省水利厅", "Provincial Department of Water Resources"),  # 厅 composed from the bureau
    ("水利部", "Ministry of Water Resources"),
    ("区政府办公室", "General Office of the District People's Government"),
    ("杭州市政府", "Hangzhou City People's Government"),
    ("华漕镇", "Huacao Town"),
    ("嘉鱼经济开发区", "Jiayu Economic Development Zone"),
    ("各街道", "all subdistricts"),
    ("各县(市、区)人民政府", "all county and district governments"),
    ("区直各部门", "all district departments"),
    ("市發(fā)改委", "Municipal Fagai Commission"),  # pronunciation glosses dropped
    # a jurisdiction inside others: the unit's own place first, the others after it
    ("资阳市雁江区人民政府", "Yanjiang District People's Government, Ziyang"),
    ("四川省成都市武侯区教育局", "Wuhou District Education Bureau, Chengdu, Sichuan"),
    ("泸州市江阳区财政局", "Jiangyang District Finance Bureau, Luzhou"),
    # 中共 (the CPC) is what a Party committee is; 区委 is the district's Party committee
    ("中共资阳市雁江区委", "Yanjiang District Party Committee, Ziyang"),
    ("中共雁江区委组织部", "Organization Department of the Yanjiang District Party Committee"),
    ("区委", "District Party Committee"),
])
def test_names_composed_from_jurisdiction_and_organ(name, english):
    assert english_name(name)[0] == english


def test_unknown_names_are_pinyin_never_chinese():
    english, method = english_name("县护城河指挥部")
    assert method == "pinyin" and english == "County Huchenghe Headquarters"
    for name in ("某某某", "区服管委筹备组", "哈尔滨、黑河、绥芬河市政府"):
        assert not CJK.search(english_name(name)[0])


def test_a_user_table_is_keyed_through_the_plans_spellings():
    plan = yjgraph.read_plan("一、甲\n1.任务。\n牵头单位:区商务局\n配合单位:区财政局\n2.任务。\n牵头单位:商务局\n")
    aliases = dict(zip(plan.assignments["unit_raw"], plan.assignments["unit"]))
    names = english_names(plan.units["unit"], {"商务局": "Bureau of Commerce"}, aliases=aliases)
    assert names.set_index("unit").loc["区商务局", ["english", "method"]].tolist() == ["Bureau of Commerce", "table"]


def test_pinyin_fallback_uses_english_punctuation():
    english, _ = english_name("哈尔滨、黑河、绥芬河市政府")
    assert "、" not in english and ", " in english
