"""JSON Schemas of the output files (draft 2020-12) for validators and tests.

The record schemas are generated from ``pipeline/types.py`` (:mod:`pipeline.contract`);
only ``run.json``, which has no record class, is written out here. ``validate_run(dir)``
checks every line of a run's output files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.contract import json_schema
from pipeline.runfolder import ARTICLES_FILE, CLAIMS_FILE, ERRORS_FILE, RUN_FILE, manifest_path
from pipeline.types import Article, Claim, ErrorRecord

ARTICLE_SCHEMA: dict[str, Any] = json_schema(Article, "claimscope article")
CLAIM_SCHEMA: dict[str, Any] = json_schema(Claim, "claimscope claim")
ERROR_SCHEMA: dict[str, Any] = json_schema(ErrorRecord, "claimscope error")

RUN_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "claimscope run manifest",
    "type": "object",
    "required": [
        "schema_version",
        "claimscope_version",
        "config_hash",
        "config",
        "models",
        "components",
        "counts",
        "timings",
    ],
    "properties": {
        "schema_version": {"type": "string"},
        "claimscope_version": {"type": "string"},
        "config_hash": {"type": "string", "minLength": 8},
        "config": {"type": "string"},
        "models": {"type": "object"},
        "components": {"type": "object"},
        "model_details": {"type": "object"},
        "counts": {"type": "object", "required": ["articles", "claims", "errors"]},
        "timings": {"type": "object", "required": ["seconds"]},
    },
}

FILE_SCHEMAS = {
    ARTICLES_FILE: ARTICLE_SCHEMA,
    CLAIMS_FILE: CLAIM_SCHEMA,
    ERRORS_FILE: ERROR_SCHEMA,
}


def validate_run(run_dir: str | Path) -> list[str]:
    """Every schema violation in a run folder, as ``file:line: message`` (empty when valid)."""
    import json

    from jsonschema import Draft202012Validator

    from pipeline.io import read_jsonl

    run_dir = Path(run_dir)
    problems: list[str] = []
    for name, schema in FILE_SCHEMAS.items():
        validator = Draft202012Validator(schema)
        path = run_dir / name
        if not path.exists():
            problems.append(f"{name}: missing")
            continue
        for n, record in enumerate(read_jsonl(path), 1):
            problems.extend(f"{name}:{n}: {e.message}" for e in validator.iter_errors(record))
    if manifest_path(run_dir).exists():
        manifest = json.loads(manifest_path(run_dir).read_text(encoding="utf-8"))
        problems.extend(
            f"{RUN_FILE}: {e.message}" for e in Draft202012Validator(RUN_SCHEMA).iter_errors(manifest)
        )
    else:
        problems.append(f"{RUN_FILE}: missing")
    return problems
