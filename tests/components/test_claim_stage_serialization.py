"""Save-and-reload: every claim stage, and the whole default pipeline, give the same output after a round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

import pipeline
from pipeline.components.claim_draft import ensure_extensions
from pipeline.records import claims_from_doc
from pipeline.types import Article

CONFIGS = Path(__file__).resolve().parents[2] / "configs"
# (stage, config it is in): the rule stages live in configs/rules.cfg since the default pipeline
# reads its stance, frames and type from the shared model.
CLAIM_STAGES = [
    ("claimscope_claim_segmenter", "default.cfg"),
    ("claimscope_attribution", "default.cfg"),
    ("claimscope_targets", "default.cfg"),
    ("claimscope_stance_rules", "rules.cfg"),
    ("claimscope_frame_rules", "rules.cfg"),
    ("claimscope_claim_type", "rules.cfg"),
    ("claimscope_hedging", "default.cfg"),
    ("claimscope_transformer", "default.cfg"),
]

TEXT = (
    "Paris regards regional mini-NATOs (especially AUKUS) as “Anglo-Saxon conspiracies”. "
    "John Bolton claimed that the president would withdraw the United States from NATO. "
    "Mini-lateralism may well be a force multiplier; NATO is arguably in crisis."
)


def claims(nlp) -> list[dict]:
    ensure_extensions()
    doc = nlp.make_doc(TEXT)
    doc._.article = Article(doc_id="d", source_path="d.txt", text=TEXT, author="Jane Doe")
    return [c.to_dict() for c in claims_from_doc(nlp(doc), "d")]


@pytest.fixture(scope="module")
def nlp():
    return pipeline.load()


@pytest.fixture(scope="module")
def rules_nlp():
    return pipeline.load(CONFIGS / "rules.cfg")


@pytest.mark.parametrize(("name", "config"), CLAIM_STAGES)
def test_stage_round_trips(nlp, rules_nlp, name, config, tmp_path):
    nlp = rules_nlp if config == "rules.cfg" else nlp
    component = nlp.get_pipe(name)
    component.to_disk(tmp_path / name)
    settings = {k: v for k, v in nlp.config["components"][name].items() if k != "factory"}
    fresh = nlp.create_pipe(name, config=settings)
    fresh.from_disk(tmp_path / name)
    for attr in ("lexicon", "types", "max_targets", "anaphor_pronouns", "anaphor_nouns", "runtime", "tag"):
        if hasattr(component, attr):
            assert getattr(fresh, attr) == getattr(component, attr)


def test_whole_pipeline_saves_and_reloads_with_same_claims(nlp, tmp_path):
    before = claims(nlp)
    assert before and any(c["speaker"]["kind"] == "reported" for c in before)
    nlp.to_disk(tmp_path / "nlp")
    reloaded = spacy.load(tmp_path / "nlp")
    assert claims(reloaded) == before
