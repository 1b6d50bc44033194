"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, then a documented fallback.

Fallback order is ``fallback_encodings`` in ``configs/ingest.cfg`` (default cp1252,
then latin-1, which decodes any byte). Using a fallback is a warning, not an error.
Binary files (NUL bytes, many control characters, known magic numbers) are refused
with E102.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.errors import IngestError
from pipeline.ingest.settings import IngestSettings

_MAGIC: dict[bytes, str] = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (docx, xlsx, ...)",
    b"\x1f\x8b": "a gzip archive",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old Office document",
}
_CONTROL = bytes(sorted(set(range(32)) - {9, 10, 12, 13}))


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def check_binary(data: bytes, settings: IngestSettings) -> None:
    """Raise E102 if ``data`` does not look like text."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise IngestError("E102", detail=f"starts like {what}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16 with BOM: NUL bytes are expected
    head = data[:8192]
    if b"\x00" in head:
        raise IngestError("E102", detail="contains NUL bytes")
    controls = len(head) - len(head.translate(None, _CONTROL))
    if head and controls / len(head) > settings.binary_control_ratio:
        raise IngestError("E102", detail=f"{controls} control bytes in the first {len(head)}")


def decode_bytes(data: bytes, settings: IngestSettings) -> Decoded:
    """Decode ``data``; a fallback encoding adds a warning naming the first bad byte."""
    check_binary(data, settings)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            pass
    try:
        encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError as exc:
        first_error = exc
    for encoding in settings.fallback_encodings:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        bad = data[first_error.start : first_error.start + 1].hex()
        return Decoded(
            text,
            encoding,
            [f"not valid UTF-8 (byte 0x{bad} at {first_error.start}); decoded as {encoding}"],
        )
    raise IngestError("E108", detail=f"no configured encoding decodes it ({first_error})")
