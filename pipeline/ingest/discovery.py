"""Inputs to files: files as given, folders walked recursively, globs; stable sorted order.

A named file is always tried (an unsupported suffix is an E107 error); a folder walk
only picks supported suffixes and skips ``skip_names`` (README, hidden files, ...).
A pattern that matches nothing is an E004 error. Each file is yielded once.

Discovery never aborts a batch: a symbolic link loop (E111) or a folder or link that cannot
be read (E112) becomes an error record and the walk goes on with the rest.
"""

from __future__ import annotations

import errno
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
        for entry in _expand(spec, settings):
            found = True
            if isinstance(entry, ErrorRecord):
                yield entry
                continue
            path, explicit = entry
            try:
                key = path.resolve(strict=True)
            except (OSError, RuntimeError) as exc:
                yield unreadable(path, exc)
                continue
            if key in seen:
                continue
            seen.add(key)
            if explicit and path.suffix.lower() not in settings.suffixes:
                err = IngestError("E107", suffix=path.suffix or "(none)")
                yield ErrorRecord(path=str(path), code=err.code, message=err.message)
                continue
            yield path
        if not found:
            missing = ConfigError("E004", pattern=spec)
            yield ErrorRecord(path=spec, code=missing.code, message=missing.message)


def unreadable(path: str | Path, exc: BaseException) -> ErrorRecord:
    """The error record of an entry discovery cannot follow: a link loop (E111) or anything else (E112)."""
    loop = isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP
    if loop:
        err = IngestError("E111", path=str(path), detail="following it leads back to itself")
    else:
        detail = getattr(exc, "strerror", None) or str(exc)
        if getattr(exc, "errno", None) == errno.ENOENT and os.path.islink(path):
            detail = "a broken link: its target does not exist"
        elif getattr(exc, "errno", None) in (errno.EACCES, errno.EPERM):
            detail = f"permission denied ({detail})"
        err = IngestError("E112", path=str(path), detail=detail)
    return ErrorRecord(path=str(path), code=err.code, message=err.message)


def _expand(spec: str, settings: IngestSettings) -> Iterator[tuple[Path, bool] | ErrorRecord]:
    path = Path(spec)
    if path.is_dir():
        yield from _walk(path, settings)
    elif path.is_file():
        yield path, True
    elif os.path.islink(spec):
        yield path, True  # a link that does not resolve: reported when resolved
    elif _GLOB_CHARS & set(spec):
        for match in sorted(glob.glob(spec, recursive=True)):
            candidate = Path(match)
            if candidate.is_dir():
                yield from _walk(candidate, settings)
            elif candidate.is_file() or candidate.is_symlink():
                yield candidate, True


def _walk(root: Path, settings: IngestSettings) -> Iterator[tuple[Path, bool] | ErrorRecord]:
    failures: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=failures.append):
        yield from (unreadable(exc.filename or dirpath, exc) for exc in failures)
        failures.clear()
        dirnames[:] = sorted(d for d in dirnames if not _skipped(d, settings))
        for name in sorted(filenames):
            if _skipped(name, settings):
                continue
            if Path(name).suffix.lower() in settings.suffixes:
                yield Path(dirpath) / name, False
    yield from (unreadable(exc.filename or root, exc) for exc in failures)


def _skipped(name: str, settings: IngestSettings) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in settings.skip_names)
