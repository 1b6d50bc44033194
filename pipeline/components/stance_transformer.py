"""claimscope_stance_transformer: target-aware stance from a trained model folder.

For every claim-target pair the claim text is given to the model with the target mention
bracketed and the target as the first segment (cross-encoder style). All pairs of a batch
of docs go to the model in one call (the model sorts them by length), never one per sentence.

``mode`` says how the result meets the rule stage's stance already on the target:
``replace`` (model only), ``ensemble`` (weighted mix of the two distributions) or
``fallback`` (keep a confident non-neutral rule decision, else the model).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import srsly
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components.batched import BatchedDocs
from pipeline.components.claim_draft import ClaimDraft, DraftTarget, ensure_extensions, get_claims
from pipeline.errors import ConfigError
from pipeline.training.examples import mark_target
from pipeline.training.runtime import (
    DEFAULT_STANCE_MODEL,
    copy_model,
    model_tag,
    require_model,
    resolve_model_path,
)

ensure_extensions()

MODES = ("replace", "ensemble", "fallback")
REBUILD = "configs/train/claimscope-stance.cfg"


NEUTRAL = "neutral"


class StanceTransformer(BatchedDocs):
    """Assigns ``stance``/``score`` to every target of every claim from a trained model."""

    def __init__(
        self,
        name: str,
        model_path: str,
        mode: str,
        rule_weight: float,
        fallback_min_score: float,
        min_confidence: float,
        batch_size: int,
        threads: int,
    ) -> None:
        if mode not in MODES:
            raise ConfigError("E006", name="mode", expected=f"one of {', '.join(MODES)}", got=mode)
        self.name = name
        self.model_path = resolve_model_path(model_path, DEFAULT_STANCE_MODEL)
        self.mode = mode
        self.rule_weight = rule_weight
        self.fallback_min_score = fallback_min_score
        self.min_confidence = min_confidence
        self.batch_size = batch_size
        self.threads = threads
        self._model: Any = None

    @property
    def tag(self) -> str:
        """Provenance ``name@model:version``, read from the model folder without loading it."""
        return model_tag(self.name, self.model_path)

    # -- loading --------------------------------------------------------------------
    # No public ``model`` attribute: spaCy's ``isinstance(proc, ListenedToComponent)`` check
    # reads the protocol's attributes in hash-seed order, and a loading property would
    # make a missing model fail at pipeline build on some runs and at the first doc on others.
    def require_models(self) -> None:
        """A coded error (E303) now if the model folder is missing; nothing is loaded."""
        require_model(self.model_path, REBUILD)

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        """Load the model folder (also done lazily on first use)."""
        from pipeline.training.encoder import set_threads
        from pipeline.training.families import load_model

        self.require_models()
        set_threads(self.threads)
        self._model = load_model(self.model_path)
        if hasattr(self._model, "threads"):
            self._model.threads = self.threads

    def loaded_model(self) -> Any:
        """The model, loaded on first use."""
        if self._model is None:
            self.initialize()
        return self._model

    # -- inference ------------------------------------------------------------------
    def annotate(self, docs: list[Doc]) -> None:
        """One model call for all claim-target pairs of ``docs``."""
        pairs: list[tuple[ClaimDraft, DraftTarget]] = []
        for doc in docs:
            for claim in get_claims(doc):
                pairs.extend((claim, t) for t in claim.targets if t.get("role") != "holder")
        if not pairs:
            return
        texts, targets = [], []
        for claim, target in pairs:
            start, end = target.get("start"), target.get("end")
            rel = (
                (start - claim.start, end - claim.start)
                if start is not None and end is not None
                else (None, None)
            )
            texts.append(mark_target(claim.text, str(target.get("text") or ""), *rel))
            targets.append(str(target.get("text") or target.get("id") or ""))
        model = self.loaded_model()
        probs = model.predict_proba(texts, targets)
        labels = list(model.labels)
        tag = self.tag if self.mode == "replace" else f"{self.tag}+rules:{self.mode}"
        for (claim, target), row in zip(pairs, probs, strict=True):
            self._decide(target, labels, np.asarray(row, dtype=float))
            claim.provenance["stance"] = tag

    def _decide(self, target: Any, labels: list[str], probs: np.ndarray) -> None:
        rule_stance = target.get("stance")
        raw_score = target.get("score")
        has_rule = rule_stance in labels and isinstance(raw_score, int | float)
        rule_score = float(raw_score) if has_rule else 0.0  # type: ignore[arg-type]
        if (
            self.mode == "fallback"
            and has_rule
            and rule_stance != "neutral"
            and rule_score >= self.fallback_min_score
        ):
            return  # the rule decision stands
        if self.mode == "ensemble" and has_rule:
            rule = np.full(len(labels), (1.0 - float(rule_score)) / max(1, len(labels) - 1))
            rule[labels.index(str(rule_stance))] = float(rule_score)
            probs = (1.0 - self.rule_weight) * probs + self.rule_weight * rule
        best = int(np.argmax(probs))
        if labels[best] != NEUTRAL and probs[best] < self.min_confidence and NEUTRAL in labels:
            # Favor or against needs most of the probability mass; otherwise the claim
            # does not clearly take a side (balanced training data over-predicts sides).
            best = labels.index(NEUTRAL)
        target["stance"] = labels[best]
        target["score"] = round(float(probs[best]), 4)

    # -- serialisation --------------------------------------------------------------
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        copy_model(self.model_path, path / "model")
        srsly.write_json(
            path / "cfg.json",
            {"mode": self.mode, "rule_weight": self.rule_weight, "min_confidence": self.min_confidence},
        )

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> StanceTransformer:
        path = Path(path)
        cfg = srsly.read_json(path / "cfg.json")
        self.mode, self.rule_weight = cfg["mode"], cfg["rule_weight"]
        self.min_confidence = float(cfg.get("min_confidence", 0.0))
        self.model_path = path / "model"
        self._model = None
        return self


@Language.factory(
    "claimscope_stance_transformer",
    assigns=["doc._.claims"],
    requires=["doc._.claims"],
    default_config={
        "model_path": "",
        "mode": "ensemble",
        "rule_weight": 0.3,
        "fallback_min_score": 0.75,
        "min_confidence": 0.0,
        "batch_size": 64,
        "threads": 1,
    },
)
def make_stance_transformer(
    nlp: Language,
    name: str,
    model_path: str,
    mode: str,
    rule_weight: float,
    fallback_min_score: float,
    min_confidence: float,
    batch_size: int,
    threads: int,
) -> StanceTransformer:
    return StanceTransformer(
        name, model_path, mode, rule_weight, fallback_min_score, min_confidence, batch_size, threads
    )
