"""The shipped configs load, and configs/rules.cfg stays default.cfg minus the model stages."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.nlp import read_config

CONFIGS = Path(__file__).resolve().parent.parent / "configs"
SHARED_STAGES = {
    "claimscope_transformer",
    "claimscope_stance_head",
    "claimscope_frame_head",
    "claimscope_type_head",
    "claimscope_checkworthiness_head",
}
RULE_STAGES = {"claimscope_stance_rules", "claimscope_frame_rules", "claimscope_claim_type"}
LEGACY_MODEL_STAGES = {
    "claimscope_stance_transformer",
    "claimscope_frame_encoder",
    "claimscope_checkworthiness",
}


def test_rules_config_is_default_with_rule_stages_for_the_model():
    default, rules = read_config(CONFIGS / "default.cfg"), read_config(CONFIGS / "rules.cfg")
    assert set(default["nlp"]["pipeline"]) >= SHARED_STAGES
    # the default keeps the rule frames (two cues or more) before the frame head
    assert [p for p in default["nlp"]["pipeline"] if p not in SHARED_STAGES | RULE_STAGES] == [
        p for p in rules["nlp"]["pipeline"] if p not in RULE_STAGES
    ]
    for name in set(rules["nlp"]["pipeline"]) & set(default["nlp"]["pipeline"]):
        assert rules["components"][name] == default["components"][name], name
    assert rules["claimscope"] == default["claimscope"]


def test_legacy_config_is_rules_plus_the_old_model_stages():
    legacy, rules = read_config(CONFIGS / "legacy.cfg"), read_config(CONFIGS / "rules.cfg")
    assert [p for p in legacy["nlp"]["pipeline"] if p not in LEGACY_MODEL_STAGES] == rules["nlp"]["pipeline"]
    for name in rules["nlp"]["pipeline"]:
        if name == "claimscope_claim_segmenter":  # legacy keeps the 0.x nested quotation claims
            assert legacy["components"][name].pop("nested_quotes") is True
            assert rules["components"][name].pop("nested_quotes") is False
        if name != "claimscope_frame_rules":  # legacy keeps the 0.x setting: one cue is enough
            assert rules["components"][name] == legacy["components"][name], name


def test_missing_config_is_a_coded_error(tmp_path):
    with pytest.raises(ConfigError, match=r"\[E001\]"):
        read_config(tmp_path / "nope.cfg")


def test_broken_config_is_a_coded_error(tmp_path):
    bad = tmp_path / "bad.cfg"
    bad.write_text("[nlp\npipeline = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[E002\]"):
        read_config(bad)
