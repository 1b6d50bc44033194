"""JSON Schemas of the output files (draft 2020-12), declared once for validators and tests.

They mirror ``pipeline/types.py`` and the data contract. ``validate_run(dir)``
checks every line of a run's output files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.runfolder import ARTICLES_FILE, CLAIMS_FILE, ERRORS_FILE, RUN_FILE, manifest_path
from pipeline.types import ACTOR_TYPES, BLOCK_KINDS, CLAIM_TYPES, SPEAKER_KINDS, STANCES

_STR_OR_NULL: dict[str, Any] = {"type": ["string", "null"]}
_INT_OR_NULL: dict[str, Any] = {"type": ["integer", "null"]}
_SPAN = {"start": {"type": "integer", "minimum": 0}, "end": {"type": "integer", "minimum": 0}}

ARTICLE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "claimscope article",
    "type": "object",
    "required": [
        "doc_id",
        "source_path",
        "title",
        "author",
        "source",
        "url",
        "published",
        "language",
        "text",
        "blocks",
        "links",
        "actors",
        "warnings",
    ],
    "properties": {
        "doc_id": {"type": "string", "minLength": 1},
        "source_path": {"type": "string"},
        "title": _STR_OR_NULL,
        "author": _STR_OR_NULL,
        "source": _STR_OR_NULL,
        "url": _STR_OR_NULL,
        "published": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "language": {"type": "string", "minLength": 2, "maxLength": 3},
        "text": {"type": "string"},
        "blocks": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["start", "end", "kind"],
                "properties": {**_SPAN, "kind": {"enum": list(BLOCK_KINDS)}},
            },
        },
        "links": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["start", "end", "href"],
                "properties": {**_SPAN, "href": {"type": "string"}},
            },
        },
        "actors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "type", "name", "mentions"],
                "properties": {
                    "id": {"type": "string"},
                    "type": {"enum": list(ACTOR_TYPES)},
                    "name": {"type": "string"},
                    "mentions": {"type": "integer", "minimum": 1},
                },
            },
        },
        "warnings": {"type": "array", "items": {"type": "string"}},
        "author_bio": _STR_OR_NULL,
        "duplicate_of": _STR_OR_NULL,
        "raw_offsets": {
            "type": "array",
            "items": {"type": "array", "items": {"type": "integer"}, "minItems": 3, "maxItems": 3},
        },
        "metadata": {"type": "object"},
    },
}

CLAIM_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "claimscope claim",
    "type": "object",
    "required": [
        "claim_id",
        "doc_id",
        "text",
        "start",
        "end",
        "section",
        "type",
        "speaker",
        "holder",
        "actors",
        "targets",
        "frames",
        "hedged",
        "hedges",
        "label_source",
        "provenance",
    ],
    "properties": {
        "claim_id": {"type": "string", "minLength": 1},
        "doc_id": {"type": "string", "minLength": 1},
        "text": {"type": "string", "minLength": 1},
        **_SPAN,
        "section": _STR_OR_NULL,
        "type": {"enum": list(CLAIM_TYPES)},
        "type_score": {"type": "number", "minimum": 0, "maximum": 1},
        "speaker": {
            "type": "object",
            "required": ["id", "name", "kind"],
            "properties": {
                "id": _STR_OR_NULL,
                "name": _STR_OR_NULL,
                "kind": {"enum": list(SPEAKER_KINDS)},
                "start": _INT_OR_NULL,
                "end": _INT_OR_NULL,
            },
        },
        "holder": {
            "type": ["object", "null"],
            "required": ["id", "name"],
            "properties": {
                "id": _STR_OR_NULL,
                "name": _STR_OR_NULL,
                "start": _INT_OR_NULL,
                "end": _INT_OR_NULL,
            },
        },
        "co_holders": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {"id": _STR_OR_NULL, "name": _STR_OR_NULL},
            },
        },
        "actors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["text", "start", "end", "type", "id"],
                "properties": {
                    "text": {"type": "string"},
                    **_SPAN,
                    "type": {"enum": list(ACTOR_TYPES)},
                    "id": _STR_OR_NULL,
                },
            },
        },
        "targets": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "text", "stance", "score"],
                "properties": {
                    "id": {"type": "string"},
                    "text": {"type": "string"},
                    "stance": {"enum": list(STANCES)},
                    "score": {"type": "number", "minimum": 0, "maximum": 1},
                    "start": _INT_OR_NULL,
                    "end": _INT_OR_NULL,
                    "type": _STR_OR_NULL,
                },
            },
        },
        "frames": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["label", "score"],
                "properties": {
                    "label": {"type": "string"},
                    "score": {"type": "number", "minimum": 0, "maximum": 1},
                },
            },
        },
        "hedged": {"type": "boolean"},
        "hedges": {"type": "array", "items": {"type": "string"}},
        "label_source": {"enum": ["model", "human"]},
        "provenance": {"type": "object", "additionalProperties": {"type": "string"}},
        "checkworthiness": {"type": "number", "minimum": 0, "maximum": 1},
        "needs_review": {"type": "boolean"},
        "review": {"type": "array", "items": {"type": "string", "enum": ["stance", "frames"]}},
    },
}

ERROR_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "claimscope error",
    "type": "object",
    "required": ["path", "code", "message"],
    "properties": {
        "path": {"type": "string"},
        "code": {"type": "string", "pattern": r"^E\d{3}$"},
        "message": {"type": "string"},
        "doc_id": {"type": "string", "minLength": 1},
    },
}

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
