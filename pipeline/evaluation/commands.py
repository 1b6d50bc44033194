"""``claimscope evaluate``: a run against gold, or a trained model against a dataset."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer


def run_summary(metrics: dict[str, Any]) -> list[str]:
    """A few readable lines of :func:`pipeline.evaluation.claims.evaluate_run`'s report."""
    coverage = metrics.get("coverage", {})
    lines = [f"scored {metrics['documents']} article(s) that the gold and the run both hold"]
    if coverage.get("run_without_gold"):
        names = coverage["run_without_gold"]
        lines.append(f"skipped {len(names)} run article(s) without gold: " + _names(names))
    if coverage.get("gold_not_in_run"):
        names = coverage["gold_not_in_run"]
        lines.append(f"skipped {len(names)} gold article(s) not in the run: " + _names(names))
    c, t, s = metrics["claims"], metrics["targets"], metrics["stance"]
    lines += [
        f"claims   P {c['precision']:.2f}  R {c['recall']:.2f}  F1 {c['f1']:.2f}  "
        f"({c['gold']} gold, {c['pred']} predicted; {metrics['non_claims_taken_as_claims']} non-claims taken)",
        f"targets  P {t['precision']:.2f}  R {t['recall']:.2f}  F1 {t['f1']:.2f}  "
        f"main target accuracy {t['main_target_accuracy']:.2f}",
        f"stance   accuracy {s['accuracy']:.2f}  macro-F1 {s['macro_f1']:.2f}  ({s['pairs']} matched targets)",
        f"speaker  accuracy {metrics['speaker']['accuracy']:.2f}   holder accuracy {metrics['holder']['accuracy']:.2f}",
        f"hedging  F1 {metrics['hedging']['f1']:.2f}   frames micro-F1 {metrics['frames']['f1']:.2f}   "
        f"type accuracy {metrics['type']['accuracy']:.2f}   actor recall {metrics['actors']['recall']:.2f}",
    ]
    return lines


def _names(names: list[str], limit: int = 5) -> str:
    return ", ".join(names[:limit]) + (f" and {len(names) - limit} more" if len(names) > limit else "")


def register(app: typer.Typer) -> None:
    @app.command("evaluate")
    def evaluate_command(
        gold: Path | None = typer.Option(
            None, "--gold", metavar="FILE", help="Gold claims (annotations/test/seeds.jsonl)."
        ),
        pred: Path | None = typer.Option(None, "--pred", metavar="DIR", help="A run's output folder."),
        model: Path | None = typer.Option(
            None, "--model", metavar="DIR", help="A trained model folder (models/NAME)."
        ),
        data: str | None = typer.Option(
            None, "--data", metavar="NAME_OR_PATH", help="Dataset name or path for --model."
        ),
        out: Path | None = typer.Option(
            None, "--out", metavar="FILE", help="Write the whole report (metrics.json) here."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print the whole report as JSON."),
        corpus_dir: Path = typer.Option(
            Path("../shared/corpora"),
            "--corpus-dir",
            metavar="DIR",
            help="Shared corpora, for a stand-off gold (annotations/real).",
        ),
        split: str | None = typer.Option(
            None, "--split", metavar="SPLIT", help="Only this split of a stand-off gold (train/dev/test)."
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
            lines = run_summary(metrics)
            if out is not None:
                write_json(out / "metrics.json" if out.suffix != ".json" else out, metrics)
        elif model is not None and data is not None:
            from pipeline.training.commands import model_summary
            from pipeline.training.trainer import evaluate_model

            # --out is the folder of metrics.json and the confusion matrix, as for evaluate-model.
            metrics = evaluate_model(
                model, data, out.parent if out is not None and out.suffix == ".json" else out
            )
            lines = [model_summary(metrics)]
        else:
            typer.echo("claimscope evaluate: give --gold and --pred, or --model and --data", err=True)
            raise typer.Exit(2)
        typer.echo(json.dumps(metrics, indent=2, ensure_ascii=False) if as_json else "\n".join(lines))
