"""The frame taxonomy (``frames.jsonl`` of the configs folder): label, description, examples, cues.

Read here for every user of the taxonomy (the frame stages, exports, checks) without
importing spaCy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError
from pipeline.io import read_jsonl

TAXONOMY_FILE = "frames.jsonl"


def read_taxonomy(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The records of a taxonomy file (default: ``frames.jsonl`` of the configs folder)."""
    from pipeline.paths import config_file, require_default

    path = Path(path) if path else require_default(config_file(TAXONOMY_FILE))
    if not path.exists():
        raise ConfigError("E001", path=str(path))
    try:
        records = list(read_jsonl(path))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ConfigError("E002", path=str(path), detail=str(exc)) from exc
    if not records or any(not isinstance(r, dict) or "label" not in r for r in records):
        raise ConfigError("E002", path=str(path), detail="every line needs a 'label'")
    return records


def frame_labels(path: str | Path | None = None) -> list[str]:
    """The labels of a taxonomy, in file order."""
    return [str(r["label"]) for r in read_taxonomy(path)]
