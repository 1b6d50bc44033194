"""The one record every dataset adapter returns and every model family consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STANCE_LABELS: tuple[str, ...] = ("favor", "against", "neutral")
CHECKWORTHY_LABELS: tuple[str, ...] = ("other", "checkworthy")
TARGET_OPEN = "["
TARGET_CLOSE = "]"


@dataclass
class Example:
    """One labelled item: a text, optionally a target it is judged towards, and a label.

    ``group`` is the document (article, debate, tweet) the item comes from: splits and
    cross-validation keep a group on one side so that no document leaks.
    """

    text: str
    label: str
    target: str = ""
    group: str = ""
    split: str = "train"
    id: str = ""
    target_id: str | None = None
    target_start: int | None = None
    """Character offset of the target mention inside ``text`` (when known)."""
    target_end: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def mark_target(text: str, target: str, start: int | None = None, end: int | None = None) -> str:
    """Bracket the target mention inside the text, e.g. ``"... [NATO] is ..."``.

    Uses the given offsets when valid, else the first case-insensitive occurrence;
    returns the text unchanged when the target does not occur in it.
    """
    if not target:
        return text
    if start is None or end is None or not (0 <= start < end <= len(text)):
        found = text.lower().find(target.lower())
        if found < 0:
            return text
        start, end = found, found + len(target)
    return f"{text[:start]}{TARGET_OPEN}{text[start:end]}{TARGET_CLOSE}{text[end:]}"


def pair_input(text: str, target: str) -> str:
    """The cross-encoder style input as one string: ``target [SEP] text``."""
    return f"{target} [SEP] {text}" if target else text


def model_inputs(examples: list[Example]) -> tuple[list[str], list[str]]:
    """Texts (target marked) and targets of examples, ready for ``predict_proba``."""
    texts = [mark_target(e.text, e.target, e.target_start, e.target_end) for e in examples]
    return texts, [e.target for e in examples]
