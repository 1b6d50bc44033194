"""Model family ``finetune``: the whole MiniLM encoder fine-tuned with a classification head.

Cross-encoder input ``[CLS] target [SEP] text (target marked) [SEP]``, AdamW with linear
warm-up/decay, fixed seeds, early stopping on the dev score, temperature scaling on dev.
Weights (~90 MB) go to ``weights/`` in the model folder and are not committed.
"""

from __future__ import annotations

import copy
import random
import time
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import TrainingError
from pipeline.training.calibration import fit_temperature, softmax
from pipeline.training.encoder import encoder_path, require, set_threads
from pipeline.training.examples import Example, model_inputs
from pipeline.training.families import Scorer, label_indices, read_model_json, write_model_json

WEIGHTS_DIR = "weights"


class FineTunedModel:
    family = "finetune"

    def __init__(
        self,
        base_path: str = "",
        epochs: int = 6,
        patience: int = 2,
        batch_size: int = 16,
        eval_batch_size: int = 64,
        learning_rate: float = 5e-5,
        weight_decay: float = 0.01,
        warmup_ratio: float = 0.1,
        max_length: int = 128,
        class_weight: str | None = None,
        seed: int = 2016,
        threads: int = 2,
        max_minutes: float = 28.0,
        max_wall_minutes: float = 0.0,
        freeze_embeddings: bool = False,
    ) -> None:
        self.base_path = base_path
        self.epochs = epochs
        self.patience = patience
        self.batch_size = batch_size
        self.eval_batch_size = eval_batch_size
        self.learning_rate = learning_rate
        self.weight_decay = weight_decay
        self.warmup_ratio = warmup_ratio
        self.max_length = max_length
        self.class_weight = class_weight
        self.seed = seed
        self.threads = threads
        self.max_minutes = max_minutes
        self.max_wall_minutes = max_wall_minutes
        self.freeze_embeddings = freeze_embeddings
        self.labels: list[str] = []
        self.temperature = 1.0
        self.model: Any = None
        self.tokenizer: Any = None
        self.selection: dict[str, float] = {}
        self.history: list[dict[str, float]] = []

    def params(self) -> dict[str, Any]:
        keys = [
            "base_path",
            "epochs",
            "patience",
            "batch_size",
            "eval_batch_size",
            "learning_rate",
            "weight_decay",
            "warmup_ratio",
            "max_length",
            "class_weight",
            "seed",
            "threads",
            "max_minutes",
            "max_wall_minutes",
            "freeze_embeddings",
        ]
        return {k: getattr(self, k) for k in keys}

    # -- helpers --------------------------------------------------------------------
    def _encode(self, texts: list[str], targets: list[str]) -> Any:
        if any(targets):
            return self.tokenizer(
                list(targets),
                list(texts),
                truncation="only_second",
                max_length=self.max_length,
                padding=True,
                return_tensors="pt",
            )
        return self.tokenizer(
            list(texts), truncation=True, max_length=self.max_length, padding=True, return_tensors="pt"
        )

    def _logits(self, texts: list[str], targets: list[str]) -> np.ndarray:
        import torch

        if self.model is None:
            raise TrainingError("E303", path="(in memory)", what="fine-tuned weights")
        set_threads(self.threads)
        self.model.eval()
        out = np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]) + len(targets[i]))
        with torch.inference_mode():
            for lo in range(0, len(order), self.eval_batch_size):
                idx = order[lo : lo + self.eval_batch_size]
                enc = self._encode([texts[i] for i in idx], [targets[i] for i in idx])
                out[idx] = self.model(**enc).logits.float().numpy()
        return out

    def _batches(self, lengths: list[int], rng: random.Random) -> list[list[int]]:
        """Shuffled batches of similar length (less padding, same randomness across epochs)."""
        order = list(range(len(lengths)))
        rng.shuffle(order)
        chunk = self.batch_size * 20
        batches = []
        for lo in range(0, len(order), chunk):
            part = sorted(order[lo : lo + chunk], key=lambda i: lengths[i])
            batches += [part[j : j + self.batch_size] for j in range(0, len(part), self.batch_size)]
        rng.shuffle(batches)
        return batches

    # -- family API -----------------------------------------------------------------
    def fit(
        self, train: list[Example], dev: list[Example] | None = None, scorer: Scorer | None = None
    ) -> FineTunedModel:
        torch = require("torch", "torch==2.13.0")
        transformers = require("transformers", "transformers==5.23.0")
        set_threads(self.threads)
        random.seed(self.seed)
        np.random.seed(self.seed)
        torch.manual_seed(self.seed)
        self.labels = sorted({e.label for e in train})
        base = str(encoder_path(self.base_path or None))
        self.tokenizer = transformers.AutoTokenizer.from_pretrained(base)
        self.model = transformers.AutoModelForSequenceClassification.from_pretrained(
            base,
            num_labels=len(self.labels),
            id2label=dict(enumerate(self.labels)),
            label2id={lab: i for i, lab in enumerate(self.labels)},
        )
        if self.freeze_embeddings:  # the 30k x 384 word embeddings: half the weights, little to learn
            for param in self.model.base_model.embeddings.parameters():
                param.requires_grad = False
        texts, targets = model_inputs(train)
        y = torch.tensor(label_indices(train, self.labels))
        weight = None
        if self.class_weight == "balanced":
            counts = np.bincount(y.numpy(), minlength=len(self.labels)).astype(float)
            weight = torch.tensor(len(y) / (len(self.labels) * np.maximum(counts, 1)), dtype=torch.float32)
        loss_fn = torch.nn.CrossEntropyLoss(weight=weight)
        no_decay = ("bias", "LayerNorm.weight")
        groups = [
            {
                "params": [
                    p
                    for n, p in self.model.named_parameters()
                    if p.requires_grad and not any(k in n for k in no_decay)
                ],
                "weight_decay": self.weight_decay,
            },
            {
                "params": [
                    p
                    for n, p in self.model.named_parameters()
                    if p.requires_grad and any(k in n for k in no_decay)
                ],
                "weight_decay": 0.0,
            },
        ]
        optimizer = torch.optim.AdamW(groups, lr=self.learning_rate)
        rng = random.Random(self.seed)
        lengths = [len(t) + len(g) for t, g in zip(texts, targets, strict=True)]
        steps = self.epochs * ((len(texts) + self.batch_size - 1) // self.batch_size)
        scheduler = transformers.get_linear_schedule_with_warmup(
            optimizer, int(self.warmup_ratio * steps), steps
        )
        best_score, best_state, bad_epochs = -np.inf, None, 0
        started, cpu_started = time.perf_counter(), time.process_time()
        for epoch in range(1, self.epochs + 1):
            self.model.train()
            total = 0.0
            for step, batch in enumerate(self._batches(lengths, rng), start=1):
                enc = self._encode([texts[i] for i in batch], [targets[i] for i in batch])
                loss = loss_fn(self.model(**enc).logits, y[batch])
                loss.backward()
                torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
                total += loss.item() * len(batch)
                if step % 50 == 0:
                    print(
                        f"[finetune] epoch {epoch} step {step} loss {total / (step * self.batch_size):.4f}",
                        flush=True,
                    )
            record: dict[str, float] = {"epoch": epoch, "loss": round(total / len(texts), 4)}
            if dev and scorer:
                score = scorer(self.labels, softmax(self._logits(*model_inputs(dev))), dev)
                record["dev"] = round(score, 4)
                self.selection[f"epoch{epoch}"] = round(score, 4)
                if score > best_score:
                    best_score, bad_epochs = score, 0
                    best_state = copy.deepcopy(self.model.state_dict())
                else:
                    bad_epochs += 1
            # CPU minutes / threads = wall time on a dedicated 2-core machine (ours is shared).
            dedicated = (time.process_time() - cpu_started) / 60 / max(1, self.threads)
            record["wall_minutes"] = round((time.perf_counter() - started) / 60, 2)
            record["dedicated_minutes"] = round(dedicated, 2)
            self.history.append(record)
            print(f"[finetune] {record}", flush=True)
            wall = record["wall_minutes"]
            over_wall = self.max_wall_minutes > 0 and wall * (epoch + 1) / epoch > self.max_wall_minutes
            if bad_epochs >= self.patience or dedicated * (epoch + 1) / epoch > self.max_minutes or over_wall:
                break
        if best_state is not None:
            self.model.load_state_dict(best_state)
        if dev:
            self.temperature = fit_temperature(
                self._logits(*model_inputs(dev)), label_indices(dev, self.labels)
            )
        return self

    def predict_proba(self, texts: list[str], targets: list[str]) -> np.ndarray:
        return softmax(self._logits(texts, targets), self.temperature)

    def save(self, path: Path) -> None:
        path = Path(path)
        if self.model is None:
            raise TrainingError("E303", path="(in memory)", what="fine-tuned weights")
        self.model.save_pretrained(path / WEIGHTS_DIR)
        self.tokenizer.save_pretrained(path / WEIGHTS_DIR)
        write_model_json(
            path, self.family, self.labels, self.temperature, {**self.params(), "history": self.history}
        )

    @classmethod
    def load(cls, path: Path) -> FineTunedModel:
        info = read_model_json(path)
        weights = Path(path) / WEIGHTS_DIR
        if not weights.exists():
            raise TrainingError(
                "E303", path=path, what=f"{WEIGHTS_DIR}/ (rebuild with the command in its README.md)"
            )
        transformers = require("transformers", "transformers==5.23.0")
        params = {k: v for k, v in info["params"].items() if k != "history"}
        model = cls(**params)
        model.labels, model.temperature, model.history = (
            info["labels"],
            info["temperature"],
            info["params"].get("history", []),
        )
        set_threads(model.threads)
        model.tokenizer = transformers.AutoTokenizer.from_pretrained(str(weights))
        model.model = transformers.AutoModelForSequenceClassification.from_pretrained(str(weights))
        model.model.eval()
        return model
