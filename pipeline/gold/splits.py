"""Train / dev / test splits of the real gold, by speech or transcript, frozen by a hash."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

SPLIT_SHARES: tuple[tuple[str, float], ...] = (("test", 0.25), ("dev", 0.12), ("train", 0.63))
SPLIT_SALT = "claimscope-real-gold-v1"


def record_split(corpus: str, record_id: str) -> str:
    """The split of every passage of one speech or transcript (a seeded hash of its id)."""
    digest = hashlib.sha256(f"{SPLIT_SALT}:{corpus}:{record_id}".encode()).digest()
    u = int.from_bytes(digest[:8], "big") / 2**64
    edge = 0.0
    for name, share in SPLIT_SHARES:
        edge += share
        if u < edge:
            return name
    return SPLIT_SHARES[-1][0]


def assign_splits(passages: Iterable[Any]) -> list[dict[str, Any]]:
    """Passage dicts with ``split`` set from their record (no record straddles two splits)."""
    out = []
    for p in passages:
        row = p.to_dict() if hasattr(p, "to_dict") else dict(p)
        row["split"] = record_split(row["corpus"], row["record_id"])
        out.append(row)
    return out


def split_hash(rows: Iterable[dict[str, Any]]) -> str:
    """SHA-256 over ``passage_id:split`` lines in id order: changes whenever the split changes."""
    lines = sorted(f"{r['passage_id']}:{r['split']}" for r in rows)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()
