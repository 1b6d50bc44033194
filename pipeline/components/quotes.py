"""Quotation finding and attribution, shared by segmentation and attribution.

``claimscope_quotes`` is the pipeline component: it writes every quotation to
``doc.spans["quotes"]`` (label ``speech`` or ``quote``) and the speakers it attributes
speech to to ``doc.spans["quote_speakers"]``. The segmenter and the attribution
stage ask :func:`find_quotes` with their own settings; the answer is cached per settings,
so stages configured alike (the bundled configs) share one pass.

Typographic quotes are the signal: ingestion keeps them intact for this.
A quote is *speech* when its content is a clause (a verb with its own subject)
or long enough to be a statement; scare quotes around a term are not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.components.claim_draft import text_slice
from pipeline.components.lexicon import LexiconComponent, read_lexicon
from pipeline.components.mentions import (
    AGENT_TYPES,
    actor_type,
    mention_at,
    mention_in_subtree,
    speaker_mention,
)
from pipeline.paths import resolve_config_path

PAIRS = {"“": "”", "«": "»", "„": "“"}
_CACHE_KEY = "claimscope_quotes"


@dataclass(frozen=True)
class QuoteSettings:
    """What makes a quotation speech and who said it; built from ``lexicons/attribution.json``."""

    speech_verbs: frozenset[str]
    speech_nouns: frozenset[str]
    speaker_nouns: frozenset[str] = frozenset()
    representative_nouns: frozenset[str] = frozenset()
    min_words: int = 4

    @classmethod
    def from_lexicon(cls, lexicon: dict[str, Any]) -> QuoteSettings:
        return cls(
            speech_verbs=frozenset(lexicon.get("speech_verbs", [])),
            speech_nouns=frozenset(lexicon.get("speech_nouns", [])),
            speaker_nouns=frozenset(lexicon.get("speaker_nouns", [])),
            representative_nouns=frozenset(lexicon.get("representative_nouns", [])),
            min_words=int(lexicon.get("min_quote_words", 4)),
        )


@dataclass
class Quote:
    open_char: int
    close_char: int
    inner: Span | None
    is_clause: bool
    is_speech: bool
    speaker: Span | None


def find_quotes(doc: Doc, settings: QuoteSettings) -> list[Quote]:
    """All quotations in ``doc`` with their attributed speaker.

    Cached on the Doc per settings: stages configured alike share one pass, and a stage with
    other settings gets its own answer instead of whatever the first stage computed.
    """
    by_settings: dict[QuoteSettings, list[Quote]] = doc.user_data.setdefault(_CACHE_KEY, {})
    cached = by_settings.get(settings)
    if cached is not None:
        return cached
    quotes = []
    for open_char, close_char in _pairs(doc.text):
        inner = doc.char_span(open_char + 1, close_char, alignment_mode="contract")
        if inner is not None:
            inner = _strip(inner)
        is_clause = inner is not None and _is_clause(inner)
        words = len([t for t in inner if not t.is_punct]) if inner is not None else 0
        is_speech = is_clause or words >= settings.min_words
        speaker = (
            _attribute(doc, open_char, close_char, settings) if (inner is not None and is_speech) else None
        )
        quotes.append(Quote(open_char, close_char, inner, is_clause, is_speech, speaker))
    by_settings[settings] = quotes
    return quotes


def quote_covering(doc: Doc, start: int, end: int, settings: QuoteSettings) -> Quote | None:
    """The speech quote that contains the character range, if any."""
    for quote in find_quotes(doc, settings):
        if quote.is_speech and quote.open_char <= start and end <= quote.close_char + 1:
            return quote
        if (
            quote.is_speech
            and quote.inner is not None
            and (quote.inner.start_char <= start and end <= quote.inner.end_char)
        ):
            return quote
    return None


def _pairs(text: str) -> list[tuple[int, int]]:
    pairs = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in PAIRS or ch == '"':
            closer = PAIRS.get(ch, '"')
            j = text.find(closer, i + 1)
            # A quote never runs across a paragraph break.
            brk = text.find("\n\n", i + 1)
            if j > 0 and (brk < 0 or j < brk):
                pairs.append((i, j))
                i = j + 1
                continue
        i += 1
    return pairs


def _strip(span: Span) -> Span | None:
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in {",", "*", "_"}):
        end -= 1
    return doc[start:end] if end > start else None


def _is_clause(span: Span) -> bool:
    return any(
        token.dep_ in {"nsubj", "nsubjpass"}
        and span.start <= token.head.i < span.end
        and token.head.pos_ in {"VERB", "AUX"}
        and token.lower_ not in {"that", "which", "who"}
        for token in span
    )


def _attribute(doc: Doc, open_char: int, close_char: int, settings: QuoteSettings) -> Span | None:
    """Who the quote belongs to: a colon intro, a speech noun/verb before, or 'said X' after."""
    before = text_slice(doc, max(0, open_char - 3), open_char).rstrip(" *_")
    first = doc.char_span(open_char, open_char + 1, alignment_mode="expand")
    if first is None:
        return None
    sent = first.sent
    if before.endswith(":"):
        colon = [t for t in sent if t.text == ":" and t.idx < open_char]
        if colon:
            found = _colon_speaker(sent, colon[-1].i, settings)
            if found is not None:
                return found
    intro = _intro_sentence(doc, first[0], open_char)
    if intro is not None:
        # Who said it ("he said this in the Security Council:"), else who the colon follows.
        found = next((f for f in (_speech_owner(t, settings) for t in intro) if f is not None), None)
        colon = [t for t in intro if t.text == ":"]
        if found is None and colon:
            found = _colon_speaker(intro, colon[-1].i, settings)
        if found is not None:
            return found
    for token in sent:
        if token.idx >= open_char:
            break
        found = _speech_owner(token, settings)
        if found is not None:
            return found
    for token in sent:
        if token.idx <= close_char:
            continue
        if token.lemma_.lower() in settings.speech_verbs:
            subject = next((c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subject is not None:
                return resolve_speaker(subject, settings)
    return None


def _colon_speaker(sent: Span, colon_i: int, settings: QuoteSettings) -> Span | None:
    """Who introduces a quote with a colon: the last person named before it, else the last
    agent, else an unnamed human phrase ("A Canadian official put it: ...")."""
    candidates = [
        m for t in sent if t.i < colon_i and (m := mention_at(t)) is not None and actor_type(m) in AGENT_TYPES
    ]
    people = [c for c in candidates if actor_type(c) == "person"]
    if people:
        return people[-1]
    if candidates:
        return candidates[-1]
    return unnamed_speaker(sent, colon_i, settings)


def _intro_sentence(doc: Doc, first: Token, open_char: int) -> Span | None:
    """The sentence before a quotation that opens its own paragraph, when it introduces it
    ("... what Willy Brandt stated here is all the more true today:" / "..., who said,")."""
    lead = text_slice(doc, max(0, open_char - 12), open_char).rstrip(" \t*_")
    if not lead.endswith("\n") or first.sent.start == 0:
        return None
    intro = doc[first.sent.start - 1].sent
    return intro if intro.text.rstrip(" \t\n*_").endswith((":", ",")) else None


def speaker_phrase(subject: Token, settings: QuoteSettings) -> Span | None:
    """An unnamed human speaker ("Critics", "A senior Emirati adviser") as its noun phrase."""
    lemma = subject.lemma_.lower()
    if subject.pos_ in {"PRON", "DET", "ADJ"}:
        if subject.lower_ not in settings.speaker_nouns:
            return None
    elif subject.pos_ not in {"NOUN", "PROPN"} or (
        subject.pos_ == "NOUN"
        and lemma not in settings.speaker_nouns
        and subject.lower_ not in settings.speaker_nouns
    ):
        return None
    doc = subject.doc
    start = subject.left_edge.i
    end = subject.i + 1
    for child in subject.children:
        if child.dep_ == "prep" and child.i > subject.i and child.lower_ in {"of", "in", "from", "at"}:
            end = max(end, child.right_edge.i + 1)
    return doc[start : min(end, start + 10)]


def unnamed_speaker(sent: Span, colon_i: int, settings: QuoteSettings) -> Span | None:
    """The human noun phrase that introduces a quote with a colon ("A Canadian official put it: ...")."""
    for token in reversed(list(sent.doc[sent.start : colon_i])):
        if token.dep_ in {"nsubj", "nsubjpass"}:
            return speaker_phrase(token, settings)
    return None


def _speech_owner(token: Token, settings: QuoteSettings) -> Span | None:
    lemma = token.lemma_.lower()
    if token.pos_ == "NOUN" and (lemma in settings.speech_nouns or token.lower_ in settings.speech_nouns):
        for child in token.children:
            if child.dep_ == "poss":
                return resolve_speaker(child, settings)
            if child.dep_ == "prep" and child.lower_ == "of":
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return resolve_speaker(obj, settings)
    if token.pos_ == "VERB" and lemma in settings.speech_verbs:
        subject = next((c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None:
            return resolve_speaker(subject, settings)
    return None


def resolve_speaker(token: Token, settings: QuoteSettings) -> Span | None:
    """Who a speaker phrase names: a person first; an actor for "Indian officials"; the
    phrase itself for unnamed speakers ("Armenian analysts", "Supporters of AUKUS")."""
    if token.pos_ == "PRON" and token.lower_ in {"he", "she"}:
        return speaker_mention(token)
    if token.lower_ in {"who", "that"} and token.head.dep_ == "relcl" and token.head.head.i != token.i:
        return resolve_speaker(token.head.head, settings)  # "Koirala, who ... said,"
    own = mention_at(token)
    if own is not None and actor_type(own) in AGENT_TYPES:
        return own
    person = mention_in_subtree(token, frozenset({"person"}))
    if person is not None:
        return person
    lemma = token.lemma_.lower()
    is_human_noun = lemma in settings.speaker_nouns or token.lower_ in settings.speaker_nouns
    if is_human_noun and not (
        lemma in settings.representative_nouns or token.lower_ in settings.representative_nouns
    ):
        return speaker_phrase(token, settings)
    return mention_in_subtree(token) or speaker_phrase(token, settings)


class QuoteFinder(LexiconComponent):
    """Writes the quotations of a Doc to ``doc.spans[spans_key]`` (and their speakers beside)."""

    version = "1"

    def __init__(
        self,
        name: str,
        lexicon: dict[str, Any] | Callable[[], dict[str, Any]],
        spans_key: str = "quotes",
        speakers_key: str = "quote_speakers",
    ) -> None:
        self.spans_key = spans_key
        self.speakers_key = speakers_key
        super().__init__(name, lexicon)

    def _compile(self) -> None:
        self.settings = QuoteSettings.from_lexicon(self.lexicon)

    def process(self, doc: Doc) -> Doc:
        spans, speakers = [], []
        for quote in find_quotes(doc, self.settings):
            if quote.inner is None:
                continue
            spans.append(
                Span(doc, quote.inner.start, quote.inner.end, label="speech" if quote.is_speech else "quote")
            )
            if quote.speaker is not None:
                speakers.append(Span(doc, quote.speaker.start, quote.speaker.end, label="speaker"))
        doc.spans[self.spans_key] = spans
        doc.spans[self.speakers_key] = speakers
        return doc


@Language.factory(
    "claimscope_quotes",
    assigns=["doc.spans"],
    requires=["token.dep"],
    default_config={"lexicon_path": "", "spans_key": "quotes", "speakers_key": "quote_speakers"},
)
def make_quotes(
    nlp: Language, name: str, lexicon_path: str, spans_key: str, speakers_key: str
) -> QuoteFinder:
    """Same lexicon as the attribution stage by default, so both share one pass over the quotes."""
    return QuoteFinder(
        name,
        lambda: read_lexicon(resolve_config_path(lexicon_path, "lexicons/attribution.json")),
        spans_key,
        speakers_key,
    )
