"""``train(config)`` and ``evaluate_model(model, data)``: the Python API behind the CLI."""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import ConfigError, TrainingError
from pipeline.io import write_atomic, write_json
from pipeline.paths import display, locate, models_dir, writable_model_dir
from pipeline.training.card import write_card
from pipeline.training.confusion import write_confusion
from pipeline.training.curves import cross_validate, learning_curve, plot_learning_curve
from pipeline.training.datasets import data_version, dataset_task, load_dataset, resolve
from pipeline.training.families import load_model, make_model
from pipeline.training.scoring import make_scorer, score_examples

TRAINING_FILE = "training.json"


def read_config(config_path: str | Path) -> Any:
    """Parse a training config (spaCy/confection ``.cfg`` format)."""
    from confection import Config

    path = locate(config_path)
    if not path.exists():
        raise ConfigError("E001", path=path)
    try:
        return Config().from_disk(path, interpolate=True)
    except Exception as exc:  # confection raises several parse error types
        raise ConfigError("E002", path=path, detail=str(exc)) from exc


def resolve_quiet(name_or_path: str) -> bool:
    """True when a dataset exists (an optional external test set may not be written yet)."""
    try:
        return resolve(name_or_path)[1].exists()
    except TrainingError:
        return False


def set_seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    try:
        import torch
    except ModuleNotFoundError:
        return
    torch.manual_seed(seed)


def _relative(path: Path) -> str:
    """A path relative to the working directory (``../shared/...`` for the shared datasets)."""
    return display(path)


def _write_eval_files(report: dict[str, Any], out: Path, title: str) -> None:
    if "confusion_matrix" in report:
        write_confusion(report["confusion_matrix"], report["labels"], out / "confusion_matrix", title)


def train(config_path: str | Path, data: str | None = None, out: str | Path | None = None) -> dict[str, Any]:
    """Train the model a config describes, evaluate it, and save it with its card; returns metrics."""
    cfg = read_config(config_path)
    data_cfg, model_cfg, train_cfg = cfg.get("data", {}), cfg["model"], cfg.get("training", {})
    dataset = data or data_cfg.get("dataset", "claimscope")
    task = data_cfg.get("task") or dataset_task(dataset)
    seed = int(train_cfg.get("seed", 2016))
    n_boot = int(cfg.get("evaluation", {}).get("bootstrap", 1000))
    name = model_cfg.get("name") or Path(config_path).stem
    out_dir = Path(out) if out else models_dir() / name
    family, params = model_cfg["family"], dict(model_cfg.get("params", {}))
    if family == "shared":
        from pipeline.training.shared_train import train_shared

        return train_shared(cfg, config_path, out)
    if family == "shared-refit":
        from pipeline.training.shared_refit import refit_shared

        return refit_shared(cfg, config_path, out)

    set_seed(seed)
    if task == "frames":
        return _train_frames(cfg, dataset, out_dir, seed)
    examples = load_dataset(dataset, task)
    _, data_path = resolve(dataset)
    train_set = [e for e in examples if e.split == "train"]
    dev_set = [e for e in examples if e.split == "dev"]
    test_set = [e for e in examples if e.split == "test"]
    eval_data = data_cfg.get("eval_dataset") or ""
    if eval_data and resolve_quiet(eval_data):
        # An external test set (e.g. the seeds' gold): scored only, never used for selection.
        test_set = [replace(e, split="test") for e in load_dataset(eval_data, task)]
    labels = sorted({e.label for e in train_set})

    started, cpu_started = time.perf_counter(), time.process_time()
    model = make_model(family, params).fit(train_set, dev_set or None, make_scorer(task, labels))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    model.save(out_dir)

    metrics: dict[str, Any] = {
        "train_seconds": round(seconds, 1),
        "train_cpu_seconds": round(cpu_seconds, 1),
        "selection": getattr(model, "selection", {}),
        "history": getattr(model, "history", []),
    }
    if dev_set and not getattr(model, "refit_on_dev", False):  # after a refit dev is training data
        metrics["dev"] = score_examples(model, dev_set, task, n_resamples=n_boot)
    if test_set:
        metrics["test"] = score_examples(model, test_set, task, n_resamples=n_boot)
    if int(train_cfg.get("cv_folds", 0)) > 1:
        metrics["cv"] = cross_validate(
            lambda: make_model(family, params), train_set + dev_set, task, int(train_cfg["cv_folds"]), seed
        )
    fractions = list(train_cfg.get("learning_curve", []))
    if fractions and test_set:  # dev is used for selection inside each point: score on test only
        points = learning_curve(
            lambda: make_model(family, params), train_set, dev_set, test_set, task, fractions, seed
        )
        metrics["learning_curve"] = points
        plot_learning_curve(points, out_dir / "learning_curve.png", f"{name}: learning curve")

    info = {
        "name": name,
        "version": str(model_cfg.get("version", "1.0.0")),
        "family": family,
        "task": task,
        "dataset": dataset,
        "data_path": _relative(data_path),
        "data_version": data_version(data_path),
        "eval_dataset": eval_data if test_set and eval_data else None,
        "data_overridden": data is not None,
        "data": data,
        "config": _relative(Path(config_path)),
        "labels": list(model.labels),
        "n_train": len(train_set),
        "n_dev": len(dev_set),
        "n_test": len(test_set),
        "seed": seed,
        "bootstrap": n_boot,
        "created": dt.date.today().isoformat(),
        "large_weights": bool(model_cfg.get("large_weights", family != "frozen")),
        "limits": model_cfg.get("limits", ""),
    }
    if eval_data and test_set:
        info["eval_data_version"] = data_version(resolve(eval_data)[1])
    write_json(out_dir / TRAINING_FILE, info)
    write_json(out_dir / "labels.json", {str(i): lab for i, lab in enumerate(model.labels)})
    write_json(out_dir / "metrics.json", metrics)
    write_atomic(out_dir / "config.cfg", cfg.to_str())
    scored = "test" if test_set else "dev"
    if scored in metrics:
        _write_eval_files(metrics[scored], out_dir, f"{name} ({scored})")
    write_card(out_dir, info, metrics)
    return metrics


