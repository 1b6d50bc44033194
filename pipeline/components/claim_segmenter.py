"""claimscope_block_boundaries and claimscope_claim_segmenter: where claims are.

A claim is a sentence or, where a sentence joins independent assertions, a
clause. Only text in paragraph and quote blocks can hold claims; headings,
datelines, bylines, bios and boilerplate never do. Questions are claims only
when they read as rhetorical assertions. Claims never nest (GUIDELINES 2: the
sentence that frames a quotation is one claim with it; none of the 3,260 gold
claims lies inside another). With ``nested_quotes = true`` (the 0.x behaviour,
kept in ``configs/legacy.cfg``) a quotation that is itself a full clause inside a
longer sentence ("Macron's statement that “NATO is brain-dead”") also becomes a
claim of its own.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components.claim_draft import ClaimDraft, ensure_extensions, get_claims, text_slice
from pipeline.components.lexicon import LexiconComponent, read_lexicon
from pipeline.components.quotes import QuoteSettings, find_quotes
from pipeline.paths import resolve_config_path

ensure_extensions()

TERMINALS = frozenset({".", "!", "?", "…", ":", "...", ";"})
CLOSERS = frozenset({"”", '"', "’", "*", ")", "»", "_"})


def _continues(previous: Span, sent: Span, block_starts: list[int]) -> bool:
    """A sentence that starts in lower case after a full stop in the same block continues the one
    before: the stop was a stray one (OCR, a transcriber, an abbreviation the parser split on;
    annotations/GUIDELINES.md 13.9.8)."""
    first = next((t for t in sent if t.is_alpha), None)
    ends = [t for t in previous if not t.is_space and t.text not in CLOSERS]
    return (
        first is not None
        and first.is_lower
        and first.i == next(t.i for t in sent if not t.is_space and not t.is_punct)
        and bool(ends)
        and ends[-1].text in {".", "..."}
        and _same_block(previous, sent, block_starts)
    )


def _same_block(a: Span, b: Span, block_starts: list[int]) -> bool:
    return bisect.bisect_right(block_starts, a.start_char) == bisect.bisect_right(block_starts, b.start_char)


def article_blocks(doc: Doc) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` of the article's blocks; the whole text as one paragraph otherwise."""
    article = doc._.article
    blocks = getattr(article, "blocks", None) if article is not None else None
    if not blocks:
        return [(0, len(doc.text), "paragraph")]
    return sorted((b.start, b.end, b.kind) for b in blocks)


