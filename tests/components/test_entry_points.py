"""Every claimscope_* factory is registered through a spacy_factories entry point, and only those."""

from __future__ import annotations

import re
from importlib.metadata import entry_points
from pathlib import Path

import spacy

COMPONENTS = Path(__file__).resolve().parents[2] / "pipeline" / "components"
FACTORY = re.compile(r'@Language\.factory\(\s*"(claimscope_[a-z_]+)"')


def test_every_factory_has_an_entry_point() -> None:
    declared = {name for path in COMPONENTS.glob("*.py") for name in FACTORY.findall(path.read_text("utf-8"))}
    points = {
        ep.name: ep.value for ep in entry_points(group="spacy_factories") if ep.name.startswith("claimscope_")
    }
    assert declared == set(points), "add the factory to [project.entry-points.spacy_factories] and reinstall"
    for name, value in points.items():
        module = value.split(":")[0].rsplit(".", 1)[-1]
        assert name in FACTORY.findall((COMPONENTS / f"{module}.py").read_text("utf-8"))


def test_a_blank_pipeline_finds_a_factory_without_importing_the_package_first() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("claimscope_hedging")  # resolved through the entry point
    assert nlp.pipe_names == ["claimscope_hedging"]
