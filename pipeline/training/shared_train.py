"""``claimscope train`` for ``family = "shared"``: data, the training steps, calibration, the model folder.

Config (``configs/train/claimscope-shared.cfg``)::

    [data]
    domain = "gold"              # the real gold (annotations/real, materialised from corpus_dir)
                                 # or "semeval2016" (SemEval-2016 Task A, stance only)
    corpus_dir = "../shared/corpora"
    team = false                 # add the team-written claims to the training data
    transfer = true              # intermediate stance training on ../shared/datasets/stance-transfer
    transfer_per_source = 4000
    checkworthiness = "clef2019" # "" = no check-worthiness head

    [model]
    family = "shared"
    name = "claimscope-shared"
    version = "1.0.0"
    [model.params]               # pipeline.training.shared.SharedParams
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.io import write_json
from pipeline.models.bundle import BundleConfig, SharedModel, save_bundle
from pipeline.models.heads import head_params
from pipeline.paths import locate, models_dir
from pipeline.training.shared import (
    STANCE_LABELS,
    Outputs,
    SharedNet,
    SharedParams,
    params_dict,
    stance_class_weights,
    train_epochs,
)
from pipeline.training.shared_data import (
    ClaimExample,
    clef_examples,
    gold_examples,
    semeval_examples,
    split,
    team_examples,
    transfer_examples,
)
from pipeline.training.shared_eval import (
    dev_score,
    fit_frame_thresholds,
    fit_stance_temperature,
    full_report,
    recalibrate,
    review_threshold,
    stance_pairs,
)


def _log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)


def frame_taxonomy() -> list[str]:
    from pipeline.paths import configs_dir

    with (configs_dir() / "frames.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line)["label"] for line in fh if line.strip()]


def domain_examples(data_cfg: dict[str, Any]) -> tuple[list[ClaimExample], list[str], list[str], str]:
    """The domain examples, frame and type label sets, and a data version string."""
    from pipeline.types import CLAIM_TYPES

    domain = str(data_cfg.get("domain", "gold"))
    if domain == "semeval2016":
        return semeval_examples(), [], [], "semeval2016"
    import tempfile

    from pipeline.gold.dataset import write_gold_dataset
    from pipeline.gold.splits import split_hash
    from pipeline.io import read_jsonl
    from pipeline.kb.loader import load_kb

    gold_dir = locate("annotations/real")
    with tempfile.TemporaryDirectory(prefix="claimscope-gold-") as tmp:
        write_gold_dataset(
            tmp,
            data_cfg.get("corpus_dir", "../shared/corpora"),
            passages_path=gold_dir / "passages.jsonl",
            gold_path=gold_dir / "gold.jsonl",
        )
        kb = load_kb()
        examples = gold_examples(Path(tmp) / "claims.jsonl", Path(tmp) / "articles.jsonl", kb)
    version = split_hash(read_jsonl(gold_dir / "passages.jsonl"))[:16]
    if data_cfg.get("team"):
        tasks = data_cfg.get("team_tasks") or ["stance", "frames", "type"]
        examples += team_examples(locate("annotations/train/claims.jsonl"), kb, tasks)
    return examples, frame_taxonomy(), list(CLAIM_TYPES), f"real-gold:{version}"


def predict_bundle(model: SharedModel, examples: list[ClaimExample]) -> Outputs:
    """Outputs of a saved model folder through its inference runtime (numpy heads)."""
    enc = model.encode([e.input() for e in examples])
    heads = model.heads
    out = Outputs(stance=heads.stance(enc.claims, enc.targets), claims=enc.claims)
    if heads.has("frames") and model.config.frame_labels:
        out.frames = heads.frames(enc.claims)
    if heads.has("claim_type") and model.config.type_labels:
        out.types = heads.types(enc.claims)
    return out


def _checkworthiness_head(net: SharedNet, log: Any) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """A logistic check-worthiness head on the final encoder's claim vectors (CLEF 2019)."""
    from sklearn.linear_model import LogisticRegression

    from pipeline.metrics import mean_average_precision

    data = clef_examples()
    train = [e for e in data if e.split == "train"]
    dev = [e for e in data if e.split == "dev"] or train[-2000:]
    test = [e for e in data if e.split == "test"]
    log(f"check-worthiness: encoding {len(train)} train, {len(dev)} dev, {len(test)} test sentences")
    x_train = net.predict(train).claims
    x_dev = net.predict(dev).claims
    y_train = np.array([e.checkworthy for e in train])
    best: tuple[float, Any] = (-1.0, None)
    for c in (0.01, 0.1, 1.0):
        clf = LogisticRegression(C=c, class_weight="balanced", max_iter=2000).fit(x_train, y_train)
        score = mean_average_precision(
            [e.group for e in dev],
            [int(e.checkworthy or 0) for e in dev],
            list(clf.predict_proba(x_dev)[:, 1]),
        )
        if score > best[0]:
            best = (score, clf)
    clf = best[1]
    metrics: dict[str, Any] = {"dev_map": round(best[0], 4), "C": float(clf.C)}
    if test:
        x_test = net.predict(test).claims
        metrics["test_map"] = round(
            mean_average_precision(
                [e.group for e in test],
                [int(e.checkworthy or 0) for e in test],
                list(clf.predict_proba(x_test)[:, 1]),
            ),
            4,
        )
    params = {
        "checkworthy.weight": clf.coef_.astype(np.float32),
        "checkworthy.bias": clf.intercept_.astype(np.float32),
    }
    return params, metrics


