"""The methods paragraph of a paper, written from what was computed.

:func:`methods_text` reads the parameters that :func:`yjgraph.backbone`,
:func:`yjgraph.null_scores`, :func:`yjgraph.bootstrap_workload` and
:func:`yjgraph.bootstrap_centrality` record in their tables' ``attrs`` (model,
correction, draws, seed, counts, version) and writes one paragraph per
analysis, in Chinese or in English, followed by the references it cites —
as R ``backbone``'s ``narrative`` does. Each text is in one language: the
English one names no unit and quotes no Chinese title; the Chinese one has
no English sentence (model abbreviations, author names and the references'
original titles aside).
"""

from __future__ import annotations

import platform
from collections.abc import Iterable, Mapping

import pandas as pd

from ._lang import check_lang
from .model import Plan

__all__ = ["methods_text", "REFERENCES"]

#: Full references (APA style), keyed as cited.
REFERENCES: dict[str, str] = {
    "benjamini1995": "Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate: "
    "A practical and powerful approach to multiple testing. Journal of the Royal Statistical "
    "Society: Series B (Methodological), 57(1), 289–300.",
    "borgatti1997": "Borgatti, S. P., & Everett, M. G. (1997). Network analysis of 2-mode data. "
    "Social Networks, 19(3), 243–269.",
    "burt1992": "Burt, R. S. (1992). Structural holes: The social structure of competition. "
    "Harvard University Press.",
    "carstens2018": "Carstens, C. J., Hamann, M., Meyer, U., Penschuck, M., Tran, H., & Wagner, D. "
    "(2018). Parallel and I/O-efficient randomisation of massive networks using global curveball "
    "trades. In 26th Annual European Symposium on Algorithms (ESA 2018), LIPIcs 112, 11:1–11:15.",
    "dunn1961": "Dunn, O. J. (1961). Multiple comparisons among means. Journal of the American "
    "Statistical Association, 56(293), 52–64.",
    "efron1993": "Efron, B., & Tibshirani, R. J. (1993). An introduction to the bootstrap. "
    "Chapman & Hall.",
    "holm1979": "Holm, S. (1979). A simple sequentially rejective multiple test procedure. "
    "Scandinavian Journal of Statistics, 6(2), 65–70.",
    "neal2014": "Neal, Z. (2014). The backbone of bipartite projections: Inferring relationships "
    "from co-authorship, co-sponsorship, co-attendance and other co-behaviors. Social Networks, "
    "39, 84–97.",
    "neal2021": "Neal, Z. P., Domagalski, R., & Sagan, B. (2021). Comparing alternatives to the "
    "fixed degree sequence model for extracting the backbone of bipartite projections. "
    "Scientific Reports, 11, 23929.",
    "phipson2010": "Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be zero: "
    "Calculating exact p-values when permutations are randomly drawn. Statistical Applications "
    "in Genetics and Molecular Biology, 9(1), Article 39.",
    "saracco2015": "Saracco, F., Di Clemente, R., Gabrielli, A., & Squartini, T. (2015). "
    "Randomizing bipartite networks: The case of the World Trade Web. Scientific Reports, 5, 10595.",
    "saracco2017": "Saracco, F., Straka, M. J., Di Clemente, R., Gabrielli, A., Caldarelli, G., & "
    "Squartini, T. (2017). Inferring monopartite projections of bipartite networks: An "
    "entropy-based approach. New Journal of Physics, 19(5), 053022.",
    "strona2014": "Strona, G., Nappo, D., Boccacci, F., Fattorini, S., & San-Miguel-Ayanz, J. "
    "(2014). A fast and unbiased procedure to randomize ecological binary matrices with fixed row "
    "and column totals. Nature Communications, 5, 4114.",
}

#: Each multiple-testing correction: what was done (Chinese, English) and the references cited.
_CORRECTION = {
    "fdr_bh": ("采用 Benjamini–Hochberg 方法控制错误发现率(Benjamini & Hochberg, 1995)",
               "controlled the false discovery rate with the Benjamini–Hochberg procedure (Benjamini & Hochberg, 1995)",
               ["benjamini1995"]),
    "holm": ("采用 Holm 方法控制族错误率(Holm, 1979)",
             "controlled the family-wise error rate with Holm's procedure (Holm, 1979)", ["holm1979"]),
    "bonferroni": ("采用 Bonferroni 校正(Dunn, 1961)", "applied the Bonferroni correction (Dunn, 1961)", ["dunn1961"]),
    None: ("未作多重检验校正", "applied no correction for multiple testing", []),
}

