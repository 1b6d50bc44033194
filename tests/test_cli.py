"""The command line as a user meets it: version, help texts, errors, summaries and file modes."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
from cli_helper import claimscope

from pipeline import __version__
from pipeline.cli import app

RUN = Path(__file__).parent / "annotate" / "data" / "run_unicode"


def _commands() -> list[list[str]]:
    names = [[c.name or ""] for c in app.registered_commands]
    for group in app.registered_groups:
        assert group.typer_instance is not None
        names += [[group.name or "", c.name or ""] for c in group.typer_instance.registered_commands]
    return names


def test_version_prints_the_version_and_exits_0() -> None:
    result = claimscope("--version")
    assert result.code == 0
    assert result.stdout.strip() == f"claimscope {__version__}"


@pytest.mark.parametrize("command", _commands(), ids=" ".join)
def test_help_shows_conventional_usage_and_no_python_types(command: list[str]) -> None:
    result = claimscope(*command, "--help")
    assert result.code == 0, result.output
    usage = result.stdout.splitlines()[0]
    assert usage.startswith("Usage: claimscope " + " ".join(command))
    assert "{" not in result.stdout, result.stdout  # typer's {inputs}... usage
    assert not re.search(r"<[a-z][a-z\[\], ]*>", result.stdout), result.stdout  # <bool>, <path>, <list[str]>


def test_help_keeps_bracketed_words() -> None:
    assert "Config with a [claimscope.ingest] section" in claimscope("ingest", "--help").stdout
    assert "Usage: claimscope run [OPTIONS] INPUT..." in claimscope("run", "--help").stdout


def test_agreement_reads_the_store_from_CLAIMSCOPE_DB(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMSCOPE_ARGON2_PROFILE", "CHEAPEST")
    monkeypatch.chdir(tmp_path)
    env = {"CLAIMSCOPE_DB": f"sqlite:///{tmp_path / 'review.db'}", "CLAIMSCOPE_PASSWORD": "pw-123456789"}
    assert claimscope("load-run", str(RUN), "--project", "p", env=env).code == 0
    for user in ("alice", "bob"):
        assert claimscope("users", "add", user, "--project", "p", env=env).code == 0
    assert claimscope("assign", "--project", "p", "--users", "alice,bob", env=env).code == 0
    result = claimscope("agreement", "--project", "p", "--out", "agreement", env=env)
    assert result.code == 0, result.output
    assert (tmp_path / "agreement" / "agreement.json").exists()
    assert not (tmp_path / "claimscope.db").exists()  # the default store was not opened


def test_import_of_a_missing_file_says_it_is_missing(tmp_path: Path) -> None:
    result = claimscope("import", "--file", str(tmp_path / "export.json"), "--into", str(tmp_path / "out"))
    assert result.code == 2
    assert "[E415]" in result.stderr and "not found" in result.stderr
    assert not (tmp_path / "out").exists()


def test_label_studio_export_writes_the_config_file_the_readme_names(tmp_path: Path) -> None:
    result = claimscope(
        "export", "--format", "label-studio", "--from", str(RUN), "--out", str(tmp_path / "tasks.json")
    )
    assert result.code == 0, result.output
    config = tmp_path / "tasks.labeling-config.xml"
    assert config.read_text(encoding="utf-8").startswith("<View>")
    assert f"wrote {config}" in result.stdout
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert "tasks.labeling-config.xml" in readme and "tasks.json.labeling-config.xml" not in readme
    # The whole configured frame taxonomy is offered, not only the frames the run used.
    assert 'value="integrated-deterrence"' in config.read_text(encoding="utf-8")


def test_hf_export_makes_a_new_version_only_when_claims_change(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    first = claimscope("export", "--format", "hf", "--from", str(RUN), "--out", str(tmp_path / "gold"))
    assert first.code == 0, first.output
    again = claimscope("export", "--format", "hf", "--from", str(RUN), "--out", str(tmp_path / "gold"))
    assert again.code == 0, again.output
    assert sorted(p.name for p in (tmp_path / "gold").iterdir()) == ["v1"]
    assert "no claim changed since version 1" in again.stdout
    # No progress bars from datasets (they go straight to the process's stderr).
    captured = capfd.readouterr()
    assert "Saving the dataset" not in captured.err + first.stderr + again.stderr
    assert "it/s" not in captured.err + first.stderr


def test_network_names_the_option_of_a_bad_date(tmp_path: Path) -> None:
    result = claimscope("network", str(RUN), "--out", str(tmp_path / "net"), "--from", "2026-13-01")
    assert result.code == 2
    assert "'--from' parameter must be a calendar date written YYYY-MM-DD" in result.stderr
    assert "date_from" not in result.stderr


def test_network_with_human_labels_on_a_run_without_them_says_so(tmp_path: Path) -> None:
    result = claimscope(
        "network", str(RUN), "--out", str(tmp_path / "net"), "--labels", "human", "--no-figures"
    )
    assert result.code == 0, result.output
    assert "no statements, so the networks are empty" in result.stderr
    assert "have no human labels" in result.stderr and "--labels all" in result.stderr


def test_written_files_honour_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        assert (
            claimscope(
                "export", "--format", "jsonl", "--from", str(RUN), "--out", str(tmp_path / "c.jsonl")
            ).code
            == 0
        )
        assert (
            claimscope("export", "--format", "hf", "--from", str(RUN), "--out", str(tmp_path / "gold")).code
            == 0
        )
        report = claimscope("report", str(RUN), "--out", str(tmp_path / "report" / "report.html"))
        assert report.code == 0, report.output
        net = claimscope("network", str(RUN), "--out", str(tmp_path / "net"))
        assert net.code == 0, net.output
    finally:
        os.umask(old)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) > 20
    modes = {str(p.relative_to(tmp_path)): stat.S_IMODE(p.stat().st_mode) for p in files}
    assert {name: oct(m) for name, m in modes.items() if m != 0o640} == {}


def test_a_run_ingest_and_import_honour_the_umask(tmp_path: Path) -> None:
    """run.json, the JSONL files and dataset/ of a run, an ingest folder, and a run folder that an
    import replaced (staged, swapped in together, with a backup) all get the user's umask."""
    root = Path(__file__).parent.parent
    article = str(root / "corpus" / "jef_baltic_sea.txt")
    out = tmp_path / "run"
    old = os.umask(0o027)
    try:
        ran = claimscope("run", article, "--out", str(out), "--config", str(root / "configs" / "rules.cfg"))
        assert ran.code == 0, ran.output
        assert claimscope("ingest", article, "--out", str(tmp_path / "ingested")).code == 0
        tasks = tmp_path / "tasks.json"
        exported = claimscope("export", "--format", "label-studio", "--from", str(out), "--out", str(tasks))
        assert exported.code == 0, exported.output
        annotated = json.loads(tasks.read_text(encoding="utf-8"))
        for n, task in enumerate(annotated, 1):
            task["id"] = n
            task["annotations"] = [{"id": n, "completed_by": 1, "result": task["predictions"][0]["result"]}]
        export = tmp_path / "export.json"
        export.write_text(json.dumps(annotated, ensure_ascii=False), encoding="utf-8")
        imported = claimscope("import", "--file", str(export), "--into", str(out))
        assert imported.code == 0, imported.output
    finally:
        os.umask(old)
    written = [p for folder in (out, tmp_path / "ingested") for p in folder.rglob("*") if p.is_file()]
    names = {str(p.relative_to(tmp_path)) for p in written}
    assert {"run/run.json", "run/claims.jsonl", "run/articles.jsonl", "ingested/articles.jsonl"} <= names
    assert any(name.startswith("run/backups/") for name in names)  # the import swapped files in
    assert any(name.startswith("run/dataset/") for name in names)
    modes = {str(p.relative_to(tmp_path)): stat.S_IMODE(p.stat().st_mode) for p in written}
    assert {name: oct(m) for name, m in modes.items() if m != 0o640} == {}


