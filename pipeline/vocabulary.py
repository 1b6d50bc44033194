"""The label vocabularies a human edit must stay inside, and the check of an edited claim.

Label Studio imports and the review app both accept claims that a person changed; both
check them here, against the data contract's label sets (``pipeline.types``) and the
configured frame taxonomy (``configs/frames.jsonl``), so a typo or a hostile value never
reaches the store or a run folder.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any, TypeGuard

from pipeline.types import CLAIM_TYPES, SPEAKER_KINDS, STANCES

MAX_ITEMS = 200
"""Most targets, frames, hedges, actors or co-holders one claim may list."""
MAX_STRING = 2000
"""Longest string one field of a claim may hold (claim text is recut from the article instead)."""


def taxonomy_frames() -> frozenset[str]:
    """The frame labels of the configured taxonomy (``frames.jsonl`` in the configs folder)."""
    from pipeline.frames import frame_labels

    return frozenset(frame_labels())


def known_frames(claims: Iterable[Any]) -> frozenset[str]:
    """The taxonomy plus every frame label already on ``claims`` (records or dicts): what an edit may use."""
    labels = set(taxonomy_frames())
    for claim in claims:
        frames = claim.get("frames", []) if isinstance(claim, dict) else getattr(claim, "frames", [])
        for frame in frames or []:
            label = frame.get("label") if isinstance(frame, dict) else getattr(frame, "label", None)
            if isinstance(label, str):
                labels.add(label)
    return frozenset(labels)


def choice_problem(what: str, value: Any, allowed: Collection[str]) -> str | None:
    """``None`` if ``value`` is one of ``allowed``, else a sentence saying what is allowed."""
    if isinstance(value, str) and value in allowed:
        return None
    return f"{what} {value!r} is not one of {', '.join(allowed)}"


def claim_problems(claim: dict[str, Any], text_length: int, frames: Collection[str]) -> list[str]:
    """Everything wrong with an edited claim record: types, offsets, labels, sizes. Empty if fine."""
    problems: list[str] = []

    def offsets(what: str, item: dict[str, Any], required: bool) -> None:
        start, end = item.get("start"), item.get("end")
        if start is None and end is None and not required:
            return
        if not _is_int(start) or not _is_int(end):
            problems.append(f"{what} offsets {start!r}-{end!r} are not integers")
        elif not 0 <= start < end <= text_length:
            problems.append(
                f"{what} offsets {start}-{end} are not an ordered span inside the article (0-{text_length})"
            )

    offsets("claim", claim, required=True)
    if (p := choice_problem("claim type", claim.get("type"), CLAIM_TYPES)) is not None:
        problems.append(p)
    speaker = claim.get("speaker")
    if not isinstance(speaker, dict):
        problems.append("speaker must be an object {id, name, kind}")
    else:
        if (p := choice_problem("speaker kind", speaker.get("kind"), SPEAKER_KINDS)) is not None:
            problems.append(p)
        offsets("speaker", speaker, required=False)
    holder = claim.get("holder")
    if holder is not None and not isinstance(holder, dict):
        problems.append("holder must be an object {id, name} or null")
    elif isinstance(holder, dict):
        offsets("holder", holder, required=False)
    shapeless = False
    for name in ("targets", "frames", "hedges", "actors", "co_holders"):
        value = claim.get(name, [])
        if not isinstance(value, list):
            problems.append(f"{name} must be a list")
            shapeless = True
        elif len(value) > MAX_ITEMS:
            problems.append(f"{name} lists {len(value)} items, more than {MAX_ITEMS}")
            shapeless = True
    if shapeless:
        return problems
    for i, target in enumerate(claim.get("targets", [])):
        if not isinstance(target, dict) or not isinstance(target.get("id"), str) or not target["id"].strip():
            problems.append(f"target {i} needs an id (a canonical id such as NATO or the mention text)")
            continue
        if (
            p := choice_problem(f"stance of target {target['id']!r}", target.get("stance"), STANCES)
        ) is not None:
            problems.append(p)
        if not isinstance(target.get("score", 1.0), int | float):
            problems.append(f"score of target {target['id']!r} must be a number")
        offsets(f"target {target['id']!r}", target, required=False)
    for frame in claim.get("frames", []):
        label = frame.get("label") if isinstance(frame, dict) else None
        if (p := choice_problem("frame", label, sorted(frames))) is not None:
            problems.append(p + " (add it to configs/frames.jsonl first if it is a new frame)")
    if not isinstance(claim.get("hedged", False), bool):
        problems.append("hedged must be true or false")
    if not all(isinstance(h, str) for h in claim.get("hedges", [])):
        problems.append("hedges must be strings")
    longest = max((len(s) for s in _strings(claim) if s is not claim.get("text")), default=0)
    if longest > MAX_STRING:
        problems.append(f"a field holds {longest} characters, more than {MAX_STRING}")
    return problems


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
