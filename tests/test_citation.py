"""CITATION.cff and LICENSE agree with the package."""

from __future__ import annotations

from pathlib import Path

import pytest

import yjgraph

yaml = pytest.importorskip("yaml")  # PyYAML comes with the docs extra (mkdocs)
tomllib = pytest.importorskip("tomllib")  # Python >= 3.11

ROOT = Path(__file__).resolve().parents[1]


def test_citation_matches_the_package():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["cff-version"] == "1.2.0"
    assert str(cff["version"]) == yjgraph.__version__ == project["version"]
    assert cff["license"] == project["license"]["text"] == "MIT"
    assert cff["title"].startswith("yjgraph") and cff["authors"]


def test_license_is_mit():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n") and "Permission is hereby granted, free of charge" in text
