"""The top-level package: every public name resolves, and importing it is light."""

from __future__ import annotations

import subprocess
import sys

import yjgraph


def test_every_public_name_resolves_to_its_module():
    for name in yjgraph.__all__:
        obj = getattr(yjgraph, name)
        assert obj is getattr(sys.modules[f"yjgraph.{yjgraph._ORIGIN[name]}"], name), name
    assert set(dir(yjgraph)) >= set(yjgraph.__all__) | {"plot", "analysis", "__version__"}
    assert len(dir(yjgraph)) == len(set(dir(yjgraph)))


def test_top_level_analyses_are_those_of_yjgraph_analysis():
    import yjgraph.analysis

    listed = {k for k, v in yjgraph._ORIGIN.items() if v == "analysis"}
    assert listed == set(yjgraph.analysis.__all__)


def test_unknown_names_raise_attribute_error():
    try:
        yjgraph.no_such_thing  # noqa: B018
    except AttributeError as err:
        assert "no_such_thing" in str(err)
    else:
        raise AssertionError("no error")


def test_import_is_light_and_star_import_works():
    # the command line starts its worker processes before the heavy imports
    code = ("import sys, yjgraph, yjgraph.cli; heavy = {'pandas', 'numpy', 'matplotlib'}; "
            "assert not heavy & set(sys.modules), heavy & set(sys.modules); "
            "from yjgraph import *; assert callable(read_plan) and callable(workload)")
    subprocess.run([sys.executable, "-c", code], check=True)
