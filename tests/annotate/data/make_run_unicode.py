"""Regenerate the hand-made run folder ``run_unicode/`` (offsets computed, never typed by hand).

Run: .venv/bin/python tests/annotate/data/make_run_unicode.py
"""

from __future__ import annotations

from pathlib import Path

from pipeline.runfolder import RunData, write_run
from pipeline.types import ActorMention, Article, Claim, Frame, Holder, Speaker, Target

HERE = Path(__file__).parent / "run_unicode"

TEXTS = {
    "doc-unicode": (
        "NATO 🛡️ is failing, Rubio said.\r\n"
        "Beijing (北京) will arguably gain influence 🚀 across Asia.\r\n"
        "The cafe\u0301 alliance of Zoe\u0308 should spend more on defence 🇪🇺."
    ),
    "doc-xss": (
        "<script>alert(1)</script> Critics argue that <img src=x onerror=alert(1)> the Alliance is obsolete. "
        "Washington may hedge its bets on Europe."
    ),
    "doc-plain": (
        "Minilateral coalitions such as the JEF add speed and flexibility. "
        "Europe must pursue strategic autonomy. "
        "The Kremlin regards NATO as a threat."
    ),
}


def at(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def claim(doc: str, cid: str, span: str, **kw: object) -> Claim:
    text = TEXTS[doc]
    s, e = at(text, span)
    fields: dict = {
        "claim_id": cid,
        "doc_id": doc,
        "text": text[s:e],
        "start": s,
        "end": e,
        "section": None,
        "type": "evaluation",
        "speaker": Speaker(None, None, "author"),
        "holder": None,
        "actors": [],
        "targets": [],
        "frames": [],
        "hedged": False,
        "hedges": [],
        "provenance": {"type": "claimscope_claim_type@0.1"},
        "type_score": 0.7,
        "checkworthiness": 0.5,
    }
    fields.update(kw)
    return Claim(**fields)


def target(doc: str, tid: str, span: str, stance: str, score: float, ttype: str = "alliance") -> Target:
    s, e = at(TEXTS[doc], span)
    return Target(tid, span, stance, score, s, e, ttype)


def build() -> RunData:
    u, x, p = "doc-unicode", "doc-xss", "doc-plain"
    rs, re_ = at(TEXTS[u], "Rubio")
    ns, ne = at(TEXTS[u], "NATO")
    claims = [
        claim(
            u,
            "c-u1",
            "NATO 🛡️ is failing, Rubio said.",
            speaker=Speaker("marco-rubio", "Marco Rubio", "reported", rs, re_),
            actors=[
                ActorMention("NATO", ns, ne, "alliance", "NATO"),
                ActorMention("Rubio", rs, re_, "person", "marco-rubio"),
            ],
            targets=[target(u, "NATO", "NATO", "against", 0.62)],
            frames=[Frame("alliance-crisis", 0.81)],
            type_score=0.55,
        ),
        claim(
            u,
            "c-u2",
            "Beijing (北京) will arguably gain influence 🚀 across Asia.",
            type="prediction",
            holder=Holder("CHN", "Beijing", *at(TEXTS[u], "Beijing")),
            targets=[target(u, "CHN", "北京", "neutral", 0.4, "state")],
            frames=[Frame("integrated-deterrence", 0.3), Frame("strategic-hedging", 0.2)],
            hedged=True,
            hedges=["arguably"],
            type_score=0.35,
        ),
        claim(
            u,
            "c-u3",
            "The cafe\u0301 alliance of Zoe\u0308 should spend more on defence 🇪🇺.",
            type="prescription",
            targets=[
                target(u, "cafe-alliance", "cafe\u0301 alliance", "favor", 0.9),
                Target("burden-sharing", "defence spending", "favor", 0.5, None, None, "concept"),
            ],
            frames=[Frame("burden-sharing", 0.77)],
            type_score=0.8,
        ),
        claim(
            x,
            "c-x1",
            "Critics argue that <img src=x onerror=alert(1)> the Alliance is obsolete.",
            speaker=Speaker("critics", "Critics", "reported", *at(TEXTS[x], "Critics")),
            targets=[target(x, "NATO", "the Alliance", "against", 0.7)],
            frames=[Frame("collective-defence-obsolete", 0.6)],
            type_score=0.6,
        ),
        claim(
            x,
            "c-x2",
            "Washington may hedge its bets on Europe.",
            type="prediction",
            holder=Holder("USA", "Washington", *at(TEXTS[x], "Washington")),
            targets=[target(x, "EU", "Europe", "neutral", 0.3)],
            frames=[Frame("strategic-hedging", 0.66)],
            hedged=True,
            hedges=["may"],
            type_score=0.45,
        ),
        claim(
            p,
            "c-p1",
            "Minilateral coalitions such as the JEF add speed and flexibility.",
            targets=[target(p, "JEF", "JEF", "favor", 0.85)],
            frames=[Frame("minilateralism-force-multiplier", 0.9)],
            type_score=0.9,
        ),
        claim(
            p,
            "c-p2",
            "Europe must pursue strategic autonomy.",
            type="prescription",
            targets=[target(p, "strategic-autonomy", "strategic autonomy", "favor", 0.75, "concept")],
            frames=[Frame("strategic-autonomy", 0.88)],
            type_score=0.85,
        ),
        claim(
            p,
            "c-p3",
            "The Kremlin regards NATO as a threat.",
            holder=Holder("RUS", "the Kremlin", *at(TEXTS[p], "Kremlin")),
            targets=[target(p, "NATO", "NATO", "against", 0.5)],
            frames=[],
            type_score=0.5,
        ),
    ]
    articles = [
        Article(doc_id=d, source_path=f"{d}.txt", text=t, title=f"Title of {d} <b>bold?</b>")
        for d, t in TEXTS.items()
    ]
    for c in claims:
        assert TEXTS[c.doc_id][c.start : c.end] == c.text
    return RunData(articles=articles, claims=claims)


if __name__ == "__main__":
    write_run(HERE, build())
    print("wrote", HERE)
