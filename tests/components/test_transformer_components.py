"""The transformer stages on a small doc: stance (with a tiny sklearn model folder), frames, check-worthiness."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from claim_docs import two_claim_doc
from spacy.language import Language
from spacy.tokens import Doc

import pipeline.components.checkworthiness
import pipeline.components.frame_encoder
import pipeline.components.stance_transformer  # noqa: F401  (registers the factories)
from pipeline.components.claim_draft import get_claims
from pipeline.errors import ConfigError, TrainingError
from pipeline.training.examples import Example
from pipeline.training.family_sklearn import SklearnModel

FAVOR = ["strengthens", "is a lifeline for", "helps", "reassures"]
AGAINST = ["undermines", "is failing", "weakens", "betrays"]


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    examples = []
    for i, target in enumerate(["NATO", "AUKUS", "the EU", "Washington"] * 3):
        for label, verbs in (("favor", FAVOR), ("against", AGAINST)):
            verb = verbs[i % 4]
            examples.append(
                Example(text=f"[{target}] {verb} the region.", label=label, target=target, group=str(i))
            )
    examples.append(Example(text="[NATO] met in Brussels.", label="neutral", target="NATO", group="n1"))
    examples.append(Example(text="[AUKUS] held a meeting.", label="neutral", target="AUKUS", group="n2"))
    path = tmp_path_factory.mktemp("stance") / "tiny-stance"
    SklearnModel(c_grid=[10.0], per_target=False).fit(examples).save(path)
    (path / "training.json").write_text('{"name": "tiny-stance", "version": "0.1", "task": "stance"}')
    return path


def make_doc(nlp: Language) -> Doc:
    return two_claim_doc(nlp, score=0.9)


@pytest.mark.parametrize("mode", ["replace", "ensemble", "fallback"])
def test_stance_transformer_modes(model_dir: Path, mode: str) -> None:
    nlp = spacy.blank("en")
    stage = nlp.add_pipe("claimscope_stance_transformer", config={"model_path": str(model_dir), "mode": mode})
    docs = list(stage.pipe([make_doc(nlp), make_doc(nlp)], batch_size=2))
    claims = [c for d in docs for c in get_claims(d)]
    stances = [c.targets[0]["stance"] for c in claims]
    assert stances == ["favor", "against"] * 2  # a neutral rule decision never blocks the model
    assert all(0.0 < c.targets[0]["score"] <= 1.0 for c in claims)
    assert claims[0].provenance["stance"].startswith("claimscope_stance_transformer@tiny-stance:0.1")


def test_stance_transformer_save_and_reload(model_dir: Path, tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("claimscope_stance_transformer", config={"model_path": str(model_dir), "mode": "replace"})
    before = [
        t["score"]
        for c in get_claims(nlp.get_pipe("claimscope_stance_transformer")(make_doc(nlp)))
        for t in c.targets
    ]
    nlp.to_disk(tmp_path / "nlp")
    again = spacy.load(tmp_path / "nlp")
    after = [
        t["score"]
        for c in get_claims(again.get_pipe("claimscope_stance_transformer")(make_doc(again)))
        for t in c.targets
    ]
    assert before == after


def test_bad_mode_and_missing_model_are_coded(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    with pytest.raises(ConfigError, match=r"\[E006\]"):
        nlp.add_pipe("claimscope_stance_transformer", config={"mode": "vote"})
    stage = nlp.add_pipe("claimscope_stance_transformer", config={"model_path": str(tmp_path / "none")})
    with pytest.raises(TrainingError, match=r"\[E303\].*claimscope train"):
        stage(make_doc(nlp))


def test_a_missing_model_fails_at_pipeline_build_whatever_the_hash_seed(tmp_path: Path) -> None:
    """spaCy's ListenedToComponent check reads protocol attributes in hash-seed order; it must
    never load (or fail to load) a model, and pipeline.load reports a missing one up front."""
    from spacy.ty import ListenedToComponent

    from pipeline.nlp import load
    from pipeline.paths import config_file

    legacy = config_file("legacy.cfg")  # the 0.x model stages
    nlp = spacy.blank("en")
    stage = nlp.add_pipe("claimscope_stance_transformer", config={"model_path": str(tmp_path / "none")})
    assert not isinstance(stage, ListenedToComponent)
    assert stage._model is None
    missing = {"components.claimscope_stance_transformer.model_path": str(tmp_path / "none")}
    with pytest.raises(
        TrainingError, match=r"\[E303\].*claimscope train --config configs/train/claimscope-stance.cfg"
    ):
        load(legacy, overrides=missing)
    frames = {"components.claimscope_frame_encoder.model_path": str(tmp_path / "no-head")}
    with pytest.raises(TrainingError, match=r"\[E303\].*claimscope-frames.cfg"):
        load(legacy, overrides=frames)
    # the default pipeline's shared model, the same way
    shared = {"components.claimscope_transformer.model_path": str(tmp_path / "none")}
    with pytest.raises(
        TrainingError, match=r"\[E303\].*claimscope train --config configs/train/claimscope-shared.cfg"
    ):
        load(overrides=shared)


@pytest.mark.slow
def test_frame_encoder_scores_frames_without_training(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    stage = nlp.add_pipe(
        "claimscope_frame_encoder", config={"threshold": 0.0, "top_k": 2, "combine": "replace"}
    )
    doc = stage(make_doc(nlp))
    frames = get_claims(doc)[0].frames
    assert len(frames) == 2 and frames[0]["score"] >= frames[1]["score"]
    assert {f["label"] for f in frames} <= set(stage.labels)
    stage.to_disk(tmp_path / "fe")
    assert (tmp_path / "fe" / "frames.jsonl").exists()


@pytest.mark.slow
def test_checkworthiness_fallback_scores_in_unit_interval(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    stage = nlp.add_pipe("claimscope_checkworthiness", config={"model_path": str(tmp_path / "none")})
    doc = stage(make_doc(nlp))
    scores = [c.checkworthiness for c in get_claims(doc)]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert get_claims(doc)[0].provenance["checkworthiness"].endswith(":similarity")


def test_a_side_needs_most_of_the_probability_mass():
    import numpy as np

    from pipeline.components.stance_transformer import StanceTransformer

    stage = StanceTransformer("s", "", "replace", 0.3, 0.75, 0.5, 8, 1)
    labels = ["against", "favor", "neutral"]
    unsure, sure = {"stance": "neutral", "score": 0.0}, {"stance": "neutral", "score": 0.0}
    stage._decide(unsure, labels, np.array([0.45, 0.35, 0.20]))
    stage._decide(sure, labels, np.array([0.70, 0.10, 0.20]))
    assert unsure["stance"] == "neutral" and sure["stance"] == "against"
    assert sure["score"] == 0.7
