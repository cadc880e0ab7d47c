"""The methods paragraph: one language per text, the numbers of the results, its references."""

from __future__ import annotations

import re

import pytest

import yjgraph
from yjgraph.methods import REFERENCES

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# three or more Latin words in a row (names joined by & or – do not count)
ENGLISH_RUN = re.compile(r"[A-Za-z]+(?:[ ,'-]+[A-Za-z]+){2,}")
CITATION = re.compile(r"([A-Z][a-z]+)(?: (?:et al\.|等)| & [A-Z][a-z]+)?, ((?:\d{4}(?:, )?)+)")


@pytest.fixture(scope="module")
def results(seed_plan):
    return [
        seed_plan,
        yjgraph.backbone(seed_plan),
        yjgraph.backbone(seed_plan, model="fdsm", draws=30, signed=True, correction="holm",
                         layer="lead_support"),
        yjgraph.null_scores(seed_plan, draws=5),
        yjgraph.bootstrap_workload(seed_plan, reps=50),
        yjgraph.bootstrap_centrality(seed_plan, measure="pagerank", reps=5),
    ]


def _body(text, head):
    body, refs = text.split("\n\n" + head + "\n\n")
    return body, refs.splitlines()


def test_english_text_has_no_chinese(results):
    text = yjgraph.methods_text(results, lang="en")
    assert not CJK.search(text), CJK.findall(text)[:10]
    body, refs = _body(text, "References")
    assert "86 tasks and 34 responsible units" in body
    assert "158 lead and 133 support" in body
    assert "Over all 561 unit pairs" in body and "Over all 1122 unit pairs" in body
    assert "30 random plans" in body and "5 random plans" in body
    assert f"yjgraph {yjgraph.__version__}" in body


def test_chinese_text_has_no_english_sentence(results):
    text = yjgraph.methods_text(results, lang="zh")
    body, refs = _body(text, "参考文献")
    assert not ENGLISH_RUN.search(body), ENGLISH_RUN.findall(body)
    assert "共86项任务、34个责任单位" in body and "牵头158项次、配合133项次" in body
    assert "对全部561对单位" in body and "对全部1122对单位" in body
    assert "50次自助法重复" in body and "PageRank" in body


@pytest.mark.parametrize("lang,head", [("en", "References"), ("zh", "参考文献")])
def test_references_are_those_cited(results, lang, head):
    body, refs = _body(yjgraph.methods_text(results, lang=lang), head)
    cited = set()
    for name, years in CITATION.findall(body):
        for year in re.findall(r"\d{4}", years):
            cited.add((name, year))
    listed = {(r.split(",")[0], re.search(r"\((\d{4})\)", r).group(1)) for r in refs}
    assert cited == listed
    assert refs == sorted(refs) and set(refs) <= set(REFERENCES.values())


def test_counts_follow_the_results(seed_plan):
    bb = yjgraph.backbone(seed_plan, alpha=0.2, correction=None)
    en = yjgraph.methods_text(bb, lang="en", references=False)
    n = bb.attrs["n_significant"]
    assert n == int(bb.significant.sum()) > 0
    assert f"Of the {len(bb)} pairs that share at least one task, {n} were retained" in en
    assert "applied no correction for multiple testing at α = 0.2" in en
    assert "\n" not in en  # no reference list
    zh = yjgraph.methods_text(bb, references=False)
    assert f"在至少共同承担一项任务的{len(bb)}对单位中,{n}对进入骨干网络" in zh
    assert "将方案整理为" not in zh  # no plan given: no data sentence


def test_a_plan_alone_gets_the_default_backbone(seed_plan):
    text = yjgraph.methods_text(seed_plan, lang="en")
    assert "stochastic degree sequence model" in text and "Benjamini–Hochberg" in text


def test_an_analysis_object_gives_its_plan(seed_plan):
    class Analysis:  # duck-typed like yjgraph's Analysis
        def __init__(self, plan):
            self.plan = plan

    text = yjgraph.methods_text(Analysis(seed_plan), lang="en", references=False)
    assert text.startswith("The plan was read into a two-mode network of 86 tasks")


def test_bad_input(seed_plan):
    with pytest.raises(ValueError):
        yjgraph.methods_text(seed_plan, lang="fr")
    with pytest.raises(ValueError):
        yjgraph.methods_text([yjgraph.workload(seed_plan)])
    with pytest.raises(TypeError):
        yjgraph.methods_text(3)