@Language.factory(
    "claimscope_block_boundaries",
    requires=["doc._.article"],
    assigns=["token.is_sent_start"],
)
def make_block_boundaries(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """A factory (not ``Language.component``) so that a ``spacy_factories`` entry point can name it."""
    return block_boundaries


def block_boundaries(doc: Doc) -> Doc:
    """Start a sentence at every block start, so no sentence spans a heading and its paragraph."""
    ensure_extensions()
    starts = {start for start, _end, _kind in article_blocks(doc)}
    for token in doc:
        if token.idx in starts and token.i > 0:
            token.is_sent_start = True
    return doc


class ClaimSegmenter(LexiconComponent):
    version = "1"

    def _compile(self) -> None:
        lex = self.lexicon
        self.claim_kinds = set(lex.get("claim_block_kinds", ["paragraph", "quote"]))
        self.rhetorical = tuple(s.lower() for s in lex.get("rhetorical_question_starts", []))
        self.split_conj = set(lex.get("clause_split_conjunctions", []))
        self.split_punct = set(lex.get("clause_split_punct", [";"]))
        self.min_clause = int(lex.get("min_clause_tokens", 5))
        self.min_claim = int(lex.get("min_claim_tokens", 4))
        self.quotes = QuoteSettings.from_lexicon(lex.get("quotes", {}))
        self.nested_quotes = bool(lex.get("nested_quotes", False))

    def process(self, doc: Doc) -> Doc:
        claims = get_claims(doc)
        claims.clear()
        blocks = article_blocks(doc)
        block_starts = [b[0] for b in blocks]
        headings = [(s, e) for s, e, k in blocks if k == "heading"]
        for sent in self._sentences(doc, blocks, block_starts):
            idx = bisect.bisect_right(block_starts, sent.start_char) - 1
            if idx < 0 or blocks[idx][2] not in self.claim_kinds:
                continue
            if not self._is_claim_sentence(sent):
                continue
            section = self._section(doc, headings, sent.start_char)
            for part in self._clauses(sent):
                span = self._trim(part)
                if span is None:
                    continue
                claims.append(self._draft(span, section))
        if self.nested_quotes:
            self._nested_quotes(doc, claims)
        claims.sort(key=lambda c: (c.start, -c.end))
        return doc

    @staticmethod
    def _sentences(doc: Doc, blocks: list[tuple[int, int, str]], block_starts: list[int]) -> list[Span]:
        """The parser's sentences, with fragments that do not end a sentence joined to the next
        one in the same block (the small parser sometimes cuts "NATO | is in crisis")."""
        merged: list[Span] = []
        pending: Span | None = None
        for sent in doc.sents:
            if pending is not None:
                if _same_block(pending, sent, block_starts):
                    sent = doc[pending.start : sent.end]
                else:
                    merged.append(pending)
                pending = None
            last = [t for t in sent if not t.is_space and t.text not in CLOSERS]
            if last and last[-1].text not in TERMINALS and sent.end < len(doc):
                pending = sent
                continue
            if merged and _continues(merged[-1], sent, block_starts):
                merged[-1] = doc[merged[-1].start : sent.end]
                continue
            merged.append(sent)
        if pending is not None:
            merged.append(pending)
        return merged

    def _draft(self, span: Span, section: str | None) -> ClaimDraft:
        draft = ClaimDraft(span=span, start=span.start_char, end=span.end_char, section=section)
        draft.provenance["span"] = self.tag
        return draft

    def _is_claim_sentence(self, sent: Span) -> bool:
        words = [t for t in sent if not t.is_punct and not t.is_space]
        if len(words) < self.min_claim:
            return False
        if not any(t.pos_ in {"VERB", "AUX"} for t in sent):
            return False
        last = [t for t in sent if not t.is_space and t.text not in CLOSERS]
        if last and last[-1].text == "?":
            return sent.text.lower().lstrip('“"*( ').startswith(self.rhetorical)
        return True

    @staticmethod
    def _section(doc: Doc, headings: list[tuple[int, int]], pos: int) -> str | None:
        before = [h for h in headings if h[1] <= pos]
        if not before:
            return None
        start, end = before[-1]
        return text_slice(doc, start, end).strip() or None

    def _clauses(self, sent: Span) -> list[Span]:
        """Split at ';' or ', but' where both sides are independent clauses with a subject."""
        doc = sent.doc
        candidates: list[int] = []
        for token in sent:
            if token.text in self.split_punct:
                candidates.append(token.i)
            elif token.lower_ in self.split_conj and token.dep_ in {"cc", "mark"} and token.i > sent.start:
                # "X did A, but Y did B": the conjunction joins two verbs that each have a subject.
                head = token.head
                conj = [c for c in head.children if c.dep_ in {"conj", "advcl"} and c.i > token.i]
                if (head.pos_ in {"VERB", "AUX"} and any(self._has_subject(c) for c in conj)) or (
                    token.dep_ == "mark" and self._has_subject(head) and head.i > token.i
                ):
                    candidates.append(token.i)
        if not candidates:
            return [sent]
        bounds = [sent.start, *candidates, sent.end]
        segments = [
            doc[(a + 1 if doc[a].text in self.split_punct and a != sent.start else a) : b]
            for a, b in itertools.pairwise(bounds)
        ]
        # Merge back any piece that is not an independent clause on its own.
        parts: list[Span] = []
        for seg in segments:
            if parts and not (self._independent(parts[-1]) and self._independent(seg)):
                parts[-1] = doc[parts[-1].start : seg.end]
            else:
                parts.append(seg)
        return [p for p in parts if len(p) > 0]

    @staticmethod
    def _has_subject(verb: Span | object) -> bool:
        children = getattr(verb, "children", ())
        return any(c.dep_ in {"nsubj", "nsubjpass"} for c in children)

    def _independent(self, span: Span) -> bool:
        if len([t for t in span if not t.is_punct]) < self.min_clause:
            return False
        return any(
            t.dep_ in {"nsubj", "nsubjpass"} and t.head.pos_ in {"VERB", "AUX"} and t.head in span
            for t in span
        )

    @staticmethod
    def _trim(span: Span) -> Span | None:
        """Drop surrounding punctuation and unmatched quote marks from the span's edges."""
        doc = span.doc
        start, end = span.start, span.end
        opening, closing = {"“", '"', "‘", "«", "„"}, {"”", '"', "’", "»"}

        def unmatched_open(i: int) -> bool:
            return doc[i].text in opening and not any(doc[j].text in closing for j in range(i + 1, end))

        def unmatched_close(i: int) -> bool:
            return doc[i].text in closing and not any(doc[j].text in opening for j in range(start, i))

        while start < end and (
            doc[start].is_space or doc[start].text in {"*", "_", ",", ";", ":"} or unmatched_open(start)
        ):
            start += 1
        while end > start and (
            doc[end - 1].is_space or doc[end - 1].text in {"*", "_", ",", ";"} or unmatched_close(end - 1)
        ):
            end -= 1
        if end - start < 3:
            return None
        return doc[start:end]

    def _nested_quotes(self, doc: Doc, claims: list[ClaimDraft]) -> None:
        """A quoted full clause inside a longer author sentence becomes its own claim."""
        for quote in find_quotes(doc, self.quotes):
            if not quote.is_clause or quote.inner is None:
                continue
            inner = quote.inner
            host = next((c for c in claims if c.start <= inner.start_char and inner.end_char <= c.end), None)
            if host is None:
                continue
            if host.start == inner.start_char and host.end == inner.end_char:
                continue
            # A whole-sentence quote already is its own claim; only nest quotes inside prose.
            if (inner.end_char - inner.start_char) > 0.8 * (host.end - host.start):
                continue
            draft = self._draft(inner, host.section)
            draft.provenance["span"] = f"{self.tag}:nested-quote"
            claims.append(draft)


@Language.factory(
    "claimscope_claim_segmenter",
    assigns=["doc._.claims"],
    requires=["token.is_sent_start", "token.dep"],
    default_config={"lexicon_path": "", "quotes_lexicon_path": "", "nested_quotes": False},
)
def make_claim_segmenter(
    nlp: Language, name: str, lexicon_path: str, quotes_lexicon_path: str, nested_quotes: bool
) -> ClaimSegmenter:
    def load() -> dict[str, Any]:
        lexicon = read_lexicon(resolve_config_path(lexicon_path, "lexicons/segmentation.json"))
        lexicon["quotes"] = read_lexicon(
            resolve_config_path(quotes_lexicon_path, "lexicons/attribution.json")
        )
        lexicon["nested_quotes"] = nested_quotes
        return lexicon

    return ClaimSegmenter(name, load)
