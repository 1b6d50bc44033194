"""A shared-encoder model folder: the fine-tuned encoder layers, the heads and their settings.

Folder layout (``models/claimscope-shared/``)::

    model.json           settings: base encoder, layers kept, max length, label sets, per-frame
                         thresholds, temperatures, review thresholds, name and version
    encoder.safetensors  the encoder parameters training changed (float16), loaded over the base
                         weights of the pip package; absent = the frozen base encoder
    heads.safetensors    the heads (float32)
    training.json, metrics.json, README.md   data versions, scores, model card

``SharedModel`` loads it for inference with the chosen runtime (``onnx-int8``, ``onnx``, ``torch``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import ConfigError, TrainingError
from pipeline.models.backends import (
    ENCODER_PIP_LINE,
    RUNTIMES,
    OnnxRuntime,
    TorchRuntime,
    build_torch,
    load_tokenizer,
    onnx_file,
    resolve_threads,
    set_threads,
)
from pipeline.models.encoder import ClaimInput, Encoded, Runtime, encode
from pipeline.models.heads import Heads

MODEL_FILE = "model.json"
ENCODER_WEIGHTS = "encoder.safetensors"
HEAD_WEIGHTS = "heads.safetensors"
FAMILY = "shared"


@dataclass
class BundleConfig:
    name: str = "claimscope-shared"
    version: str = "0"
    family: str = FAMILY
    base: str = ENCODER_PIP_LINE
    num_layers: int = 3
    max_length: int = 96
    stance_labels: list[str] = field(default_factory=lambda: ["favor", "against", "neutral"])
    frame_labels: list[str] = field(default_factory=list)
    type_labels: list[str] = field(default_factory=list)
    frame_thresholds: dict[str, float] = field(default_factory=dict)
    """Per frame: the probability a frame needs (tuned on dev for precision); 1.0 = never."""
    temperatures: dict[str, float] = field(default_factory=dict)
    review: dict[str, float] = field(default_factory=dict)
    """``stance``/``frames``: below this confidence a label is kept but flagged ``needs_review``."""
    heads: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BundleConfig:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


def save_bundle(
    path: str | Path,
    config: BundleConfig,
    heads: dict[str, np.ndarray],
    encoder_state: dict[str, Any] | None = None,
) -> Path:
    """Write a model folder (encoder weights as float16, heads as float32)."""
    from safetensors.numpy import save_file

    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    save_file(
        {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in heads.items()}, str(folder / HEAD_WEIGHTS)
    )
    if encoder_state:
        arrays = {k: np.ascontiguousarray(_numpy(v), dtype=np.float16) for k, v in encoder_state.items()}
        save_file(arrays, str(folder / ENCODER_WEIGHTS))
    elif (folder / ENCODER_WEIGHTS).exists():
        (folder / ENCODER_WEIGHTS).unlink()
    (folder / MODEL_FILE).write_text(json.dumps(asdict(config), indent=2) + "\n", encoding="utf-8")
    return folder


def _numpy(value: Any) -> np.ndarray:
    if hasattr(value, "detach"):
        return np.asarray(value.detach().cpu().float().numpy())
    return np.asarray(value)


def read_config(path: str | Path) -> BundleConfig:
    file = Path(path) / MODEL_FILE
    if not file.is_file():
        raise TrainingError("E303", path=str(path), what=f"{MODEL_FILE} (train one with 'claimscope train')")
    data = json.loads(file.read_text(encoding="utf-8"))
    if data.get("family") != FAMILY:
        raise TrainingError("E304", name=data.get("family"), known=[FAMILY])
    return BundleConfig.from_dict(data)


class SharedModel:
    """Inference with a shared-encoder model folder: :meth:`encode` once, then the heads."""

    def __init__(self, path: str | Path, *, runtime: str = "onnx-int8", threads: int = 1) -> None:
        if runtime not in RUNTIMES:
            raise ConfigError("E006", name="runtime", expected=f"one of {', '.join(RUNTIMES)}", got=runtime)
        self.path = Path(path)
        self.config = read_config(self.path)
        self.runtime_name = runtime
        self.threads = resolve_threads(threads)
        from safetensors.numpy import load_file

        heads_file = self.path / HEAD_WEIGHTS
        if not heads_file.is_file():
            raise TrainingError("E303", path=str(self.path), what=HEAD_WEIGHTS)
        self.heads = Heads(load_file(str(heads_file)), self.config.temperatures)
        self._tokenizer: Any = None
        self._runtime: Runtime | None = None

    @property
    def tag(self) -> str:
        return f"{self.config.name}:{self.config.version}"

    def encoder_state(self) -> dict[str, Any] | None:
        """The fine-tuned encoder weights of this folder (float32 tensors), or None for the base package's."""
        file = self.path / ENCODER_WEIGHTS
        if not file.is_file():
            return None
        import torch
        from safetensors.torch import load_file

        return {k: v.to(torch.float32) for k, v in load_file(str(file)).items()}

    def weights_key(self) -> str:
        """What the encoder is built from: base package, layers, fine-tuned weights (hash)."""
        digest = hashlib.sha256()
        file = self.path / ENCODER_WEIGHTS
        if file.is_file():
            digest.update(file.read_bytes())
        return f"{self.config.base}|{self.config.num_layers}|{digest.hexdigest()}"

    @property
    def runtime(self) -> Runtime:
        if self._runtime is None:
            set_threads(self.threads)
            model = build_torch(None, self.config.num_layers, self.encoder_state())
            if self.runtime_name == "torch":
                self._runtime = TorchRuntime(model, self.threads)
            else:
                quantize = self.runtime_name == "onnx-int8"
                self._runtime = OnnxRuntime(
                    onnx_file(model, self.weights_key(), quantize=quantize), self.threads
                )
        return self._runtime

    @property
    def tokenizer(self) -> Any:
        if self._tokenizer is None:
            self._tokenizer = load_tokenizer()
        return self._tokenizer

    def encode(self, items: Sequence[ClaimInput], batch_size: int = 64) -> Encoded:
        return encode(
            self.tokenizer, self.runtime, items, max_length=self.config.max_length, batch_size=batch_size
        )
