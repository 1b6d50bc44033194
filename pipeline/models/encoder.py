"""The shared transformer pass: one tokenisation and one forward pass per claim, pooled for every head.

A claim is encoded as a sentence pair: the claim text, then the names of its targets
(``"NATO is failing." / "North Atlantic Treaty Organization ; Article 5"``). A target is pooled
from its own tokens (its mention in the claim, where there is one, and its name in the second
segment), so one pass serves every target of the claim; a target that is not mentioned (a topic,
a pronoun resolved to it) still has its name tokens. The claim is pooled from the claim tokens.

Backends: ``torch`` (training and reference) and ``onnx`` (ONNX Runtime, optionally with dynamic
int8 quantisation) for inference; both give the last hidden state for a padded batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

NAME_SEPARATOR = " ; "


@dataclass
class TargetInput:
    """A target of a claim: its name (second segment) and its mention spans in the claim text."""

    name: str
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class ClaimInput:
    text: str
    targets: list[TargetInput] = field(default_factory=list)

    def pair_text(self) -> tuple[str, list[tuple[int, int]]]:
        """The second segment and each target's character span in it."""
        parts: list[str] = []
        spans: list[tuple[int, int]] = []
        at = 0
        for t in self.targets:
            if parts:
                at += len(NAME_SEPARATOR)
            name = " ".join(t.name.split()) or "?"
            parts.append(name)
            spans.append((at, at + len(name)))
            at += len(name)
        return NAME_SEPARATOR.join(parts), spans


@dataclass
class TokenBatch:
    """A padded batch and, per item, the token positions of the claim and of each target."""

    input_ids: np.ndarray
    attention_mask: np.ndarray
    token_type_ids: np.ndarray
    claim_tokens: list[np.ndarray]
    target_tokens: list[list[np.ndarray]]


class Runtime(Protocol):
    """A backend that returns the last hidden state ``(batch, tokens, hidden)`` as float32."""

    def hidden(self, batch: TokenBatch) -> np.ndarray: ...


PAD_MULTIPLE = 16
"""Inference pads each claim to a multiple of this many tokens, whatever else is in its batch."""


def tokenize(
    tokenizer: Any, items: Sequence[ClaimInput], max_length: int, pad_to: int | None = None
) -> TokenBatch:
    """One tokenisation of a batch of claims (claim + target names), with token maps per target.

    ``pad_to`` pads every item to exactly that many tokens (at least the longest item's length):
    an item's numbers then do not depend on the other items of its batch."""
    texts = [item.text for item in items]
    pairs = [item.pair_text() for item in items]
    # Always a pair (an empty second segment for a claim without targets), so that a claim is
    # tokenised the same whatever the other claims of its batch are.
    enc = tokenizer(
        texts,
        [p[0] for p in pairs],
        padding="max_length" if pad_to else True,
        truncation="longest_first",
        max_length=pad_to or max_length,
        return_offsets_mapping=True,
        return_tensors="np",
    )
    offsets = enc["offset_mapping"]
    claim_tokens: list[np.ndarray] = []
    target_tokens: list[list[np.ndarray]] = []
    for i, item in enumerate(items):
        seq = enc.sequence_ids(i)
        first = [k for k, s in enumerate(seq) if s == 0]
        second = [k for k, s in enumerate(seq) if s == 1]
        claim_tokens.append(np.asarray(first or [0], dtype=np.int64))
        per_target: list[np.ndarray] = []
        for t, (ns, ne) in zip(item.targets, pairs[i][1], strict=True):
            idx = [k for k in first if any(offsets[i][k][0] < e and s < offsets[i][k][1] for s, e in t.spans)]
            idx += [k for k in second if offsets[i][k][0] < ne and ns < offsets[i][k][1]]
            per_target.append(np.asarray(idx or first or [0], dtype=np.int64))
        target_tokens.append(per_target)
    return TokenBatch(
        input_ids=enc["input_ids"].astype(np.int64),
        attention_mask=enc["attention_mask"].astype(np.int64),
        token_type_ids=enc.get("token_type_ids", np.zeros_like(enc["input_ids"])).astype(np.int64),
        claim_tokens=claim_tokens,
        target_tokens=target_tokens,
    )


def pool(hidden: np.ndarray, batch: TokenBatch) -> tuple[np.ndarray, list[np.ndarray]]:
    """Mean-pooled claim vectors ``(n, h)`` and, per claim, target vectors ``(targets, h)``."""
    claims = np.stack([hidden[i, idx].mean(axis=0) for i, idx in enumerate(batch.claim_tokens)])
    targets = [
        np.stack([hidden[i, idx].mean(axis=0) for idx in per])
        if per
        else np.zeros((0, hidden.shape[-1]), np.float32)
        for i, per in enumerate(batch.target_tokens)
    ]
    return claims.astype(np.float32), [t.astype(np.float32) for t in targets]


@dataclass
class Encoded:
    """Pooled outputs of the shared pass for a list of claims (in input order)."""

    claims: np.ndarray
    targets: list[np.ndarray]


def encode(
    tokenizer: Any,
    runtime: Runtime,
    items: Sequence[ClaimInput],
    *,
    max_length: int,
    batch_size: int = 64,
) -> Encoded:
    """Encode every claim once, in length-sorted batches (one forward pass each).

    Each claim is padded to its own length rounded up to :data:`PAD_MULTIPLE` tokens, and a batch
    holds claims of one padded length only: a claim's vectors are the same whichever documents,
    workers or batch sizes it is run with (runs with 1 or 2 workers write identical files)."""
    n = len(items)
    dim = 0
    claims: list[np.ndarray | None] = [None] * n
    targets: list[np.ndarray | None] = [None] * n
    padded = _padded_lengths(tokenizer, items, max_length)
    order = sorted(range(n), key=lambda i: (padded[i], i))
    batches: list[list[int]] = []
    for i in order:
        if batches and padded[batches[-1][0]] == padded[i] and len(batches[-1]) < batch_size:
            batches[-1].append(i)
        else:
            batches.append([i])
    for idx in batches:
        batch = tokenize(tokenizer, [items[i] for i in idx], max_length, pad_to=padded[idx[0]])
        hidden = runtime.hidden(batch)
        pooled, per_target = pool(hidden, batch)
        dim = pooled.shape[1]
        for j, i in enumerate(idx):
            claims[i], targets[i] = pooled[j], per_target[j]
    if n == 0:
        return Encoded(np.zeros((0, dim), np.float32), [])
    return Encoded(np.stack([c for c in claims if c is not None]), [t for t in targets if t is not None])


def _padded_lengths(tokenizer: Any, items: Sequence[ClaimInput], max_length: int) -> list[int]:
    """Each item's token count (truncated at ``max_length``) rounded up to :data:`PAD_MULTIPLE`."""
    if not items:
        return []
    enc = tokenizer(
        [item.text for item in items],
        [item.pair_text()[0] for item in items],
        truncation="longest_first",
        max_length=max_length,
    )
    return [min(max_length, -(-len(ids) // PAD_MULTIPLE) * PAD_MULTIPLE) for ids in enc["input_ids"]]
