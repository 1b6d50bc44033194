"""claimscope_claim_type: evaluation, prediction, causal, prescription or factual.

Types are tried in the configured order (prescription, prediction, causal,
evaluation); the first whose cues occur in the claim wins, ``factual``
otherwise. Evaluation also fires on the stance lexicon's evaluative cues and
on comparative or superlative forms.
"""

from __future__ import annotations

from typing import Any, cast

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components.claim_draft import ensure_extensions, get_claims
from pipeline.components.lexicon import LexiconComponent, find_phrases, read_lexicon, token_matches
from pipeline.paths import resolve_config_path
from pipeline.types import ClaimType

ensure_extensions()


class ClaimTyper(LexiconComponent):
    version = "1"

    def _compile(self) -> None:
        self.order: list[str] = list(self.lexicon.get("order", []))
        stance = self.lexicon.get("stance_cues", {})
        self.evaluative = {k.lower() for k in {**stance.get("negative", {}), **stance.get("positive", {})}}

    def process(self, doc: Doc) -> Doc:
        for claim in get_claims(doc):
            label, claim.type_score = self.classify(claim.span)
            claim.type = cast(ClaimType, label)  # the lexicon's labels are the contract's claim types
            claim.provenance["type"] = self.tag
        return doc

    def classify(self, span: Span) -> tuple[str, float]:
        for label in self.order:
            rules: dict[str, Any] = self.lexicon.get(label, {})
            hits = len(find_phrases(span, rules.get("phrases", [])))
            hits += sum(1 for t in span if token_matches(t, rules.get("lemmas", {})))
            if label == "evaluation":
                tags = set(rules.get("tags", []))
                hits += sum(1 for t in span if t.tag_ in tags)
                if rules.get("use_stance_cues"):
                    hits += len(find_phrases(span, [c for c in self.evaluative if " " in c]))
                    hits += sum(1 for t in span if t.lemma_.lower() in self.evaluative)
            if hits:
                return label, round(min(0.95, 0.55 + 0.15 * hits), 4)
        return self._fallback(span)

    def _fallback(self, span: Span) -> tuple[str, float]:
        rules: dict[str, Any] = self.lexicon.get("fallback", {})
        ent_types = set(rules.get("factual_entity_types", []))
        root_tags = set(rules.get("factual_root_tags", []))
        if any(e.label_ in ent_types for e in span.ents) or span.root.tag_ in root_tags:
            return rules.get("factual", "factual"), 0.6
        return rules.get("default", "factual"), 0.5


@Language.factory(
    "claimscope_claim_type",
    assigns=["doc._.claims"],
    requires=["doc._.claims"],
    default_config={"lexicon_path": "", "stance_lexicon_path": ""},
)
def make_claim_type(nlp: Language, name: str, lexicon_path: str, stance_lexicon_path: str) -> ClaimTyper:
    def load() -> dict[str, Any]:
        lexicon = read_lexicon(resolve_config_path(lexicon_path, "lexicons/claim_types.json"))
        stance = read_lexicon(resolve_config_path(stance_lexicon_path, "lexicons/stance_cues.json"))
        lexicon["stance_cues"] = {
            "negative": stance.get("negative", {}),
            "positive": stance.get("positive", {}),
        }
        return lexicon

    return ClaimTyper(name, load)
