"""The command line: each subcommand on the bundled plan and on files, and its errors."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import yjgraph
from yjgraph.cli import main


def test_parse_writes_the_tables_and_a_summary(tmp_path, capsys):
    assert main(["parse", str(yjgraph.example_path()), "-o", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "tasks 86 in 9 chapters and 33 sections; units 34" in out
    assert "158 lead, 133 support" in out
    a = pd.read_csv(tmp_path / "assignments.csv", encoding="utf-8-sig", dtype=str)
    assert {"task_id", "unit", "unit_raw", "role"} <= set(a.columns)
    assert len(a) == 291
    t = pd.read_csv(tmp_path / "tasks.csv", encoding="utf-8-sig", dtype=str)
    assert {"task_id", "chapter", "section", "title", "text"} <= set(t.columns)
    assert (tmp_path / "units.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for Excel
    assert (tmp_path / "findings.csv").exists()


def test_processed_data_matches_the_reader(tmp_path):
    """data/processed/ is what `yjgraph parse` writes today (regenerate: see data/README.md)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    assert (root / "data/raw/yanjiang_2022_chengdu_metro_plan.txt").read_bytes() == \
        yjgraph.example_path().read_bytes()
    plan = yjgraph.read_plan(root / "data/raw/yanjiang_2022_chengdu_metro_plan.txt")
    plan.to_csv(tmp_path)
    for name in ("tasks", "assignments", "units", "findings"):
        assert (tmp_path / f"{name}.csv").read_bytes() == (root / "data/processed" / f"{name}.csv").read_bytes(), name


def test_analyze_with_weights(tmp_path, capsys):
    assert main(["analyze", "-o", str(tmp_path), "--lead-weight", "2", "--support-weight", "1"]) == 0
    wl = pd.read_csv(tmp_path / "workload.csv", encoding="utf-8-sig").set_index("unit")
    assert {"n_lead", "n_support", "n_tasks", "load", "share", "overloaded"} <= set(wl.columns)
    assert (wl["load"] == 2 * wl["n_lead"] + wl["n_support"]).all()
    c = pd.read_csv(tmp_path / "centrality.csv", encoding="utf-8-sig")
    assert {"unit", "degree", "betweenness", "closeness"} <= set(c.columns)
    p = pd.read_csv(tmp_path / "coresponsibility.csv", encoding="utf-8-sig")
    assert {"unit_a", "unit_b", "shared_tasks"} <= set(p.columns)
    assert (tmp_path / "checks.csv").exists()
    sheets = pd.ExcelFile(tmp_path / "analysis.xlsx").sheet_names  # the planner's workbook
    assert {"工作量", "单位任务", "任务", "分工", "中心性", "共同责任", "检查"} <= set(sheets)
    assert "overloaded units:" in capsys.readouterr().out


