"""claimscope_attribution: who asserts each claim (speaker) and whose position it describes (holder).

- speaker ``author`` by default, named from the article's byline;
- in a transcript, a turn opened by another speaker's label ("JOURNALIST:", "LAWS:") is that
  speaker's (``quoted``); the principal's labels ("PRIME MINISTER:", the author's surname) keep ``author``;
- ``quoted`` when the claim lies inside an attributed quotation, or in a block quotation
  (epigraph) whose next block is its attribution line ("— Jens Stoltenberg, 2019");
- ``reported`` for "X claimed/said/warned/argued that ...", "according to X";
- holder for "Paris regards X as Y", "For the United States, X appears as Y",
  "London views X as Y", "Washington is aware that ...", "Ottawa's approach ...".
Actors resolve through the linker, so metonyms ("Paris") give state ids.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.components.claim_draft import ClaimDraft, ensure_extensions, get_claims, text_slice
from pipeline.components.lexicon import LexiconComponent, read_lexicon
from pipeline.components.mentions import (
    AGENT_TYPES,
    AUTHOR_ID_KEY,
    actor_type,
    given_name_first,
    mention_at,
    mention_in_subtree,
    mention_ref,
    mentions_in,
)
from pipeline.components.quotes import Quote, QuoteSettings, find_quotes, quote_covering, resolve_speaker
from pipeline.ids import slugify
from pipeline.ingest.classify import TURN_LABEL
from pipeline.paths import resolve_config_path

ensure_extensions()


def author_speaker(doc: Doc) -> dict[str, Any]:
    """The default speaker: the article's author, named where the byline gives a name, with the
    knowledge base's id when the linker found the author there ("Robert Hawke" -> bob-hawke)."""
    article = doc._.article
    name = getattr(article, "author", None) if article is not None else None
    name = given_name_first(name) if name else name
    ident = doc.user_data.get(AUTHOR_ID_KEY) or (slugify(name) if name else None)
    return {"id": ident, "name": name, "kind": "author", "start": None, "end": None}


