"""The two evaluation seeds must come out right (skipped when the seeds are absent)."""

from __future__ import annotations

import pytest

from pipeline.ingest import build_article
from pipeline.ingest.readers import read_file
from pipeline.types import Article


def _article(prefix: str, settings, seed_path) -> Article:
    raws = list(read_file(seed_path(prefix), settings))
    assert len(raws) == 1
    return build_article(raws[0], settings)


def _kind_of(article: Article, text: str) -> list[str]:
    return [b.kind for b in article.blocks if article.text[b.start : b.end] == text]


@pytest.fixture(scope="module")
def seed000(settings, seed_path) -> Article:
    return _article("000", settings, seed_path)


@pytest.fixture(scope="module")
def seed002(settings, seed_path) -> Article:
    return _article("002", settings, seed_path)


def test_seed000_metadata_is_exact(seed000: Article) -> None:
    assert seed000.published == "2026-04-10"
    assert seed000.source == "Caliber.az"
    assert seed000.title == "A Global Crisis of Defence Alliances"
    assert seed000.author == "Yauheni Preiherman"
    assert seed000.author_bio == "Director, Minsk Dialogue Council on International Relations"
    assert seed000.language == "en"


def test_seed000_links_recorded_without_residue(seed000: Article) -> None:
    hrefs = [link.href for link in seed000.links]
    assert "https://caliber.az" in hrefs
    assert hrefs.count("#") >= 7
    anchors = {seed000.text[link.start : link.end] for link in seed000.links}
    assert {"Caliber.az", "claimed", "shared", "thoughts", "emerge"} <= anchors
    for residue in ("](", "[", "]", "*"):
        assert residue not in seed000.text
    assert "regional status quo" in seed000.text


def test_seed000_page_breaks_rejoined(seed000: Article) -> None:
    for joined in (
        "Concerns about his intentions toward NATO",
        "that, at the time, also appeared highly serious",
        "Even formal allies are increasingly diverging",
    ):
        assert joined in seed000.text
        block = next(b for b in seed000.blocks if joined in seed000.text[b.start : b.end])
        assert block.kind == "paragraph"
    assert sum("rejoined" in w for w in seed000.warnings) == 3
    # No paragraph is left that starts in lower case.
    for b in seed000.blocks:
        assert not seed000.text[b.start].islower()


def test_seed000_block_kinds(seed000: Article) -> None:
    for heading in (
        "Is NATO finished?",
        "Not only NATO",
        "Systemic uncertainty contradicts rigid bloc logic",
    ):
        assert _kind_of(seed000, heading) == ["heading"], heading
    assert _kind_of(seed000, "A Global Crisis of Defence Alliances") == ["heading"]
    assert _kind_of(seed000, "10.04.2026") == ["dateline"]
    assert _kind_of(seed000, "Originally published by Caliber.az") == ["boilerplate"]
    # Byline at the top, signature at the end, then the bio.
    assert _kind_of(seed000, "Yauheni Preiherman") == ["byline", "byline"]
    assert seed000.blocks[-2].kind == "byline"
    assert seed000.blocks[-1].kind == "bio"
    assert _kind_of(seed000, "Director, Minsk Dialogue Council on International Relations") == ["bio"]


def test_seed000_typography_kept(seed000: Article) -> None:
    assert "“war that is not theirs.”" in seed000.text
    assert "himself—and many figures in his circle—toward" in seed000.text
    assert "one’s own allies" in seed000.text


def test_seed002_has_no_metadata(seed002: Article) -> None:
    assert (seed002.title, seed002.author, seed002.source, seed002.published) == (None, None, None, None)
    assert seed002.author_bio is None
    assert not any(b.kind in ("byline", "bio", "dateline") for b in seed002.blocks)


def test_seed002_section_headings(seed002: Article) -> None:
    headings = [seed002.text[b.start : b.end] for b in seed002.blocks if b.kind == "heading"]
    starts = [h.split(" ", 1)[0] for h in headings]
    assert starts == ["1.", "2.", "3.", "4.", "A.", "B.", "C.", "5.", "Conclusion"]
    assert "1. The United States: “Mini-Lateralism” as a Global Force Multiplier" in headings
    assert "A. The French Axis: “Strategic Autonomy” and “Anglo-Saxon Skepticism”" in headings


def test_seed002_functional_dynamism_is_a_paragraph(seed002: Article) -> None:
    block = next(
        b for b in seed002.blocks if seed002.text[b.start : b.end].startswith("The “Functional Dynamism")
    )
    assert block.kind == "paragraph"


def test_seed002_typographic_quotes_survive(seed002: Article) -> None:
    assert "“Regional NATOs/mini-NATOs,”" in seed002.text
    assert "“Pandora’s box”" in seed002.text
    assert '"' not in seed002.text


def test_seed_offsets_exact_and_mapped(seed000: Article, seed002: Article, seed_path) -> None:
    from pipeline.ingest.offsets import to_raw_span

    for article, prefix in ((seed000, "000"), (seed002, "002")):
        raw = seed_path(prefix).read_text(encoding="utf-8")
        for b in article.blocks:
            assert article.text[b.start : b.end].strip() == article.text[b.start : b.end]
        # Headings map back to the very same characters in the raw file.
        for b in article.blocks:
            if b.kind == "heading":
                start, end = to_raw_span(article, b.start, b.end)
                assert raw[start:end] == article.text[b.start : b.end]
        for link in article.links:
            start, end = to_raw_span(article, link.start, link.end)
            assert raw[start:end] == article.text[link.start : link.end]
