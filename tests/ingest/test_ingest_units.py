"""Small, direct checks of the ingestion parts a user relies on."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ConfigError, IngestError
from pipeline.ingest import IngestSettings, build_article, load_settings, to_raw_offset, to_raw_span
from pipeline.ingest.classify import is_boilerplate
from pipeline.ingest.dates import parse_date
from pipeline.ingest.decoding import decode_bytes
from pipeline.ingest.normalise import normalise_string
from pipeline.types import Article

BODY = " ".join(["Allies keep talking about burden sharing while budgets stay flat."] * 4)
"""A body paragraph long enough to end the front matter."""


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("10.04.2026", "2026-04-10"),
        ("April 10, 2026", "2026-04-10"),
        ("10 April 2026", "2026-04-10"),
        ("2026-04-10", "2026-04-10"),
        ("Friday, 10 April 2026", "2026-04-10"),
        ("Sept. 3, 2025", "2025-09-03"),
        ("31.02.2026", None),  # not a calendar date: never guessed
        ("04/10/2026", None),  # ambiguous day/month order: not a configured format
        ("Is NATO finished?", None),
    ],
)
def test_parse_date(text: str, iso: str | None, settings: IngestSettings) -> None:
    assert parse_date(text, settings) == iso


def test_settings_come_from_the_config(settings: IngestSettings, tmp_path: Path) -> None:
    assert settings.max_bytes == 5_000_000 and settings.fallback_encodings[-1] == "latin-1"
    override = tmp_path / "run.cfg"
    override.write_text("[claimscope]\n\n[claimscope.ingest]\nmin_chars = 10\n", encoding="utf-8")
    changed = load_settings(override)
    assert changed.min_chars == 10 and changed.max_bytes == settings.max_bytes
    with pytest.raises(ConfigError, match=r"^\[E001\]"):
        load_settings(tmp_path / "missing.cfg")
    with pytest.raises(ConfigError, match=r"^\[E006\]"):
        settings.replace(near_duplicate_threshold=2.0)


def test_ftfy_keeps_typography_and_repairs_mojibake() -> None:
    text = "He said “no” — ‘never’ – … â€œfixedâ€\x9d soft\u00adhyphen zero\u200bwidth\u00a0space"
    assert normalise_string(text) == "He said “no” — ‘never’ – … “fixed” softhyphen zerowidth space"


def test_decoding_fallback_and_binary(settings: IngestSettings) -> None:
    decoded = decode_bytes("caf\u00e9 \u201cq\u201d".encode("cp1252"), settings)
    assert decoded.text == "café “q”" and decoded.encoding == "cp1252"
    assert "decoded as cp1252" in decoded.warnings[0]
    assert decode_bytes("\ufeffBOM text".encode(), settings).text == "BOM text"
    with pytest.raises(IngestError, match=r"^\[E102\]"):
        decode_bytes(b"%PDF-1.7 ...", settings)


def _article(text: str, settings: IngestSettings) -> Article:
    from pipeline.ingest.readers import RawDocument

    return build_article(RawDocument("t.md", text, "markdown"), settings.replace(min_chars=0))


def test_to_raw_offset_points_at_the_original(settings: IngestSettings) -> None:
    raw = "# Title Here\r\n\r\nSome **bold** claim by [NATO](https://nato.int) here,\r\n\r\nand\u00ad more."
    article = _article(raw, settings)
    assert article.text == "Title Here\n\nSome bold claim by NATO here, and more."
    pos = article.text.index("bold")
    assert (
        raw[to_raw_offset(article, pos)] == "b"
        and raw[to_raw_offset(article, pos) - 2 : to_raw_offset(article, pos)] == "**"
    )
    start, end = to_raw_span(article, article.text.index("NATO"), article.text.index("NATO") + 4)
    assert raw[start:end] == "NATO"
    start, end = to_raw_span(article, article.text.index("and"), len(article.text))
    assert raw[start:end] == "and\u00ad more."
    assert to_raw_offset(article, len(article.text)) == len(raw)
    with pytest.raises(IndexError):
        to_raw_offset(article, len(article.text) + 1)
    (link,) = article.links
    assert (article.text[link.start : link.end], link.href) == ("NATO", "https://nato.int")


def test_hard_wrapped_paragraphs_become_one_block(settings: IngestSettings) -> None:
    text = (
        "Wrapped Title\n\n"
        "This paragraph was hard-wrapped by an email client at about\n"
        "seventy characters per line, as plain-text newsletters still\n"
        "do today.\n\n"
        "> “A quotation standing on its own.”\n\n"
        "Jane Doe is a fellow at an institute."
    )
    article = _article(text, settings)
    kinds = [(article.text[b.start : b.end][:20], b.kind) for b in article.blocks]
    assert kinds[1] == ("This paragraph was h", "paragraph")
    assert "about seventy characters per line, as plain-text newsletters still do today." in article.text
    assert kinds[2][1] == "quote"


def test_double_spaced_hard_wrapped_transcript_is_rejoined(settings: IngestSettings) -> None:
    """OCR of a typed transcript: every line is its own blank-line separated chunk, most cut
    mid-sentence; sentences are whole again and each speaker label starts a paragraph."""
    lines = [
        "JOURNALIST: You were rather reluctant to bring them here,",
        "what was it that changed the minds of the Cabinet?",
        "PRIME MINISTER:",
        "Well, I think it's a bit unfair to call this a volte-face.",
        "Remember that it was only, I think, on",
        "Monday that we first heard that NATO countries were going",
        "to take refugees, and we decided to take four thousand.",
        "The United States, under ANZUS, is pledged to",
        "defend us to safeguard our security.",
    ]
    article = _article("\n\n".join(lines), settings)
    paragraphs = [article.text[b.start : b.end] for b in article.blocks]
    assert paragraphs[0].startswith("JOURNALIST: You were rather reluctant")
    assert paragraphs[0].endswith("changed the minds of the Cabinet?")
    assert paragraphs[1] == "PRIME MINISTER:"
    assert paragraphs[2].startswith("Well, I think")
    assert "only, I think, on Monday that we first heard" in paragraphs[2]
    assert "is pledged to defend us to safeguard our security." in paragraphs[2]


def test_short_paragraphs_one_per_blank_line_stay_apart(settings: IngestSettings) -> None:
    """Paragraphs that end their sentences are not a double-spaced wrap, however short."""
    paras = [
        "Allies met in Vilnius this week to discuss the war.",
        "They agreed on a new plan for the eastern flank.",
        "Critics say the plan comes too late for Ukraine.",
        "Others argue that it is the best deal on offer.",
        "The next summit will be held in Washington.",
    ]
    article = _article("\n\n".join(paras), settings)
    assert [article.text[b.start : b.end] for b in article.blocks] == paras


def test_closing_bio_sentence_and_byline_prefix(settings: IngestSettings) -> None:
    article = _article(
        f"A Title Without End\n\nBy Jane Doe\n\n{BODY}\n\nJane Doe is a fellow at the Institute.", settings
    )
    assert article.author == "Jane Doe" and article.title == "A Title Without End"
    assert article.author_bio == "Jane Doe is a fellow at the Institute."
    assert [b.kind for b in article.blocks] == ["heading", "byline", "paragraph", "bio"]


def test_no_guessing_on_short_capitalised_headings(settings: IngestSettings) -> None:
    body = " ".join(
        ["Deterrence rests on credibility, and credibility rests on shared threat perception."] * 4
    )
    article = _article(f"Not Only NATO\n\n{body}", settings)
    assert article.author is None and article.title == "Not Only NATO"


def test_public_api_is_callable_and_streams(tmp_path: Path, oped: str) -> None:
    import types

    import pipeline
    from pipeline.ingest import iter_articles

    (tmp_path / "a.txt").write_text(oped, encoding="utf-8")
    first = pipeline.ingest([tmp_path])
    again = pipeline.ingest([tmp_path])  # still callable once the subpackage is imported
    assert first.articles == again.articles == 1
    stream = iter_articles([tmp_path])
    assert isinstance(stream, types.GeneratorType)
    assert next(stream).title == "Rethinking Deterrence on the Eastern Flank"


def test_byline_with_accented_name_and_byline_sharing_the_date_line() -> None:
    from pipeline.ingest import iter_articles

    body = (
        "NATO is in a deep crisis and its members know it, whatever their communiqués say about unity. " * 4
    )
    text_a = f"2026-02-18\n\nA Title About NORAD\n\nBy Marc-André Thibodeau\n\n{body}"
    text_b = f"# A Title About the SCO\n\n_By Priya Raman-Castellanos_ · 2026-01-22\n\n{body}"
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "a.txt").write_text(text_a, encoding="utf-8")
        (Path(tmp) / "b.md").write_text(text_b, encoding="utf-8")
        a, b = list(iter_articles([Path(tmp) / "a.txt", Path(tmp) / "b.md"]))
    assert (a.author, a.published) == ("Marc-André Thibodeau", "2026-02-18")
    assert (b.author, b.published) == ("Priya Raman-Castellanos", "2026-01-22")


def test_hard_wrapped_speech_with_indented_paragraphs_becomes_paragraphs() -> None:
    """Transcripts wrap lines at ~50 characters and start paragraphs with an indent."""
    from pipeline.ingest import iter_articles

    raw = (
        "I \nwould like to congratulate the President on his \nelection and thank his predecessor for his \n"
        "leadership of the last session of this Assembly. \n The crisis that began last year is showing \n"
        "tentative signs of abating, but many countries still \nface daunting challenges in their recovery. \n"
        " Alliances matter more than ever before for the \nsmall States that depend on collective security. \n"
    )
    import json
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "speeches.jsonl"
        path.write_text(json.dumps({"text": raw}) + "\n", encoding="utf-8")
        (article,) = list(iter_articles([path]))
    paragraphs = [article.text[b.start : b.end] for b in article.blocks]
    assert [b.kind for b in article.blocks] == ["paragraph"] * 3
    assert paragraphs[0].startswith("I would like to congratulate the President on his election")
    assert paragraphs[1].startswith("The crisis that began last year")
    assert "  " not in article.text


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("PM: Morning Karl, how are you?", False),  # a transcript's turn
        ("JOURNALIST:", False),
        ("[Inaudible]", False),  # a transcriber's note
        ("NATO: The Next Decade", True),  # a subhead with a colon stays a heading
        ("2. Mini-lateralism as a force multiplier", True),
    ],
)
def test_transcript_turns_and_notes_are_not_headings(line: str, heading: bool) -> None:
    from pipeline.ingest.classify import is_heading_text

    assert is_heading_text(line, load_settings()) is heading


WEB_OPED = """Skip to main content

