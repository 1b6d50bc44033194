"""Server-side highlighting: exact offsets, overlapping spans, every piece escaped."""

from __future__ import annotations

from pipeline.serve.highlight import Mark, render


def test_pieces_are_cut_at_offsets_and_escaped():
    text = "a <b>x</b> 🛡 & é\r\nz"
    html = render(text, [Mark(2, 10, "claim"), Mark(5, 6, "target"), Mark(11, 12, "actor")])
    assert html == (
        '<span data-o="0">a </span><span data-o="2" class="claim">&lt;b&gt;</span>'
        '<span data-o="5" class="claim target">x</span><span data-o="6" class="claim">&lt;/b&gt;</span>'
        '<span data-o="10"> </span><span data-o="11" class="actor">🛡</span>'
        '<span data-o="12"> &amp; é&#13;\nz</span>'
    )


def test_every_piece_says_where_it_starts_so_the_browser_can_map_a_selection() -> None:
    import html
    import re

    text = "NATO 🛡️ is failing.\r\nBeijing (北京) e\u0301 gains 🇪🇺."
    rendered = str(render(text, [Mark(0, 4, "target"), Mark(26, 28, "target"), Mark(0, 19, "claim")]))
    pieces = re.findall(r'<span data-o="(\d+)"[^>]*>(.*?)</span>', rendered, flags=re.S)
    rebuilt = ""
    for start, piece in pieces:
        assert int(start) == len(rebuilt)  # code points, as Python counts them
        rebuilt += html.unescape(piece)
    assert rebuilt == text


def test_out_of_range_marks_are_ignored():
    assert render("<i>", [Mark(0, 99, "claim"), Mark(2, 1, "claim")]) == '<span data-o="0">&lt;i&gt;</span>'
