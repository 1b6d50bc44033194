"""Train the shared-encoder model: one transformer pass per claim, four heads (see ``pipeline.models``).

Steps (each kept only if it helps on dev, see ``claimscope train`` configs):
1. optional intermediate training of the stance head (and encoder) on transfer stance data;
2. multi-task fine-tuning on the domain data (stance per target, frames, type), model selection on dev;
3. calibration on dev: temperatures (stance, type), per-frame thresholds for precision, review thresholds;
4. the check-worthiness head on CLEF 2019 sentences, on the final encoder.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from pipeline.models.backends import build_torch, load_tokenizer, set_threads
from pipeline.models.encoder import TokenBatch, tokenize
from pipeline.models.heads import torch_heads
from pipeline.training.shared_data import STANCE_INDEX, ClaimExample

STANCE_LABELS = list(STANCE_INDEX)


@dataclass
class SharedParams:
    num_layers: int = 3
    max_length: int = 96
    train_encoder: bool = True
    lr_encoder: float = 4e-5
    lr_heads: float = 1e-3
    batch_size: int = 16
    transfer_epochs: int = 1
    epochs: int = 10
    patience: int = 3
    stance_hidden: int = 256
    dropout: float = 0.1
    class_weight: bool = True
    frame_weight: float = 1.0
    frame_pos_weight: float = 1.0
    """Weight of a frame's positive examples in its loss (frames are rare: most claims have none)."""
    type_weight: float = 0.5
    frame_min_precision: float = 0.65
    review_accuracy: float = 0.8
    review_max_share: float = 0.35
    threads: int = 2
    seed: int = 13
    log_every: int = 50

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SharedParams:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class Outputs:
    """Predictions for a list of examples: stance probs per target, frame/type probs, logits for calibration."""

    stance: list[np.ndarray] = field(default_factory=list)
    stance_logits: list[np.ndarray] = field(default_factory=list)
    frames: np.ndarray | None = None
    types: np.ndarray | None = None
    type_logits: np.ndarray | None = None
    claims: np.ndarray | None = None


