"""File output that never loses work: atomic whole-file writes and crash-safe JSONL appends.

Every file is created with mode 0666 minus the process umask, like ``open(path, "w")``:
temporary files are made with :func:`create_temp`, never ``tempfile.mkstemp`` (0600).
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO


def dumps(record: dict[str, Any]) -> str:
    """One JSON line (UTF-8 kept, no ASCII escaping, stable key order as given)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def create_temp(path: Path) -> tuple[int, Path]:
    """A new, exclusive temporary file beside ``path`` (``.NAME.XXXX.tmp``), opened for
    writing; its mode honours the umask, so the file that replaces ``path`` does too."""
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:
            continue


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and ``os.replace``.

    A crash leaves either the old file or the new one, never half of it.
    """
    path = Path(path)
    fd, tmp = create_temp(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(path: str | Path, data: Any) -> None:
    """Atomically write pretty JSON."""
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n")


def write_jsonl(path: str | Path, records: Iterable[dict[str, Any]]) -> int:
    """Atomically write a whole JSONL file; returns the number of lines."""
    lines = [dumps(r) for r in records]
    write_atomic(path, "".join(line + "\n" for line in lines))
    return len(lines)


class JsonlAppender:
    """Append records to a JSONL file so that a crash never leaves a broken line.

    Each record is written as one ``write`` call of a complete line and flushed;
    :func:`read_jsonl` ignores a trailing partial line left by a hard kill, and
    :meth:`open` truncates such a tail before appending again.
    """

    def __init__(self, path: str | Path, *, fsync: bool = False) -> None:
        self.path = Path(path)
        self.fsync = fsync
        self._fh: TextIO | None = None

    def open(self) -> JsonlAppender:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        repair_jsonl_tail(self.path)
        self._fh = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()
        return self

    def write(self, record: dict[str, Any]) -> None:
        if self._fh is None:
            self.open()
        assert self._fh is not None
        self._fh.write(dumps(record) + "\n")
        self._fh.flush()
        if self.fsync:
            os.fsync(self._fh.fileno())

    def close(self) -> None:
        if self._fh is not None:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            self._fh = None

    def __enter__(self) -> JsonlAppender:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()


def repair_jsonl_tail(path: Path) -> bool:
    """Drop a trailing partial line (no newline) left by a killed writer. Returns True if repaired."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    with open(path, "rb+") as fh:
        fh.seek(-1, os.SEEK_END)
        if fh.read(1) == b"\n":
            return False
        fh.seek(0)
        data = fh.read()
        cut = data.rfind(b"\n") + 1
        fh.truncate(cut)
    return True


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """Stream the records of a JSONL file; skips blank lines and a partial last line."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.endswith("\n"):
                try:
                    yield json.loads(line)
                except json.JSONDecodeError:
                    return
                return
            if line.strip():
                yield json.loads(line)
