"""The interface every model family implements, and loading a saved model folder.

A family is trained with ``fit(train, dev, scorer)``, predicts calibrated class
probabilities with ``predict_proba(texts, targets)`` (texts already carry the target
marked, see :func:`pipeline.training.examples.model_inputs`), and round-trips through
``save(path)`` / ``load(path)``. ``model.json`` in the folder names the family.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from pipeline.errors import TrainingError
from pipeline.io import write_json
from pipeline.training.examples import Example

# family name -> "module:Class"; imported lazily so that the sklearn family never loads torch.
FAMILIES: dict[str, str] = {
    "sklearn": "pipeline.training.family_sklearn:SklearnModel",
    "frozen": "pipeline.training.family_frozen:FrozenEncoderModel",
    "finetune": "pipeline.training.family_finetune:FineTunedModel",
}
MODEL_FILE = "model.json"

Scorer = Callable[[list[str], np.ndarray, list[Example]], float]
"""``scorer(labels, probs, dev_examples) -> score`` used for model selection on dev (higher is better)."""


class StanceModel(Protocol):
    family: str
    labels: list[str]
    temperature: float

    def fit(
        self, train: list[Example], dev: list[Example] | None = None, scorer: Scorer | None = None
    ) -> Any: ...

    def predict_proba(self, texts: list[str], targets: list[str]) -> np.ndarray: ...

    def save(self, path: Path) -> None: ...

    @classmethod
    def load(cls, path: Path) -> Any: ...


def family_class(name: str) -> Any:
    if name not in FAMILIES:
        raise TrainingError("E304", name=name, known=sorted(FAMILIES))
    module, _, cls = FAMILIES[name].partition(":")
    return getattr(importlib.import_module(module), cls)


def make_model(family: str, params: dict[str, Any]) -> StanceModel:
    """A fresh, untrained model of ``family`` with ``params`` from the config's [model] section."""
    model: StanceModel = family_class(family)(**params)
    return model


def write_model_json(
    path: Path, family: str, labels: list[str], temperature: float, params: dict[str, Any]
) -> None:
    write_json(
        path / MODEL_FILE, {"family": family, "labels": labels, "temperature": temperature, "params": params}
    )


def read_model_json(path: Path) -> dict[str, Any]:
    file = Path(path) / MODEL_FILE
    if not file.exists():
        raise TrainingError("E303", path=path, what=MODEL_FILE)
    data: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
    return data


def load_model(path: str | Path) -> StanceModel:
    """Load any saved model folder (``models/NAME``).

    A folder that holds a model card but no weights (committed for the record, weights
    left out) is reported with the command that trains it.
    """
    info = read_model_json(Path(path))
    try:
        model: StanceModel = family_class(info["family"]).load(Path(path))
    except TrainingError as exc:
        if exc.code != "E303":
            raise
        training = Path(path) / "training.json"
        config = json.loads(training.read_text(encoding="utf-8")).get("config") if training.exists() else None
        if not config:
            raise
        out = "" if Path(path).name == Path(config).stem else f" --out {path}"
        raise TrainingError("E306", path=path, what=exc.detail.get("what"), config=config, out=out) from exc
    return model


def label_indices(examples: list[Example], labels: list[str]) -> np.ndarray:
    index = {lab: i for i, lab in enumerate(labels)}
    return np.asarray([index[e.label] for e in examples], dtype=int)
