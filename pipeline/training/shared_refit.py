"""Refit the stance head of a trained shared-encoder model on its frozen encoder, with commentary.

The real gold is speeches and transcripts; op-eds argue. The commentary set
(``annotations/commentary``: readers' opinion comments on security, targets and stance, double
annotated and adjudicated) brings that register. This step keeps the encoder and the other heads of
a trained model (``base``) as they are, starts the stance head from its trained weights and trains
it further on the real gold's train split plus the commentary set's train and dev comments
(``commentary_weight`` per pair), then fits the temperature and the review threshold on the real
gold's dev split again. The weight, epochs and learning rate were chosen by 5-fold cross-validation
over the commentary train and dev comments and on the gold's dev split (``configs/train/
claimscope-shared-refit.cfg`` records the numbers); the test splits and the seeds are only scored.

Rebuild the shipped model: ``claimscope train --config configs/train/claimscope-shared.cfg``, then
``claimscope train --config configs/train/claimscope-shared-refit.cfg``.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import ConfigError
from pipeline.io import write_json
from pipeline.models.bundle import SharedModel, save_bundle
from pipeline.models.heads import Heads, stance_features
from pipeline.paths import locate, models_dir
from pipeline.settings import from_section
from pipeline.training.shared_data import ClaimExample, commentary_examples, split
from pipeline.training.shared_eval import (
    fit_stance_temperature,
    full_report,
    recalibrate,
    review_threshold,
    stance_pairs,
    stance_report,
)
from pipeline.training.shared_train import _log, domain_examples, predict_bundle


@dataclass(frozen=True)
class RefitParams:
    """``[model.params]`` of a ``shared-refit`` config (checked by :func:`pipeline.settings.from_section`)."""

    base: str = "models/claimscope-shared"
    commentary_weight: float = 4.0
    commentary_splits: list[str] = field(default_factory=lambda: ["train", "dev"])
    epochs: int = 15
    lr: float = 1e-4
    batch_size: int = 32
    dropout: float = 0.1
    class_weight: bool = True
    review_accuracy: float = 0.8
    review_max_share: float = 0.35
    threads: int = 2
    seed: int = 13


def _pairs(model: SharedModel, examples: list[ClaimExample]) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Features and labels of every labelled target, and the example each pair belongs to."""
    enc = model.encode([e.input() for e in examples])
    rows, labels, owner = [], [], []
    for i, (e, claim, targets) in enumerate(zip(examples, enc.claims, enc.targets, strict=True)):
        if not len(targets):
            continue
        feats = stance_features(claim, targets)
        for k, s in enumerate(e.stances):
            if s is not None:
                rows.append(feats[k])
                labels.append(s)
                owner.append(i)
    width = 4 * int(enc.claims.shape[1]) if len(enc.claims) else 0
    return (np.stack(rows) if rows else np.zeros((0, width), np.float32)), np.asarray(labels), owner


def _train_head(
    init: dict[str, np.ndarray], x: np.ndarray, y: np.ndarray, w: np.ndarray, p: RefitParams
) -> dict[str, np.ndarray]:
    import torch

    torch.manual_seed(p.seed)
    random.seed(p.seed)
    torch.set_num_threads(max(1, p.threads))
    hidden, out = init["stance.hidden.weight"], init["stance.out.weight"]
    hidden_layer = torch.nn.Linear(hidden.shape[1], hidden.shape[0])
    out_layer = torch.nn.Linear(out.shape[1], out.shape[0])
    net = torch.nn.Sequential(
        torch.nn.Dropout(p.dropout), hidden_layer, torch.nn.Tanh(), torch.nn.Dropout(p.dropout), out_layer
    )
    with torch.no_grad():
        for layer, name in ((hidden_layer, "stance.hidden"), (out_layer, "stance.out")):
            layer.weight.copy_(torch.tensor(init[f"{name}.weight"]))
            layer.bias.copy_(torch.tensor(init[f"{name}.bias"]))
    counts = np.bincount(y, minlength=3)
    cw = len(y) / (3 * np.maximum(counts, 1)) if p.class_weight else np.ones(3)
    xt, yt, wt = torch.tensor(x, dtype=torch.float32), torch.tensor(y), torch.tensor(w, dtype=torch.float32)
    loss_fn = torch.nn.CrossEntropyLoss(weight=torch.tensor(cw, dtype=torch.float32), reduction="none")
    opt = torch.optim.Adam(net.parameters(), lr=p.lr)
    for _ in range(p.epochs):
        net.train()
        order = torch.randperm(len(yt))
        for i in range(0, len(yt), p.batch_size):
            idx = order[i : i + p.batch_size]
            loss = (loss_fn(net(xt[idx]), yt[idx]) * wt[idx]).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
    return {
        f"{name}.{part}": getattr(layer, part).detach().numpy().copy()
        for layer, name in ((hidden_layer, "stance.hidden"), (out_layer, "stance.out"))
        for part in ("weight", "bias")
    }


