"""The model card (``README.md``) written beside every trained model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.io import write_atomic

INTENDED_USE = {
    "stance": "Stance (favor / against / neutral) of a claim towards a marked target, as a pipeline stage "
    "(`claimscope_stance_transformer`) or for research comparisons.",
    "checkworthiness": "Ranking sentences or claims by check-worthiness (`claimscope_checkworthiness`), "
    "e.g. to prioritise annotation.",
}


def _ci(metrics: dict[str, Any], key: str) -> str:
    if key not in metrics:
        return "-"
    ci = metrics.get(f"{key}_ci95")
    return f"{metrics[key]} [{ci[0]}, {ci[1]}]" if ci else str(metrics[key])


def write_card(path: Path, info: dict[str, Any], metrics: dict[str, Any]) -> Path:
    """Write ``README.md``: data, intended use, limits, scores with 95% bootstrap intervals."""
    test = metrics.get("test") or metrics.get("dev") or {}
    which = "test" if metrics.get("test") else "dev"
    rows = [f"| {k} | {_ci(test, k)} |" for k in ("f_avg", "macro_f1", "accuracy", "map") if k in test]
    lines = [
        f"# {info['name']} ({info['family']}, version {info['version']})",
        "",
        f"Trained by `claimscope train --config {info['config']}`"
        + (f" --data {info['data']}" if info.get("data_overridden") else "")
        + f" on {info['created']}.",
        "",
        "## Data",
        "",
        f"- dataset: `{info['dataset']}` (`{info['data_path']}`), data version (SHA-256 prefix) `{info['data_version']}`",
        f"- task: {info['task']}; labels: {', '.join(info['labels'])}",
        f"- examples: train {info['n_train']}, dev {info['n_dev']} (model selection, early stopping and "
        f"calibration), {which} {test.get('n', 0)} (never used for training or selection)"
        + (f"; the test set is `{info['eval_dataset']}`" if info.get("eval_dataset") else ""),
        "- splits are by document/group: no document has items on both sides.",
        "",
        "## Intended use",
        "",
        INTENDED_USE.get(info["task"], ""),
        "",
        "## Scores",
        "",
        f"On the {which} split; 95% intervals from {info.get('bootstrap', 1000)} bootstrap resamples (seeded)"
        + (", resampling documents." if "map" in test else ", resampling items."),
        "",
        "| metric | value [95% CI] |",
        "|---|---|",
        *rows,
    ]
    if "per_class" in test:
        lines += ["", "| class | P | R | F1 | support |", "|---|---|---|---|---|"]
        lines += [
            f"| {lab} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |"
            for lab, v in test["per_class"].items()
        ]
    if metrics.get("cv"):
        cv = metrics["cv"]
        lines += [
            "",
            f"Grouped {cv['k']}-fold cross-validation ({cv['metric']}): {cv['mean']} ± {cv['std']} (sd over folds).",
        ]
    if metrics.get("learning_curve"):
        lines += ["", "Learning curve: `learning_curve.png` / `metrics.json` (`learning_curve`)."]
    lines += [
        "",
        "## Limits",
        "",
        "- Scores hold for the data above; text from other genres or periods will score lower.",
        "- Calibrated by temperature scaling on dev; the calibration error (ECE) on the evaluation split is "
        f"{test.get('ece', 'n/a')}.",
        f"- {info.get('limits', '')}",
        "",
        "## Files",
        "",
        "`model.json` (family, labels, temperature, parameters), `labels.json`, `config.cfg`, `training.json`, "
        "`metrics.json`, `confusion_matrix.{png,csv}`"
        + (
            ", `weights/` (not committed: rebuild with the command above)"
            if info.get("large_weights")
            else ""
        )
        + ".",
        "",
    ]
    out = Path(path) / "README.md"
    write_atomic(out, "\n".join(lines))
    return out