class Attribution(LexiconComponent):
    version = "1"

    def _compile(self) -> None:
        lex = self.lexicon
        self.quotes = QuoteSettings.from_lexicon(lex)
        self.speech_verbs = frozenset(lex.get("speech_verbs", []))
        self.holder_verbs = frozenset(lex.get("holder_verbs", []))
        self.holder_adjs = frozenset(lex.get("holder_adjectives", []))
        self.holder_nouns = frozenset(lex.get("holder_nouns", []))
        self.principal_labels = frozenset(lex.get("turn_principal_labels", []))
        self.interviewer_labels = dict(lex.get("turn_interviewer_labels", {}))

    def process(self, doc: Doc) -> Doc:
        default = author_speaker(doc)
        turns = self._turns(doc, default)
        starts = [t[0] for t in turns]
        epigraphs = _epigraphs(doc)
        for claim in get_claims(doc):
            turn = (
                turns[bisect_right(starts, claim.start) - 1][1]
                if turns and claim.start >= starts[0]
                else None
            )
            claim.speaker = dict(turn or default)
            claim.holder = None
            epigraph = next((sp for s, e, sp in epigraphs if s <= claim.start and claim.end <= e), None)
            speaker = dict(epigraph) if epigraph else self._quoted(doc, claim) or self._reported(claim)
            if speaker is not None:
                claim.speaker = speaker
                claim.provenance["speaker"] = self.tag
            elif turn is not None:
                claim.provenance["speaker"] = f"{self.tag}:turn"
            else:
                claim.provenance["speaker"] = f"{self.tag}:default-author"
                holder = self._holder(claim.span)
                if holder is not None:
                    claim.holder = {k: holder[k] for k in ("id", "name", "start", "end")}
                    claim.co_holders = self._co_holders(doc, holder)
                    claim.provenance["holder"] = self.tag
        return doc

    # -- speakers ---------------------------------------------------------
    def _turns(self, doc: Doc, author: dict[str, Any]) -> list[tuple[int, dict[str, Any] | None]]:
        """``(start, speaker or None for the principal)`` of each labelled turn of a transcript."""
        # A turn starts at its label: a claim that begins with "STEFANOVIC:" is the interviewer's.
        text = doc.text  # Doc.text joins every token: read it once
        found = [(m.start(), m.group(1).strip()) for m in TURN_LABEL.finditer(text)]
        if len(found) < 2:
            return []
        surname = str(author.get("name") or "").split()[-1:]
        turns: list[tuple[int, dict[str, Any] | None]] = []
        for at, label in found:
            upper = " ".join(label.upper().split())
            if (
                upper in self.principal_labels
                or any(upper.startswith(p + " ") for p in self.principal_labels if p == "PRIME MINISTER")
                or (surname and upper == surname[0].upper())
            ):
                turns.append((at, None))
                continue
            generic = self.interviewer_labels.get(upper)
            if generic is not None:
                turns.append(
                    (at, {"id": generic, "name": label, "kind": "quoted", "start": None, "end": None})
                )
                continue
            name = _full_name(text, label)
            turns.append(
                (at, {"id": slugify(name), "name": name, "kind": "quoted", "start": None, "end": None})
            )
        return turns

    def _quoted(self, doc: Doc, claim: ClaimDraft) -> dict[str, Any] | None:
        """Inside an attributed quotation, or a claim that is mostly one ("X said: “...”")."""
        quote = quote_covering(doc, claim.start, claim.end, self.quotes)
        if quote is None:
            quote = next((q for q in find_quotes(doc, self.quotes) if _mostly_quote(doc, claim, q)), None)
        if quote is None or quote.speaker is None:
            return None
        return {**_ref(quote.speaker), "kind": "quoted"}

    def _reported(self, claim: ClaimDraft) -> dict[str, Any] | None:
        span = claim.span
        for token in span:
            # "according to X, ..."
            if (
                token.lower_ == "according"
                and token.i + 2 < span.end
                and span.doc[token.i + 1].lower_ == "to"
            ):
                obj = next((c for c in span.doc[token.i + 1].children if c.dep_ == "pobj"), None)
                found = resolve_speaker(obj, self.quotes) if obj is not None else None
                if found is not None:
                    return {**_ref(found), "kind": "reported"}
        for verb in self._main_verbs(span):
            if verb.lemma_.lower() not in self.speech_verbs:
                continue
            if not any(c.dep_ in {"ccomp", "parataxis"} for c in verb.children):
                continue
            subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subject is None or subject.lower_ in {"i", "we", "it", "this", "that"}:
                continue
            found = resolve_speaker(subject, self.quotes)
            if found is not None:
                return {**_ref(found), "kind": "reported"}
        return None

    @staticmethod
    def _main_verbs(span: Span) -> list[Token]:
        root = span.root
        verbs = [root]
        verbs.extend(c for c in root.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"})
        return verbs

    # -- holders ----------------------------------------------------------
    def _holder(self, span: Span) -> dict[str, Any] | None:
        root = span.root
        for verb in self._main_verbs(span):
            found = self._holder_of_verb(verb)
            if found is not None:
                return _ref(found)
        fronted = self._fronted_for(span, root)
        if fronted is not None:
            return _ref(fronted)
        subject = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None and subject.lemma_.lower() in self.holder_nouns:
            owner = self._owner(subject)
            if owner is not None:
                return _ref(owner)
        return None

    def _holder_of_verb(self, verb: Token) -> Span | None:
        lemma = verb.lemma_.lower()
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        is_attitude = lemma in self.holder_verbs
        if not is_attitude and lemma in {"be", "become", "remain", "seem", "appear"}:
            is_attitude = any(
                c.dep_ in {"acomp", "xcomp"} and c.lemma_.lower() in self.holder_adjs | self.holder_verbs
                for c in verb.children
            )
        if not is_attitude and lemma in {"appear", "seem"}:
            is_attitude = any(
                c.dep_ == "xcomp" and c.lemma_.lower() in self.holder_verbs for c in verb.children
            )
        if not is_attitude or subject is None:
            return None
        if subject.lower_ in {"i", "we", "one", "it", "this", "that", "they", "these", "which"}:
            return None
        found = mention_at(subject)
        if found is None:
            found = mention_in_subtree(subject)
        if found is None or actor_type(found) not in AGENT_TYPES:
            return None
        return found

    @staticmethod
    def _co_holders(doc: Doc, holder: dict[str, Any]) -> list[dict[str, Any]]:
        """Actors coordinated with the holder mention ("the Baltic countries and Poland")."""
        span = doc.char_span(holder["start"], holder["end"], alignment_mode="expand")
        if span is None:
            return []
        found = []
        for conj in span.root.conjuncts:
            mention = mention_at(conj)
            if (
                mention is not None
                and actor_type(mention) in AGENT_TYPES
                and mention.start_char != holder["start"]
            ):
                found.append(_ref(mention))
        return found

    @staticmethod
    def _fronted_for(span: Span, root: Token) -> Span | None:
        """ "For X, ..." before the main verb names whose view the claim gives."""
        for token in span:
            if token.i >= root.i:
                break
            if token.lower_ == "for" and token.dep_ == "prep":
                obj = next((c for c in token.children if c.dep_ == "pobj"), None)
                if obj is None:
                    continue
                found = mention_at(obj) or mention_in_subtree(obj)
                if found is not None and actor_type(found) in AGENT_TYPES:
                    nxt = span.doc[token.right_edge.i + 1] if token.right_edge.i + 1 < len(span.doc) else None
                    if nxt is not None and nxt.text == ",":
                        return found
        return None

    @staticmethod
    def _owner(noun: Token) -> Span | None:
        for child in noun.children:
            if child.dep_ == "poss":
                found = mention_at(child) or mention_in_subtree(child)
                if found is not None and actor_type(found) in AGENT_TYPES:
                    return found
            if child.dep_ == "prep" and child.lower_ == "of":
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    found = mention_at(obj) or mention_in_subtree(obj)
                    if found is not None and actor_type(found) in AGENT_TYPES:
                        return found
        return None


def _full_name(text: str, label: str) -> str:
    """The fullest name a label stands for in the text ("LAWS" -> "John Laws"), else the label in title case."""
    words = label.title().split()
    if len(words) == 1:
        match = re.search(rf"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?) {re.escape(words[0])}\b", text)
        if match:
            return f"{match.group(1)} {words[0]}"
    return " ".join(words)


def _mostly_quote(doc: Doc, claim: ClaimDraft, quote: Quote) -> bool:
    """The claim is the quotation, or introduces it with a colon ("X said: “...”")."""
    if not quote.is_speech or quote.inner is None:
        return False
    overlap = min(claim.end, quote.inner.end_char) - max(claim.start, quote.inner.start_char)
    if overlap <= 0:
        return False
    colon = text_slice(doc, max(0, quote.open_char - 3), quote.open_char).rstrip(" *_").endswith(":")
    return overlap >= 0.7 * (claim.end - claim.start) or (colon and claim.start < quote.open_char)


_ATTRIBUTION_LINE = re.compile(r"[—–―-]{1,2}\s*(?P<name>[^,;:()\d]{3,80}?)\s*(?:[,(].{0,120})?")
"""The line under a block quotation that names its author: "— Jens Stoltenberg, 2019"."""
_NAME = re.compile(r"(?:[A-Z][\w.'’-]*\s+){1,4}[A-Z][\w.'’-]*")
"""Capitalised words, when the linker found no person there: a name, not a sentence."""


def _epigraphs(doc: Doc) -> list[tuple[int, int, dict[str, Any]]]:
    """``(start, end, speaker)`` of each run of quote blocks followed by an attribution line."""
    article = doc._.article
    blocks = list(article.blocks) if article is not None else []
    out: list[tuple[int, int, dict[str, Any]]] = []
    run: list[tuple[int, int]] = []
    doc_text = doc.text  # Doc.text joins every token: read it once
    for block in blocks:
        raw = doc_text[block.start : block.end]
        text = raw.strip()
        line = _ATTRIBUTION_LINE.fullmatch(text) if run else None
        if line is not None:
            name = " ".join(line.group("name").split())
            start = block.start + (len(raw) - len(raw.lstrip())) + line.start("name")
            person = next(
                (m for m in mentions_in(doc, start, start + len(name)) if actor_type(m) in AGENT_TYPES), None
            )
            if person is None and not _NAME.fullmatch(name):
                run = []  # "— and that is the point.": not an attribution
                continue
            ref = _ref(person) if person is not None else {"id": slugify(name), "name": name, "start": start}
            ref.setdefault("end", start + len(name))
            out.append((run[0][0], run[-1][1], {**ref, "kind": "quoted"}))
            run = []
        elif block.kind == "quote":
            run.append((block.start, block.end))
        else:
            run = []
    return out


def _ref(span: Span) -> dict[str, Any]:
    ref = mention_ref(span)
    return {"id": ref["id"], "name": ref["name"], "start": ref["start"], "end": ref["end"]}


@Language.factory(
    "claimscope_attribution",
    assigns=["doc._.claims"],
    requires=["doc._.claims", "token.dep"],
    default_config={"lexicon_path": ""},
)
def make_attribution(nlp: Language, name: str, lexicon_path: str) -> Attribution:
    return Attribution(
        name, lambda: read_lexicon(resolve_config_path(lexicon_path, "lexicons/attribution.json"))
    )
