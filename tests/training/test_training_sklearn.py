"""The scikit-learn family: estimator checks, save/reload, and train() end to end on tiny data."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from pipeline.training.examples import Example, model_inputs
from pipeline.training.families import load_model
from pipeline.training.family_sklearn import SklearnModel
from pipeline.training.sklearn_stance import TargetStanceClassifier
from pipeline.training.trainer import evaluate_model, train

FAVOR = ["is a lifeline for", "strengthens", "brings real speed to", "is a force multiplier for"]
AGAINST = ["is failing", "undermines", "has become irrelevant to", "is in deep crisis over"]
NEUTRAL = ["met in Brussels with", "published a report on", "held talks about", "announced a summit on"]
TARGETS = ["NATO", "the EU", "AUKUS"]


def tiny_claims(n_docs: int = 12) -> list[dict[str, object]]:
    rows = []
    for d in range(n_docs):
        for j, (label, phrases) in enumerate((("favor", FAVOR), ("against", AGAINST), ("neutral", NEUTRAL))):
            target = TARGETS[(d + j) % 3]
            text = f"{target} {phrases[(d + j) % 4]} the eastern flank states."
            rows.append(
                {
                    "doc_id": f"doc{d}",
                    "claim_id": f"doc{d}-c{j}",
                    "text": text,
                    "targets": [{"id": target, "text": target, "stance": label}],
                    "is_claim": True,
                    "checkworthy": int(label != "neutral"),
                    "split": "train",
                }
            )
    return rows


@pytest.fixture
def claims_file(tmp_path: Path) -> Path:
    path = tmp_path / "claims.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in tiny_claims()), encoding="utf-8")
    return path


@pytest.mark.slow
@parametrize_with_checks([TargetStanceClassifier(min_target_examples=5)])
def test_sklearn_estimator_checks(estimator, check) -> None:  # type: ignore[no-untyped-def]
    check(estimator)


def test_per_target_models_and_text_input() -> None:
    x = [[f"{t} {p} us", t] for t in TARGETS for p in FAVOR + AGAINST] * 3
    y = (["favor"] * 4 + ["against"] * 4) * 9
    est = TargetStanceClassifier(min_target_examples=10).fit(x, y)
    assert sorted(est.target_models_) == sorted(TARGETS)
    assert est.predict([["NATO strengthens us", "NATO"]])[0] == "favor"
    assert est.predict(["the EU undermines us"])[0] == "against"  # 1-D text input: the global model
    proba = est.predict_proba([["NATO strengthens us", "NATO"]])
    assert proba.shape == (1, 2) and proba.sum() == pytest.approx(1.0)


def test_sklearn_model_reloads_and_predicts_the_same(tmp_path: Path) -> None:
    examples = [
        Example(
            text=r["text"], label=r["targets"][0]["stance"], target=r["targets"][0]["text"], group=r["doc_id"]
        )  # type: ignore[index]
        for r in tiny_claims()
    ]
    model = SklearnModel(c_grid=[1.0], min_target_examples=5).fit(examples[:30], examples[30:])
    model.save(tmp_path / "m")
    again = load_model(tmp_path / "m")
    texts, targets = model_inputs(examples)
    assert np.allclose(model.predict_proba(texts, targets), again.predict_proba(texts, targets))
    assert again.temperature == model.temperature > 0


@pytest.mark.slow
def test_train_writes_a_complete_model_folder(tmp_path: Path, claims_file: Path) -> None:
    config = tmp_path / "tiny.cfg"
    config.write_text(
        '[data]\ndataset = "claimscope"\ntask = "stance"\n\n'
        '[model]\nfamily = "sklearn"\nname = "tiny"\nversion = "0.1"\n\n'
        '[model.params]\nloss = "logreg"\nc_grid = [1.0, 10.0]\nmin_target_examples = 5\n\n'
        "[training]\nseed = 1\ncv_folds = 3\nlearning_curve = []\n\n[evaluation]\nbootstrap = 50\n"
    )
    out = tmp_path / "model"
    metrics = train(config, data=str(claims_file), out=out)
    for name in ("model.json", "labels.json", "metrics.json", "training.json", "config.cfg", "README.md"):
        assert (out / name).exists(), name
    info = json.loads((out / "training.json").read_text())
    assert len(info["data_version"]) == 16 and info["n_dev"] > 0
    assert metrics["cv"]["k"] == 3 and 0 <= metrics["cv"]["mean"] <= 100
    assert "f_avg" in (out / "README.md").read_text()
    report = evaluate_model(out, str(claims_file), tmp_path / "eval")
    assert report["official_metric"] == "f_avg" and report["f_avg"] > 80
    assert (tmp_path / "eval" / "confusion_matrix.png").exists()
    assert json.loads((tmp_path / "eval" / "metrics.json").read_text())["n"] == 36
