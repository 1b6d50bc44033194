"""``claimscope train`` and ``claimscope evaluate-model``: thin typer wrappers over the API."""

from __future__ import annotations

import json
from pathlib import Path

import typer


def model_summary(report: dict[str, object]) -> str:
    """One line: the dataset's official metric with its 95% interval."""
    metric = str(report.get("official_metric", ""))
    value = report.get(metric)
    ci = report.get(f"{metric}_ci95")
    return f"{metric} = {value}" + (f" (95% CI {ci[0]}-{ci[1]})" if isinstance(ci, list) else "")


def register(app: typer.Typer) -> None:
    """Add the training commands to the ``claimscope`` app."""

    @app.command("train")
    def train_command(
        config: Path = typer.Option(
            ..., "--config", metavar="FILE", help="Training config, e.g. configs/train/semeval2016-svm.cfg."
        ),
        data: str = typer.Option(
            None,
            "--data",
            metavar="NAME_OR_PATH",
            help="Dataset name (semeval2016, clef2019, claimscope) or path.",
        ),
        out: Path = typer.Option(
            None,
            "--out",
            metavar="DIR",
            help="Model folder (default models/NAME, with NAME from the config).",
        ),
    ) -> None:
        """Train a model from a config, evaluate it, save it with its model card."""
        from pipeline.training.trainer import train

        metrics = train(config, data=data, out=out)
        for split in ("test", "dev"):
            if split in metrics:
                typer.echo(f"{split}: {model_summary(metrics[split])}")
        if "cv" in metrics:
            cv = metrics["cv"]
            typer.echo(f"cv ({cv['k']} folds, {cv['metric']}): {cv['mean']} ± {cv['std']}")

    @app.command("evaluate-model")
    def evaluate_model_command(
        model: Path = typer.Option(
            ..., "--model", metavar="DIR", help="A trained model folder, e.g. models/semeval2016-svm."
        ),
        data: str = typer.Option(
            ...,
            "--data",
            metavar="NAME_OR_PATH",
            help="Dataset name or path; its test split is scored when it has one.",
        ),
        out: Path = typer.Option(
            None, "--out", metavar="DIR", help="Folder for metrics.json and the confusion matrix."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print the whole report as JSON."),
    ) -> None:
        """Score a trained model on a dataset with the dataset's official metric."""
        from pipeline.training.trainer import evaluate_model

        report = evaluate_model(model, data, out)
        typer.echo(json.dumps(report, indent=2) if as_json else model_summary(report))