def transfer_step(
    net: SharedNet, data_cfg: dict[str, Any], params: SharedParams, dev_eval: Any
) -> dict[str, Any]:
    """Intermediate stance training on the transfer sets; the result is cached by its settings
    (``[data] transfer_cache``, a folder outside the model), so ablations need not redo it."""
    import hashlib

    import torch

    per_source = int(data_cfg.get("transfer_per_source", 4000))
    key = json.dumps(
        [
            per_source,
            params.num_layers,
            params.max_length,
            params.stance_hidden,
            params.seed,
            params.transfer_epochs,
            params.lr_encoder,
            params.lr_heads,
            params.batch_size,
        ]
    )
    cache_dir = data_cfg.get("transfer_cache")
    cache = (
        Path(cache_dir) / f"transfer-{hashlib.sha256(key.encode()).hexdigest()[:12]}.pt"
        if cache_dir
        else None
    )
    before = dev_eval()
    if cache is not None and cache.is_file():
        state = torch.load(cache, weights_only=False)
        # The transfer step trains the encoder and the stance head; the other heads start fresh.
        net.encoder.load_state_dict(state["encoder"], strict=False)
        net.heads.load_state_dict(
            {k: v for k, v in state["heads"].items() if k.startswith("stance.")}, strict=False
        )
        info = dict(state["info"], cached=str(cache))
    else:
        pairs = transfer_examples(per_source=per_source, seed=params.seed)
        _log(f"transfer: {len(pairs)} stance pairs from {sorted({e.source for e in pairs})}")
        info = train_epochs(
            net,
            pairs,
            epochs=params.transfer_epochs,
            tasks={"stance"},
            stance_weights=None,
            evaluate=None,
            log=_log,
        )
        info.update(sources=sorted({e.source for e in pairs}), pairs=len(pairs))
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            torch.save({"encoder": net.encoder_state(), "heads": net.heads_state(), "info": info}, cache)
    info.update(dev_before=round(before, 3), dev_after=round(dev_eval(), 3))
    return info


