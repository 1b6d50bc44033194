"""PDF commentaries: text in reading order without running heads, page numbers or broken words."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest
from pdfmaker import make_pdf

from pipeline.ingest import iter_articles
from pipeline.types import Article, ErrorRecord

HEADER = "Centre for Eastern Studies | Commentary No. 12"


def _page(spec: list[tuple[str, str]], number: int) -> list[tuple[float, float, float, str]]:
    lines = [(72.0, 800.0, 9.0, HEADER)]
    y = 760.0
    for kind, text in spec:
        if kind == "h":
            y -= 10
            lines.append((72.0, y, 14.0, text))
            y -= 24
            continue
        for line in textwrap.wrap(text, 85):
            lines.append((72.0, y, 11.0, line))
            y -= 14
        y -= 10
    lines.append((290.0, 40.0, 9.0, f"Page {number} of 2"))
    return lines


PAGE_1 = [
    ("h", "Why Deterrence Needs More Than Tripwires"),
    ("p", "By Maria Kowalska"),
    (
        "p",
        "The alliance's eastern flank has changed more in four years than in the previous twenty. Brigades "
        "that were once notional are now stationed in Lithuania and Estonia, and the plans behind them are real.",
    ),
    ("h", "Logistics first"),
    (
        "p",
        "Yet the credibility of deterrence depends on more than forward presence. It depends on whether "
        "reinforcements can arrive in days rather than weeks, and on whether allied publics would support a "
        "fight far from home and for a long",
    ),
]
PAGE_2 = [
    ("p", "time. Moscow has noticed the gap between promises and logistics, and its exercises test it."),
    (
        "p",
        "Allies should therefore invest in rail, fuel and ammunition before they buy more prestige platforms.",
    ),
]


def _ingest(tmp_path: Path, data: bytes) -> Article | ErrorRecord:
    path = tmp_path / "brief.pdf"
    path.write_bytes(data)
    (item,) = list(iter_articles([path]))
    return item


def test_a_two_page_commentary_reads_like_its_text(tmp_path: Path) -> None:
    data = make_pdf([_page(PAGE_1, 1), _page(PAGE_2, 2)], {"Title": "Microsoft Word - draft3.docx"})
    article = _ingest(tmp_path, data)
    assert isinstance(article, Article)
    assert article.title == "Why Deterrence Needs More Than Tripwires" and article.author == "Maria Kowalska"
    assert "Centre for Eastern Studies" not in article.text and "Page 1" not in article.text
    paragraphs = [article.text[b.start : b.end] for b in article.blocks if b.kind == "paragraph"]
    assert len(paragraphs) == 3
    assert "for a long time. Moscow has noticed" in paragraphs[1]  # the page break is rejoined
    assert [article.text[b.start : b.end] for b in article.blocks if b.kind == "heading"][
        -1
    ] == "Logistics first"
    assert article.metadata["format"] == "pdf" and article.metadata["pages"] == 2
    assert article.metadata["pdf_title"] == "Microsoft Word - draft3.docx"  # kept, not used as the title


def test_two_columns_are_read_one_after_the_other_and_broken_words_joined(tmp_path: Path) -> None:
    left = textwrap.wrap(
        "Europe's governments have spent a decade promising to take their security into their own hands, "
        "and the war turned those promises into budgets but not yet into capabilities that could deter "
        "an attack without American help.",
        38,
    )
    right = [
        *textwrap.wrap(
            "European armies still buy dozens of incompatible weapons systems. Until that changes the Union "
            "will remain a regulatory power rather than a military one, whatever its summits pro-",
            38,
        ),
        "claim about its future.",
    ]
    lines = [(72.0, 700.0 - 14 * i, 10.0, text) for i, text in enumerate(left)]
    lines += [(320.0, 700.0 - 14 * i, 10.0, text) for i, text in enumerate(right)]
    article = _ingest(tmp_path, make_pdf([lines]))
    assert isinstance(article, Article)
    text = article.text
    assert text.index("without American help.") < text.index("European armies still buy")
    assert "summits proclaim about its future." in text


def test_encrypted_scanned_and_broken_pdfs_are_errors_with_what_to_do(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([_page(PAGE_1, 1)]))))
    writer.encrypt("secret")
    locked = io.BytesIO()
    writer.write(locked)
    cases = {
        "E113": locked.getvalue(),
        "E114": make_pdf([[], []]),  # pages without a text layer, as a scan has
        "E115": b"%PDF-1.4 cut off",
    }
    for code, data in cases.items():
        error = _ingest(tmp_path, data)
        assert isinstance(error, ErrorRecord) and error.code == code, (code, error)
        assert error.message.startswith(f"[{code}]")


@pytest.mark.parametrize("suffix", [".PDF", ".pdf"])
def test_a_pdf_in_a_folder_walk_is_read(tmp_path: Path, suffix: str) -> None:
    (tmp_path / f"brief{suffix}").write_bytes(make_pdf([_page(PAGE_1, 1), _page(PAGE_2, 2)]))
    (article,) = list(iter_articles([tmp_path]))
    assert isinstance(article, Article) and article.author == "Maria Kowalska"


def test_a_hostile_pdf_is_one_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = make_pdf([_page(PAGE_1, 1), _page(PAGE_2, 2)])
    # A cross-reference table pointing anywhere, an object that refers to itself, truncated streams.
    hostile = good.replace(b"/Count 2", b"/Count 99999").replace(b"/Contents 5 0 R", b"/Contents 4 0 R")
    (tmp_path / "a_hostile.pdf").write_bytes(hostile[: len(hostile) // 2] + b"\nstartxref\n99999999\n%%EOF\n")
    (tmp_path / "b_good.pdf").write_bytes(good)
    items = list(iter_articles([tmp_path]))
    assert [type(i).__name__ for i in items] == ["ErrorRecord", "Article"]
    assert items[0].code in ("E114", "E115")


def test_a_full_width_title_over_two_columns_stays_whole_and_compounds_keep_their_hyphen(
    tmp_path: Path,
) -> None:
    words = "Europe's governments have spent a decade promising to take their security into their own hands"
    col = textwrap.wrap(f"{words} and the so-called strategic autonomy debate goes on. " * 3, 38)
    lines = [(72.0, 760.0, 16.0, "Why Europe Cannot Wait for Washington Anymore, Whatever Brussels Says")]
    lines += [(72.0, 700.0 - 14 * i, 10.0, t) for i, t in enumerate(col)]
    lines += [(320.0, 700.0 - 14 * i, 10.0, t) for i, t in enumerate(col)]
    lines += [
        (72.0, 400.0, 10.0, "Nobody believes the so-"),
        (72.0, 386.0, 10.0, "called guarantees any longer."),
    ]
    article = _ingest(tmp_path, make_pdf([lines]))
    assert isinstance(article, Article)
    assert article.title == "Why Europe Cannot Wait for Washington Anymore, Whatever Brussels Says"
    assert "Nobody believes the so-called guarantees any longer." in article.text
