"""claimscope_targets: the actors and concepts each claim is about, syntactic head first.

Every linked mention inside the claim is a candidate, except the mentions that
name the claim's speaker or holder. Candidates are ranked by their place in the
dependency tree: the subject of the main clause first (or, after an attitude
verb such as "regards", its object), then shallower before deeper, then by
position. One target per canonical id.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from pipeline.components.claim_draft import ClaimDraft, ensure_extensions, get_claims
from pipeline.components.mentions import actor_id, actor_type, mentions_in
from pipeline.components.syntax import SUBJECT_DEPS, depth

ensure_extensions()

ATTITUDE_OBJECT_VERBS = frozenset({"regard", "view", "see", "consider", "perceive", "deem", "treat"})


class TargetFinder:
    version = "1"

    def __init__(self, name: str, types: list[str], max_targets: int) -> None:
        self.name = name
        self.types = set(types)
        self.max_targets = max_targets

    @property
    def tag(self) -> str:
        return f"{self.name}@{self.version}"

    def __call__(self, doc: Doc) -> Doc:
        for claim in get_claims(doc):
            claim.targets = self.targets_of(claim)
            claim.provenance["targets"] = self.tag
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def targets_of(self, claim: ClaimDraft) -> list[dict[str, Any]]:
        span = claim.span
        excluded = {
            (ref["start"], ref["end"])
            for ref in (claim.speaker, claim.holder)
            if ref and ref.get("start") is not None
        }
        ranked: dict[str, tuple[tuple[int, int, int], Span]] = {}
        for mention in mentions_in(span.doc, span.start, span.end):
            ident = actor_id(mention)
            if ident is None or actor_type(mention) not in self.types:
                continue
            if (mention.start_char, mention.end_char) in excluded:
                continue
            key = (self._role_rank(mention, span), depth(mention.root, span.root), mention.start)
            if ident not in ranked or key < ranked[ident][0]:
                ranked[ident] = (key, mention)
        ordered = sorted(ranked.items(), key=lambda kv: kv[1][0])[: self.max_targets]
        return [
            {
                "id": ident,
                "text": mention.text,
                "start": mention.start_char,
                "end": mention.end_char,
                "type": actor_type(mention),
                "stance": "neutral",
                "score": 0.0,
            }
            for ident, (_key, mention) in ordered
        ]

    @staticmethod
    def _role_rank(mention: Span, claim: Span) -> int:
        """0 for the head of the assertion, 1 inside the subject phrase, 2 otherwise."""
        root = claim.root
        head = mention.root
        if head.head.i == root.i and head.dep_ in {"dobj", "nsubjpass"} and (
            root.lemma_.lower() in ATTITUDE_OBJECT_VERBS
        ):
            return 0
        if head.head.i == root.i and head.dep_ in SUBJECT_DEPS:
            return 0
        subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None and subject.left_edge.i <= head.i <= subject.right_edge.i:
            return 1
        return 2

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        import srsly

        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", {"types": sorted(self.types), "max_targets": self.max_targets})

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> TargetFinder:
        import srsly

        cfg = srsly.read_json(ensure_path(path) / "cfg.json")
        self.types = set(cfg["types"])
        self.max_targets = int(cfg["max_targets"])
        return self


@Language.factory(
    "claimscope_targets",
    assigns=["doc._.claims"],
    requires=["doc._.claims", "doc.spans"],
    default_config={
        "types": ["state", "alliance", "organisation", "person", "group", "concept"],
        "max_targets": 6,
    },
)
def make_targets(nlp: Language, name: str, types: list[str], max_targets: int) -> TargetFinder:
    return TargetFinder(name, types, max_targets)
