"""Inputs to files: files as given, folders walked recursively, globs; stable sorted order.

A named file is always tried (an unsupported suffix is an E107 error); a folder walk
only picks supported suffixes and skips ``skip_names`` (README, hidden files, ...).
A pattern that matches nothing is an E004 error. Each file is yielded once.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.errors import ConfigError, IngestError
from pipeline.ingest.settings import IngestSettings
from pipeline.types import ErrorRecord

_GLOB_CHARS = frozenset("*?[")


def discover(inputs: Iterable[str | Path], settings: IngestSettings) -> Iterator[Path | ErrorRecord]:
    """Yield the files to read (or an error record per input that gives none), in order."""
    seen: set[Path] = set()
    for item in inputs:
        spec = str(item)
        found = False
        for path, explicit in _expand(spec, settings):
            key = path.resolve()
            if key in seen:
                found = True
                continue
            seen.add(key)
            found = True
            if explicit and path.suffix.lower() not in settings.suffixes:
                err = IngestError("E107", suffix=path.suffix or "(none)")
                yield ErrorRecord(path=str(path), code=err.code, message=err.message)
                continue
            yield path
        if not found:
            missing = ConfigError("E004", pattern=spec)
            yield ErrorRecord(path=spec, code=missing.code, message=missing.message)


def _expand(spec: str, settings: IngestSettings) -> Iterator[tuple[Path, bool]]:
    path = Path(spec)
    if path.is_dir():
        yield from ((p, False) for p in _walk(path, settings))
    elif path.is_file():
        yield path, True
    elif _GLOB_CHARS & set(spec):
        for match in sorted(glob.glob(spec, recursive=True)):
            candidate = Path(match)
            if candidate.is_dir():
                yield from ((p, False) for p in _walk(candidate, settings))
            elif candidate.is_file():
                yield candidate, True


def _walk(root: Path, settings: IngestSettings) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not _skipped(d, settings))
        for name in sorted(filenames):
            if _skipped(name, settings):
                continue
            if Path(name).suffix.lower() in settings.suffixes:
                yield Path(dirpath) / name


def _skipped(name: str, settings: IngestSettings) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in settings.skip_names)
