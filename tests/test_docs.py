"""The documentation and the notebooks stay in step with the code.

- every public name is in the API reference;
- the command-line page lists exactly the subcommands and options of ``yjgraph``;
- every finding kind the reader can emit is explained on the layouts page;
- the notebooks are committed without outputs and use only the public API.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest

import yjgraph
import yjgraph.html
import yjgraph.plot

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _api_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((DOCS / "api").glob("*.md")))


@pytest.mark.parametrize(
    "module", [yjgraph, yjgraph.plot, yjgraph.html], ids=lambda m: m.__name__
)
def test_every_public_name_is_in_the_api_reference(module):
    documented = set(re.findall(r"^:::\s+([\w.]+)", _api_text(), flags=re.MULTILINE))
    last = {ident.rsplit(".", 1)[-1] for ident in documented}
    missing = [name for name in module.__all__ if name not in last]
    assert not missing, f"add `::: {module.__name__}.<name>` to docs/api/ for {missing}"


def test_api_reference_identifiers_exist():
    """Each ``::: a.b.c`` names an importable object (the build would fail otherwise)."""
    import importlib

    for ident in re.findall(r"^:::\s+([\w.]+)", _api_text(), flags=re.MULTILINE):
        parts = ident.split(".")
        for i in range(len(parts), 0, -1):
            try:
                obj = importlib.import_module(".".join(parts[:i]))
            except ImportError:
                continue
            for attr in parts[i:]:
                obj = getattr(obj, attr)
            break
        else:  # pragma: no cover - the loop always imports "yjgraph"
            raise AssertionError(ident)


# ----------------------------------------------------------------------------- CLI page


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    from yjgraph.cli import _parser

    for action in _parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no subcommands")


def _synopsis() -> dict[str, str]:
    """The synopsis block of docs/cli.md: subcommand -> its lines."""
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    block = re.search(r"```text\n(yjgraph parse.*?)```", text, flags=re.DOTALL).group(1)
    out: dict[str, str] = {}
    current = None
    for line in block.splitlines():
        m = re.match(r"yjgraph (\S+)", line)
        if m:
            current = m.group(1)
            out[current] = line
        elif line.strip() and current:
            out[current] += " " + line
    return out


def test_cli_page_lists_every_subcommand_and_option():
    synopsis = _synopsis()
    page = (DOCS / "cli.md").read_text(encoding="utf-8")
    commands = _subcommands()
    assert set(commands) <= set(synopsis), sorted(set(commands) - set(synopsis))
    for name, parser in commands.items():
        assert f"## `yjgraph {name}`" in page, name
        for action in parser._actions:
            longest = max(action.option_strings, key=len, default=None)
            if longest is None or longest == "--help":
                continue
            if longest == "--output":
                assert re.search(r"-o (DIR|FILE\.html|FILE\.csv)|\[-o OUT\]", synopsis[name]), name
                continue
            assert any(re.search(r"(?<![\w-])" + re.escape(o) + r"(?![\w-])", synopsis[name])
                       for o in action.option_strings), (name, longest)
            for choice in action.choices or ():
                assert choice in synopsis[name], (name, longest, choice)


def test_cli_page_documents_no_option_that_does_not_exist():
    commands = _subcommands()
    for name, line in _synopsis().items():
        if name not in commands:
            continue
        known = {o for a in commands[name]._actions for o in a.option_strings}
        for option in re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", line):
            assert option in known, (name, option)


# ----------------------------------------------------------------------------- findings


def test_every_finding_kind_is_explained():
    """Every kind the reader can write is a row of the table on docs/layouts.md."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "yjgraph/parse").glob("*.py"))
    kinds = set(re.findall(r'"kind":\s*"([a-z_]+)"', sources))
    kinds |= set(re.findall(r'\.add\([^,]+,\s*"([a-z_]+)"', sources))
    kinds |= set(re.findall(r'_finding\(\s*(?:[^,"]+,\s*)?"([a-z_]+)",\s*"(?:error|warning|info)"', sources))
    kinds |= set(re.findall(r'"(numbering_[a-z]+)"', sources))
    assert {"no_units", "not_text", "no_tasks", "numbering_repeat"} <= kinds
    page = (DOCS / "layouts.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| `([a-z_]+)` \| (error|warning|info) \|", page, flags=re.MULTILINE))
    missing = sorted(kinds - set(table))
    assert not missing, f"explain these finding kinds in docs/layouts.md: {missing}"


def test_finding_severities_on_the_page_match_the_reader():
    plan = yjgraph.read_plan(
        "一、甲\n1.第一项。\n责任单位:区发改局\n3.跳号。\n牵头单位:区教育局(筹\n4.没有单位。\n"
        "5.不认识。\n督导单位:区督查室\n"
    )
    page = (DOCS / "layouts.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| `([a-z_]+)` \| (error|warning|info) \|", page, flags=re.MULTILINE))
    seen = plan.findings[["kind", "severity"]].drop_duplicates()
    assert len(seen) >= 4
    for kind, severity in seen.itertuples(index=False):
        assert table.get(kind) == severity, kind


# ----------------------------------------------------------------------------- notebooks


def test_the_notebooks_are_numbered_in_sequence():
    names = [p.name[:3] for p in NOTEBOOKS]
    assert len(names) >= 5 and names == [f"{i:02d}_" for i in range(1, len(names) + 1)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_use_the_public_api_and_temporary_folders(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    # no private modules or names
    assert not re.search(r"yjgraph(\.\w+)*\._\w", code), path.name
    assert not re.search(r"from yjgraph\S* import .*\b_\w", code), path.name
    # every file written goes under a folder made by tempfile
    if re.search(r"\.(save|to_csv|to_excel|write_bytes|write_text)\(|save_figure|figures_to_dir", code):
        assert "tempfile.mkdtemp()" in code, path.name
