"""claimscope_actor_ruler on a blank English pipeline (the tokenizer is all it needs)."""

from __future__ import annotations

import spacy

import pipeline.components.actor_ruler  # noqa: F401  (registers the factory)


def _nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("claimscope_actor_ruler")
    nlp.initialize()
    return nlp


NLP = _nlp()


def spans(text: str, nlp=None) -> list[tuple[str, str, str]]:
    doc = (nlp or NLP)(text)
    return [(s.text, s.label_, s.kb_id_) for s in doc.spans["actors"]]


def test_acronyms_are_case_sensitive_long_names_are_not():
    assert spans("the EU and the US") == [("EU", "organisation", "EU"), ("US", "state", "USA")]
    assert spans("tell us about the eu") == []
    assert spans("the north atlantic treaty organisation") == [
        ("north atlantic treaty organisation", "alliance", "NATO")
    ]
    assert spans("roast turkey") == []


def test_longest_match_wins_and_determiner_is_not_part_of_span():
    assert spans("the Collective Security Treaty Organisation (CSTO)") == [
        ("Collective Security Treaty Organisation", "alliance", "CSTO"),
        ("CSTO", "alliance", "CSTO"),
    ]
    assert spans("the Quadrilateral Security Dialogue (QUAD)")[0] == (
        "Quadrilateral Security Dialogue",
        "alliance",
        "QUAD",
    )


def test_context_aliases_need_their_determiner_and_wait_for_the_linker():
    doc = NLP("NATO is old and the Alliance is tired, a military alliance.")
    assert [(s.text, s.kb_id_, s.id_) for s in doc.spans["actors"]] == [
        ("NATO", "NATO", "alias:NATO"),
        ("Alliance", "", "context:Alliance"),
    ]


def test_blockers_and_non_states():
    assert spans("Latin American states and North America") == []
    assert spans("European capitals")[0][2] == "european-allies"
    assert spans("the European mood over the Atlantic") == []


def test_concepts_and_metonyms():
    assert spans("Paris regards regional mini-NATOs (especially AUKUS) as conspiracies") == [
        ("Paris", "state", "FRA"),
        ("mini-NATOs", "concept", "minilateralism"),
        ("AUKUS", "alliance", "AUKUS"),
    ]
    assert [s[2] for s in spans("Coalitions of the willing and Article 5")] == ["minilateralism", "article-5"]
    assert [s[2] for s in spans("Ottawa's approach and the Kremlin")] == ["CAN", "RUS"]


def test_compound_tokens_yield_each_known_part():
    doc = NLP("the U.S.-Israeli campaign")
    ids = sorted(s.kb_id_ for s in doc.spans["actors"])
    assert ids == ["ISR", "USA"]


def test_save_and_reload(tmp_path):
    text = "Mons/NATO, London/JEF or Brussels/EU, and the U.S.-UK pact"
    before = spans(text)
    NLP.get_pipe("claimscope_actor_ruler").to_disk(tmp_path / "ruler")
    nlp2 = spacy.blank("en")
    ruler = nlp2.add_pipe("claimscope_actor_ruler", config={"kb_path": "/nonexistent"})
    ruler.from_disk(tmp_path / "ruler")  # the KB is not read again
    assert spans(text, nlp2) == before
    NLP.to_disk(tmp_path / "nlp")
    assert spans(text, spacy.load(tmp_path / "nlp")) == before


def test_an_alias_with_an_apostrophe_matches_typeset_text():
    for text in ("the Democratic People's Republic of Korea", "the Democratic People’s Republic of Korea"):
        assert spans(text)[0][2] == "PRK", text


def test_paraphrases_of_concepts_from_the_gold_and_ocr_forms():
    """Aliases taken from the real gold's train split (how speakers name a concept) and the
    UN archive's OCR of "Türkiye" (50 of its 78 occurrences read "Tiirkiye")."""
    assert spans("war returned to Tiirkiye's borders")[0][2] == "TUR"
    assert [s[2] for s in spans("the European security architecture is eroding")] == ["collective-security"]
    assert [s[2] for s in spans("a world without military-political blocs")] == ["collective-defence"]
    assert [s[2] for s in spans("the rules-based world order and military expenditures")] == [
        "multilateralism",
        "defence-spending",
    ]
