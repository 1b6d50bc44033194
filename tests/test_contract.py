"""The claim contract is declared once (pipeline/types.py); the JSON Schema and the HF Features
are generated from it and must agree with it and with each other."""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path
from typing import Any, Literal

import pytest
from jsonschema import Draft202012Validator

from pipeline.dataset import CLAIM_COLUMNS, claim_features, claim_row
from pipeline.runfolder import iter_articles, iter_claims
from pipeline.schema import ARTICLE_SCHEMA, CLAIM_SCHEMA, ERROR_SCHEMA
from pipeline.types import (
    ACTOR_TYPES,
    CLAIM_TYPES,
    SPEAKER_KINDS,
    STANCES,
    Article,
    Claim,
    ErrorRecord,
    Speaker,
    Target,
)

RUN = Path(__file__).resolve().parent / "annotate" / "data" / "run_unicode"


def _literal_fields(cls: type) -> dict[str, tuple[str, ...]]:
    hints = typing.get_type_hints(cls)
    return {name: typing.get_args(tp) for name, tp in hints.items() if typing.get_origin(tp) is Literal}


def test_label_fields_use_the_literal_label_sets() -> None:
    assert _literal_fields(Claim) == {"type": CLAIM_TYPES, "label_source": ("model", "human")}
    assert _literal_fields(Target) == {"stance": STANCES}
    assert _literal_fields(Speaker) == {"kind": SPEAKER_KINDS}
    assert "type" in _literal_fields(typing.get_type_hints(Claim)["actors"].__args__[0])


def test_features_and_json_schema_cover_exactly_the_declared_fields() -> None:
    features = claim_features()
    names = [f.name for f in dataclasses.fields(Claim)]
    assert sorted(features) == sorted(names) == sorted(CLAIM_COLUMNS)
    assert sorted(CLAIM_SCHEMA["properties"]) == sorted(names)
    for schema, cls in ((ARTICLE_SCHEMA, Article), (ERROR_SCHEMA, ErrorRecord)):
        assert sorted(schema["properties"]) == sorted(f.name for f in dataclasses.fields(cls))
    # Extensions are written but not required of a record.
    assert "co_holders" not in CLAIM_SCHEMA["required"] and "speaker" in CLAIM_SCHEMA["required"]
    # Label sets: ClassLabel names in the dataset == enum of the JSON Schema == the Literal.
    assert features["type"].names == CLAIM_SCHEMA["properties"]["type"]["enum"] == list(CLAIM_TYPES)
    stance = CLAIM_SCHEMA["properties"]["targets"]["items"]["properties"]["stance"]["enum"]
    assert features["targets"].feature["stance"].names == stance == list(STANCES)
    actor = CLAIM_SCHEMA["properties"]["actors"]["items"]["properties"]["type"]["enum"]
    assert features["actors"].feature["type"].names == actor == list(ACTOR_TYPES)
    assert CLAIM_SCHEMA["properties"]["holder"]["type"] == ["object", "null"]


def _written(folder: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return list(iter_articles(folder)), list(iter_claims(folder))


def test_written_records_round_trip_validate_and_encode() -> None:
    articles, claims = _written(RUN)
    assert claims and articles
    features = claim_features()
    validator = Draft202012Validator(CLAIM_SCHEMA)
    for claim in claims:
        # Every key a writer put on the line is declared (this older file lacks some extensions).
        back = Claim.from_dict(claim).to_dict()
        assert {k: back[k] for k in claim} == claim
        assert list(validator.iter_errors(claim)) == []
        encoded = features.encode_example(claim_row(claim))
        assert features["type"].int2str(encoded["type"]) == claim["type"]
    for article in articles:
        back = Article.from_dict(article).to_dict()
        assert {k: back[k] for k in article} == article
        assert list(Draft202012Validator(ARTICLE_SCHEMA).iter_errors(article)) == []


def test_schema_rejects_a_label_outside_the_declared_set() -> None:
    _articles, claims = _written(RUN)
    bad = {**claims[0], "type": "opinion"}
    assert any("opinion" in e.message for e in Draft202012Validator(CLAIM_SCHEMA).iter_errors(bad))
    with pytest.raises(ValueError):
        claim_features().encode_example(claim_row(bad))