def _train_frames(cfg: Any, dataset: str, out_dir: Path, seed: int) -> dict[str, Any]:
    """Task ``frames``: the multi-label frame head (see :mod:`pipeline.training.frame_head`)."""
    from pipeline.training.frame_head import train_frame_head

    params = dict(cfg["model"].get("params", {}))
    _, train_path = resolve(dataset)
    eval_data = cfg.get("data", {}).get("eval_dataset") or ""
    test_path = resolve(eval_data)[1] if eval_data and resolve_quiet(eval_data) else None
    metrics = train_frame_head(
        train_path,
        out_dir,
        C=float(params.get("C", 1.0)),
        threshold=float(params.get("threshold", 0.5)),
        folds=int(cfg.get("training", {}).get("cv_folds", 5)),
        seed=seed,
        test_path=test_path,
    )
    info = {
        "name": cfg["model"].get("name", out_dir.name),
        "version": str(cfg["model"].get("version", "1.0.0")),
        "task": "frames",
        "dataset": dataset,
        "data_path": _relative(train_path),
        "data_version": data_version(train_path),
        "eval_dataset": eval_data or None,
        "created": dt.date.today().isoformat(),
    }
    write_json(out_dir / TRAINING_FILE, info)
    write_atomic(out_dir / "config.cfg", cfg.to_str())
    cv, test = metrics["cv_micro_f1"], metrics.get("test")
    card = [
        f"# {info['name']} (frame head, version {info['version']})",
        "",
        f"One-vs-rest logistic regression on frozen all-MiniLM-L6-v2 embeddings; {metrics['n_train']} claims from "
        f"`{info['data_path']}` (data version `{info['data_version']}`). Used by `claimscope_frame_encoder` "
        "(`model_path`) together with the zero-shot similarities.",
        "",
        f"- grouped {len(cv['folds'])}-fold CV micro-F1: {cv['mean']} ± {cv['std']} (sd over folds)",
    ]
    if test:
        card.append(
            f"- test ({eval_data}, {test['n']} claims) micro-F1 {test['f1']} [95% CI {test['f1_ci95'][0]}, {test['f1_ci95'][1]}], P {test['precision']}, R {test['recall']}"
        )
    card += ["", "Limits: team-written training claims; labels of the default taxonomy only.", ""]
    write_atomic(out_dir / "README.md", "\n".join(card))
    return metrics


def evaluate_model(model: Path, data: str, out: Path | None = None) -> dict[str, Any]:
    """Score a saved model on a dataset's test split (or all of it when it has none).

    Writes ``metrics.json`` and ``confusion_matrix.{png,csv}`` to ``out`` (default
    ``<model>/eval/<dataset>``) and returns the report; ``report["official_metric"]``
    names the dataset's official score.
    """
    import json

    model = locate(model)
    info_file = model / TRAINING_FILE
    info = json.loads(info_file.read_text(encoding="utf-8")) if info_file.exists() else {}
    task = info.get("task") or dataset_task(data)
    loaded = load_model(model)
    examples = load_dataset(data, task)
    chosen = [e for e in examples if e.split == "test"] or examples
    report = score_examples(loaded, chosen, task)
    report["model"] = f"{info.get('name', model.name)}:{info.get('version', '?')}"
    report["data"] = data
    _, path = resolve(data)
    report["data_version"] = data_version(path)
    report["split"] = "test" if any(e.split == "test" for e in examples) else "all"
    out_dir = (
        Path(out) if out else writable_model_dir(model) / "eval" / Path(str(data).replace(":", "_")).stem
    )
    write_json(out_dir / "metrics.json", report)
    _write_eval_files(report, out_dir, f"{report['model']} on {data}")
    return report


def evaluate(model_path: str | Path, data: str) -> dict[str, Any]:
    """Python API alias of :func:`evaluate_model` with the default output folder."""
    return evaluate_model(Path(model_path), data, None)
