"""The knowledge base names the armed groups, UN bodies and formats security commentary names."""

from __future__ import annotations

import pytest
import spacy

import pipeline.components.actor_ruler  # noqa: F401  (registers the factory)
from pipeline.kb import load_kb


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("claimscope_actor_ruler")
    nlp.initialize()
    return nlp


def spans(nlp, text: str) -> list[tuple[str, str, str]]:
    doc = nlp(text)
    return [(s.text, s.label_, s.kb_id_ or s.id_) for s in doc.spans["actors"]]


def test_groups_and_organisations_of_an_op_ed(nlp):
    text = (
        "Hamas and Hezbollah are weakening, while the Wagner Group has expanded in Mali. "
        "Boko Haram remains a threat to Nigeria. The World Bank and the Human Rights Council must do more. "
        "The Ukraine Defense Contact Group should meet more often."
    )
    assert spans(nlp, text) == [
        ("Hamas", "group", "hamas"),
        ("Hezbollah", "group", "hezbollah"),
        ("Wagner Group", "group", "wagner-group"),
        ("Mali", "state", "MLI"),
        ("Boko Haram", "group", "boko-haram"),
        ("Nigeria", "state", "NGA"),
        ("World Bank", "organisation", "WORLD-BANK"),
        ("Human Rights Council", "organisation", "UNHRC"),
        ("Ukraine Defense Contact Group", "organisation", "UDCG"),  # no separate UKR inside the name
    ]


def test_armed_groups_keep_the_gold_ids_and_longest_names_win(nlp):
    found = spans(nlp, "al-Shabaab, the Syrian Democratic Forces, HTS, the PKK and Kata'ib Hezbollah")
    assert [(label, id_) for _, label, id_ in found] == [
        ("group", "al-shabaab"),
        ("group", "syrian-democratic-forces"),
        ("group", "al-nusra-front"),
        ("group", "pkk"),
        ("group", "kataib-hezbollah"),  # not hezbollah
    ]


def test_formats_and_un_bodies(nlp):
    ids = [
        id_ for _, _, id_ in spans(nlp, "The E3 joined the P5+1; the P5, UNHCR and the Non-Aligned Movement.")
    ]
    assert ids == ["E3", "P5-PLUS-1", "P5", "UNHCR", "NON-ALIGNED-MOVEMENT"]
    assert spans(nlp, "Namibia") == [("Namibia", "state", "NAM")]  # NAM is Namibia's id


def test_who_is_only_the_world_health_organization_by_name(nlp):
    assert spans(nlp, "Who decides, and who pays?") == []
    assert spans(nlp, "THERE'S ONLY TWO OF US IN THE FORUM WHO ARE MEMBERS") == [("US", "state", "USA")]
    assert spans(nlp, "The World Health Organization warned.") == [
        ("World Health Organization", "organisation", "WHO")
    ]


def test_people_by_surname_only_when_the_surname_is_distinctive(nlp):
    assert spans(nlp, "Pompeo met Mattis.") == [
        ("Pompeo", "person", "mike-pompeo"),
        ("Mattis", "person", "james-mattis"),
    ]
    assert spans(nlp, "Kerry Packer and Greg Abbott") == []


def test_new_memberships_by_date():
    kb = load_kb()
    assert sorted(kb.members("NORMANDY-FORMAT")) == ["DEU", "FRA", "RUS", "UKR"]
    assert kb.members("LUBLIN-TRIANGLE", "2020-01-01") == []
    assert "RUS" not in kb.members("P5", "1990-01-01") and "RUS" in kb.members("P5")
    assert kb.get("hamas").type == "group" and kb.get("UDCG").type == "organisation"


def test_actors_of_argued_commentary_and_the_soviet_union(nlp):
    # Forms readers' comments name (annotations/commentary) and the gold's Soviet Union -> RUS (13.10.1).
    text = (
        "The Soviet Union collapsed, and the Kurds fought while Islamic extremists advanced. "
        "AIPAC and Likud lobbied; the AKP and the Syrian opposition disagreed about nukes."
    )
    found = {(t, i) for t, _, i in spans(nlp, text)}
    assert {
        ("Soviet Union", "RUS"),
        ("Kurds", "kurds"),
        ("Islamic extremists", "terrorism"),
        ("AIPAC", "aipac"),
        ("Likud", "likud"),
        ("AKP", "justice-and-development-party"),
        ("Syrian opposition", "syrian-opposition"),
        ("nukes", "nuclear-weapons"),
    } <= found