class SharedNet:
    """The torch encoder (truncated, partly trainable) plus the heads."""

    def __init__(self, params: SharedParams, frame_labels: Sequence[str], type_labels: Sequence[str]) -> None:
        import torch

        set_threads(params.threads)
        torch.manual_seed(params.seed)
        self.params = params
        self.frame_labels = list(frame_labels)
        self.type_labels = list(type_labels)
        self.tokenizer = load_tokenizer()
        self.encoder = build_torch(None, params.num_layers)
        for p in self.encoder.embeddings.parameters():
            p.requires_grad = False
        if not params.train_encoder:
            for p in self.encoder.parameters():
                p.requires_grad = False
        hidden = int(self.encoder.config.hidden_size)
        self.heads = torch_heads(
            hidden, len(self.frame_labels), len(self.type_labels), params.stance_hidden, params.dropout
        )

    # -- forward ------------------------------------------------------------------------
    def batch(self, examples: Sequence[ClaimExample]) -> TokenBatch:
        return tokenize(self.tokenizer, [e.input() for e in examples], self.params.max_length)

    def forward(self, batch: TokenBatch) -> tuple[Any, list[Any]]:
        import torch

        hidden = self.encoder(
            input_ids=torch.from_numpy(batch.input_ids),
            attention_mask=torch.from_numpy(batch.attention_mask),
            token_type_ids=torch.from_numpy(batch.token_type_ids),
        ).last_hidden_state
        claims = torch.stack(
            [hidden[i, torch.from_numpy(idx)].mean(0) for i, idx in enumerate(batch.claim_tokens)]
        )
        targets = [
            torch.stack([hidden[i, torch.from_numpy(idx)].mean(0) for idx in per])
            if per
            else hidden.new_zeros((0, hidden.shape[-1]))
            for i, per in enumerate(batch.target_tokens)
        ]
        return claims, targets

    def train_mode(self, on: bool) -> None:
        self.encoder.train(on)
        self.heads.train(on)

    def trainable(self) -> list[Any]:
        return [p for p in self.encoder.parameters() if p.requires_grad]

    def encoder_state(self) -> dict[str, Any]:
        """The encoder parameters training changes (what a model folder stores)."""
        names = {n for n, p in self.encoder.named_parameters() if p.requires_grad}
        return {k: v.detach().clone() for k, v in self.encoder.state_dict().items() if k in names}

    def load_state(self, encoder: dict[str, Any], heads: dict[str, Any]) -> None:
        self.encoder.load_state_dict(encoder, strict=False)
        self.heads.load_state_dict(heads)

    def heads_state(self) -> dict[str, Any]:
        return {k: v.detach().clone() for k, v in self.heads.state_dict().items()}

    # -- prediction ---------------------------------------------------------------------
    def predict(self, examples: Sequence[ClaimExample], batch_size: int = 64) -> Outputs:
        import torch

        self.train_mode(False)
        n = len(examples)
        order = sorted(range(n), key=lambda i: len(examples[i].text))
        stance: list[Any] = [None] * n
        logits: list[Any] = [None] * n
        claims_out = np.zeros((n, int(self.encoder.config.hidden_size)), np.float32)
        frame_logits = np.zeros((n, max(1, len(self.frame_labels))), np.float32)
        type_logits = np.zeros((n, max(1, len(self.type_labels))), np.float32)
        with torch.inference_mode():
            for lo in range(0, n, batch_size):
                idx = order[lo : lo + batch_size]
                claims, targets = self.forward(self.batch([examples[i] for i in idx]))
                f = self.heads.frames(claims).numpy()
                t = self.heads.claim_type(claims).numpy()
                for j, i in enumerate(idx):
                    claims_out[i] = claims[j].numpy()
                    frame_logits[i] = f[j]
                    type_logits[i] = t[j]
                    if len(targets[j]):
                        lg = self.heads.stance_logits(claims[j : j + 1], targets[j]).numpy()
                    else:
                        lg = np.zeros((0, 3), np.float32)
                    logits[i] = lg
                    stance[i] = _softmax(lg)
        return Outputs(
            stance=stance,
            stance_logits=logits,
            frames=1 / (1 + np.exp(-frame_logits)),
            types=_softmax(type_logits),
            type_logits=type_logits,
            claims=claims_out,
        )


def _softmax(x: np.ndarray, t: float = 1.0) -> np.ndarray:
    z = x / t - (x / t).max(axis=-1, keepdims=True) if x.size else x
    e = np.exp(z)
    out: np.ndarray = e / e.sum(axis=-1, keepdims=True) if x.size else x
    return out


def _batches(examples: list[ClaimExample], size: int, rng: random.Random) -> list[list[ClaimExample]]:
    """Length-bucketed batches in random order (similar lengths pad little)."""
    shuffled = examples[:]
    rng.shuffle(shuffled)
    chunks = [
        sorted(shuffled[i : i + size * 20], key=lambda e: len(e.text))
        for i in range(0, len(shuffled), size * 20)
    ]
    batches = [chunk[i : i + size] for chunk in chunks for i in range(0, len(chunk), size)]
    rng.shuffle(batches)
    return batches