def test_html_command(tmp_path):
    out = tmp_path / "net.html"
    assert main(["html", "-o", str(out), "--view", "units"]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "区发展改革局" in text
    assert not (tmp_path / "lib").exists()


@pytest.mark.slow
def test_figures_command(tmp_path):
    assert main(["figures", "-o", str(tmp_path), "--format", "png", "--lang", "en"]) == 0
    assert sorted(p.stem for p in tmp_path.glob("*.png")) == sorted(yjgraph.plot.FIGURES)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["parse", "no_such_plan.txt", "-o", "x"], "no_such_plan.txt: no such file"),
        (["analyze", "--capacity", "no_such.csv", "-o", "x"], "no_such.csv"),
    ],
)
def test_errors_are_one_line_and_nonzero(argv, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 1
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1 and err.startswith("yjgraph ")


def test_unsupported_file_and_strict_failures(tmp_path, capsys):
    bad = tmp_path / "plan.bin"
    bad.write_bytes(b"\x00\x01")
    assert main(["parse", str(bad), "-o", str(tmp_path / "o")]) == 1
    assert "plan.bin" in capsys.readouterr().err
    odd = tmp_path / "odd.txt"
    odd.write_text("一、甲\n1.没有单位。\n2.也没有。\n责任单位:区发改局\n", encoding="utf-8")
    assert main(["parse", str(odd), "--strict", "-o", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "line 2:" in err and "no_units" in err


def test_console_script_and_module_entry_points(tmp_path):
    r = subprocess.run([sys.executable, "-m", "yjgraph", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.startswith("yjgraph ")
    r = subprocess.run([sys.executable, "-m", "yjgraph", "frobnicate"], capture_output=True, text=True)
    assert r.returncode == 2 and "invalid choice" in r.stderr


def _program(*argv):
    """The installed ``yjgraph`` program (yjgraph.cli.run) with ``argv``, output piped."""
    code = f"import sys; from yjgraph.cli import run; sys.argv = {['yjgraph', *argv]!r}; run()"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          encoding="utf-8")


def test_the_program_writes_all_its_output(tmp_path):
    # its output to a pipe is all there, and errors are one line
    r = _program("parse", "-o", str(tmp_path))
    assert r.returncode == 0 and r.stderr == ""
    assert "tasks 86 in 9 chapters" in r.stdout and r.stdout.endswith("\n")
    assert len(pd.read_csv(tmp_path / "assignments.csv", encoding="utf-8-sig")) == 291
    r = _program("parse", str(tmp_path / "none.txt"), "-o", "x")
    assert r.returncode == 1 and r.stderr.startswith("yjgraph parse: error:")


def test_profilers_still_get_their_output(tmp_path):
    # python -m yjgraph exits in the orderly way, so cProfile can write its file
    prof = tmp_path / "run.prof"
    r = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "yjgraph",
                        "parse", "-o", str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 0 and prof.stat().st_size > 0


@pytest.mark.slow
def test_report_on_several_sources(tmp_path, capsys):
    docx = pytest.importorskip("docx")
    openpyxl = pytest.importorskip("openpyxl")
    d = docx.Document()
    for line in ["一、稳增长", "1.扩大投资。", "牵头单位:区发展改革局", "配合单位:区财政局、区商务局"]:
        d.add_paragraph(line)
    d.save(tmp_path / "a.docx")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "重点任务", "牵头单位", "配合单位"])
    ws.append(["1", "扩大投资。", "区发展改革局", "区财政局"])
    ws.append(["2", "促进消费。", "区商务局", "区发展改革局"])
    wb.save(tmp_path / "b.xlsx")
    out = tmp_path / "out"
    assert main(["report", str(tmp_path / "a.docx"), str(tmp_path / "b.xlsx"), "-o", str(out),
                 "--format", "png", "-q"]) == 0
    assert "tasks 3" in capsys.readouterr().out
    per_plan = pd.read_csv(out / "tables" / "workload_by_plan.csv", encoding="utf-8-sig").set_index("unit")
    assert per_plan.loc["区发展改革局"].tolist() == [1.0, 1.5]  # a: lead; b: lead + support
    assert per_plan.loc["区商务局"].tolist() == [0.5, 1.0]
    assert 'id="plans"' in (out / "index.html").read_text(encoding="utf-8")


def test_jobs_must_be_positive(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["figures", "--jobs", "0", "-o", "x"])
    assert exc.value.code == 2 and "--jobs" in capsys.readouterr().err


def test_analyze_a_plan_without_tasks(tmp_path):
    # the command refuses such a source (below); the library still writes its empty tables
    from yjgraph.analysis.run import analyze_to_dir

    empty = yjgraph.read_plan("某区重点任务责任分工方案\n\n本方案自印发之日起施行。\n")
    paths = analyze_to_dir(empty, tmp_path / "out")
    assert paths["xlsx"].exists()
    assert pd.read_csv(paths["workload"], encoding="utf-8-sig").empty


@pytest.mark.parametrize("command", ["parse", "analyze", "report"])
def test_a_source_without_tasks_fails_with_one_line(tmp_path, capsys, command):
    src = tmp_path / "notice.txt"
    src.write_text("这不是一个方案。\n只是一些文字。\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main([command, str(src), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no task could be read" in err[0] and "findings.csv" in err[0]
    if command == "parse":  # the findings say why
        assert "no_tasks" in pd.read_csv(out / "findings.csv", encoding="utf-8-sig")["kind"].tolist()
    else:  # nothing half-written
        assert not out.exists()


def test_a_mistyped_path_is_an_error(tmp_path, capsys):
    assert main(["parse", str(tmp_path / "typo.txt"), "-o", str(tmp_path / "o")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_warnings_unmatched_names_as_lines_others_passed_on_once(monkeypatch, capsys):
    import warnings

    from yjgraph import cli
    from yjgraph.model import UnmatchedNameWarning

    def warn(args):
        warnings.warn("capacity given for 区体育局", UnmatchedNameWarning, stacklevel=2)
        warnings.warn("something else", UserWarning, stacklevel=2)
        return 0

    monkeypatch.setattr(cli, "cmd_parse", warn)
    with pytest.warns(UserWarning, match="something else") as record:  # it once looped for ever
        assert main(["parse", "-o", "x"]) == 0
    assert [str(w.message) for w in record] == ["something else"]
    assert "yjgraph parse: warning: capacity given for 区体育局" in capsys.readouterr().err
