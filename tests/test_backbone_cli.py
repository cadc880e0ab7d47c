"""``yjgraph backbone``: the CSV equals the library's table."""

from __future__ import annotations

import pandas as pd

import yjgraph
from yjgraph.cli import main


def test_backbone_command_writes_the_table(tmp_path, capsys):
    out = tmp_path / "sub" / "bb.csv"
    assert main(["backbone", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    got = pd.read_csv(out, encoding="utf-8-sig")
    ref = yjgraph.backbone(yjgraph.load_example())
    assert got.columns.tolist() == ref.columns.tolist()
    assert got["unit_a"].tolist() == ref["unit_a"].tolist()
    pd.testing.assert_series_equal(got["p_value"], ref["p_value"], check_dtype=False)
    text = capsys.readouterr().out
    assert "0 significant of 206 pairs (561 tested)" in text and str(out) in text


def test_backbone_command_options(tmp_path):
    out = tmp_path / "bb.csv"
    argv = ["backbone", str(yjgraph.example_path()), "-o", str(out), "--model", "fdsm",
            "--draws", "50", "--seed", "3", "--signed", "--layer", "lead", "--correction", "none",
            "--alpha", "0.1", "--significant-only"]
    assert main(argv) == 0
    got = pd.read_csv(out, encoding="utf-8-sig")
    ref = yjgraph.backbone(yjgraph.load_example(), model="fdsm", draws=50, seed=3, signed=True,
                           layer="lead", correction=None, alpha=0.1)
    ref = ref[ref.significant]
    assert len(got) == len(ref) > 0 and "sign" in got.columns
    assert got["p_value"].tolist() == ref["p_value"].tolist()


def test_backbone_command_errors(tmp_path, capsys):
    assert main(["backbone", "-o", str(tmp_path / "x.csv"), "--alpha", "2"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "yjgraph backbone: error: alpha must be between 0 and 1" in err
    assert main(["backbone", "-o", str(tmp_path / "x.csv"), "--model", "fdsm", "--draws", "0"]) == 1
    assert not (tmp_path / "x.csv").exists()
