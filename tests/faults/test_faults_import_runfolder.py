"""Label Studio imports into a run folder: merged by doc_id, all files rewritten together, with a backup."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

from fault_helpers import annotate, claimscope, exported_tasks, region, snapshot_folder, write_export

from pipeline.io import read_jsonl


def _claims(folder: Path) -> dict[str, dict]:
    return {c["claim_id"]: c for c in read_jsonl(folder / "claims.jsonl")}


def _dataset_ids(folder: Path) -> list[str]:
    from datasets import load_from_disk

    return sorted(load_from_disk(str(folder / "dataset"))["claim_id"])


def test_a_partial_export_keeps_every_other_article(run_folder: Path, tmp_path: Path) -> None:
    before = _claims(run_folder)
    tasks = exported_tasks(["doc-plain"])  # an export holding 1 of the 3 articles
    annotate(tasks[0])
    region(tasks[0], "c-p1_t0", "choices")["value"]["choices"] = ["against"]
    code, out = claimscope(
        "import", "--file", write_export(tmp_path / "ls.json", tasks), "--into", run_folder
    )
    assert code == 0, out
    after = _claims(run_folder)
    assert [a["doc_id"] for a in read_jsonl(run_folder / "articles.jsonl")] == [
        "doc-unicode",
        "doc-xss",
        "doc-plain",
    ]
    assert set(after) == set(before)  # no claim of the articles the import does not mention is lost
    for cid in ("c-u1", "c-u2", "c-u3", "c-x1", "c-x2"):
        assert after[cid] == before[cid]
    assert after["c-p1"]["targets"][0]["stance"] == "against" and after["c-p1"]["label_source"] == "human"
    # dataset/ and run.json were rewritten with claims.jsonl
    assert _dataset_ids(run_folder) == sorted(after)
    manifest = json.loads((run_folder / "run.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "finished"
    assert manifest["counts"]["articles"] == 3 and manifest["counts"]["claims"] == 8
    assert manifest["imports"][-1]["file"].endswith("ls.json")
    # what was replaced is kept
    backup = run_folder / manifest["imports"][-1]["backup"]
    assert backup.is_dir() and _claims(backup) == before


def test_start_after_end_writes_nothing(run_folder: Path, tmp_path: Path) -> None:
    tasks = exported_tasks(["doc-xss"])
    annotate(tasks[0])
    bad = region(tasks[0], "c-x2")
    bad["value"]["start"], bad["value"]["end"] = 140, 100
    before = snapshot_folder(run_folder)
    code, out = claimscope(
        "import", "--file", write_export(tmp_path / "ls.json", tasks), "--into", run_folder
    )
    assert (
        code == 2 and "[E411]" in out and "c-x2" in out and "140-100" in out and "nothing was imported" in out
    )
    assert snapshot_folder(run_folder) == before


def test_copies_of_one_task_are_refused(run_folder: Path, tmp_path: Path) -> None:
    tasks = exported_tasks(["doc-unicode"])
    annotate(tasks[0])
    tasks = [copy.deepcopy(tasks[0]) for _ in range(12)]
    before = snapshot_folder(run_folder)
    code, out = claimscope(
        "import", "--file", write_export(tmp_path / "ls.json", tasks), "--into", run_folder
    )
    assert code == 2 and "[E411]" in out and "doc-unicode" in out and "more than once" in out
    assert snapshot_folder(run_folder) == before


def test_unannotated_tasks_do_not_revert_earlier_corrections(run_folder: Path, tmp_path: Path) -> None:
    stale = exported_tasks()  # exported before the correction below; nobody annotated these
    tasks = exported_tasks(["doc-plain"])
    annotate(tasks[0])
    region(tasks[0], "c-p2_t0", "choices")["value"]["choices"] = ["neutral"]
    code, out = claimscope(
        "import", "--file", write_export(tmp_path / "fix.json", tasks), "--into", run_folder
    )
    assert code == 0, out
    code, out = claimscope(
        "import", "--file", write_export(tmp_path / "stale.json", stale), "--into", run_folder
    )
    assert code == 0, out
    assert _claims(run_folder)["c-p2"]["targets"][0]["stance"] == "neutral"


def test_changed_text_and_out_of_vocabulary_labels_are_refused(run_folder: Path, tmp_path: Path) -> None:
    tasks = exported_tasks(["doc-unicode", "doc-plain"])
    for task in tasks:
        annotate(task)
    tasks[0]["data"]["text"] = tasks[0]["data"]["text"].replace("NATO", "OTAN")
    region(tasks[1], "c-p3_t0", "choices", "stance")["value"]["choices"] = ["alien"]
    before = snapshot_folder(run_folder)
    code, out = claimscope(
        "import", "--file", write_export(tmp_path / "ls.json", tasks), "--into", run_folder
    )
    assert code == 2 and "2 problem" in out and "text differs" in out and "'alien'" in out
    assert snapshot_folder(run_folder) == before


def _jef_rows(folder: Path) -> list[str]:
    """Report table rows about the JEF target, wherever the report keeps its CSV tables."""
    return sorted(
        f"{p.name}:{line}"
        for p in folder.rglob("*.csv")
        if "backups" not in p.relative_to(folder).parts
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.startswith("JEF,")
    )


def test_the_report_in_the_folder_is_rebuilt_with_the_import(run_folder: Path, tmp_path: Path) -> None:
    from pipeline.report import build_report

    build_report(run_folder, run_folder / "report.html", title="Baltic desk")
    old_report, old_rows = (run_folder / "report.html").read_text(encoding="utf-8"), _jef_rows(run_folder)
    tasks = exported_tasks(["doc-plain"])
    annotate(tasks[0])
    region(tasks[0], "c-p1_t0", "choices")["value"]["choices"] = ["against"]  # JEF: favor -> against
    code, out = claimscope(
        "import", "--file", write_export(tmp_path / "ls.json", tasks), "--into", run_folder
    )
    assert code == 0, out
    manifest = json.loads((run_folder / "run.json").read_text(encoding="utf-8"))
    backup = run_folder / manifest["imports"][-1]["backup"]
    assert (backup / "report.html").read_text(encoding="utf-8") == old_report  # the old report is kept
    new_report = (run_folder / "report.html").read_text(encoding="utf-8")
    assert new_report != old_report and "Baltic desk" in new_report
    assert old_rows and _jef_rows(run_folder) != old_rows  # the stance table shows the correction


def test_an_import_killed_mid_swap_is_finished_by_the_next_writer(run_folder: Path, tmp_path: Path) -> None:
    """A crash between the renames of a swap: the journal lets the next lock holder complete it."""
    from pipeline.folder_lock import JOURNAL_FILE, FolderLock

    old_claims = (run_folder / "claims.jsonl").read_text(encoding="utf-8")
    staging = run_folder / ".import-test"
    staging.mkdir()
    (staging / "claims.jsonl").write_text("", encoding="utf-8")
    (staging / "run.json").write_text('{"status": "finished", "counts": {"claims": 0}}\n', encoding="utf-8")
    backup = run_folder / "backups" / "import-test"
    with FolderLock(run_folder, "test"):
        # what replace_together does up to its first rename, then the process dies
        backup.mkdir(parents=True)
        journal = {
            "staging": ".import-test",
            "backup": "backups/import-test",
            "names": ["claims.jsonl", "run.json"],
        }
        (run_folder / JOURNAL_FILE).write_text(json.dumps(journal), encoding="utf-8")
        os.replace(run_folder / "claims.jsonl", backup / "claims.jsonl")
    assert not (run_folder / "claims.jsonl").exists()
    with FolderLock(run_folder, "next run"):  # any next writer finishes the swap first
        pass
    assert (run_folder / "claims.jsonl").read_text(encoding="utf-8") == ""
    assert json.loads((run_folder / "run.json").read_text(encoding="utf-8"))["counts"]["claims"] == 0
    assert (backup / "claims.jsonl").read_text(encoding="utf-8") == old_claims
    assert (
        (backup / "run.json").exists() and not staging.exists() and not (run_folder / JOURNAL_FILE).exists()
    )