Home | Analysis | Opinion | Podcasts

Opinion

# Europe Cannot Wait for Washington Any Longer

The next summit will test whether European allies can carry their own defence.

By Jane Doe and John Smith

March 3, 2026 • 6 min read

![Leaders pose for a family photo](https://example.org/img/summit.jpg)

Leaders pose for a family photo at the summit in The Hague. Photo: Reuters/Yves Herman

Europe's governments have spent a decade promising to take their security into their own hands, and the war turned those promises into budgets but not yet into capabilities.

Advertisement

The problem is not money alone. European armies still buy dozens of incompatible weapons systems, as Reuters reported.

Read more: Why the Baltic states fear a hollow Article 5

Europe should therefore build a defence union that can act when the United States will not.

Share this article: Twitter Facebook LinkedIn Email

Jane Doe is a senior fellow at the Atlantic Council. John Smith is a professor of international relations at King's College London.

The views expressed in this article are the authors' own.

Tags: NATO, Europe, Defence

Sign up for our weekly newsletter
"""


def test_web_page_furniture_is_not_body_text(settings: IngestSettings) -> None:
    article = _article(WEB_OPED, settings)
    kinds = {article.text[b.start : b.end][:30]: b.kind for b in article.blocks}
    assert article.title == "Europe Cannot Wait for Washington Any Longer"  # not the menu, not the rubric
    assert article.author == "Jane Doe and John Smith"  # the byline under a standfirst
    assert article.published == "2026-03-03"  # "March 3, 2026 • 6 min read"
    assert article.author_bio is not None and article.author_bio.startswith("Jane Doe is a senior fellow")
    assert (
        "(https://example.org" not in article.text and "Leaders pose for a family photo](" not in article.text
    )
    assert kinds["The next summit will test whet"] == "heading"  # standfirst
    for furniture in (
        "Skip to main content",
        "Home | Analysis | Opinion | Po",
        "Leaders pose for a family phot",  # caption with a photo credit
        "Advertisement",
        "Share this article: Twitter Fa",
        "Tags: NATO, Europe, Defence",
        "The views expressed in this ar",
    ):
        assert kinds[furniture] == "boilerplate", furniture
    body = [article.text[b.start : b.end] for b in article.blocks if b.kind == "paragraph"]
    assert len(body) == 3 and body[1].endswith("as Reuters reported.")


def test_closing_bio_names_the_author_when_no_byline_does(settings: IngestSettings) -> None:
    article = _article(
        f"A Title Without End\n\n{BODY}\n\nMaria Kowalska is a research fellow at the Institute.\n\n"
        "© 2026 Example News. All rights reserved.",
        settings,
    )
    assert article.author == "Maria Kowalska"
    assert [b.kind for b in article.blocks] == ["heading", "paragraph", "bio", "boilerplate"]
    # A closing sentence about someone the article discusses is not a bio.
    discussed = _article(
        f"A Title Without End\n\nMaria Kowalska said budgets stay flat. {BODY}\n\n"
        "Maria Kowalska is a research fellow at the Institute.",
        settings,
    )
    assert discussed.author is None and discussed.blocks[-1].kind == "paragraph"
    about = _article(
        f"A Title Without End\n\n{BODY}\n\nAbout the author\n\nPiotr Nowak is director of the Centre.",
        settings,
    )
    assert about.author == "Piotr Nowak" and about.blocks[-1].kind == "bio"


def test_commentary_with_affiliation_time_pull_quote_footnotes_and_references(
    settings: IngestSettings,
) -> None:
    text = (
        "Why Deterrence in the Baltic Needs More Than Tripwires\n\n"
        "By Maria Kowalska, Senior Fellow, Centre for Eastern Studies\n\n"
        "Apr 10, 2026, 08:00 AM\n\n"
        "Yet the credibility of deterrence depends on more than forward presence. It depends on whether "
        "reinforcements can arrive in days rather than weeks.\n\n"
        "“The credibility of deterrence depends on more than forward presence.”\n\n"
        "Its exercises near the Suwałki corridor are designed to test it.[1]\n\n"
        "Notes\n\n"
        "[1] See the analysis of the Zapad exercises, 2025.\n\n"
        "References\n\n"
        "Smith, J. (2024). Deterrence by denial in the Baltic. Survival, 66(2), 45-67."
    )
    article = _article(text, settings)
    assert article.author == "Maria Kowalska" and article.published == "2026-04-10"
    blocks = [(article.text[b.start : b.end], b.kind) for b in article.blocks]
    assert blocks[4][1] == "boilerplate"  # the pull quote repeats the body: one claim, once
    assert blocks[5] == ("Its exercises near the Suwałki corridor are designed to test it.", "paragraph")
    assert [kind for _, kind in blocks[6:]] == ["boilerplate"] * 4  # notes and references
    assert "[1] See the analysis" in article.text  # the note keeps its number


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Apr 10, 2026, 08:00 AM", "2026-04-10"),
        ("10 April 2026 | 14:35 GMT", "2026-04-10"),
        ("Published: 10 April 2026", "2026-04-10"),
        ("Updated on April 10, 2026 at 10:00 am", "2026-04-10"),
        ("10:00", None),
    ],
)
def test_dates_with_a_label_or_a_time(text: str, iso: str | None, settings: IngestSettings) -> None:
    assert parse_date(text, settings) == iso


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("By JANE DOE", "Jane Doe"),
        ("By Prof. Maria Kowalska", "Maria Kowalska"),
        ("Jane Doe | Opinion Contributor", "Jane Doe"),
        ("Jane Doe, Senior Fellow, Carnegie Europe", "Jane Doe"),
        ("Authors: Jane Doe and John Smith", "Jane Doe and John Smith"),
        ("By Jane Doe, John Smith and Ann Lee", "Jane Doe, John Smith and Ann Lee"),
        ("By Jane Doe, Rand Corporation", "Jane Doe"),  # an affiliation is not a co-author
        ("By Jane Doe and John Smith, Chatham House", "Jane Doe and John Smith"),
        ("By JANE DOE AND JOHN SMITH", "Jane Doe and John Smith"),
        ("Donald Trump, Again", None),  # a title, not a byline: no role after the name
        ("JANE DOE", None),  # an all-caps line without "By" may be a heading
    ],
)
def test_byline_forms(line: str, name: str | None, settings: IngestSettings) -> None:
    from pipeline.ingest.classify import byline_name

    assert byline_name(line, settings) == name


def test_a_subtitle_field_marks_the_standfirst_but_a_page_description_does_not(
    settings: IngestSettings,
) -> None:
    from pipeline.ingest.readers import RawDocument

    dek = "The next summit will test whether European allies can carry their own defence."
    text = f"# Europe Cannot Wait\n\n{dek}\n\n{BODY}"
    for key, kinds in (
        ("subtitle", ["heading", "heading", "paragraph"]),
        ("description", ["heading", "paragraph", "paragraph"]),
    ):
        # sites copy the first paragraph into the description: a short lede equal to it is the thesis
        article = build_article(RawDocument("t.jsonl", text, "markdown", {}, {key: dek}), settings)
        assert [b.kind for b in article.blocks] == kinds, key


def test_numbered_list_items_are_not_headings(settings: IngestSettings) -> None:
    from pipeline.ingest.classify import is_numbered_heading

    assert not is_numbered_heading("2. Russia is exhausted by the war;", settings)
    assert not is_numbered_heading("1. the plans are too expensive,", settings)
    assert is_numbered_heading("2. The United States: Mini-Lateralism as a Force Multiplier", settings)


def test_furniture_rules_leave_real_text_alone(settings: IngestSettings) -> None:
    turn = "We will increase defence spending to two per cent of GDP, and our allies know it."
    transcript = "\n\n".join(
        [
            "Scott Morrison",
            "Thank you all for coming out this morning to talk about the alliance.",
            "Jane Smith",
            "Prime Minister, are you going to increase defence spending this year?",
            "Scott Morrison",
            turn,
            "Jane Smith",
            f"You said: “{turn}” Is that a promise?",
        ]
    )
    kinds = [b.kind for b in _article(transcript, settings).blocks]
    assert kinds.count("paragraph") >= 4 and "boilerplate" not in kinds  # turns are not standfirsts
    refrain = "We will never accept the annexation of Crimea, now or at any time in the future."
    speech = _article(f"A Title Without End\n\n{refrain}\n\n{BODY}\n\n{refrain}", settings)
    assert [b.kind for b in speech.blocks] == ["heading", "paragraph", "paragraph", "paragraph"]
    for sentence in (
        "This essay was written before the invasion, but its argument has only grown stronger since.",
        "Donate to Ukraine's army if you can; governments alone will not win this war.",
    ):
        assert not is_boilerplate(sentence, settings), sentence
    closing = _article(
        f"A Title Without End\n\nVladimir Putin wants a buffer. {BODY}\n\n"
        "Vladimir Putin is a former KGB officer, and he will not stop at Ukraine.",
        settings,
    )
    assert closing.author is None and closing.blocks[-1].kind == "paragraph"
    notes = _article(
        f"A Title Without End\n\n{BODY}\n\nReferences:\n\nSmith, J. (2024). Deterrence. Survival.", settings
    )
    assert [b.kind for b in notes.blocks][-2:] == ["boilerplate", "boilerplate"]


def test_date_lines_with_a_rubric_or_two_dates(settings: IngestSettings) -> None:
    from pipeline.ingest.classify import dated_line

    assert dated_line("Opinion • March 3, 2026 • 6 min read", settings) == "2026-03-03"
    assert dated_line("Published: 10 April 2026 · Updated: 11 April 2026", settings) == "2026-04-10"