def train_epochs(
    net: SharedNet,
    train: list[ClaimExample],
    *,
    epochs: int,
    tasks: set[str],
    stance_weights: list[float] | None,
    evaluate: Callable[[], float] | None,
    log: Callable[[str], None],
) -> dict[str, Any]:
    """Train on ``train`` for up to ``epochs``; with ``evaluate`` keep the best epoch (early stopping)."""
    import torch

    p = net.params
    rng = random.Random(p.seed)
    groups = [
        {"params": [q for q in net.heads.parameters()], "lr": p.lr_heads},
    ]
    if net.trainable():
        groups.append({"params": net.trainable(), "lr": p.lr_encoder})
    optimizer = torch.optim.AdamW(groups, weight_decay=0.01)
    steps = max(1, epochs * math.ceil(len(train) / p.batch_size))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, 1 - s / steps)
    )
    weights = torch.tensor(stance_weights, dtype=torch.float32) if stance_weights else None
    frame_index = {f: i for i, f in enumerate(net.frame_labels)}
    type_index = {t: i for i, t in enumerate(net.type_labels)}
    best: dict[str, Any] = {"score": -1.0, "epoch": 0}
    history = []
    stale = 0
    for epoch in range(1, epochs + 1):
        net.train_mode(True)
        t0, total, n = time.perf_counter(), 0.0, 0
        for step, batch in enumerate(_batches(train, p.batch_size, rng), 1):
            claims, targets = net.forward(net.batch(batch))
            loss = claims.new_zeros(())
            if "stance" in tasks:
                logits: list[Any] = []
                gold: list[int] = []
                for j, e in enumerate(batch):
                    labelled = [(k, s) for k, s in enumerate(e.stances) if s is not None]
                    if labelled:
                        keep = [k for k, _ in labelled]
                        logits.append(net.heads.stance_logits(claims[j : j + 1], targets[j][keep]))
                        gold.extend(s for _, s in labelled)
                if logits:
                    loss = loss + torch.nn.functional.cross_entropy(
                        torch.cat(logits), torch.tensor(gold), weight=weights
                    )
            if "frames" in tasks and frame_index:
                rows = [j for j, e in enumerate(batch) if e.frames is not None]
                if rows:
                    y = torch.zeros((len(rows), len(frame_index)))
                    for r, j in enumerate(rows):
                        for f in batch[j].frames or []:
                            if f in frame_index:
                                y[r, frame_index[f]] = 1.0
                    out = net.heads.frames(net.heads.drop(claims[rows]))
                    pos = torch.full((len(frame_index),), float(p.frame_pos_weight))
                    loss = loss + p.frame_weight * torch.nn.functional.binary_cross_entropy_with_logits(
                        out, y, pos_weight=pos
                    )
            if "type" in tasks and type_index:
                rows = [j for j, e in enumerate(batch) if e.type in type_index]
                if rows:
                    out = net.heads.claim_type(net.heads.drop(claims[rows]))
                    y = torch.tensor([type_index[str(batch[j].type)] for j in rows])
                    loss = loss + p.type_weight * torch.nn.functional.cross_entropy(out, y)
            if not loss.requires_grad:
                continue
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([q for g in groups for q in g["params"]], 1.0)  # type: ignore[attr-defined]
            optimizer.step()
            schedule.step()
            total += float(loss.detach())
            n += 1
            if p.log_every and step % p.log_every == 0:
                log(
                    f"  epoch {epoch} step {step}: loss {total / max(1, n):.4f} ({time.perf_counter() - t0:.0f}s)"
                )
        record: dict[str, Any] = {
            "epoch": epoch,
            "loss": round(total / max(1, n), 5),
            "seconds": round(time.perf_counter() - t0, 1),
        }
        if evaluate is not None:
            score = evaluate()
            record["dev_score"] = round(score, 5)
            if score > best["score"]:
                best = {
                    "score": score,
                    "epoch": epoch,
                    "encoder": net.encoder_state(),
                    "heads": net.heads_state(),
                }
                stale = 0
            else:
                stale += 1
        history.append(record)
        log(f"epoch {epoch}: {record}")
        if evaluate is not None and stale >= p.patience:
            break
    if evaluate is not None and "encoder" in best:
        net.load_state(best["encoder"], best["heads"])
    return {"history": history, "best_epoch": best["epoch"], "best_score": best["score"]}


def stance_class_weights(examples: Sequence[ClaimExample]) -> list[float]:
    counts = np.zeros(3)
    for e in examples:
        for s in e.stances:
            if s is not None:
                counts[s] += 1
    counts = np.maximum(counts, 1)
    w = counts.sum() / (3 * counts)
    return [float(x) for x in w]


def params_dict(p: SharedParams) -> dict[str, Any]:
    return asdict(p)
