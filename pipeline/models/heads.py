"""The heads on the shared pass: target-aware stance, frames, claim type, check-worthiness.

Declared once: :func:`torch_heads` builds the trainable torch module and :class:`Heads` runs the
same parameters (by the same names) in numpy at inference, so the pipeline never needs torch for
the heads. Every head reads pooled vectors of :func:`pipeline.models.encoder.encode`.

- stance: ``[claim; target; claim*target; |claim-target|]`` -> tanh layer -> 3 logits, softmax
  with a temperature fitted on dev (calibrated probability);
- frames: one sigmoid per frame of the taxonomy on the claim vector (multi-label; "no frame" is
  every sigmoid under its threshold);
- type: softmax over the claim types (temperature-scaled);
- checkworthiness: one sigmoid on the claim vector.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

HEAD_NAMES = ("stance", "frames", "claim_type", "checkworthy")


def stance_features(claim: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """``(n_targets, 4h)``: the claim vector against each target vector."""
    c = np.broadcast_to(claim, targets.shape)
    return np.concatenate([c, targets, c * targets, np.abs(c - targets)], axis=-1)


def _one_blas_thread() -> Any:
    """numpy's BLAS on one thread: the heads' small products ran 20x slower on two spinning
    OpenBLAS threads while the encoder or another worker held the other core (measured)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def _softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    out: np.ndarray = e / e.sum(axis=-1, keepdims=True)
    return out


def _sigmoid(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = 1.0 / (1.0 + np.exp(-x))
    return out


class Heads:
    """Numpy inference of the heads from their parameters (``name -> array``)."""

    def __init__(
        self, params: Mapping[str, np.ndarray], temperatures: Mapping[str, float] | None = None
    ) -> None:
        self.p = {k: np.asarray(v, dtype=np.float32) for k, v in params.items()}
        self.temperatures = dict(temperatures or {})

    def has(self, head: str) -> bool:
        return any(k.startswith(head + ".") for k in self.p)

    def _linear(self, name: str, x: np.ndarray) -> np.ndarray:
        out: np.ndarray = x @ self.p[f"{name}.weight"].T + self.p[f"{name}.bias"]
        return out

    def stance_logits(self, claim: np.ndarray, targets: np.ndarray) -> np.ndarray:
        h = np.tanh(self._linear("stance.hidden", stance_features(claim, targets)))
        return self._linear("stance.out", h)

    def stance(self, claims: np.ndarray, targets: list[np.ndarray]) -> list[np.ndarray]:
        """Per claim, ``(n_targets, 3)`` calibrated probabilities."""
        t = self.temperatures.get("stance", 1.0)
        # One product per claim (its targets only), so a claim's numbers never depend on its batch.
        with _one_blas_thread():
            return [
                _softmax(self.stance_logits(c, ts) / t) if len(ts) else np.zeros((0, 3), np.float32)
                for c, ts in zip(claims, targets, strict=True)
            ]

    def frames(self, claims: np.ndarray) -> np.ndarray:
        with _one_blas_thread():
            return _sigmoid(self._linear("frames", claims))

    def types(self, claims: np.ndarray) -> np.ndarray:
        with _one_blas_thread():
            return _softmax(self._linear("claim_type", claims) / self.temperatures.get("type", 1.0))

    def checkworthiness(self, claims: np.ndarray) -> np.ndarray:
        with _one_blas_thread():
            return _sigmoid(self._linear("checkworthy", claims))[:, 0]


def torch_heads(
    hidden: int, n_frames: int, n_types: int, stance_hidden: int = 256, dropout: float = 0.1
) -> Any:
    """The trainable heads (parameter names as :class:`Heads` reads them)."""
    import torch
    from torch import nn

    class TorchHeads(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.drop = nn.Dropout(dropout)
            self.stance = nn.ModuleDict(
                {"hidden": nn.Linear(4 * hidden, stance_hidden), "out": nn.Linear(stance_hidden, 3)}
            )
            self.frames = nn.Linear(hidden, max(1, n_frames))
            self.claim_type = nn.Linear(hidden, max(1, n_types))
            self.checkworthy = nn.Linear(hidden, 1)

        def stance_logits(self, claim: Any, targets: Any) -> Any:
            c = claim.expand_as(targets)
            x = torch.cat([c, targets, c * targets, (c - targets).abs()], dim=-1)
            return self.stance["out"](self.drop(torch.tanh(self.stance["hidden"](self.drop(x)))))

    return TorchHeads()


def head_params(module: Any) -> dict[str, np.ndarray]:
    """A trained :func:`torch_heads` module's parameters as numpy arrays, by :class:`Heads` names."""
    return {k: v.detach().cpu().numpy().astype(np.float32) for k, v in module.state_dict().items()}
