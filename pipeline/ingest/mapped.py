"""Text that remembers where each character came from.

Every normalisation step works on a :class:`MappedText`: the text plus, for each
character, its position in the raw decoded input. Deleting, keeping or inserting
characters keeps that map exact, so the final article can say where any offset
came from (``Article.raw_offsets``, :func:`pipeline.ingest.offsets.to_raw_offset`).
"""

from __future__ import annotations

import difflib
import re
from array import array
from collections.abc import Callable, Iterable
from typing import Union

import numpy as np

Replacement = Union["MappedText", str]


class MappedText:
    """A string plus the raw-input position of each of its characters."""

    __slots__ = ("origin", "text")

    def __init__(self, text: str, origin: array[int]) -> None:
        if len(text) != len(origin):
            raise ValueError("text and origin must have the same length")
        self.text = text
        self.origin = origin

    @classmethod
    def from_raw(cls, text: str) -> MappedText:
        """The identity map: character ``i`` comes from raw position ``i``."""
        origin = array("q")
        origin.frombytes(np.arange(len(text), dtype=np.int64).tobytes())
        return cls(text, origin)

    @classmethod
    def literal(cls, text: str, at: int) -> MappedText:
        """Inserted characters, all attributed to raw position ``at``."""
        return cls(text, array("q", [at]) * len(text))

    @classmethod
    def join(cls, parts: Iterable[MappedText]) -> MappedText:
        texts: list[str] = []
        origin = array("q")
        for part in parts:
            texts.append(part.text)
            origin.extend(part.origin)
        return cls("".join(texts), origin)

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        return f"MappedText({self.text!r})"

    def __add__(self, other: MappedText) -> MappedText:
        return MappedText(self.text + other.text, self.origin + other.origin)

    def raw_at(self, pos: int) -> int:
        """Raw position of character ``pos`` (the end of the text maps past the last one)."""
        if pos < len(self.origin):
            return self.origin[pos]
        return self.origin[-1] + 1 if self.origin else 0

    def slice(self, start: int, end: int | None = None) -> MappedText:
        end = len(self.text) if end is None else end
        return MappedText(self.text[start:end], self.origin[start:end])

    def strip(self, chars: str | None = None) -> MappedText:
        left = len(self.text) - len(self.text.lstrip(chars))
        right = len(self.text.rstrip(chars))
        if right <= left:
            return self.slice(0, 0)
        return self.slice(left, right)

    def group(self, match: re.Match[str], group: int | str) -> MappedText:
        """The characters of a regex group (with their origins)."""
        start, end = match.span(group)
        if start < 0:
            return self.slice(0, 0)
        return self.slice(start, end)

    def sub(
        self,
        pattern: re.Pattern[str],
        repl: str | Callable[[re.Match[str]], Replacement],
    ) -> MappedText:
        """``re.sub`` that keeps the map. A string replacement is attributed to the match start."""
        parts: list[MappedText] = []
        last = 0
        changed = False
        for match in pattern.finditer(self.text):
            changed = True
            parts.append(self.slice(last, match.start()))
            out = repl(match) if callable(repl) else repl
            if isinstance(out, str):
                out = MappedText.literal(out, self.raw_at(match.start()))
            parts.append(out)
            last = match.end()
        if not changed:
            return self
        parts.append(self.slice(last))
        return MappedText.join(parts)

    def apply(self, fn: Callable[[str], str], *, by_line: bool = True) -> MappedText:
        """Apply a string-to-string fix (ftfy, NFC) and keep the map by aligning the result.

        Unchanged characters keep their origin; a replaced stretch maps to the start
        of the raw stretch it replaced. Lines are fixed one by one so that the
        alignment stays cheap; the fast path (nothing changes) costs one call.
        """
        fixed = fn(self.text)
        if fixed == self.text:
            return self
        if by_line and "\n" in self.text:
            parts: list[MappedText] = []
            pos = 0
            for line in self.text.splitlines(keepends=True):
                parts.append(self.slice(pos, pos + len(line)).apply(fn, by_line=False))
                pos += len(line)
            return MappedText.join(parts)
        return self._align(fixed)

    def _align(self, fixed: str) -> MappedText:
        matcher = difflib.SequenceMatcher(None, self.text, fixed, autojunk=False)
        origin = array("q")
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                origin.extend(self.origin[i1:i2])
            elif j2 > j1:
                origin.extend(array("q", [self.raw_at(i1)]) * (j2 - j1))
        return MappedText(fixed, origin)

    def runs(self) -> list[list[int]]:
        """Run-length form of the map: ``[[norm_start, raw_start, length], ...]``."""
        return compress_runs(self.origin)


def compress_runs(origin: array[int]) -> list[list[int]]:
    if not origin:
        return []
    values = np.frombuffer(origin, dtype=np.int64)
    # A run breaks wherever a character does not follow its predecessor in the raw text.
    starts = np.concatenate(([0], np.flatnonzero(np.diff(values) != 1) + 1))
    lengths = np.diff(np.concatenate((starts, [len(values)])))
    return [[int(s), int(values[s]), int(n)] for s, n in zip(starts, lengths, strict=True)]
