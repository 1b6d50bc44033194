"""Exact conversion between Python code-point offsets and UTF-16 code units.

Label Studio (JavaScript) counts UTF-16 code units: a character outside the Basic
Multilingual Plane (most emoji) counts 2, ``\\r\\n`` counts 2 like in Python.
"""

from __future__ import annotations

from pipeline.errors import StoreError


class Utf16Map:
    """Offset map for one text, built once and queried per span."""

    def __init__(self, text: str) -> None:
        self.text = text
        cp_to_u16 = [0] * (len(text) + 1)
        unit = 0
        for i, char in enumerate(text):
            cp_to_u16[i] = unit
            unit += 2 if ord(char) > 0xFFFF else 1
        cp_to_u16[len(text)] = unit
        self._cp_to_u16 = cp_to_u16
        self._u16_to_cp = {u: i for i, u in enumerate(cp_to_u16)}

    @property
    def length(self) -> int:
        """Length of the text in UTF-16 code units (JavaScript's ``text.length``)."""
        return self._cp_to_u16[-1]

    def to_utf16(self, offset: int) -> int:
        """Code-point offset -> UTF-16 offset."""
        return self._cp_to_u16[offset]

    def to_codepoint(self, offset: int, *, what: str = "a span", doc_id: str = "?") -> int:
        """UTF-16 offset -> code-point offset; an offset inside a surrogate pair is an error."""
        try:
            return self._u16_to_cp[offset]
        except KeyError:
            raise StoreError("E404", offset=offset, what=what, doc_id=doc_id) from None


def utf16_slice(text: str, start: int, end: int) -> str:
    """What JavaScript's ``text.substring(start, end)`` returns (for checks and tests)."""
    data = text.encode("utf-16-le")
    return data[2 * start : 2 * end].decode("utf-16-le")