def _logits(
    heads: dict[str, np.ndarray], model: SharedModel, examples: list[ClaimExample]
) -> list[np.ndarray]:
    enc = model.encode([e.input() for e in examples])
    stance = Heads(heads)
    return [
        stance.stance_logits(claim, targets) if len(targets) else np.zeros((0, 3), np.float32)
        for claim, targets in zip(enc.claims, enc.targets, strict=True)
    ]


def refit_shared(cfg: Any, config_path: str | Path, out: str | Path | None = None) -> dict[str, Any]:
    """Refit the stance head of ``base`` as the config says; save the model folder with its card."""
    from pipeline.kb.loader import load_kb
    from pipeline.training.shared_card import write_shared_card

    started = time.perf_counter()
    data_cfg, model_cfg = dict(cfg.get("data", {})), cfg["model"]
    p = from_section(RefitParams, dict(model_cfg.get("params", {})), "model.params")
    base = locate(p.base)
    name = model_cfg.get("name") or base.name
    out_dir = Path(out) if out else models_dir() / name
    runtime = str(data_cfg.get("runtime", "onnx"))
    model = SharedModel(base, runtime=runtime, threads=p.threads)
    old_metrics = json.loads((base / "metrics.json").read_text(encoding="utf-8"))
    old_training = json.loads((base / "training.json").read_text(encoding="utf-8"))
    if "refit_config" in old_training:
        raise ConfigError(
            "E006",
            name="base",
            expected=(
                "a model trained by the shared family, not one already refitted: train the base again "
                f"(claimscope train --config {old_training.get('config')}) or point base at an unrefitted copy"
            ),
            got=str(base),
        )

    gold, _, _, version = domain_examples(data_cfg)
    commentary = commentary_examples(load_kb(), data_cfg.get("datasets_dir") or None)
    g_train, g_dev, g_test = split(gold, "train"), split(gold, "dev"), split(gold, "test")
    c_train = [e for e in commentary if e.split in p.commentary_splits]
    c_dev, c_test = split(commentary, "dev"), split(commentary, "test")
    _log(
        f"refit: gold train {len(g_train)} claims, commentary {len(c_train)} claims ({', '.join(p.commentary_splits)})"
    )

    xg, yg, _ = _pairs(model, g_train)
    xc, yc, _ = _pairs(model, c_train)
    x = np.concatenate([xg, xc])
    y = np.concatenate([yg, yc]).astype(np.int64)
    w = np.concatenate([np.ones(len(yg)), np.full(len(yc), p.commentary_weight)])
    heads = {k: np.asarray(v) for k, v in model.heads.p.items()}
    heads.update(_train_head(heads, x, y, w, p))

    dev_logits = _logits(heads, model, g_dev)
    temperature = round(fit_stance_temperature(g_dev, dev_logits), 4)
    gold_labels, pred, conf, _ = stance_pairs(g_dev, recalibrate(dev_logits, temperature))
    threshold = review_threshold(
        conf,
        [a == b for a, b in zip(gold_labels, pred, strict=True)],
        accuracy=p.review_accuracy,
        max_share=p.review_max_share,
    )
    config = replace(
        model.config,
        version=str(model_cfg.get("version", model.config.version)),
        temperatures={**model.config.temperatures, "stance": temperature},
        review={**model.config.review, "stance": round(threshold, 4)},
    )
    save_bundle(out_dir, config, heads, model.encoder_state())

    shipped = SharedModel(out_dir, runtime=runtime, threads=p.threads)
    commentary_version = _file_hash(locate("annotations/commentary") / "units.jsonl")
    metrics: dict[str, Any] = {
        "data_version": f"{version}+commentary:{commentary_version}",
        "steps": {
            **old_metrics.get("steps", {}),
            "stance_refit": {
                "base": str(p.base),
                "pairs": {"gold_train": len(yg), "commentary": len(yc)},
                "commentary_weight": p.commentary_weight,
                "epochs": p.epochs,
                "lr": p.lr,
            },
        },
        "checkworthiness": old_metrics.get("checkworthiness", {}),
        "transfer_experiment": old_metrics.get("transfer_experiment"),
        "base_seconds": old_metrics.get("seconds"),
    }
    labels = (list(config.frame_labels), list(config.type_labels), dict(config.frame_thresholds))
    for part, rows in (("dev", g_dev), ("test", g_test)):
        metrics.setdefault(runtime, {})[part] = full_report(rows, predict_bundle(shipped, rows), *labels)
    for part, rows in (("dev", c_dev), ("test", c_test)):
        enc = shipped.encode([e.input() for e in rows])  # one encoder: both heads read the same pass
        metrics.setdefault("commentary", {})[part] = {
            "refit": stance_report(rows, shipped.heads.stance(enc.claims, enc.targets)),
            "base": stance_report(rows, model.heads.stance(enc.claims, enc.targets)),
        }
    metrics["seconds"] = round(time.perf_counter() - started, 1)
    write_json(out_dir / "metrics.json", metrics)
    write_json(
        out_dir / "training.json",
        {
            **old_training,
            "version": config.version,
            "refit_config": str(config_path),
            "refit_params": {f.name: getattr(p, f.name) for f in fields(p)},
            "data_version": metrics["data_version"],
            "trained": dt.date.today().isoformat(),
        },
    )
    write_shared_card(out_dir, extra=_card_section(metrics, str(config_path), old_training))
    _log(f"saved {out_dir} in {metrics['seconds']}s")
    return metrics


