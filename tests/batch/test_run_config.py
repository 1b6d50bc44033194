"""One run config: the [claimscope.ingest] settings of --config apply, are recorded and are hashed."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.batch import run_batch
from pipeline.engine import ProcessedArticle
from pipeline.nlp import config_hash, read_run_config
from pipeline.runfolder import iter_errors
from pipeline.types import Article, ErrorRecord

ROOT = Path(__file__).resolve().parents[2]
TEXT = "NATO must spend more on defence. " * 12  # 396 characters


class OneClaim:
    """No models: one claim per article (the run config, not the pipeline, is under test)."""

    config_path = None

    def process(self, articles: Iterable[Article]) -> Iterator[ProcessedArticle | ErrorRecord]:
        for article in articles:
            claim = {"claim_id": f"{article.doc_id}-0", "doc_id": article.doc_id, "text": "NATO must"}
            yield ProcessedArticle(article=article.to_dict(), claims=[claim])

    def manifest(self) -> dict[str, Any]:
        return {"models": {}, "components": {}}


def _config(tmp_path: Path, ingest: str) -> Path:
    text = (ROOT / "configs" / "rules.cfg").read_text(encoding="utf-8") + ingest
    path = tmp_path / "run.cfg"
    path.write_text(text, encoding="utf-8")
    return path


def test_ingest_settings_of_the_run_config_apply_and_are_hashed(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(TEXT, encoding="utf-8")
    plain = _config(tmp_path, "")
    strict_dir = tmp_path / "strict"
    strict_dir.mkdir()
    strict = _config(strict_dir, "\n[claimscope.ingest]\nmin_chars = 1000\n")

    cfg, ingest = read_run_config(strict)
    assert ingest.min_chars == 1000 and ingest.max_bytes == 5_000_000  # its key over the defaults
    assert cfg["claimscope"]["ingest"]["min_chars"] == 1000
    assert config_hash(cfg) != config_hash(read_run_config(plain)[0])

    run_batch([inputs], tmp_path / "out-plain", plain, processor=OneClaim(), progress=False)
    run_batch([inputs], tmp_path / "out-strict", strict, processor=OneClaim(), progress=False)
    assert [e["code"] for e in iter_errors(tmp_path / "out-strict")] == ["E109"]  # too short at 1000
    assert list(iter_errors(tmp_path / "out-plain")) == []
    manifest = json.loads((tmp_path / "out-strict" / "run.json").read_text(encoding="utf-8"))
    assert "[claimscope.ingest]" in manifest["config"] and "min_chars = 1000" in manifest["config"]

    # --resume with changed ingest settings re-processes instead of skipping.
    summary = run_batch(
        [inputs], tmp_path / "out-plain", strict, processor=OneClaim(), resume=True, progress=False
    )
    manifest = json.loads((tmp_path / "out-plain" / "run.json").read_text(encoding="utf-8"))
    assert manifest["resume"]["mode"] == "reprocess" and summary.errors == 1
