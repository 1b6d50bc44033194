"""One id function: authors, quoted speakers and person mentions get the same id for one person."""

from __future__ import annotations

import pytest
import spacy

from pipeline.components import actor_linker
from pipeline.components.attribution import author_speaker
from pipeline.components.claim_draft import ensure_extensions
from pipeline.components.mentions import actor_id
from pipeline.ids import claim_id, slugify
from pipeline.types import Article


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Marco Rubio", "marco-rubio"),
        ("Marc-André Thibodeau", "marc-andre-thibodeau"),
        ("Recep Tayyip Erdoğan", "recep-tayyip-erdogan"),
        ("Jens Stoltenberg ", "jens-stoltenberg"),
        # A typographic apostrophe separates like the ASCII one (the gold's speaker ids).
        ("Sultan Hassanal Bolkiah Mu’izzaddin Waddaulah", "sultan-hassanal-bolkiah-mu-izzaddin-waddaulah"),
        ("Conor O’Brien", "conor-o-brien"),
        ("Conor O'Brien", "conor-o-brien"),
        # Letters with no ASCII decomposition are dropped, as person-mention ids always were.
        ("Radosław Sikorski", "radosaw-sikorski"),
        ("Lars Løkke Rasmussen", "lars-lkke-rasmussen"),
        # A name in a non-Latin script has no id (rather than a wrong one).
        ("Владимир Путин", ""),
        ("王毅", ""),
    ],
)
def test_slugify_accented_and_non_latin_names(name: str, expected: str) -> None:
    assert slugify(name) == expected


@pytest.mark.parametrize("name", ["Radosław Sikorski", "Marc-André Thibodeau", "Kaja Kallas"])
def test_author_and_mention_of_one_person_share_one_id(name: str) -> None:
    ensure_extensions()
    nlp = spacy.blank("en")
    doc = nlp(f"{name} said the alliance must act.")
    doc._.article = Article(doc_id="d", source_path="d.txt", text=doc.text, author=name)
    mention = doc.char_span(0, len(name), label="PERSON")
    assert mention is not None
    assert author_speaker(doc)["id"] == actor_id(mention) == slugify(name)
    # The actor linker makes ids of people the knowledge base lacks with the same function.
    assert actor_linker.slugify is slugify


def test_claim_id_is_stable_and_span_specific() -> None:
    assert claim_id("doc", 0, 10) == claim_id("doc", 0, 10)
    assert len({claim_id("doc", 0, 10), claim_id("doc", 0, 11), claim_id("doc2", 0, 10)}) == 3
