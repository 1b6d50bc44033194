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

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.components.claim_draft import ClaimDraft, DraftTarget, ensure_extensions, get_claims
from pipeline.components.mentions import actor_id, actor_type, mention_at, mentions_in
from pipeline.components.syntax import SUBJECT_DEPS, depth

ensure_extensions()

HOLDER_RANK = 3
ATTITUDE_OBJECT_VERBS = frozenset({"regard", "view", "see", "consider", "perceive", "deem", "treat"})


class TargetFinder:
    version = "1"

    def __init__(
        self,
        name: str,
        types: list[str],
        max_targets: int,
        anaphor_pronouns: list[str] | None = None,
        anaphor_nouns: list[str] | None = None,
        carry_chars: int = 600,
    ) -> None:
        self.name = name
        self.types = set(types)
        self.max_targets = max_targets
        self.anaphor_pronouns = set(anaphor_pronouns or [])
        self.anaphor_nouns = set(anaphor_nouns or [])
        self.carry_chars = carry_chars

    @property
    def tag(self) -> str:
        return f"{self.name}@{self.version}"

    def __call__(self, doc: Doc) -> Doc:
        previous: ClaimDraft | None = None
        for claim in get_claims(doc):
            claim.targets = self.targets_of(claim)
            # Only the claim just before can supply the antecedent, and only when it is near.
            if previous is not None and claim.start - previous.end <= self.carry_chars:
                self._carry_over(claim, previous)
            claim.provenance["targets"] = self.tag
            previous = claim
        return doc

    def _carry_over(self, claim: ClaimDraft, previous: ClaimDraft) -> None:
        """An anaphoric subject ("it", "its", "the pact") continues the previous claim's head target,
        but only when the antecedent is resolved with confidence: the previous claim's head is its
        subject, agrees in number, and no candidate antecedent stands earlier in this claim.
        Prefer no target to a wrong one ("A Europe able to run its own operations" gives no NATO)."""
        anaphor = self._anaphor(claim.span)
        if anaphor is None or not previous.targets:
            return
        head = previous.targets[0]
        if head.get("type") == "person" or any(t["id"] == head["id"] for t in claim.targets):
            return  # "it", "its", "the pact" never stand for a person
        if not self._head_is_subject(previous, head) or not self._agrees(anaphor, head):
            return
        if self._local_antecedent(claim.span, anaphor):
            return
        claim.targets.insert(
            0,
            {
                "id": head["id"],
                "text": anaphor.text,
                "start": anaphor.start_char,
                "end": anaphor.end_char,
                "type": head["type"],
                "stance": "neutral",
                "score": 0.0,
                "via": "anaphor",
            },
        )
        del claim.targets[self.max_targets :]

    @staticmethod
    def _head_is_subject(previous: ClaimDraft, head: DraftTarget) -> bool:
        """The previous claim's head target is the subject (or inside the subject) of its main clause."""
        root = previous.span.root
        subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
        start, end = head.get("start"), head.get("end")
        if subject is None or start is None or end is None:
            return False
        left, right = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
        return left <= int(start) and int(end) <= right

    @staticmethod
    def _agrees(anaphor: Span, head: DraftTarget) -> bool:
        """ "it"/"its" and the pact-like nouns stand for one actor; "they"/"their" for a group or a bloc."""
        word = anaphor[-1].lower_
        if word in {"they", "their", "them"}:
            return head.get("type") in {"group", "alliance", "organisation"}
        return head.get("type") != "group"

    @staticmethod
    def _local_antecedent(span: Span, anaphor: Span) -> bool:
        """A noun earlier in the same claim could be the antecedent (then the pronoun is not carried)."""
        plural = anaphor[-1].lower_ in {"they", "their", "them"}
        for token in span:
            if token.i >= anaphor.start:
                break
            noun = token.pos_ in {"PROPN", "NOUN"} and token.dep_ not in {"compound", "npadvmod"}
            if noun and plural == (token.tag_ in {"NNS", "NNPS"}):
                return True
        return False

    def _anaphor(self, span: Span) -> Span | None:
        root = span.root
        subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
        for token in span:
            if token.dep_ not in {"nsubj", "nsubjpass", "poss"} or mention_at(token) is not None:
                continue
            # Only the main clause's subject, or the possessor inside it, continues a topic.
            in_subject = subject is not None and subject.left_edge.i <= token.i <= subject.right_edge.i
            if not in_subject:
                continue
            if token.lower_ in self.anaphor_pronouns:
                return None if _expletive(token) else span.doc[token.i : token.i + 1]
            determiners = [c.i for c in token.children if c.lower_ in {"the", "this", "that"}]
            if (
                token.lemma_.lower() in self.anaphor_nouns
                and determiners
                and not any(mention_at(t) is not None for t in token.subtree)
            ):
                return span.doc[min(determiners) : token.i + 1]
        return None

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def targets_of(self, claim: ClaimDraft) -> list[DraftTarget]:
        span = claim.span
        excluded = (
            {(claim.speaker["start"], claim.speaker["end"])}
            if claim.speaker.get("start") is not None
            else set()
        )
        # The holder is listed too (after what the held view is about), usually neutral.
        holders = {
            (ref["start"], ref["end"])
            for ref in (claim.holder, *claim.co_holders)
            if ref and ref.get("start") is not None
        }
        ranked: dict[str, tuple[tuple[int, int, int], Span]] = {}
        for mention in mentions_in(span.doc, span.start, span.end):
            ident = actor_id(mention)
            if ident is None or actor_type(mention) not in self.types:
                continue
            if (mention.start_char, mention.end_char) in excluded or _mere_location(mention):
                continue
            is_holder = (mention.start_char, mention.end_char) in holders
            rank = HOLDER_RANK if is_holder else self._role_rank(mention, span)
            key = (rank, depth(mention.root, span.root), mention.start)
            if ident not in ranked or key < ranked[ident][0]:
                ranked[ident] = (key, mention)
        members = self._member_lists(span, [m for _k, m in ranked.values()])
        ordered = [kv for kv in sorted(ranked.items(), key=lambda kv: kv[1][0]) if kv[1][1] not in members]
        ordered = ordered[: self.max_targets]
        return [_draft_target(ident, mention, key[0] == HOLDER_RANK) for ident, (key, mention) in ordered]

    @staticmethod
    def _member_lists(span: Span, mentions: list[Span]) -> list[Span]:
        """States listed as the members of an alliance the claim names ("AUKUS (Australia, the UK
        and the US)", "links Australia, India, Japan and the United States") are not its targets."""
        if not any(actor_type(m) in {"alliance", "organisation"} for m in mentions):
            return []
        groups: dict[int, list[Span]] = {}
        for m in mentions:
            if actor_type(m) != "state":
                continue
            head = m.root
            while head.dep_ == "conj" and head.head.i != head.i:
                head = head.head
            groups.setdefault(head.i, []).append(m)
        return [m for group in groups.values() if len(group) >= 3 for m in group]

    @staticmethod
    def _role_rank(mention: Span, claim: Span) -> int:
        """0 for the head of the assertion, 1 inside the subject phrase, 2 otherwise."""
        root = claim.root
        head = mention.root
        if (
            head.head.i == root.i
            and head.dep_ in {"dobj", "nsubjpass"}
            and (root.lemma_.lower() in ATTITUDE_OBJECT_VERBS)
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

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(
            path / "cfg.json",
            {
                "types": sorted(self.types),
                "max_targets": self.max_targets,
                "anaphor_pronouns": sorted(self.anaphor_pronouns),
                "anaphor_nouns": sorted(self.anaphor_nouns),
                "carry_chars": self.carry_chars,
            },
        )

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> TargetFinder:
        import srsly

        cfg = srsly.read_json(Path(path) / "cfg.json")
        self.types = set(cfg["types"])
        self.max_targets = int(cfg["max_targets"])
        self.anaphor_pronouns = set(cfg.get("anaphor_pronouns", []))
        self.anaphor_nouns = set(cfg.get("anaphor_nouns", []))
        self.carry_chars = int(cfg.get("carry_chars", 600))
        return self


@Language.factory(
    "claimscope_targets",
    assigns=["doc._.claims"],
    requires=["doc._.claims", "doc.spans"],
    default_config={
        "types": ["state", "alliance", "organisation", "person", "group", "concept"],
        "max_targets": 6,
        "anaphor_pronouns": ["it", "its", "they", "their"],
        "anaphor_nouns": [
            "alliance",
            "arrangement",
            "bloc",
            "coalition",
            "format",
            "framework",
            "grouping",
            "initiative",
            "institution",
            "mechanism",
            "organisation",
            "organization",
            "pact",
            "partnership",
            "treaty",
        ],
        "carry_chars": 600,
    },
)
def make_targets(
    nlp: Language,
    name: str,
    types: list[str],
    max_targets: int,
    anaphor_pronouns: list[str],
    anaphor_nouns: list[str],
    carry_chars: int,
) -> TargetFinder:
    return TargetFinder(name, types, max_targets, anaphor_pronouns, anaphor_nouns, carry_chars)


def _draft_target(ident: str, mention: Span, is_holder: bool) -> DraftTarget:
    target: DraftTarget = {
        "id": ident,
        "text": mention.text,
        "start": mention.start_char,
        "end": mention.end_char,
        "type": actor_type(mention),
        "stance": "neutral",
        "score": 0.0,
    }
    if is_holder:
        target["role"] = "holder"
    return target


_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "csubj", "advcl"})
_RAISING_LEMMAS = frozenset({"be", "seem", "appear", "happen", "matter", "remain", "become"})


