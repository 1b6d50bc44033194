"""Ingestion: bad metadata types, non-string text, symlink loops and unreadable folders never take good input with them."""

from __future__ import annotations

import json
import os
import pwd
import subprocess
import sys
import tempfile
from pathlib import Path

from fault_helpers import article_text

from pipeline.ingest import ingest, iter_articles
from pipeline.io import read_jsonl
from pipeline.types import Article, ErrorRecord


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_metadata_of_the_wrong_type_is_coerced_with_a_warning(tmp_path: Path) -> None:
    lines = [{"text": article_text(i), "author": "Jane Doe", "title": f"Speech {i}"} for i in range(20)]
    lines[3]["author"] = ["Jane Doe", "John Roe"]  # a list of names
    lines[7]["author"] = 42  # a number
    lines[11]["published"] = 20240105  # a number where an ISO date string belongs
    lines[15]["title"] = {"en": "Speech"}  # an object: nothing sensible to keep
    items = list(iter_articles([_jsonl(tmp_path / "speeches.jsonl", lines)]))
    articles = [i for i in items if isinstance(i, Article)]
    assert len(articles) == 20 and not [i for i in items if isinstance(i, ErrorRecord)]
    for a in articles:
        for name in ("title", "author", "source", "url", "published", "language"):
            assert getattr(a, name) is None or isinstance(getattr(a, name), str), (a.source_path, name)
    assert articles[3].author == "Jane Doe, John Roe"
    assert any("author" in w and "list" in w for w in articles[3].warnings)
    assert articles[7].author == "42" and any("author" in w for w in articles[7].warnings)
    assert articles[15].title is None or articles[15].title == "Speech 15"
    assert any("title" in w and "ignored" in w for w in articles[15].warnings)


def test_text_that_is_not_a_string_is_named_as_such(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "a.jsonl", [{"text": article_text(0)}, {"text": 5}, {"html": ["<p>x</p>"]}])
    items = list(iter_articles([path]))
    errors = [i for i in items if isinstance(i, ErrorRecord)]
    assert sum(isinstance(i, Article) for i in items) == 1
    assert [e.code for e in errors] == ["E110", "E110"]
    assert "line 2" in errors[0].message and "'text'" in errors[0].message and "int" in errors[0].message
    assert "empty" not in errors[0].message.lower()
    assert "'html'" in errors[1].message and "list" in errors[1].message


def test_a_symlink_loop_is_skipped_with_an_error_line(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "good.txt").write_text(article_text(1), encoding="utf-8")
    (root / "sub" / "also_good.md").write_text(article_text(2), encoding="utf-8")
    os.symlink("b.txt", root / "a.txt")  # a.txt -> b.txt -> a.txt
    os.symlink("a.txt", root / "b.txt")
    os.symlink("..", root / "sub" / "up")  # a folder loop
    result = ingest([root], out=tmp_path / "out")
    articles = list(read_jsonl(tmp_path / "out" / "articles.jsonl"))
    errors = list(read_jsonl(tmp_path / "out" / "errors.jsonl"))
    assert sorted(Path(a["source_path"]).name for a in articles) == ["also_good.md", "good.txt"]
    loops = [e for e in errors if e["code"] == "E111"]
    assert sorted(Path(e["path"]).name for e in loops) == ["a.txt", "b.txt"]
    assert all("symbolic link loop" in e["message"] and "remove" in e["message"].lower() for e in loops)
    assert result.articles == 2


_UNREADABLE_CHILD = """
import json, os, sys
from pipeline.ingest import iter_articles, load_settings
from pipeline.types import Article
settings = load_settings()  # read while the checkout is readable (a CI clone may be 0700)
if os.getuid() == 0:
    # Root reads everything: drop to 'nobody', after a first pass over the readable part has done
    # every lazy import (the interpreter's own files may not be readable by 'nobody').
    list(iter_articles([os.path.join(sys.argv[1], "ok")], settings))
    os.setgid(int(sys.argv[2]))
    os.setuid(int(sys.argv[3]))
out = [i.to_dict() for i in iter_articles([sys.argv[1]], settings)]
print(json.dumps(out))
"""


def test_an_unreadable_folder_is_reported_and_the_rest_ingested() -> None:
    # tmp_path lives under a 0700 folder; the child may run as 'nobody', so use a world-readable place.
    root = Path(tempfile.mkdtemp(prefix="claimscope-unreadable-"))
    try:
        root.chmod(0o755)
        (root / "ok").mkdir()
        (root / "ok" / "good.txt").write_text(article_text(3), encoding="utf-8")
        (root / "locked").mkdir()
        (root / "locked" / "secret.txt").write_text(article_text(4), encoding="utf-8")
        for p in (root / "ok", root / "ok" / "good.txt"):
            p.chmod(0o755)
        (root / "locked").chmod(0)
        nobody = pwd.getpwnam("nobody")
        repo = Path(__file__).resolve().parents[2]
        proc = subprocess.run(
            [sys.executable, "-c", _UNREADABLE_CHILD, str(root), str(nobody.pw_gid), str(nobody.pw_uid)],
            capture_output=True,
            text=True,
            cwd=tempfile.gettempdir(),
            env={**os.environ, "PYTHONPATH": str(repo), "HOME": tempfile.gettempdir()},
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        items = json.loads(proc.stdout.strip().splitlines()[-1])
        assert [Path(i["source_path"]).name for i in items if "doc_id" in i] == ["good.txt"]
        errors = [i for i in items if "code" in i]
        assert len(errors) == 1 and errors[0]["code"] == "E112" and errors[0]["path"].endswith("locked")
        assert "permission" in errors[0]["message"].lower() and "skipped" in errors[0]["message"]
    finally:
        (root / "locked").chmod(0o755)
        import shutil

        shutil.rmtree(root, ignore_errors=True)
