"""Export to and import from annotation tools: one entry point per direction (used by CLI and app)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError
from pipeline.io import dumps, write_atomic, write_json
from pipeline.runfolder import RunData

EXPORT_FORMATS: tuple[str, ...] = ("label-studio", "prodigy", "doccano", "hf", "jsonl")


def frame_labels(data: RunData) -> list[str]:
    """Frame labels for the Label Studio config: the project's own plus the configured taxonomy."""
    from pipeline.vocabulary import known_frames

    return sorted(known_frames(data.claims))


def render(data: RunData, fmt: str) -> tuple[str, str]:
    """``(text, media type)`` of a single-file export."""
    if fmt == "label-studio":
        from pipeline.annotate.label_studio import to_tasks

        return json.dumps(to_tasks(data), ensure_ascii=False, indent=1), "application/json"
    if fmt == "prodigy":
        from pipeline.annotate.prodigy import to_prodigy

        return "".join(dumps(t) + "\n" for t in to_prodigy(data)), "application/x-ndjson"
    if fmt == "doccano":
        from pipeline.annotate.doccano import to_doccano

        return "".join(dumps(t) + "\n" for t in to_doccano(data)), "application/x-ndjson"
    if fmt == "jsonl":
        return "".join(dumps(c.to_dict()) + "\n" for c in data.claims), "application/x-ndjson"
    raise ConfigError("E006", name="--format", expected=f"one of {', '.join(EXPORT_FORMATS)}", got=fmt)


@dataclass
class ExportResult:
    format: str
    paths: list[Path]
    info: dict[str, Any]


def export(data: RunData, fmt: str, out: str | Path) -> ExportResult:
    """Write ``data`` in ``fmt`` to ``out`` (a file; a folder for ``hf``)."""
    out = Path(out)
    if fmt == "hf":
        from pipeline.annotate.hf_export import export_hf

        result = export_hf(data, out)
        info = {"version": result.version, "unchanged": result.unchanged, **result.counts}
        return ExportResult(fmt, [result.path], info)
    text, _media = render(data, fmt)
    write_atomic(out, text)
    paths = [out]
    if fmt == "label-studio":
        from pipeline.annotate.label_studio import labeling_config

        config = out.with_name(out.stem + ".labeling-config.xml")
        write_atomic(config, labeling_config(frame_labels(data)))
        paths.append(config)
    return ExportResult(fmt, paths, {"articles": len(data.articles), "claims": len(data.claims)})


def write_summary(path: str | Path, result: ExportResult) -> None:
    write_json(path, {"format": result.format, "paths": [str(p) for p in result.paths], **result.info})
