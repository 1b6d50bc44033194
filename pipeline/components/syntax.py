"""Dependency-tree helpers shared by the claim components."""

from __future__ import annotations

from spacy.tokens import Span, Token

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})


def ancestors_to_root(token: Token, stop: Token | None = None) -> list[Token]:
    """``token`` and its heads up to the sentence root (or ``stop``), in order."""
    chain = [token]
    while chain[-1].head.i != chain[-1].i and chain[-1] is not stop:
        chain.append(chain[-1].head)
        if len(chain) > 200:  # malformed trees never loop forever
            break
    return chain


def tree_distance(a: Token, b: Token) -> int:
    """Number of dependency arcs between two tokens of one sentence (large if unrelated)."""
    if a.i == b.i:
        return 0
    chain_a = ancestors_to_root(a)
    index_a = {t.i: n for n, t in enumerate(chain_a)}
    for n, t in enumerate(ancestors_to_root(b)):
        if t.i in index_a:
            return n + index_a[t.i]
    return 99


def depth(token: Token, root: Token) -> int:
    """Arcs from ``token`` up to ``root`` (99 if ``root`` is not an ancestor)."""
    for n, t in enumerate(ancestors_to_root(token)):
        if t.i == root.i:
            return n
    return 99


def span_root(span: Span) -> Token:
    """The token of ``span`` whose head lies outside it (the span's syntactic head)."""
    return span.root


def clause_subject(verb: Token) -> Token | None:
    """The subject of ``verb``, following auxiliary/xcomp chains up one level."""
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS and child.dep_ != "expl":
            return child
    if verb.dep_ in {"xcomp", "conj", "ccomp"} and verb.head.i != verb.i:
        for child in verb.head.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                return child
    return None


def in_subtree(token: Token, head: Token) -> bool:
    """True when ``token`` lies in the subtree of ``head``."""
    return head.left_edge.i <= token.i <= head.right_edge.i and any(
        t.i == head.i for t in ancestors_to_root(token)
    )
