"""A batch of mixed good and bad inputs: every good article in, every bad one recorded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from pipeline.ingest import ingest, iter_articles
from pipeline.ingest.commands import register
from pipeline.io import read_jsonl
from pipeline.types import Article, ErrorRecord

HTML_ARTICLE = """<html><head><title>Site | Europe's drift</title>
<meta name="author" content="Jonas Weber"><meta property="og:site_name" content="Security Review">
<meta property="article:published_time" content="2025-11-03T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/about">About</a></nav>
<article><h1>Europe's Drift From Collective Defence</h1>
<p>European capitals keep promising to spend more on defence, yet the plans they publish
point in different directions. Paris talks about <a href="https://example.org/autonomy">strategic
autonomy</a>, Warsaw buys American, and Berlin hesitates between both camps.</p>
<h2>Why it matters</h2>
<p>An alliance whose members cannot agree on what to buy will struggle to fight together.
Interoperability is not a slogan; it is spare parts, shared codes and common training.</p>
</article><footer>Copyright 2025 Security Review</footer></body></html>"""


def _write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


@pytest.fixture()
def mixed(tmp_path: Path, oped: str) -> Path:
    root = tmp_path / "in"
    _write(root, "a_good.txt", oped)
    _write(
        root, "b_good.md", "# Markdown Op-Ed\n\n" + oped.split("\n\n", 1)[1].replace("Smaller", "**Smaller**")
    )
    _write(root, "c_good.html", HTML_ARTICLE)
    _write(root, "d_cp1252.txt", oped.replace("debate", "débat").encode("cp1252") + b"\x93quoted\x94 end.")
    lines = [
        json.dumps({"text": oped, "title": "From JSONL", "published": "2024-02-29", "site": "x"}),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"html": HTML_ARTICLE}),
    ]
    _write(root, "e_lines.jsonl", "\n".join(lines) + "\n")
    _write(root, "sub/f_empty.txt", "  \n\n ")
    _write(root, "sub/g_binary.txt", b"\x00\x01\x02binary\x00stuff")
    _write(root, "sub/h_no_article.html", "<html><body><nav>Home | About</nav></body></html>")
    _write(root, "sub/i_short.md", "Too short.")
    _write(root, "sub/j_huge.txt", "word " * 3000)
    _write(root, "README.md", "# About this folder\n\nNot an article; skipped by folder walks.")
    _write(root, "notes.docx", b"PK\x03\x04 not read during folder walks")
    _write(root, "sub/k_broken.pdf", b"%PDF-1.4 cut off")
    return root


def test_mixed_batch_ingests_good_and_records_bad(mixed: Path, settings, tmp_path: Path) -> None:
    small = settings.replace(max_bytes=10_000)
    explicit_docx = mixed / "notes.docx"
    out = tmp_path / "out"
    result = ingest([mixed, explicit_docx, str(mixed / "nomatch*.txt")], out=out, settings=small)

    articles = [Article.from_dict(r) for r in read_jsonl(out / "articles.jsonl")]
    errors = [ErrorRecord.from_dict(r) for r in read_jsonl(out / "errors.jsonl")]
    paths = [a.source_path for a in articles]
    assert [Path(p.split(":")[0]).name for p in paths] == [
        "a_good.txt",
        "b_good.md",
        "c_good.html",
        "d_cp1252.txt",
        "e_lines.jsonl",
        "e_lines.jsonl",
    ]
    assert paths[4].endswith("e_lines.jsonl:1") and paths[5].endswith("e_lines.jsonl:4")
    by_path = {Path(e.path).name: e.code for e in errors}
    assert by_path == {
        "e_lines.jsonl:2": "E104",
        "e_lines.jsonl:3": "E105",
        "f_empty.txt": "E101",
        "g_binary.txt": "E102",
        "h_no_article.html": "E106",
        "i_short.md": "E109",
        "j_huge.txt": "E103",
        "k_broken.pdf": "E115",
        "notes.docx": "E107",
        "nomatch*.txt": "E004",
    }
    assert all(e.message.startswith(f"[{e.code}]") for e in errors)
    assert result.articles == 6 and result.errors == 10 and result.failed
    assert result.errors_by_code["E104"] == 1
    assert [a.source_path for a in result] == paths  # iterating reads the file back


def test_fallback_decoding_is_a_warning(mixed: Path, settings) -> None:
    (article,) = [a for a in iter_articles(mixed / "d_cp1252.txt", settings) if isinstance(a, Article)]
    assert "débat" in article.text and "“quoted” end." in article.text
    assert any("decoded as cp1252" in w for w in article.warnings)


def test_html_goes_through_trafilatura_with_metadata(mixed: Path, settings) -> None:
    (article,) = list(iter_articles(mixed / "c_good.html", settings))
    assert isinstance(article, Article)
    assert article.author == "Jonas Weber"
    assert article.published == "2025-11-03"
    assert article.source == "Security Review"
    assert "Home" not in article.text and "Copyright" not in article.text
    kinds = {article.text[b.start : b.end]: b.kind for b in article.blocks}
    assert kinds["Why it matters"] == "heading"
    (link,) = article.links
    assert article.text[link.start : link.end] == "strategic autonomy"
    assert link.href == "https://example.org/autonomy"


def test_jsonl_fields_and_metadata(mixed: Path, settings) -> None:
    items = list(iter_articles(mixed / "e_lines.jsonl", settings))
    first = items[0]
    assert isinstance(first, Article)
    assert first.title == "From JSONL" and first.published == "2024-02-29"
    assert first.metadata["site"] == "x"
    assert first.author == "Maria Kowalska"  # from the byline in the text itself


def test_near_duplicates_marked_not_dropped(tmp_path: Path, oped: str, settings) -> None:
    long = oped + "\n" + " ".join(f"Paragraph sentence number {i} adds more detail." for i in range(40))
    _write(tmp_path, "a.txt", long)
    _write(tmp_path, "b.txt", long.replace("number 7 adds", "number seven adds"))
    _write(tmp_path, "c.txt", "Unrelated Piece\n\n" + "Naval shipbuilding in Asia is booming. " * 20)
    items = list(iter_articles(tmp_path, settings))
    assert [type(i) for i in items] == [Article, Article, Article]
    a, b, c = items
    assert a.duplicate_of is None and c.duplicate_of is None
    assert b.duplicate_of == a.doc_id and b.doc_id != a.doc_id
    assert any("near-duplicate" in w for w in b.warnings)


def test_cli_summary_and_exit_status(mixed: Path, tmp_path: Path, oped: str) -> None:
    app = typer.Typer()
    register(app)

    @app.callback()
    def _root() -> None:  # keep "ingest" as a subcommand
        pass

    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(mixed), "--out", str(tmp_path / "o1")])
    assert res.exit_code == 1, res.output
    assert "articles: 7" in res.output and "E104 x1" in res.output  # default max_bytes
    good = _write(tmp_path / "good", "a.txt", oped)
    res = runner.invoke(app, ["ingest", str(good), "--out", str(tmp_path / "o2")])
    assert res.exit_code == 0, res.output
    assert "errors: 0" in res.output
    assert (tmp_path / "o2" / "errors.jsonl").read_text() == ""
    assert not list((tmp_path / "o2").glob(".*.tmp"))