def train_shared(cfg: Any, config_path: str | Path, out: str | Path | None = None) -> dict[str, Any]:
    """Train, calibrate, save and evaluate a shared-encoder model as its config says."""
    data_cfg, model_cfg = dict(cfg.get("data", {})), cfg["model"]
    params = SharedParams.from_dict(dict(model_cfg.get("params", {})))
    name = model_cfg.get("name") or Path(config_path).stem
    out_dir = Path(out) if out else models_dir() / name
    started = time.perf_counter()

    examples, frame_labels, type_labels, version = domain_examples(data_cfg)
    train, dev, test = split(examples, "train"), split(examples, "dev"), split(examples, "test")
    _log(f"domain data {version}: train {len(train)}, dev {len(dev)}, test {len(test)} claims")
    net = SharedNet(params, frame_labels, type_labels)
    steps: dict[str, Any] = {}

    def dev_eval() -> float:
        report = full_report(dev, net.predict(dev), frame_labels, type_labels, {f: 0.5 for f in frame_labels})
        stance, frames, types = (report.get(k, {}) for k in ("stance", "frames", "type"))
        _log(
            f"  dev: stance macro-F1 {stance.get('macro_f1')}, frames micro P/R/F1 {frames.get('micro_precision')}/"
            f"{frames.get('micro_recall')}/{frames.get('micro_f1')}, type macro-F1 {types.get('macro_f1')}"
        )
        return dev_score(report)

    if data_cfg.get("transfer"):
        steps["transfer"] = transfer_step(net, data_cfg, params, dev_eval)
    weights = stance_class_weights(train) if params.class_weight else None
    tasks = {"stance"} | ({"frames"} if frame_labels else set()) | ({"type"} if type_labels else set())
    steps["domain"] = train_epochs(
        net, train, epochs=params.epochs, tasks=tasks, stance_weights=weights, evaluate=dev_eval, log=_log
    )

    # Calibration on dev.
    dev_out = net.predict(dev)
    temperatures = {"stance": round(fit_stance_temperature(dev, dev_out.stance_logits), 4)}
    if type_labels and dev_out.type_logits is not None:
        from pipeline.training.calibration import fit_temperature

        typed = [i for i, e in enumerate(dev) if e.type in type_labels]
        temperatures["type"] = round(
            fit_temperature(
                dev_out.type_logits[typed], np.array([type_labels.index(str(dev[i].type)) for i in typed])
            ),
            4,
        )
    frame_thresholds = (
        fit_frame_thresholds(dev, dev_out.frames, frame_labels, params.frame_min_precision)
        if frame_labels and dev_out.frames is not None
        else {}
    )
    calibrated = recalibrate(dev_out.stance_logits, temperatures["stance"])
    gold, pred, conf, _ = stance_pairs(dev, calibrated)
    review = {
        "stance": round(
            review_threshold(
                conf,
                [g == p for g, p in zip(gold, pred, strict=True)],
                accuracy=params.review_accuracy,
                max_share=params.review_max_share,
            ),
            4,
        )
    }
    if frame_labels and dev_out.frames is not None:
        margins = [
            float(np.min(np.abs(row - np.array([frame_thresholds[f] for f in frame_labels]))))
            for row in dev_out.frames
        ]
        review["frames"] = round(float(np.quantile(margins, 0.1)), 4)

    heads = head_params(net.heads)
    cw_metrics: dict[str, Any] = {}
    if data_cfg.get("checkworthiness"):
        cw, cw_metrics = _checkworthiness_head(net, _log)
        heads.update(cw)
    else:
        heads = {k: v for k, v in heads.items() if not k.startswith("checkworthy.")}
    if not frame_labels:
        heads = {k: v for k, v in heads.items() if not k.startswith("frames.")}
    if not type_labels:
        heads = {k: v for k, v in heads.items() if not k.startswith("claim_type.")}
    bundle = BundleConfig(
        name=name,
        version=str(model_cfg.get("version", "1.0.0")),
        num_layers=params.num_layers,
        max_length=params.max_length,
        stance_labels=STANCE_LABELS,
        frame_labels=frame_labels,
        type_labels=type_labels,
        frame_thresholds=frame_thresholds,
        temperatures=temperatures,
        review=review,
        heads=sorted({k.split(".")[0] for k in heads}),
    )
    save_bundle(out_dir, bundle, heads, net.encoder_state() if params.train_encoder else None)

    # Scores through the shipped runtime (and torch, to measure what int8 costs).
    metrics: dict[str, Any] = {"data_version": version, "steps": steps, "checkworthiness": cw_metrics}
    # the shipped runtime, torch (training's), and int8 (what quantisation would cost)
    for runtime in dict.fromkeys((str(data_cfg.get("runtime", "onnx")), "torch", "onnx-int8")):
        model = SharedModel(out_dir, runtime=runtime, threads=params.threads)
        for part, rows in (("dev", dev), ("test", test)):
            if rows:
                metrics.setdefault(runtime, {})[part] = full_report(
                    rows, predict_bundle(model, rows), frame_labels, type_labels, frame_thresholds
                )
    metrics["seconds"] = round(time.perf_counter() - started, 1)
    write_json(out_dir / "metrics.json", metrics)
    write_json(
        out_dir / "training.json",
        {
            "name": name,
            "version": bundle.version,
            "family": "shared",
            "config": str(config_path),
            "data": data_cfg,
            "data_version": version,
            "params": params_dict(params),
            "counts": {"train": len(train), "dev": len(dev), "test": len(test)},
            "trained": dt.date.today().isoformat(),
        },
    )
    from pipeline.training.shared_card import write_shared_card

    write_shared_card(out_dir)
    _log(f"saved {out_dir} in {metrics['seconds']}s")
    return metrics
