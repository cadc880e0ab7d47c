"""yjgraph whatif / compare / rebalance: thin commands over edit, compare and rebalance."""

from __future__ import annotations

import pandas as pd
import pytest

import yjgraph
from yjgraph.cli import main
from yjgraph.whatif import apply_specs


def _read(path):
    return pd.read_csv(path, encoding="utf-8-sig", dtype={"task_id": str})


def test_whatif_writes_the_changes(tmp_path, seed_plan, capsys):
    out = tmp_path / "w"
    code = main(["whatif", "-o", str(out), "--merge", "区经济科技信息化局,投资促进局=区经济科技信息化局",
                 "--move", "1:商务局>区财政局", "--lang", "en"])
    assert code == 0
    for name in ("changes.csv", "task_changes.csv", "pair_changes.csv", "change.png", "change.svg",
                 "index.html"):
        assert (out / name).stat().st_size > 0, name
    after = apply_specs(seed_plan, merge=["区经济科技信息化局,区投资促进局=区经济科技信息化局"],
                        move=["1:区商务局>区财政局"])
    changes = _read(out / "changes.csv").set_index("unit")
    wl = yjgraph.workload(after)
    assert changes["load_after"].dropna().sort_index().to_dict() == wl["load"].sort_index().to_dict()
    assert changes.loc["区投资促进局", "status"] == "removed"
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "task 1: lead 区商务局 → 区财政局" in page and "change.svg" in page
    assert "merged into" in capsys.readouterr().out


def test_compare_two_files(tmp_path):
    old = yjgraph.example_path()
    new = tmp_path / "new.txt"
    # the next year's plan: 区投资促进局 folded into 区商务局 in the text itself
    new.write_text(old.read_text(encoding="utf-8").replace("区投资促进局", "区商务局"), encoding="utf-8")
    out = tmp_path / "c"
    assert main(["compare", str(old), str(new), "-o", str(out)]) == 0
    changes = _read(out / "changes.csv").set_index("unit")
    assert changes.loc["区投资促进局", "status"] == "removed"
    wl_new = yjgraph.workload(yjgraph.read_plan(new))
    assert changes.loc["区商务局", "load_after"] == wl_new.loc["区商务局", "load"]
    assert changes.loc["区商务局", "load_change"] > 0


def test_rebalance_moves_csv(tmp_path, seed_plan):
    out = tmp_path / "r"
    staff = tmp_path / "staff.csv"
    units = seed_plan.units["unit"].tolist()
    pd.DataFrame({"unit": units, "staff": [10 + i % 7 for i in range(len(units))]}).to_csv(
        staff, index=False)
    assert main(["rebalance", "-o", str(out), "--max-moves", "3", "--allow", "both",
                 "--capacity", str(staff)]) == 0
    moves = _read(out / "moves.csv")
    assert moves.columns.tolist() == ["task_id", "chapter_no", "role", "unit_from", "unit_to",
                                      "load_from_before", "load_from_after", "load_to_before",
                                      "load_to_after", "reason"]
    assert 0 < len(moves) <= 3
    after = seed_plan
    for m in moves.itertuples(index=False):
        after = after.reassign(m.task_id, m.unit_from, to=m.unit_to)
    wl = yjgraph.workload(after)
    assert (wl.loc[moves["unit_from"], "load"].to_numpy() == moves["load_from_after"].to_numpy()).all()
    assert (wl.loc[moves["unit_to"], "load"].to_numpy() == moves["load_to_after"].to_numpy()).all()
    assert (out / "changes.csv").exists() and (out / "change.png").exists()


@pytest.mark.parametrize("argv, message", [
    (["whatif"], "give at least one edit"),
    (["whatif", "--merge", "区商务局"], "expected 'A,B=C'"),
    (["whatif", "--move", "1:区体育局>区财政局"], "not named in task 1"),
    (["whatif", "--remove", "区不存在局"], "no unit"),
])
def test_errors_are_one_line(tmp_path, capsys, argv, message):
    assert main([*argv, "-o", str(tmp_path / "x")]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
