"""Near-duplicate detection across a batch: MinHash over word shingles with LSH bands.

Only signatures are kept (``minhash_permutations`` 32-bit values and one bucket key
per band per article: about 0.6 KB an article), never the texts, so memory grows
slowly and predictably with the batch. The later article of a pair is marked with
``duplicate_of``; nothing is dropped.
"""

from __future__ import annotations

import hashlib
import re
import zlib

import numpy as np

from pipeline.ingest.settings import IngestSettings

_WORD = re.compile(r"\w+")
_MASK32 = np.uint64(0xFFFFFFFF)


class NearDuplicateIndex:
    """Remembers the signatures of the articles seen so far in a batch."""

    def __init__(self, settings: IngestSettings) -> None:
        self.settings = settings
        self.threshold = settings.near_duplicate_threshold
        self.rows = settings.minhash_permutations // settings.lsh_bands
        rng = np.random.default_rng(20260410)  # fixed: signatures comparable across runs
        self._a = rng.integers(1, 2**63, size=settings.minhash_permutations, dtype=np.uint64) | np.uint64(1)
        self._b = rng.integers(0, 2**63, size=settings.minhash_permutations, dtype=np.uint64)
        self._buckets: dict[bytes, int] = {}
        self._signatures: list[np.ndarray] = []
        self._ids: list[str] = []
        self._exact: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def signature(self, text: str) -> np.ndarray | None:
        words = _WORD.findall(text.casefold())
        k = self.settings.shingle_words
        if not words:
            return None
        word_hashes = np.fromiter(
            (zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64, count=len(words)
        )
        # Shingle hash: a polynomial over the k word hashes (uint64 wrap-around), deduplicated.
        n = max(1, len(words) - k + 1)
        hashes = np.zeros(n, dtype=np.uint64)
        for j in range(min(k, len(words))):
            hashes = hashes * np.uint64(1_000_003) + word_hashes[j : j + n]
        hashes = np.unique(hashes)
        # Multiply-shift hashing: one universal hash per permutation, min over shingles.
        mixed = (hashes[:, None] * self._a[None, :] + self._b[None, :]) >> np.uint64(32)
        return (mixed & _MASK32).min(axis=0).astype(np.uint32)

    def check_and_add(self, doc_id: str, text: str) -> tuple[str | None, float]:
        """The doc_id this article near-duplicates (and the estimated similarity), then remember it."""
        if doc_id in self._exact:
            return self._exact[doc_id], 1.0
        self._exact[doc_id] = doc_id
        sig = self.signature(text)
        if sig is None:
            return None, 0.0
        keys = [
            hashlib.blake2b(
                sig[b * self.rows : (b + 1) * self.rows].tobytes(), digest_size=8, person=bytes([b])
            ).digest()
            for b in range(self.settings.lsh_bands)
        ]
        best, best_sim = None, 0.0
        for idx in {self._buckets[k] for k in keys if k in self._buckets}:
            sim = float(np.mean(self._signatures[idx] == sig))
            if sim >= self.threshold and sim > best_sim:
                best, best_sim = self._ids[idx], sim
        index = len(self._ids)
        self._ids.append(doc_id)
        self._signatures.append(sig)
        for k in keys:
            self._buckets.setdefault(k, index)
        return best, best_sim
