"""``claimscope evaluate``: a run against gold, or a trained model against a dataset."""

from __future__ import annotations

import json
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("evaluate")
    def evaluate_command(
        gold: Path | None = typer.Option(None, "--gold", help="Gold claims (annotations/test/seeds.jsonl)."),
        pred: Path | None = typer.Option(None, "--pred", help="A run's output folder."),
        model: Path | None = typer.Option(None, "--model", help="A trained model folder (models/NAME)."),
        data: str | None = typer.Option(None, "--data", help="Dataset name or path for --model."),
        out: Path | None = typer.Option(None, "--out", help="Write metrics.json here."),
        corpus_dir: Path = typer.Option(
            Path("../shared/corpora"),
            "--corpus-dir",
            help="Shared corpora, for a stand-off gold (annotations/real).",
        ),
        split: str | None = typer.Option(
            None, "--split", help="Only this split of a stand-off gold (train/dev/test)."
        ),
    ) -> None:
        """Score a run (--gold + --pred) or a trained model (--model + --data)."""
        from pipeline.io import write_json

        if gold is not None and pred is not None:
            from pipeline.evaluation.claims import evaluate_run
            from pipeline.gold.dataset import is_standoff, standoff_evaluation_gold

            if gold.is_dir() and (gold / "gold.jsonl").is_file():
                gold = gold / "gold.jsonl"  # a stand-off gold folder (annotations/real)
            if not gold.is_file():
                typer.echo(
                    f"claimscope evaluate: no gold file at {gold}: give a JSONL of gold claims "
                    "(annotations/test/seeds.jsonl) or a stand-off gold (annotations/real)",
                    err=True,
                )
                raise typer.Exit(2)
            if is_standoff(gold):
                import tempfile

                with tempfile.TemporaryDirectory(prefix="claimscope-gold-") as tmp:
                    materialised = standoff_evaluation_gold(gold, corpus_dir, Path(tmp), split=split)
                    metrics = evaluate_run(materialised, pred)
                metrics["gold"] = str(gold)
            else:
                metrics = evaluate_run(gold, pred)
        elif model is not None and data is not None:
            try:
                from pipeline.training import evaluate_model
            except ImportError:
                typer.echo("claimscope: model evaluation needs pipeline.training", err=True)
                raise typer.Exit(2) from None
            metrics = evaluate_model(model, data, out)
        else:
            typer.echo("claimscope evaluate: give --gold and --pred, or --model and --data", err=True)
            raise typer.Exit(2)
        if out is not None:
            write_json(out / "metrics.json" if out.suffix != ".json" else out, metrics)
        typer.echo(json.dumps(metrics, indent=2, ensure_ascii=False))
