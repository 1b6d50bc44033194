"""The shipped configs load, and configs/rules.cfg stays default.cfg minus the model stages."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.nlp import read_config

CONFIGS = Path(__file__).resolve().parent.parent / "configs"
MODEL_STAGES = {"claimscope_stance_transformer", "claimscope_frame_encoder", "claimscope_checkworthiness"}


def test_rules_config_is_default_without_model_stages():
    default, rules = read_config(CONFIGS / "default.cfg"), read_config(CONFIGS / "rules.cfg")
    assert [p for p in default["nlp"]["pipeline"] if p not in MODEL_STAGES] == rules["nlp"]["pipeline"]
    for name in rules["nlp"]["pipeline"]:
        assert rules["components"][name] == default["components"][name], name
    assert rules["claimscope"] == default["claimscope"]


def test_missing_config_is_a_coded_error(tmp_path):
    with pytest.raises(ConfigError, match=r"\[E001\]"):
        read_config(tmp_path / "nope.cfg")


def test_broken_config_is_a_coded_error(tmp_path):
    bad = tmp_path / "bad.cfg"
    bad.write_text("[nlp\npipeline = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[E002\]"):
        read_config(bad)