def test_evaluate_gold_scores_the_articles_both_hold_and_says_what_it_skipped(tmp_path: Path) -> None:
    run = tmp_path / "run"
    run.mkdir()
    articles = [
        json.loads(line) for line in (RUN / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    claims = [json.loads(line) for line in (RUN / "claims.jsonl").read_text(encoding="utf-8").splitlines()]
    (run / "articles.jsonl").write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    (run / "claims.jsonl").write_text("".join(json.dumps(c) + "\n" for c in claims), encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    first = next(c for c in claims if c["doc_id"] == articles[0]["doc_id"])
    rows = [
        {
            "source_file": articles[0]["source_path"],
            "text": first["text"],
            "targets": [],
            "type": "evaluation",
        },
        {"source_file": "not-in-the-run.txt", "text": "Something else.", "targets": []},
    ]
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = claimscope("evaluate", "--gold", str(gold), "--pred", str(run))
    assert result.code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "scored 1 article(s) that the gold and the run both hold"
    assert f"skipped {len(articles) - 1} run article(s) without gold: " in result.stdout
    assert "skipped 1 gold article(s) not in the run: not-in-the-run.txt" in result.stdout
    assert len(lines) < 12  # a summary, not the whole report
    assert json.loads(claimscope("evaluate", "--gold", str(gold), "--pred", str(run), "--json").stdout)[
        "coverage"
    ]
    # Nothing in common: a coded error naming files, not hex ids.
    gold.write_text(json.dumps(rows[1]) + "\n", encoding="utf-8")
    result = claimscope("evaluate", "--gold", str(gold), "--pred", str(run))
    assert result.code == 2 and "[E305]" in result.stderr
    assert "not-in-the-run.txt" in result.stderr and articles[0]["source_path"] in result.stderr
    assert articles[0]["doc_id"] not in result.stderr.replace(articles[0]["source_path"], "")


def _tiny_model(path: Path) -> Path:
    from pipeline.training.examples import Example
    from pipeline.training.family_sklearn import SklearnModel

    verbs = {
        "favor": ["strengthens", "helps"],
        "against": ["undermines", "weakens"],
        "neutral": ["met", "visited"],
    }
    examples = [
        Example(text=f"[{t}] {v} the region.", label=label, target=t, group=f"{t}{v}")
        for label, vs in verbs.items()
        for v in vs
        for t in ("NATO", "AUKUS", "the EU")
    ]
    SklearnModel(c_grid=[10.0], per_target=False).fit(examples).save(path)
    (path / "training.json").write_text('{"name": "tiny", "version": "0.1", "task": "stance"}')
    return path


def test_evaluate_model_prints_one_summary_line_like_evaluate_model(tmp_path: Path) -> None:
    model = _tiny_model(tmp_path / "tiny")
    data = tmp_path / "claims.jsonl"
    rows = [
        {"claim_id": f"c{i}", "doc_id": f"d{i}", "text": text, "split": "test",
         "targets": [{"id": "NATO", "text": "NATO", "stance": stance}]}
        for i, (text, stance) in enumerate(
            [("NATO strengthens the region.", "favor"), ("NATO undermines the region.", "against"),
             ("NATO met the region.", "neutral")] * 3
        )
    ]  # fmt: skip
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = claimscope("evaluate", "--model", str(model), "--data", str(data), "--out", str(tmp_path / "ev"))
    assert result.code == 0, result.output
    other = claimscope(
        "evaluate-model", "--model", str(model), "--data", str(data), "--out", str(tmp_path / "ev2")
    )
    assert result.stdout == other.stdout and len(result.stdout.splitlines()) == 1
    assert re.match(r"\w+ = [0-9.]+ \(95% CI [0-9.]+-[0-9.]+\)$", result.stdout.strip())
    assert (tmp_path / "ev" / "metrics.json").exists()
    full = claimscope(
        "evaluate", "--model", str(model), "--data", str(data), "--json", "--out", str(tmp_path / "ev")
    )
    assert "confusion_matrix" in json.loads(full.stdout)


def test_a_model_folder_without_weights_names_the_command_that_trains_it(tmp_path: Path) -> None:
    model = Path(__file__).parent.parent / "models" / "semeval2016-svm"
    result = claimscope("evaluate", "--model", str(model), "--data", "semeval2016")
    assert result.code == 2
    assert "[E306]" in result.stderr
    assert "claimscope train --config configs/train/semeval2016-svm.cfg" in result.stderr


ROOT = Path(__file__).parent.parent


def test_run_without_a_terminal_prints_progress_that_makes_sense_and_one_summary(tmp_path: Path) -> None:
    inputs = [str(ROOT / "corpus" / "jef_baltic_sea.txt"), str(ROOT / "corpus" / "norad_modernisation.txt")]
    out = tmp_path / "out"
    result = claimscope("run", *inputs, "--out", str(out), "--config", str(ROOT / "configs" / "rules.cfg"))
    assert result.code == 0, result.output
    summary = result.stdout.strip().splitlines()
    assert len(summary) == 1 and re.match(r"2 articles, \d+ claims, 0 errors in [0-9.]+s -> ", summary[0])
    assert "claimscope run: pipeline ready in" in result.stderr and "2 articles to read" in result.stderr
    assert "claims in output" not in result.output  # the summary is printed once, not also as a table
    assert " 0.0 articles/s" not in result.stderr


def test_progress_line_counts_rates_from_the_ready_pipeline(tmp_path: Path) -> None:
    from pipeline.batch.progress import BatchProgress, format_rate, format_seconds

    log = tmp_path / "log.txt"
    with open(log, "w", encoding="utf-8") as fh:
        bar = BatchProgress(10, stream=fh, log_every=0.0)
        with bar:
            bar.start_clock(loaded_in=25.0)
            bar.update(articles=4, claims=40)
    text = log.read_text(encoding="utf-8")
    assert "claimscope run: pipeline ready in 25.0s; 10 articles to read" in text
    assert re.search(
        r"4/10 articles, 40 claims, 0 errors; [0-9.]+ articles/s, [0-9.]+ claims/s; 0:00 elapsed", text
    )
    assert (format_rate(0.04), format_rate(3.71), format_rate(120.4)) == ("0.04", "3.7", "120")
    assert (format_seconds(65), format_seconds(3725)) == ("1:05", "1:02:05")


def test_a_missing_model_stops_the_run_before_the_output_folder_is_touched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "claims.jsonl").write_text('{"claim_id": "kept"}\n', encoding="utf-8")
    text = (ROOT / "configs" / "default.cfg").read_text(encoding="utf-8")
    config = tmp_path / "missing-model.cfg"
    config.write_text(
        text.replace('model_path = ""', f'model_path = "{tmp_path / "nowhere"}"', 1), encoding="utf-8"
    )
    result = claimscope(
        "run", str(ROOT / "corpus" / "jef_baltic_sea.txt"), "--out", str(out), "--config", str(config)
    )
    assert result.code == 2 and "[E303]" in result.stderr
    assert (out / "claims.jsonl").read_text(encoding="utf-8") == '{"claim_id": "kept"}\n'
    assert not (out / "run.json").exists()
