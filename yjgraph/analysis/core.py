"""One analysis of one plan: every table computed once, on first use, and shared.

The command line, the report, the charts, the HTML network and the corpus
comparison all read an :class:`Analysis` instead of calling the analysis
functions again, so a quantity has one value wherever it is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from importlib import import_module

import pandas as pd

from .._docstrings import shared_doc
from ..graph import Biadjacency, biadjacency
from ..model import Plan, resolve_weights

# the modules (``yjgraph.analysis.workload`` etc. are functions in the package namespace)
_workload = import_module("yjgraph.analysis.workload")
_centrality = import_module("yjgraph.analysis.centrality")
_coresp = import_module("yjgraph.analysis.coresponsibility")
_checks = import_module("yjgraph.analysis.checks")
_sensitivity = import_module("yjgraph.analysis.sensitivity")

__all__ = ["Analysis", "analyze"]

#: The tables :meth:`Analysis.tables` returns (and ``yjgraph analyze`` writes), in order.
TABLES = ("workload", "workload_by_chapter", "concentration", "coresponsibility", "checks",
          "centrality")


@shared_doc
class Analysis:
    """The analyses of a plan, each computed once when first read.

    ``yjgraph.analyze(plan, ...)`` is this class. Every attribute below is
    the result of the analysis function of the same name, called with this
    object's weights, rule and capacity (the functions' documentation
    describes the columns).

    {{plan_weights}}
    rule, threshold, capacity
        The overload rule of :func:`yjgraph.analysis.workload`.
    seed : int
        Seed of community detection and of pivot sampling in centrality.

    Attributes
    ----------
    weights : dict
        The complete role weights.
    biadjacency : Biadjacency
        :func:`yjgraph.biadjacency` with these weights, which the tables
        below are computed from.
    unit_sums : DataFrame
        :func:`yjgraph.analysis.workload.unit_sums`: the load of each unit,
        which every other table, chart and page reads.
    workload, workload_by_chapter, concentration, lorenz, catch_all_groups,
    centrality, centralization, coresponsibility, lead_support, communities,
    density, checks, weight_sensitivity : DataFrame or Series

    Examples
    --------
    >>> a = yjgraph.analyze(yjgraph.load_example())
    >>> a.workload is a.workload  # computed once
    True
    >>> float(a.workload["load"].sum()) == float(a.unit_sums["load"].sum()) == 224.5
    True
    >>> yjgraph.analyze(yjgraph.load_example(), rule="tukey").workload.attrs["rule_name"]
    'tukey'
    """

    def __init__(self, plan: Plan, *, weights: Mapping[str, float] | None = None,
                 rule: str = "robust_z", threshold: float | None = None,
                 capacity: Mapping[str, float] | pd.Series | None = None, seed: int = 0) -> None:
        if rule not in _workload.RULES:
            raise ValueError(f"unknown overload rule {rule!r}; expected one of {sorted(_workload.RULES)}")
        self.plan = plan
        self.weights = resolve_weights(weights)
        self.rule = rule
        self.threshold = threshold
        self.capacity = capacity
        self.seed = seed

    def __repr__(self) -> str:
        done = [k for k in type(self).__dict__ if k in self.__dict__ and k != "plan"]
        return f"<Analysis of {self.plan.title!r}, weights {self.weights}; computed: {done}>"

    @cached_property
    def biadjacency(self) -> Biadjacency:
        return biadjacency(self.plan, weights=self.weights)

    # ------------------------------------------------------------- unit tables
    @cached_property
    def unit_sums(self) -> pd.DataFrame:
        return _workload.sums_of(self.biadjacency)

    @cached_property
    def workload(self) -> pd.DataFrame:
        return _workload.workload(self.plan, rule=self.rule, threshold=self.threshold,
                                  capacity=self.capacity, sums=self.unit_sums)

    @cached_property
    def workload_by_chapter(self) -> pd.DataFrame:
        return _workload.workload_by_chapter(self.plan, B=self.biadjacency)

    @cached_property
    def concentration(self) -> pd.Series:
        return _workload.concentration(self.plan, sums=self.unit_sums)

    @cached_property
    def lorenz(self) -> pd.DataFrame:
        return _workload.lorenz(self.plan, sums=self.unit_sums)

    @cached_property
    def catch_all_groups(self) -> pd.DataFrame:
        return _workload.catch_all_groups(self.plan, sums=self.unit_sums)

    # ---------------------------------------------------------- network tables
    @cached_property
    def centrality(self) -> pd.DataFrame:
        return _centrality.centrality(self.plan, seed=self.seed, B=self.biadjacency)

    @cached_property
    def centralization(self) -> pd.Series:
        return _centrality.centralization(self.plan, seed=self.seed, B=self.biadjacency)

    @cached_property
    def coresponsibility(self) -> pd.DataFrame:
        return _coresp.coresponsibility(self.plan, B=self.biadjacency)

    @cached_property
    def lead_support(self) -> pd.DataFrame:
        return _coresp.lead_support(self.plan, B=self.biadjacency)

    @cached_property
    def communities(self) -> pd.DataFrame:
        return _coresp.communities(self.plan, seed=self.seed, B=self.biadjacency)

    @cached_property
    def density(self) -> pd.Series:
        return _coresp.density(self.plan, B=self.biadjacency)

    @cached_property
    def checks(self) -> pd.DataFrame:
        return _checks.checks(self.plan, B=self.biadjacency)

    @cached_property
    def weight_sensitivity(self) -> pd.DataFrame:
        """The verdicts of this analysis (its weights, rule and capacity) as the reference."""
        return _sensitivity.weight_sensitivity(
            self.plan, lead_weight=self.weights["lead"], reference=self.weights, rule=self.rule,
            threshold=self.threshold, capacity=self.capacity)

    # ------------------------------------------------------------------ export
    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables ``yjgraph analyze`` writes, by name, as flat DataFrames.

        Examples
        --------
        >>> list(yjgraph.analyze(yjgraph.load_example()).tables())
        ['workload', 'workload_by_chapter', 'concentration', 'coresponsibility', 'checks', 'centrality']
        """
        return {name: self.table(name) for name in TABLES}

    def table(self, name: str) -> pd.DataFrame:
        """One table as written to a file: unit-indexed ones with ``unit`` as first column."""
        value = getattr(self, name)
        if name == "concentration":
            return value.rename_axis("measure").rename("value").reset_index()
        if isinstance(value, pd.Series):
            return value.rename("value").rename_axis(name).reset_index()
        if value.index.name is not None:
            return value.reset_index()
        return value


#: ``yjgraph.analyze(plan, *, weights=None, rule="robust_z", threshold=None,
#: capacity=None, seed=0)``: the analyses of a plan as one :class:`Analysis`.
analyze = Analysis
