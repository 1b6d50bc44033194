"""claimscope_hedging: hedge cues in scope of each claim ("arguably", "may", "appears likely").

Multi-word cues are matched first and their words are not counted again; a
single-word cue may be restricted to part-of-speech tags (modal "may", not the
month). A nested quoted claim inherits no hedges from its host sentence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.components.claim_draft import ensure_extensions, get_claims, text_slice
from pipeline.components.lexicon import LexiconComponent, find_phrases, read_lexicon, token_matches
from pipeline.paths import resolve_config_path

ensure_extensions()


class Hedging(LexiconComponent):
    version = "1"

    def process(self, doc: Doc) -> Doc:
        for claim in get_claims(doc):
            claim.hedges = self.hedges(claim.span)
            claim.provenance["hedged"] = self.tag
        return doc

    def hedges(self, span: Span) -> list[str]:
        cues: list[tuple[int, str]] = []
        covered: set[int] = set()
        for _phrase, start, end in find_phrases(span, [p.lower() for p in self.lexicon.get("phrases", [])]):
            if any(start <= c < end for c in covered):
                continue
            covered.update(range(start, end))
            cues.append((start, text_slice(span.doc, start, end)))
        lemmas = self.lexicon.get("lemmas", {})
        for token in span:
            if token.idx in covered:
                continue
            if token_matches(token, lemmas) and not _formula(token):
                cues.append((token.idx, token.text))
        return [text for _pos, text in sorted(cues)]


def _formula(token: Token) -> bool:
    """Not a hedge (annotations/GUIDELINES.md 9): "possible" in "as soon as possible" and "the
    widest possible", and the polite "May I ..." / "may we ..."."""
    prev = token.nbor(-1) if token.i > 0 else None
    if token.lower_ == "possible" and prev is not None:
        return prev.lower_ == "as" or prev.tag_ in {"JJS", "RBS"}
    if token.lower_ == "may" and token.i + 1 < len(token.doc):
        return token.nbor(1).lower_ in {"i", "we"}
    return False


@Language.factory(
    "claimscope_hedging",
    assigns=["doc._.claims"],
    requires=["doc._.claims"],
    default_config={"lexicon_path": ""},
)
def make_hedging(nlp: Language, name: str, lexicon_path: str) -> Hedging:
    return Hedging(name, lambda: read_lexicon(resolve_config_path(lexicon_path, "lexicons/hedges.json")))
