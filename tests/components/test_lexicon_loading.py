"""Rule stages read their lexicons in initialize(), not when the factory builds them."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from pipeline.errors import ConfigError
from pipeline.nlp import initialize_own


def test_the_factory_reads_nothing_initialize_reads_the_configured_file(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    missing = tmp_path / "hedges.json"
    hedging = nlp.add_pipe("claimscope_hedging", config={"lexicon_path": str(missing)})
    assert not hedging.ready  # the factory only stored the path
    with pytest.raises(ConfigError, match=r"\[E001\].*hedges.json"):
        hedging.initialize(nlp=nlp)
    missing.write_text('{"hedges": ["perhaps"]}', encoding="utf-8")
    hedging.initialize(nlp=nlp)
    assert hedging.ready and hedging.lexicon == {"hedges": ["perhaps"]}


def test_building_a_pipeline_initialises_the_claimscope_stages_once(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("claimscope_hedging")
    config = {"components": {"claimscope_hedging": {"factory": "claimscope_hedging"}}}
    initialize_own(nlp, config)
    hedging = nlp.get_pipe("claimscope_hedging")
    assert hedging.ready and hedging.lexicon  # the bundled lexicon
    lexicon = hedging.lexicon
    initialize_own(nlp, config)
    assert hedging.lexicon is lexicon  # initialised already: not read again
