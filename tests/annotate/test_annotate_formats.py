"""Prodigy, doccano and Hugging Face exports; the export/import commands end to end."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from pipeline.annotate import commands
from pipeline.annotate.doccano import to_doccano
from pipeline.annotate.hf_export import export_hf
from pipeline.annotate.prodigy import to_prodigy
from pipeline.runfolder import read_run

RUN = Path(__file__).parent / "data" / "run_unicode"


def _app() -> typer.Typer:
    app = typer.Typer()
    commands.register(app)
    return app


def test_prodigy_spans_align_to_tokens_with_code_point_offsets():
    data = read_run(RUN)
    task = to_prodigy(data)[0]
    text = task["text"]
    claim = next(
        s
        for s in task["spans"]
        if s["label"] == "CLAIM" and text[s["start"] : s["end"]].startswith("Beijing")
    )
    tokens = task["tokens"]
    assert tokens[claim["token_start"]]["start"] == claim["start"]
    assert tokens[claim["token_end"]]["end"] == claim["end"]  # token_end is inclusive
    target = next(
        s for s in task["spans"] if s["label"] == "TARGET" and text[s["start"] : s["end"]] == "北京"
    )
    assert target["end"] - target["start"] == 2


def test_doccano_labels_are_code_point_triples():
    data = read_run(RUN)
    rows = to_doccano(data)
    for row, article in zip(rows, data.articles, strict=True):
        assert row["text"] == article.text
        claims = [c for c in data.claims if c.doc_id == article.doc_id]
        assert {(c.start, c.end) for c in claims} == {
            (s, e) for s, e, label in row["labels"] if label == "CLAIM"
        }


def test_hf_export_is_versioned_split_by_document_and_carded(tmp_path):
    from datasets import ClassLabel, load_from_disk

    data = read_run(RUN)
    first = export_hf(data, tmp_path)
    ds = load_from_disk(str(first.path / "dataset"))
    assert isinstance(ds["train"].features["type"], ClassLabel)
    train_docs, test_docs = set(ds["train"]["doc_id"]), set(ds["test"]["doc_id"])
    assert train_docs and test_docs and not train_docs & test_docs
    assert len(ds["train"]) + len(ds["test"]) == 8
    assert "Split by document" in (first.path / "README.md").read_text()
    data.claims[0].targets[0].stance = "favor"
    data.claims[0].label_source = "human"
    data.claims = [c for c in data.claims if c.claim_id != "c-p3"]
    second = export_hf(data, tmp_path)
    changes = json.loads((second.path / "CHANGES.json").read_text())
    assert second.version == 2 and changes["previous"] == 1
    assert changes["removed"] == ["c-p3"] and changes["added"] == []
    assert changes["changed"] == {data.claims[0].claim_id: ["targets", "label_source"]}


def test_cli_export_then_import_round_trip(tmp_path):
    runner = CliRunner()
    out = tmp_path / "tasks.json"
    result = runner.invoke(
        _app(), ["export", "--format", "label-studio", "--from", str(RUN), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "tasks.labeling-config.xml").read_text().startswith("<View>")
    tasks = json.loads(out.read_text(encoding="utf-8"))
    for i, task in enumerate(tasks):
        task["id"] = i
        task["annotations"] = [{"id": i, "completed_by": 1, "result": task["predictions"][0]["result"]}]
    out.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    back = tmp_path / "back"
    result = runner.invoke(_app(), ["import", "--file", str(out), "--into", str(back)])
    assert result.exit_code == 0, result.output
    a, b = read_run(RUN), read_run(back)
    assert [x.text for x in a.articles] == [x.text for x in b.articles]
    key = lambda c: (c.claim_id, c.start, c.end, c.type, [(t.id, t.stance, t.start) for t in c.targets])  # noqa: E731
    assert sorted(map(key, a.claims)) == sorted(map(key, b.claims))
    # and through a store
    db = f"sqlite:///{tmp_path / 'x.db'}"
    result = runner.invoke(_app(), ["import", "--file", str(out), "--into", db, "--project", "p"])
    assert result.exit_code == 0, result.output
    jsonl = tmp_path / "claims.jsonl"
    result = runner.invoke(
        _app(), ["export", "--format", "jsonl", "--from", db, "--project", "p", "--out", str(jsonl)]
    )
    assert result.exit_code == 0, result.output
    assert all(json.loads(line)["label_source"] == "human" for line in jsonl.read_text().splitlines())
    result = runner.invoke(
        _app(), ["agreement", "--db", db, "--project", "p", "--out", str(tmp_path / "agr")]
    )
    assert result.exit_code == 0 and (tmp_path / "agr" / "agreement.csv").exists()
