"""Character-level normalisation: line ends, mojibake, NFC, invisible characters, spaces.

ftfy repairs mojibake but is told to leave typographic quotes and dashes alone
(``uncurl_quotes=False``): later stages find quotations by their curly quotes.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.ingest.mapped import MappedText

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# Zero-width characters, BOM, soft hyphen, word joiner, bidi marks; control characters
# except newline and tab (C1 controls are only removed after ftfy had its chance).
_INVISIBLE = re.compile(
    "[\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
    "\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)
# Every horizontal space variant becomes one ordinary space.
_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


@lru_cache(maxsize=1)
def _ftfy_config() -> object:
    import ftfy

    return ftfy.TextFixerConfig(
        uncurl_quotes=False,  # keep “ ” ‘ ’: quotation detection depends on them
        fix_line_breaks=False,  # handled here, with the offset map
        normalization="NFC",
        unescape_html=False,  # "&amp;" in a text file is the author's text
        explain=False,
    )


def _fix_text(text: str) -> str:
    import ftfy

    return ftfy.fix_text(text, _ftfy_config())  # type: ignore[arg-type]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def normalise_chars(text: MappedText) -> tuple[MappedText, list[str]]:
    """Normalise characters; returns the text and warnings for repairs worth telling.

    The steps repeat until nothing changes (removing an invisible character can
    expose new mojibake), which makes the result idempotent.
    """
    warnings: list[str] = []
    for _ in range(4):
        new = _normalise_once(text, warnings)
        if new.text == text.text:
            return new, warnings
        text = new
    return text, warnings


def _normalise_once(text: MappedText, warnings: list[str]) -> MappedText:
    text = text.sub(_NEWLINES, "\n")
    fixed = text.apply(_fix_text)
    if fixed is not text:
        changed = sum(1 for a, b in zip(fixed.text, text.text, strict=False) if a != b)
        warnings.append(
            f"unicode repaired by ftfy (mojibake or compatibility characters; ~{changed} characters changed)"
        )
        text = fixed
    if not unicodedata.is_normalized("NFC", text.text):
        text = text.apply(_nfc)
    before = len(text)
    text = text.sub(_INVISIBLE, "")
    if len(text) != before:
        warnings.append(f"removed {before - len(text)} invisible or control characters")
    return text.sub(_SPACES, " ")


def normalise_string(text: str) -> str:
    """The character normalisation on a plain string (for tests and callers without maps)."""
    return normalise_chars(MappedText.from_raw(text))[0].text
