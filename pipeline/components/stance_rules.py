"""claimscope_stance_rules: stance toward each target from evaluative cues and the dependency tree.

A negative evaluative predicate ("crisis", "irrelevance", "inadequate",
"brain-dead") near a target in the tree presents it unfavourably (``against``);
a positive one ("force multiplier", "lifelines", "successful") favourably.
Cue weight decays with tree distance; negation ("not", "far from", "no
longer") flips it; a harm verb ("undermine") counts against its subject, not
its object. Scores are the rule's confidence, so a transformer stage can
replace or ensemble it.
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.components.claim_draft import ensure_extensions, get_claims, text_slice
from pipeline.components.lexicon import LexiconComponent, find_phrases, read_lexicon
from pipeline.components.syntax import in_subtree, tree_distance
from pipeline.errors import MissingPackageError
from pipeline.paths import resolve_config_path
from pipeline.types import Stance

ensure_extensions()

CONTRAST = frozenset({"but", "rather", "instead", "yet", "however"})


@dataclass
class Cue:
    token: Token
    weight: float
    """Signed: > 0 favourable, < 0 unfavourable."""
    text: str


class StanceRules(LexiconComponent):
    version = "1"

    def _compile(self) -> None:
        lex = self.lexicon
        self.single: dict[str, float] = {}
        self.phrases: dict[str, float] = {}
        for sign, key in ((-1.0, "negative"), (1.0, "positive")):
            for cue, weight in lex.get(key, {}).items():
                target = self.phrases if " " in cue else self.single
                target[cue.lower()] = sign * float(weight)
        self.harm = frozenset(lex.get("harm_verbs", []))
        self.help = frozenset(lex.get("help_verbs", []))
        negs = [n.lower() for n in lex.get("negations", [])]
        self.neg_words = frozenset(n for n in negs if " " not in n)
        self.neg_phrases = tuple(n for n in negs if " " in n)
        general = lex.get("general_lexicon") or {}
        scale = float(general.get("weight", 0.0)) / 4.0
        self.general = {w: v * scale for w, v in lex.get("general", {}).items()}
        self.general_pos = frozenset(general.get("pos", []))
        self.max_distance = int(lex.get("max_distance", 5))
        self.threshold = float(lex.get("threshold", 0.15))
        self.claim_weight = float(lex.get("claim_weight", 0.0))

    def process(self, doc: Doc) -> Doc:
        for claim in get_claims(doc):
            cues = self.cues(claim.span)
            overall = sum(-c.weight if self.negated(c.token) else c.weight for c in cues)
            for rank, target in enumerate(claim.targets):
                start, end = target["start"], target["end"]
                if start is None or end is None:
                    continue
                mention = doc.char_span(start, end, alignment_mode="expand")
                if mention is None:
                    continue
                if target.get("role") == "holder":
                    # The holder voices the view; the claim presents what it is about.
                    target["stance"], target["score"] = "neutral", 1.0
                    continue
                # Local cues decide; the claim's overall tone leans toward its head target most.
                share = self.claim_weight if rank == 0 else self.claim_weight / 2
                total = self.polarity(mention, cues) + share * overall
                target["stance"], target["score"] = self.decide(total)
                target["rule_polarity"] = round(total, 4)
            claim.provenance["stance"] = self.tag
        return doc

    def cues(self, span: Span) -> list[Cue]:
        """Evaluative cues in a claim, multi-word phrases first (their tokens are not re-used)."""
        found: list[Cue] = []
        used: set[int] = set()
        doc = span.doc
        for phrase, start, end in find_phrases(span, self.phrases):
            piece = doc.char_span(start, end, alignment_mode="expand")
            if piece is None or any(t.i in used for t in piece):
                continue
            used.update(t.i for t in piece)
            found.append(Cue(piece.root, self.phrases[phrase], phrase))
        for token in span:
            if token.i in used:
                continue
            for form in (token.lower_, token.lemma_.lower()):
                if form in self.single:
                    found.append(Cue(token, self.single[form], form))
                    break
            else:
                if token.pos_ in self.general_pos and not token.ent_type_:
                    form = token.lower_ if token.lower_ in self.general else token.lemma_.lower()
                    if form in self.general:
                        found.append(Cue(token, self.general[form], form))
        return found

    def polarity(self, mention: Span, cues: list[Cue]) -> float:
        head = mention.root
        total = 0.0
        for cue in cues:
            if mention.start <= cue.token.i < mention.end:
                continue
            distance = tree_distance(cue.token, head)
            if distance > self.max_distance:
                continue
            lemma = cue.token.lemma_.lower()
            if (
                lemma in self.harm | self.help
                and in_subtree(head, cue.token)
                and not _is_subject_of(head, cue.token)
            ):
                continue  # the object of "undermine"/"strengthen" is the patient, not the evaluated party
            weight = cue.weight / (1.0 + 0.35 * max(0, distance - 1))
            if self.negated(cue.token):
                weight = -weight
            total += weight
        return total

    def negated(self, token: Token) -> bool:
        """A negation shortly before the cue and close in the tree, with no "but/rather" between."""
        doc = token.doc
        sent_start = token.sent.start
        before = text_slice(doc, max(doc[sent_start].idx, token.idx - 16), token.idx).lower()
        if any(before.rstrip().endswith(p) for p in self.neg_phrases):
            return True
        window = doc[max(sent_start, token.i - 6) : token.i]
        for i, t in enumerate(window):
            if t.lower_ not in self.neg_words and t.dep_ != "neg":
                continue
            nxt = doc[t.i + 1]
            if t.lower_ == "not" and nxt.lower_ in {"only", "just", "merely"}:
                continue
            if any(w.lower_ in CONTRAST for w in window[i + 1 :]):
                continue
            if token.i - t.i <= 3 or tree_distance(t, token) <= 3:
                return True
        for anchor in (token, token.head):
            if any(c.dep_ == "neg" and c.i < token.i for c in anchor.children) and (
                anchor is token or token.dep_ in {"acomp", "attr", "dobj", "xcomp"}
            ):
                return True
        return False

    def decide(self, total: float) -> tuple[Stance, float]:
        if total >= self.threshold:
            return "favor", round(0.5 + 0.5 * math.tanh(total), 4)
        if total <= -self.threshold:
            return "against", round(0.5 + 0.5 * math.tanh(-total), 4)
        return "neutral", round(1.0 - 0.5 * abs(total) / self.threshold, 4)


def _is_subject_of(token: Token, verb: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass"} and in_subtree(token, c) for c in verb.children)


@Language.factory(
    "claimscope_stance_rules",
    assigns=["doc._.claims"],
    requires=["doc._.claims"],
    default_config={"lexicon_path": ""},
)
def make_stance_rules(nlp: Language, name: str, lexicon_path: str) -> StanceRules:
    def load() -> dict[str, Any]:
        lexicon = read_lexicon(resolve_config_path(lexicon_path, "lexicons/stance_cues.json"))
        lexicon["general"] = load_general_lexicon(lexicon.get("general_lexicon") or {})
        return lexicon

    return StanceRules(name, load)


def load_general_lexicon(spec: dict[str, Any]) -> dict[str, float]:
    """Word valences from a packaged general lexicon (``word<TAB>valence...`` lines), minus exclusions."""
    if not spec:
        return {}
    package = spec["package"]
    try:
        module = importlib.import_module(package)
    except ImportError as exc:
        raise MissingPackageError("E003", package=package, pip_line=package) from exc
    path = Path(module.__file__ or "").parent / spec["file"]
    exclude = set(spec.get("exclude", []))
    floor = float(spec.get("min_abs_valence", 0.0))
    words: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0].isalpha() or parts[0] in exclude:
            continue
        valence = float(parts[1])
        if abs(valence) >= floor:
            words[parts[0]] = valence
    return words