def _expletive(token: Token) -> bool:
    """A dummy "it" that refers to nothing: "It is clear that ...", "it's remarkable how ...",
    "It seems that ...", "it is important to ..." (the clause after the predicate is the real
    subject). A referring "it" ("It has shown that it can deter") keeps its antecedent."""
    if token.lower_ != "it":
        return False
    if token.dep_ == "expl":
        return True
    head = token.head
    be = head.lemma_ in _RAISING_LEMMAS or head.norm_ in {"'s", "is", "was"}  # "it’s": lemma "’"
    if not be and not any(c.dep_ == "cop" for c in head.children):
        return False
    predicates = [head, *(c for c in head.children if c.dep_ in {"acomp", "attr"})]
    return any(c.dep_ in _CLAUSE_DEPS and c.i > token.i for p in predicates for c in p.children)


LOCATIVE_PREPOSITIONS = frozenset({"in", "at", "across", "throughout", "inside", "within", "near", "around"})


def _mere_location(mention: Span) -> bool:
    """A state or region named as where something happens ("join you in Vientiane", "served in
    Korea and Vietnam", "the conflict in Syria"): a place as a location, not a target
    (annotations/GUIDELINES.md 6). On the real gold's dev split: target precision 0.770 -> 0.805,
    recall 0.704 -> 0.688; attaching to verbs only kept less (0.781 / 0.700)."""
    if actor_type(mention) not in {"state", "group"}:
        return False
    head = mention.root
    while head.dep_ == "conj":
        head = head.head
    prep = head.head
    return head.dep_ == "pobj" and prep.lower_ in LOCATIVE_PREPOSITIONS
