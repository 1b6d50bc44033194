"""Server-side highlighting: exact offsets, overlapping spans, every piece escaped."""

from __future__ import annotations

from pipeline.serve.highlight import Mark, render


def test_pieces_are_cut_at_offsets_and_escaped():
    text = "a <b>x</b> 🛡 & é\r\nz"
    html = render(text, [Mark(2, 10, "claim"), Mark(5, 6, "target"), Mark(11, 12, "actor")])
    assert html == (
        'a <span class="claim">&lt;b&gt;</span><span class="claim target">x</span>'
        '<span class="claim">&lt;/b&gt;</span> <span class="actor">🛡</span> &amp; é\r\nz'
    )


def test_out_of_range_marks_are_ignored():
    assert render("<i>", [Mark(0, 99, "claim"), Mark(2, 1, "claim")]) == "&lt;i&gt;"
