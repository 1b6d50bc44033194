"""Frozen-encoder and fine-tuned families on tiny data: they learn, and reload to the same predictions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pipeline.errors import MissingPackageError
from pipeline.training.encoder import require
from pipeline.training.examples import Example, model_inputs
from pipeline.training.families import load_model

FAVOR = ["strengthens", "is a lifeline for", "reassures", "protects"]
AGAINST = ["undermines", "is failing", "weakens", "betrays"]


def tiny() -> list[Example]:
    out = []
    for i, target in enumerate(["NATO", "AUKUS", "the EU", "Washington"] * 2):
        out.append(
            Example(
                text=f"[{target}] {FAVOR[i % 4]} its allies.", label="favor", target=target, group=f"f{i}"
            )
        )
        out.append(
            Example(
                text=f"[{target}] {AGAINST[i % 4]} its allies.", label="against", target=target, group=f"a{i}"
            )
        )
    return out


def test_missing_package_names_the_pip_line() -> None:
    with pytest.raises(MissingPackageError, match=r"\[E003\].*pip install no-such-pkg==1.0"):
        require("no_such_module_xyz", "no-such-pkg==1.0")


@pytest.mark.slow
def test_frozen_family_learns_and_reloads(tmp_path: Path) -> None:
    from pipeline.training.family_frozen import FrozenEncoderModel

    data = tiny()
    model = FrozenEncoderModel(c_grid=[10.0]).fit(data[:12], data[12:])
    texts, targets = model_inputs(data)
    probs = model.predict_proba(texts, targets)
    accuracy = np.mean([model.labels[i] == e.label for i, e in zip(probs.argmax(1), data, strict=True)])
    assert accuracy >= 0.75
    model.save(tmp_path / "frozen")
    assert (tmp_path / "frozen" / "head.npz").stat().st_size < 50_000  # small enough to commit
    assert np.allclose(load_model(tmp_path / "frozen").predict_proba(texts, targets), probs, atol=1e-5)


@pytest.mark.slow
def test_finetune_family_runs_and_reloads(tmp_path: Path) -> None:
    from pipeline.training.family_finetune import FineTunedModel

    data = tiny()
    model = FineTunedModel(epochs=1, batch_size=8, max_length=32).fit(data[:12], data[12:])
    texts, targets = model_inputs(data)
    probs = model.predict_proba(texts, targets)
    assert probs.shape == (16, 2) and np.allclose(probs.sum(1), 1.0, atol=1e-5)
    model.save(tmp_path / "ft")
    assert np.allclose(load_model(tmp_path / "ft").predict_proba(texts, targets), probs, atol=1e-4)


@pytest.mark.slow
def test_frame_head_trains_and_reloads(tmp_path: Path) -> None:
    import json

    from pipeline.training.frame_head import FrameHead, train_frame_head

    rows = []
    for i in range(12):
        frame = ["alliance-crisis", "burden-sharing"][i % 2]
        text = ["The alliance is falling apart in crisis.", "Allies must pay more for their own defence."][
            i % 2
        ]
        rows.append({"doc_id": f"d{i}", "text": f"{text} ({i})", "frames": [frame], "is_claim": True})
    path = tmp_path / "claims.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    metrics = train_frame_head(path, tmp_path / "head", folds=3, test_path=path)
    assert metrics["test"]["f1"] == 1.0 and len(metrics["cv_micro_f1"]["folds"]) == 3
    head = FrameHead.load(tmp_path / "head")
    assert head.labels == ["alliance-crisis", "burden-sharing"] and head.coef_.shape == (2, 384)
