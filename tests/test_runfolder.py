"""The run folder module: one place for the file names, run.json and the record streams."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.engine import oversized
from pipeline.errors import StoreError
from pipeline.runfolder import (
    ARTICLES_FILE,
    RunData,
    iter_claims,
    iter_errors,
    read_manifest,
    read_run,
    write_manifest,
    write_run,
)
from pipeline.types import Article, Claim, ErrorRecord, Speaker


def _claim(doc_id: str, start: int) -> Claim:
    return Claim(
        claim_id=f"{doc_id}-{start}", doc_id=doc_id, text="NATO must act.", start=start, end=start + 14,
        section=None, type="prescription", speaker=Speaker(id=None, name=None), holder=None,
        actors=[], targets=[], frames=[], hedged=False, hedges=[],
    )  # fmt: skip


def test_run_folder_round_trip_and_manifest(tmp_path: Path) -> None:
    data = RunData(
        articles=[Article(doc_id="a", source_path="a.txt", text="NATO must act. NATO must act.")],
        claims=[_claim("a", 15), _claim("a", 0)],
    )
    write_run(tmp_path, data)
    back = read_run(tmp_path)
    assert back.articles == data.articles and back.claims == data.claims
    assert [c.start for c in back.claims_by_doc()["a"]] == [0, 15]
    assert list(iter_errors(tmp_path)) == []  # a missing file streams nothing

    assert read_manifest(tmp_path) == {}
    write_manifest(tmp_path, {"status": "finished", "config_hash": "0123456789abcdef"})
    assert read_manifest(tmp_path)["status"] == "finished"
    (tmp_path / "run.json").write_text("{not json", encoding="utf-8")
    assert read_manifest(tmp_path) == {}  # a damaged run.json reads as no manifest


def test_run_folder_without_articles_is_e408(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"\[E408\].*" + ARTICLES_FILE):
        read_run(tmp_path)
    assert list(iter_claims(tmp_path)) == []


def test_error_records_carry_the_doc_id_of_their_article() -> None:
    err = oversized(Article(doc_id="big", source_path="big.txt", text="x" * 11), 10)
    assert err is not None and err.doc_id == "big" and err.to_dict()["doc_id"] == "big"
    assert "[claimscope.run]" in err.message
    ingest_error = ErrorRecord(path="bad.bin", code="E102", message="binary")
    assert ingest_error.to_dict() == {"path": "bad.bin", "code": "E102", "message": "binary"}
    assert ErrorRecord.from_dict(err.to_dict()) == err
