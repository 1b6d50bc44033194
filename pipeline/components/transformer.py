"""claimscope_transformer: the shared transformer pass, once per claim, for every head after it.

Like spaCy's shared ``transformer``/``tok2vec`` component and its listeners: this stage encodes
each claim once (all claims of a batch of docs in length-sorted batches, one tokenisation), the
claim text paired with the names of its targets, and stores the pooled claim vector and one
vector per target on the claim (``ClaimDraft.encoding``). The heads
(``claimscope_stance_head``, ``claimscope_frame_head``, ``claimscope_type_head``,
``claimscope_checkworthiness_head``) read it and never run the encoder themselves.

The model folder (default ``models/claimscope-shared``) holds the fine-tuned encoder layers and
the heads trained together with them; ``runtime`` picks ONNX Runtime with int8 weights (default),
ONNX Runtime in float32, or torch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import srsly
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components.batched import BatchedDocs
from pipeline.components.claim_draft import ensure_extensions, get_claims
from pipeline.errors import ConfigError, TrainingError
from pipeline.models.backends import RUNTIMES
from pipeline.models.encoder import ClaimInput, TargetInput

ensure_extensions()

DEFAULT_MODEL = "models/claimscope-shared"
REBUILD = "claimscope train --config configs/train/claimscope-shared.cfg"


@dataclass
class ClaimEncoding:
    """The pooled outputs of one claim's pass, and the model that made them (its heads go with it)."""

    claim: np.ndarray
    targets: np.ndarray
    """One row per entry of ``ClaimDraft.targets`` at encoding time (same order)."""
    target_ids: list[str]
    model: Any


def resolve_model(path: str | Path) -> Path:
    """The model folder ``path`` (default ``models/claimscope-shared``; a bundled model from any directory)."""
    from pipeline.paths import locate

    chosen = locate(path or DEFAULT_MODEL)
    if not (chosen / "model.json").is_file():
        raise TrainingError("E303", path=str(chosen), what=f"model.json (rebuild: {REBUILD})")
    return chosen


class Transformer(BatchedDocs):
    """Encodes every claim once and stores :class:`ClaimEncoding` on it."""

    def __init__(
        self, name: str, model_path: Path, runtime: str, threads: int, batch_size: int, kb_path: str
    ) -> None:
        if runtime not in RUNTIMES:
            raise ConfigError("E006", name="runtime", expected=f"one of {', '.join(RUNTIMES)}", got=runtime)
        self.name = name
        self.model_path = model_path
        self.runtime = runtime
        self.threads = threads
        self.batch_size = batch_size
        self.kb_path = kb_path
        self._model: Any = None
        self._names: dict[str, str] | None = None

    # No public ``model`` attribute: spaCy's ``isinstance(proc, ListenedToComponent)`` check
    # reads the protocol's attributes in hash-seed order, and a loading property would load
    # the model at pipeline build on some runs and at the first doc on others.
    def require_models(self) -> None:
        """A coded error (E303) now if the model folder is missing; nothing is loaded."""
        resolve_model(self.model_path)

    def loaded_model(self) -> Any:
        """The model, loaded on first use."""
        if self._model is None:
            self.initialize()
        return self._model

    @property
    def tag(self) -> str:
        from pipeline.models.bundle import read_config

        config = read_config(self.model_path)
        return f"{self.name}@{config.name}:{config.version}:{self.runtime}"

    @property
    def model_info(self) -> dict[str, Any]:
        """For ``run.json``: the encoder, each head and the data the model was trained on."""
        import hashlib
        import json

        from pipeline.models.bundle import ENCODER_WEIGHTS, HEAD_WEIGHTS, read_config

        config = read_config(self.model_path)

        def digest(file: Path) -> str | None:
            return hashlib.sha256(file.read_bytes()).hexdigest()[:16] if file.is_file() else None

        training_file = self.model_path / "training.json"
        training = json.loads(training_file.read_text(encoding="utf-8")) if training_file.is_file() else {}
        return {
            "model": f"{config.name}:{config.version}",
            "path": str(self.model_path),
            "runtime": self.runtime,
            "encoder": {
                "base": config.base,
                "num_layers": config.num_layers,
                "max_length": config.max_length,
                "weights_sha256": digest(self.model_path / ENCODER_WEIGHTS),
            },
            "heads": {
                "names": list(config.heads),
                "weights_sha256": digest(self.model_path / HEAD_WEIGHTS),
                "stance_labels": list(config.stance_labels),
                "frame_labels": list(config.frame_labels),
                "type_labels": list(config.type_labels),
            },
            "data_version": training.get("data_version"),
            "trained": training.get("trained"),
        }

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        """Load the model folder and the knowledge base's names (also done on first use)."""
        from pipeline.kb.loader import load_kb
        from pipeline.models.bundle import SharedModel

        self._model = SharedModel(self.model_path, runtime=self.runtime, threads=self.threads)
        kb = load_kb(self.kb_path or None)
        self._names = {e.id: e.name for e in kb.entities()}

    def target_name(self, target: Mapping[str, Any]) -> str:
        if self._names is None:
            self.initialize()
        assert self._names is not None
        tid = str(target.get("id") or "")
        if tid in self._names:
            return self._names[tid]
        return tid.replace("-", " ") if tid.islower() else (tid or str(target.get("text") or ""))

    def annotate(self, docs: list[Doc]) -> None:
        claims = [c for doc in docs for c in get_claims(doc)]
        if not claims:
            return
        items = []
        for claim in claims:
            targets = []
            for t in claim.targets:
                spans = []
                t_start, t_end = t.get("start"), t.get("end")
                if t_start is not None and t_end is not None:
                    s, e = int(t_start) - claim.start, int(t_end) - claim.start
                    if 0 <= s < e <= claim.end - claim.start:
                        spans.append((s, e))
                targets.append(TargetInput(self.target_name(t), spans))
            items.append(ClaimInput(claim.text, targets))
        model = self.loaded_model()
        encoded = model.encode(items, batch_size=self.batch_size)
        for claim, vec, tvecs in zip(claims, encoded.claims, encoded.targets, strict=True):
            claim.encoding = ClaimEncoding(vec, tvecs, [str(t.get("id")) for t in claim.targets], model)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        import shutil

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if (path / "model").exists():
            shutil.rmtree(path / "model")
        shutil.copytree(self.model_path, path / "model")
        srsly.write_json(path / "cfg.json", {"runtime": self.runtime, "threads": self.threads})

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> Transformer:
        path = Path(path)
        cfg = srsly.read_json(path / "cfg.json")
        self.runtime, self.threads = cfg["runtime"], int(cfg["threads"])
        self.model_path = path / "model"
        self._model = None
        return self


@Language.factory(
    "claimscope_transformer",
    assigns=["doc._.claims"],
    requires=["doc._.claims"],
    default_config={"model_path": "", "runtime": "onnx-int8", "threads": 0, "batch_size": 64, "kb_path": ""},
)
def make_transformer(
    nlp: Language, name: str, model_path: str, runtime: str, threads: int, batch_size: int, kb_path: str
) -> Transformer:
    # Settings and the folder are checked here, so a mistake fails when the pipeline is built, every time.
    if runtime not in RUNTIMES:
        raise ConfigError("E006", name="runtime", expected=f"one of {', '.join(RUNTIMES)}", got=runtime)
    return Transformer(name, resolve_model(model_path), runtime, threads, batch_size, kb_path)