def _file_hash(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _card_section(metrics: dict[str, Any], config_path: str, base_training: dict[str, Any]) -> str:
    refit = metrics["steps"]["stance_refit"]
    lines = [
        "## Stance head refitted with commentary",
        "",
        f"The stance head was trained further on the frozen encoder (`{config_path}`): the real gold's train",
        f"pairs ({refit['pairs']['gold_train']}) plus {refit['pairs']['commentary']} pairs of the commentary set's train and",
        f"dev comments (`annotations/commentary`, weight {refit['commentary_weight']}), {refit['epochs']} epochs at",
        f"learning rate {refit['lr']}, from the trained weights; temperature and review threshold fitted on the",
        "gold's dev split again. Commentary (readers' opinion comments on security; stance on the annotated",
        "targets, through the shipped runtime):",
        "",
        "| commentary split | base head macro-F1 | refitted head macro-F1 | pairs |",
        "|---|---|---|---|",
    ]
    report = metrics.get("commentary", {}).get("test")
    if report:
        lines.append(
            f"| test | {report['base'].get('macro_f1')} | {report['refit'].get('macro_f1')} | {report['refit'].get('n')} |"
        )
    lines += [
        "",
        "(The commentary dev comments are training data of this step, so only the test comments are shown.)",
        "",
        f"Rebuild: `claimscope train --config {base_training.get('config')}` (encoder and heads), then",
        f"`claimscope train --config {config_path}`.",
    ]
    return "\n".join(lines)