#: Measures as the text names them (Chinese, English); model and author names kept in Latin.
_MEASURES = {
    "betweenness": ("中介中心性", "betweenness"), "closeness": ("接近中心性", "closeness"),
    "constraint": ("Burt 约束系数", "Burt's constraint"), "degree": ("度中心性", "degree"),
    "coresponsibility_degree": ("共同责任度(与之共担任务的单位数)",
                                "co-responsibility degree (number of units it shares a task with)"),
    "pagerank": ("PageRank 值", "PageRank"), "proj_betweenness": ("投影网络中介中心性", "projection betweenness"),
    "effective_size": ("有效规模", "effective size"), "weighted_degree": ("加权度", "weighted degree"),
    "svd_score": ("奇异向量得分", "SVD authority score"), "proj_eigenvector": ("特征向量中心性", "eigenvector centrality"),
}


def _measure(name: str, lang: str) -> str:
    if name in _MEASURES:
        return _MEASURES[name][lang == "en"]
    return name.replace("_", " ") if lang == "en" else name


def _join(items: list[str], lang: str) -> str:
    if lang == "zh":
        return "、".join(items)
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def _num(x) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def _n(count: int, word: str) -> str:
    """``1 task``, ``2 tasks``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _pct(level: float) -> str:
    return f"{level * 100:g}%"


def _data(plan: Plan, lang: str) -> str:
    a = plan.assignments
    n_lead = int((a["role"] == "lead").sum())
    n_support = int((a["role"] == "support").sum())
    n_tasks, n_units = len(plan.tasks), len(plan.units)
    if lang == "en":
        return (f"The plan was read into a two-mode network of {_n(n_tasks, 'task')} and "
                f"{_n(n_units, 'responsible unit')}, linked by {n_lead} lead and {n_support} "
                "support assignments.")
    return (f"将方案整理为任务—单位二部网络,共{n_tasks}项任务、{n_units}个责任单位,"
            f"牵头{n_lead}项次、配合{n_support}项次。")


def _fdsm_sampling(at: Mapping, lang: str) -> str:
    if lang == "en":
        return (f"{at['draws']} random plans with the observed degrees, drawn by global curveball "
                f"trades (Strona et al., 2014; Carstens et al., 2018) along one Markov chain "
                f"({at['burn_in']} rounds of burn-in, then one draw every {at['steps']} rounds; "
                f"seed {at['seed']})")
    return (f"以全局 curveball 交换(Strona 等, 2014;Carstens 等, 2018)沿一条马尔可夫链抽取的"
            f"{at['draws']}个保持观测度序列的随机方案(预热{at['burn_in']}轮,此后每{at['steps']}轮"
            f"取一个;随机种子{at['seed']})")


def _backbone(at: Mapping, lang: str, first: bool = True) -> tuple[str, list[str]]:
    refs = ["neal2014"]
    corr, refs = _CORRECTION[at["correction"]][lang == "en"], refs + _CORRECTION[at["correction"]][2]
    layer = at.get("layer")
    if at["model"] == "sdsm":
        refs += ["saracco2015", "saracco2017"]
    else:
        refs += ["neal2021", "strona2014", "carstens2018", "phipson2010"]
    if lang == "en":
        what = {None: "the number of tasks they share (in any role)",
                "lead": "the number of tasks both units lead",
                "lead_support": "the number of tasks in which the first unit leads and the second "
                                "supports (ordered pairs; the lead and the support layers have "
                                "independent null models)"}[layer]
        s = ("To identify ties between units that are stronger than their numbers of tasks alone "
             f"would produce, we extracted the backbone of the unit projection, counting for each "
             f"pair {what}. ") if first else f"We repeated the test counting for each pair {what}. "
        if at["model"] == "sdsm":
            s += ("We used the stochastic degree sequence model (SDSM; Neal, 2014), with the "
                  "probability of each task–unit link given by the bipartite configuration model "
                  "(BiCM; Saracco et al., 2015, 2017); a pair's p-value is the probability of "
                  "sharing at least the observed number of tasks, computed exactly from the "
                  "Poisson-binomial distribution. ")
        else:
            s += ("We used the fixed degree sequence model (FDSM; Neal, 2014; Neal et al., 2021): "
                  f"a pair's p-value is estimated from {_fdsm_sampling(at, lang)}, as "
                  "(1 + b) / (1 + B), where b of the B random plans give the pair at least the "
                  "observed number of shared tasks (Phipson & Smyth, 2010). ")
        if at["signed"]:
            s += ("Ties were tested in both directions, with two-sided p-values, so that pairs "
                  "sharing fewer tasks than expected are identified too. ")
        s += (f"Over all {at['n_tests']} unit pairs we {corr} at α = {_num(at['alpha'])}. ")
        if at["signed"]:
            s += (f"Of the {at['n_pairs']} pairs tested, {at['n_significant']} were significant "
                  f"({at['n_positive']} positive, {at['n_negative']} negative).")
        else:
            s += (f"Of the {at['n_pairs']} pairs that share at least one task, "
                  f"{at['n_significant']} were retained in the backbone.")
        return s, refs
    what = {None: "共同承担(不论角色)的任务数",
            "lead": "共同牵头的任务数",
            "lead_support": "前者牵头、后者配合的任务数(有序单位对;牵头层与配合层分别设定零模型)"}[layer]
    s = (f"为识别超出各单位任务数所能解释水平的合作关系,提取单位投影网络的骨干,对每对单位统计其{what}。"
         if first else f"另以每对单位{what}重复检验。")
    if at["model"] == "sdsm":
        s += ("采用随机度序列模型(SDSM;Neal, 2014),任务与单位之间各条连边的概率由二部配置模型"
              "(BiCM;Saracco 等, 2015, 2017)给出;每对单位的 p 值为其共同任务数不少于观测值的概率,"
              "按泊松二项分布精确计算。")
    else:
        s += (f"采用固定度序列模型(FDSM;Neal, 2014;Neal 等, 2021),p 值由{_fdsm_sampling(at, lang)}"
              "估计,即 (1 + b) / (1 + B),其中 B 为随机方案数,b 为其中该单位对共同任务数不少于"
              "观测值的个数(Phipson & Smyth, 2010)。")
    if at["signed"]:
        s += "检验为双侧,共同任务数显著少于预期的单位对也一并识别。"
    s += f"对全部{at['n_tests']}对单位,{corr},显著性水平 α = {_num(at['alpha'])}。"
    if at["signed"]:
        s += (f"检验的{at['n_pairs']}对单位中,{at['n_significant']}对显著"
              f"(正向{at['n_positive']}对,负向{at['n_negative']}对)。")
    else:
        s += f"在至少共同承担一项任务的{at['n_pairs']}对单位中,{at['n_significant']}对进入骨干网络。"
    return s, refs


def _null_scores(df: pd.DataFrame, lang: str) -> tuple[str, list[str]]:
    at = df.attrs
    refs = ["borgatti1997", "strona2014", "carstens2018", "phipson2010"]
    if "constraint" in at["measures"]:
        refs.append("burt1992")
    names = _join([_measure(m, lang) for m in at["measures"]], lang)
    sig = df[(df["p_value"] < 0.05)]
    n_sig = sig["unit"].nunique()
    if lang == "en":
        return (f"To ask whether units hold positions beyond what their numbers of tasks explain, "
                f"we compared each unit's {names} (Borgatti & Everett, 1997"
                f"{'; Burt, 1992' if 'constraint' in at['measures'] else ''}) with their "
                f"distribution in {_fdsm_sampling(at, lang)}, which keep every task's number of "
                "units and every unit's numbers of lead and support tasks; we report z-scores "
                "against the mean and standard deviation of the random plans and two-sided "
                "empirical p-values (Phipson & Smyth, 2010). "
                f"Of the {at['n_units']} units, {n_sig} differ from the null model on at least "
                "one measure at p < 0.05 (uncorrected).", refs)
    return (f"为判断单位的网络位置是否超出其任务数所能解释的水平,将各单位的{names}"
            f"(Borgatti & Everett, 1997{';Burt, 1992' if 'constraint' in at['measures'] else ''})"
            f"与{_fdsm_sampling(at, lang)}中的分布比较;随机方案保持每项任务的单位数及每个单位的"
            "牵头、配合任务数不变。报告相对随机方案均值与标准差的 z 值及双侧经验 p 值"
            f"(Phipson & Smyth, 2010)。{at['n_units']}个单位中有{n_sig}个至少在一项指标上"
            "与零模型差异显著(p < 0.05,未校正)。", refs)


def _bootstrap(at: Mapping, lang: str) -> tuple[str, list[str]]:
    if at["analysis"] == "bootstrap_workload":
        what_en, what_zh = "each unit's share of the workload", "各单位工作量占比"
    else:
        m = at["measure"]
        what_en = f"each unit's {_measure(m, 'en')} and its rank among units"
        what_zh = f"各单位{_measure(m, 'zh')}及其排名"
    if lang == "en":
        return (f"Uncertainty in {what_en} was estimated by resampling the {at['n_tasks']} tasks "
                f"with replacement ({at['reps']} bootstrap replicates, seed {at['seed']}), "
                f"giving {_pct(at['level'])} percentile intervals (Efron & Tibshirani, 1993).",
                ["efron1993"])
    return (f"{what_zh}的不确定性以对{at['n_tasks']}项任务的有放回重抽样估计"
            f"({at['reps']}次自助法重复,随机种子{at['seed']}),给出{_pct(at['level'])}百分位区间"
            "(Efron & Tibshirani, 1993)。", ["efron1993"])


def _software(version: str, lang: str) -> str:
    py = platform.python_version()
    if lang == "en":
        return f"All analyses were run with yjgraph {version} in Python {py}."
    return f"以上分析均使用 yjgraph {version}(Python {py})完成。"


def _collect(obj) -> tuple[Plan | None, list[pd.DataFrame]]:
    if isinstance(obj, Plan):
        return obj, []
    if isinstance(obj, pd.DataFrame):
        return None, [obj]
    if hasattr(obj, "plan") and isinstance(obj.plan, Plan):  # an Analysis
        found = [v for v in vars(obj).values() if isinstance(v, pd.DataFrame)]
        return obj.plan, found
    if isinstance(obj, Mapping):
        obj = list(obj.values())
    if isinstance(obj, Iterable) and not isinstance(obj, str):
        plan, results = None, []
        for item in obj:
            p, r = _collect(item)
            plan = plan or p
            results += r
        return plan, results
    raise TypeError(f"methods_text needs a Plan, an analysis table or a list of them, "
                    f"not {type(obj).__name__}")


def methods_text(plan_or_results, lang: str = "zh", *, references: bool = True) -> str:
    """The methods paragraph for a paper, with its references.

    Parameters
    ----------
    plan_or_results : Plan, DataFrame, Analysis, or a list or dict of them
        Tables returned by :func:`yjgraph.backbone`, :func:`yjgraph.null_scores`,
        :func:`yjgraph.bootstrap_workload` or :func:`yjgraph.bootstrap_centrality`
        (their ``attrs`` hold the parameters), optionally with the plan (for
        its counts). A plan given alone gets the default SDSM backbone.
    lang : {"zh", "en"}
    references : bool
        Append the references cited.

    Returns
    -------
    str
        One paragraph per analysis, then the software version, then
        ``参考文献`` / ``References``.

    Examples
    --------
    >>> plan = yjgraph.load_example()
    >>> text = yjgraph.methods_text([plan, yjgraph.backbone(plan)], lang="en")
    >>> print(text.split(". ")[0])
    The plan was read into a two-mode network of 86 tasks and 34 responsible units, linked by 158 lead and 133 support assignments
    >>> "Benjamini, Y., & Hochberg, Y. (1995)" in text
    True
    >>> print(yjgraph.methods_text(plan).splitlines()[0][:22])
    将方案整理为任务—单位二部网络,共86项任务
    """
    check_lang(lang)
    plan, results = _collect(plan_or_results)
    known = ("backbone", "null_scores", "bootstrap_workload", "bootstrap_centrality")
    results = [r for r in results if r.attrs.get("analysis") in known]
    if plan is None and not results:
        raise ValueError("nothing to describe: give a Plan or tables from yjgraph.backbone, "
                         "null_scores, bootstrap_workload or bootstrap_centrality")
    if plan is not None and not results:
        from .analysis.backbone import backbone

        results = [backbone(plan)]
    paragraphs, cited, n_backbones = [], [], 0
    if plan is not None:
        paragraphs.append(_data(plan, lang))
    for r in results:
        kind = r.attrs["analysis"]
        if kind == "backbone":
            text, refs = _backbone(r.attrs, lang, first=not n_backbones)
            n_backbones += 1
        elif kind == "null_scores":
            text, refs = _null_scores(r, lang)
        else:
            text, refs = _bootstrap(r.attrs, lang)
        paragraphs.append(text)
        cited += [k for k in refs if k not in cited]
    from . import __version__

    versions = {r.attrs.get("version") for r in results} - {None}
    paragraphs.append(_software(", ".join(sorted(versions)) or __version__, lang))
    sep = "" if lang == "zh" else " "
    out = sep.join(paragraphs)
    if references:
        head = "参考文献" if lang == "zh" else "References"
        out += "\n\n" + head + "\n\n" + "\n".join(REFERENCES[k] for k in sorted(cited))
    return out
