"""claimscope_type_head: the claim type (evaluation, prediction, causal, prescription, factual).

The model's type comes first; an explicit performative then decides, as the guidelines say
(annotations/GUIDELINES.md 3 and 13.9.4): a claim whose main verb is a first-person, present
"call on / call for / urge / appeal to / invite ... to / insist that" ("I call on all States to
...", "We urge ...") or that says "it is time to / for ..." recommends an action, so it is a
``prescription`` whatever the model says. A reported or past call ("we have called for ...",
"the EU called on ...") is left to the model.
"""

from __future__ import annotations

import re

import numpy as np
from spacy.language import Language
from spacy.tokens import Span, Token

from pipeline.components.claim_draft import ClaimDraft, ensure_extensions
from pipeline.components.heads_base import EncodingListener

ensure_extensions()

PAST_TAGS = frozenset({"VBD", "VBN"})
PERFORMATIVES = [
    "call on",
    "call upon",
    "call for",
    "urge",
    "appeal to",
    "implore",
    "exhort",
    "invite to",
    "insist that",
]
TIME_FOR = re.compile(r"\bit(?:\s+is|['’]s)\s+(?:\w+\s+)?time\s+(?:for|to)\b", re.IGNORECASE)


class TypeHead(EncodingListener):
    def __init__(self, name: str, performatives: list[str], performative_subjects: list[str]) -> None:
        self.name = name
        self.performatives: dict[str, frozenset[str]] = {}
        for entry in performatives:
            verb, _, word = entry.lower().partition(" ")
            self.performatives[verb] = self.performatives.get(verb, frozenset()) | ({word} if word else set())
        self.subjects = frozenset(s.lower() for s in performative_subjects)

    def apply(self, claims: list[ClaimDraft]) -> None:
        model = claims[0].encoding.model
        labels = list(model.config.type_labels)
        if not labels or not model.heads.has("claim_type"):
            return
        probs = model.heads.types(np.stack([c.encoding.claim for c in claims]))
        for claim, row in zip(claims, probs, strict=True):
            best = int(np.argmax(row))
            claim.type, claim.type_score = labels[best], round(float(row[best]), 4)
            claim.provenance["type"] = self.model_tag(self.name, claim)
            if "prescription" in labels and claim.type != "prescription" and self.is_performative(claim.span):
                claim.type, claim.type_score = "prescription", 1.0
                claim.provenance["type"] = f"{self.name}:performative"

    def is_performative(self, span: Span) -> bool:
        """A first-person present performative main verb, or "it is time to/for"."""
        if self.performatives and any(self._performative_verb(t) for t in span if _is_main(t)):
            return True
        return bool(TIME_FOR.search(span.text))

    def _performative_verb(self, verb: Token) -> bool:
        words = self.performatives.get(verb.lemma_.lower())
        if words is None or verb.tag_ in PAST_TAGS:
            return False
        children = list(verb.children)
        if any(c.dep_ == "neg" for c in children):
            return False
        subjects = [c for c in children if c.dep_ == "nsubj"]
        if not subjects and verb.dep_ == "conj":  # "We welcome ... and call upon ..."
            subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
        if not any(c.lower_ in self.subjects for c in subjects):
            return False
        if not words:
            return True
        lowered = {c.lower_ for c in children if c.dep_ in {"prep", "prt", "dative"}}
        if words & lowered:
            return True
        # "invite X to do", "insist that ...": a clause complement stands for the listed word
        return bool({"to", "that"} & words) and any(c.dep_ in {"xcomp", "ccomp"} for c in children)


def _is_main(token: Token) -> bool:
    """The root of a sentence, or a verb conjoined with it ("We welcome ... and call on ...")."""
    return token.dep_ == "ROOT" or (
        token.dep_ == "conj" and token.head.dep_ == "ROOT" and token.pos_ in {"VERB", "AUX"}
    )


@Language.factory(
    "claimscope_type_head",
    assigns=["doc._.claims"],
    requires=["doc._.claims"],
    default_config={"performatives": PERFORMATIVES, "performative_subjects": ["I", "we"]},
)
def make_type_head(
    nlp: Language, name: str, performatives: list[str], performative_subjects: list[str]
) -> TypeHead:
    return TypeHead(name, performatives, performative_subjects)
