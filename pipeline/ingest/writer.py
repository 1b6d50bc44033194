"""Streaming JSONL output that appears atomically: lines go to a temporary file in the
target folder, which replaces the final name only when the batch is complete."""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from pipeline.io import create_temp, dumps


class AtomicJsonlWriter:
    """Write records one by one; ``path`` only ever holds a complete file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.count = 0
        self._tmp: Path | None = None
        self._fh: TextIO | None = None

    def __enter__(self) -> AtomicJsonlWriter:
        fd, self._tmp = create_temp(self.path)
        self._fh = os.fdopen(fd, "w", encoding="utf-8")
        return self

    def write(self, record: dict[str, Any]) -> None:
        assert self._fh is not None, "use AtomicJsonlWriter as a context manager"
        self._fh.write(dumps(record) + "\n")
        self.count += 1

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._fh is not None and self._tmp is not None
        try:
            self._fh.flush()
            os.fsync(self._fh.fileno())
        finally:
            self._fh.close()
        if exc_type is None:
            os.replace(self._tmp, self.path)
        else:
            self._tmp.unlink(missing_ok=True)
