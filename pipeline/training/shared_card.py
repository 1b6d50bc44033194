"""The model card (README.md) of a shared-encoder model folder, written from its metrics and training info."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.io import write_atomic


def _ci(block: dict[str, Any], key: str) -> str:
    value, ci = block.get(key), block.get(f"{key}_ci95")
    if value is None:
        return "n/a"
    return f"{value} [{ci[0]}, {ci[1]}]" if ci else str(value)


def _stance_rows(report: dict[str, Any]) -> list[str]:
    s = report.get("stance")
    if not s:
        return []
    rows = [
        f"| stance macro-F1 | {_ci(s, 'macro_f1')} | {s['baseline']['macro_f1']} (always {s['baseline']['label']}) |",
        f"| stance accuracy | {_ci(s, 'accuracy')} | {s['baseline']['accuracy']} |",
    ]
    if "f_avg" in s:
        rows.append(f"| stance F_avg (favor, against) | {_ci(s, 'f_avg')} | |")
    for label, c in s["per_class"].items():
        rows.append(
            f"| {label}: P / R / F1 (support) | {c['precision']:.3f} / {c['recall']:.3f} / {c['f1']:.3f} ({c['support']}) | |"
        )
    return rows


def _frame_rows(report: dict[str, Any]) -> list[str]:
    f = report.get("frames")
    if not f:
        return []
    return [
        f"| frames micro precision | {_ci(f, 'micro_precision')} | 0 (no frame) |",
        f"| frames micro recall | {_ci(f, 'micro_recall')} | 0 |",
        f"| frames micro-F1 | {_ci(f, 'micro_f1')} | 0 |",
        f"| claims with no frame: gold / predicted | {f['no_frame_share_gold']} / {f['no_frame_share_pred']} | |",
    ]


def _type_rows(report: dict[str, Any]) -> list[str]:
    t = report.get("type")
    if not t:
        return []
    return [
        f"| claim type macro-F1 | {_ci(t, 'macro_f1')} | {t['baseline']['macro_f1']} (always {t['baseline']['label']}) |",
        f"| claim type accuracy | {_ci(t, 'accuracy')} | {t['baseline']['accuracy']} |",
    ]


def write_shared_card(folder: str | Path, extra: str = "") -> Path:
    folder = Path(folder)
    model = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    info = json.loads((folder / "training.json").read_text(encoding="utf-8"))
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    runtime = str(info.get("data", {}).get("runtime", "onnx-int8"))
    lines = [
        f"# {model['name']} {model['version']}",
        "",
        "The shared transformer pass of the claimscope pipeline and the heads that read it",
        "(`claimscope_transformer`, `claimscope_stance_head`, `claimscope_frame_head`, `claimscope_type_head`,",
        "`claimscope_checkworthiness_head`).",
        "",
        "## Architecture",
        "",
        f"- Encoder: all-MiniLM-L6-v2 from the pip package `{model['base']}`, cut to its first {model['num_layers']}",
        "  layers; those layers fine-tuned (embeddings frozen) and stored here as float16 (`encoder.safetensors`),",
        "  loaded over the package's weights. Inference runs the encoder in ONNX Runtime"
        + (
            " with dynamic int8 weights"
            if runtime == "onnx-int8"
            else (" (float32)" if runtime == "onnx" else "")
        )
        + f' (`runtime = "{runtime}"`; the ONNX graph is built once from these weights and cached in',
        "  `$CLAIMSCOPE_CACHE`).",
        f"- One pass per claim, max {model['max_length']} tokens: the claim paired with the names of its targets;",
        "  each target is pooled from its own tokens (its mention and its name), the claim from the claim's.",
        "- Heads (numpy at inference): stance `[claim; target; claim*target; |claim-target|]` -> tanh -> 3 classes",
        f"  (temperature {model['temperatures'].get('stance')}); frames: one sigmoid per frame with a threshold per",
        "  frame tuned on dev for precision (1.0 = never fires); type: 5-way softmax; check-worthiness: logistic.",
        f"- Review thresholds (chosen on dev): stance probability below {model['review'].get('stance')}"
        + (
            f", a frame probability within {model['review'].get('frames')} of its threshold"
            if model["review"].get("frames")
            else ""
        )
        + " -> the claim is flagged `needs_review`.",
        "",
        "## Data",
        "",
        f"- Domain: `{info['data_version']}` (`annotations/real`): train {info['counts']['train']}, dev {info['counts']['dev']}, "
        f"test {info['counts']['test']} claims. Test and the seeds were never used for training, selection or thresholds.",
    ]
    transfer = metrics.get("steps", {}).get("transfer")
    if transfer:
        lines.append(
            f"- Transfer (intermediate stance training, one epoch): {transfer.get('pairs')} pairs from "
            f"{', '.join(transfer.get('sources', []))} (`../shared/datasets/stance-transfer`, train splits only)."
        )
    if info.get("data", {}).get("team"):
        lines.append("- Also the team-written claims of `annotations/train` (synthetic op-ed sentences).")
    if metrics.get("checkworthiness"):
        cw = metrics["checkworthiness"]
        lines.append(
            f"- Check-worthiness head: CLEF 2019 CheckThat! task 1 train; dev MAP {cw.get('dev_map')}, test MAP {cw.get('test_map')}."
        )
    lines += ["", "## Scores (bootstrap 95% intervals; trivial baseline beside)", ""]
    for part in ("test", "dev"):
        report = metrics.get(runtime, {}).get(part)
        if not report:
            continue
        lines += [
            f"### Real gold {part} split, runtime `{runtime}`",
            "",
            "| measure | model | trivial baseline |",
            "|---|---|---|",
        ]
        lines += _stance_rows(report) + _frame_rows(report) + _type_rows(report) + [""]
    torch_dev = metrics.get("torch", {}).get("dev", {})
    for other in dict.fromkeys((runtime, "onnx", "onnx-int8")):
        dev = metrics.get(other, {}).get("dev", {})
        if other == "torch" or not dev or not torch_dev:
            continue
        test_part = metrics.get(other, {}).get("test", {})
        lines += [
            f"Accuracy of runtime `{other}` against torch float32 on dev: stance macro-F1 {dev['stance']['macro_f1']} vs "
            f"{torch_dev['stance']['macro_f1']}; frames micro-F1 {dev.get('frames', {}).get('micro_f1')} vs "
            f"{torch_dev.get('frames', {}).get('micro_f1')}; type macro-F1 "
            f"{dev.get('type', {}).get('macro_f1')} vs {torch_dev.get('type', {}).get('macro_f1')}"
            + (f" (test stance macro-F1 {test_part['stance']['macro_f1']})." if test_part else "."),
            "",
        ]
    experiment = metrics.get("transfer_experiment")
    if experiment:
        lines += [
            "## Transfer: measured, not kept",
            "",
            f"Intermediate stance training on {experiment['transfer_pairs']} pairs from "
            f"{', '.join(experiment['transfer_sources'])} (`../shared/datasets/stance-transfer`, one epoch), then the same",
            f"domain training: dev stance macro-F1 {experiment['dev_stance_macro_f1_with_transfer']} with transfer vs "
            f"{experiment['dev_stance_macro_f1_without']} without (int8 runtime); best dev score "
            f"{experiment['best_dev_score_with']:.2f} vs {experiment['best_dev_score_without']:.2f}. Zero-shot on dev,",
            f"before any domain training, the transfer step lowered stance macro-F1 from "
            f"{experiment['zero_shot_dev_stance_before_transfer']} to {experiment['zero_shot_dev_stance_after_transfer']}: "
            "argument-mining stance (a claim for or against a debate topic) is not how a statement presents an",
            "alliance or a state. The shipped model is trained without it (`transfer = false`).",
            "",
        ]
    steps = metrics.get("steps", {})
    if "domain" in steps:
        lines += [
            "## Training",
            "",
            f"Best dev epoch {steps['domain']['best_epoch']} (dev score {steps['domain']['best_score']:.2f} = stance macro-F1"
            " + 0.5 frames micro-F1 + 0.5 type macro-F1); epochs: "
            + ", ".join(f"{h['epoch']}: {h.get('dev_score')}" for h in steps["domain"]["history"])
            + ".",
            f"Rebuild: `claimscope train --config {info['config']}` ({metrics.get('seconds')} s on this project's 2-core machine).",
            "",
        ]
    lines += [
        "## Intended use and limits",
        "",
        "- Claims in commentary and statements on international security (English). Trained on UN General Debate",
        "  statements and Australian Prime Ministers' transcripts; op-eds differ in register (the seeds measure it).",
        "- Frames are rare in the real gold (about 4% of claims); frame thresholds keep precision and fire seldom.",
        "- Stance is how the claim presents the target (favor / against / neutral), not the speaker's overall view",
        "  (annotations/GUIDELINES.md sections 7, 13.6, 13.9).",
    ]
    if extra:
        lines += ["", extra.rstrip()]
    path = folder / "README.md"
    write_atomic(path, "\n".join(lines) + "\n")
    return path
