"""An exclusive lock on an output folder (one writer at a time), and all-or-nothing replacement of its files.

The lock is an advisory ``flock`` on ``.claimscope.lock`` inside the folder, which also
records who holds it (pid, host, start time, command). The kernel drops the lock when its
process dies, however it dies, so a lock left by a killed run is never in the way: the next
writer takes it and reports the previous holder as recovered. A second writer while the
holder lives fails at once with E506 naming the holder.

:func:`replace_together` swaps several entries of a folder (``claims.jsonl``, ``dataset/``,
``run.json``, ...) for new versions built beside them, moving the old ones into a backup
folder. A journal written before the first rename makes the swap all-or-nothing: if the
process dies half-way, the next holder of the lock finishes it (:func:`finish_replace`).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.errors import BatchError
from pipeline.io import write_json

LOCK_FILE = ".claimscope.lock"
JOURNAL_FILE = ".claimscope-replace.json"

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: fall back to an exclusive-create lock file
    fcntl = None  # type: ignore[assignment]


@dataclass(frozen=True)
class LockHolder:
    """Who holds (or held) a folder's lock."""

    pid: int
    host: str
    started: str
    command: str

    @classmethod
    def current(cls, purpose: str) -> LockHolder:
        command = " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]) if sys.argv and sys.argv[0] else ""
        return cls(
            pid=os.getpid(),
            host=socket.gethostname(),
            started=datetime.now(UTC).isoformat(timespec="seconds"),
            command=f"{purpose} ({command[:200]})" if command else purpose,
        )

    @classmethod
    def parse(cls, text: str) -> LockHolder | None:
        try:
            data = json.loads(text)
            return cls(int(data["pid"]), str(data["host"]), str(data["started"]), str(data["command"]))
        except (ValueError, KeyError, TypeError):
            return None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}, started {self.started}"


class FolderLock:
    """``with FolderLock(out, "claimscope run"):`` holds ``out`` exclusively or raises E506."""

    def __init__(self, folder: str | Path, purpose: str) -> None:
        self.folder = Path(folder)
        self.path = self.folder / LOCK_FILE
        self.purpose = purpose
        self.recovered: LockHolder | None = None
        """The holder of a lock left behind by a process that is gone (None if there was none)."""
        self._fd: int | None = None

    def acquire(self) -> FolderLock:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = self._open_locked() if fcntl is not None else self._create_exclusive()
        except OSError as exc:
            raise BatchError("E507", path=str(self.folder), detail=exc.strerror or str(exc)) from exc
        previous = LockHolder.parse(os.pread(fd, 4096, 0).decode("utf-8", "replace"))
        me = LockHolder.current(self.purpose)
        if previous is not None and previous != me:
            self.recovered = previous
        data = json.dumps(me.to_dict()).encode("utf-8")
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)
        os.fsync(fd)
        self._fd = fd
        try:
            finish_replace(self.folder)
        except (OSError, ValueError, KeyError) as exc:
            self.release()
            raise BatchError(
                "E507",
                path=str(self.folder),
                detail=f"an interrupted replacement described in {JOURNAL_FILE} cannot be finished ({exc}); "
                "the replaced files are in the backups/ folder it names",
            ) from exc
        return self

    def _open_locked(self) -> int:
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = self._read_holder(fd)
                os.close(fd)
                raise self._busy(holder) from None
            except OSError:
                os.close(fd)
                raise
            # The previous holder unlinks the file when it lets go: make sure we locked the file
            # that is still there, not one it just removed.
            try:
                same = os.stat(self.path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                return fd
            os.close(fd)

    def _create_exclusive(self) -> int:  # pragma: no cover - exercised only without fcntl
        while True:
            try:
                return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                holder = LockHolder.parse(self.path.read_text(encoding="utf-8", errors="replace"))
                if holder is not None and holder.host == socket.gethostname() and not _alive(holder.pid):
                    self.recovered = holder
                    self.path.unlink(missing_ok=True)
                    continue
                raise self._busy(holder) from None

    def _read_holder(self, fd: int) -> LockHolder | None:
        # The holder writes its details right after locking: give it a moment.
        for _ in range(20):
            holder = LockHolder.parse(os.pread(fd, 4096, 0).decode("utf-8", "replace"))
            if holder is not None:
                return holder
            time.sleep(0.025)
        return None

    def _busy(self, holder: LockHolder | None) -> BatchError:
        return BatchError(
            "E506",
            path=str(self.folder),
            pid=holder.pid if holder else "unknown",
            host=holder.host if holder else "an unknown host",
            started=holder.started if holder else "at an unknown time",
            command=holder.command if holder else "unknown command",
        )

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)
        finally:
            os.close(self._fd)  # closing drops the flock
            self._fd = None

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _alive(pid: int) -> bool:  # pragma: no cover - used only without fcntl
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def replace_together(folder: str | Path, staging: str | Path, backup: str | Path) -> list[str]:
    """Move every entry of ``staging`` into ``folder``, the entries it replaces into ``backup``.

    Call it while holding the folder's :class:`FolderLock`. ``staging`` and ``backup`` must be
    on the same file system as ``folder`` (inside it, typically). Returns the names swapped.
    """
    folder, staging, backup = Path(folder), Path(staging), Path(backup)
    names = sorted(p.name for p in staging.iterdir())
    backup.mkdir(parents=True, exist_ok=True)
    # Paths relative to the folder, so a folder moved after a crash still finishes its swap.
    journal = {
        "staging": os.path.relpath(staging.resolve(), folder.resolve()),
        "backup": os.path.relpath(backup.resolve(), folder.resolve()),
        "names": names,
    }
    write_json(folder / JOURNAL_FILE, journal)
    finish_replace(folder)
    return names


def finish_replace(folder: str | Path) -> bool:
    """Complete a swap a journal describes (after a crash, or right after writing it). True if one was done."""
    folder = Path(folder)
    journal_path = folder / JOURNAL_FILE
    if not journal_path.exists():
        return False
    journal = json.loads(journal_path.read_text(encoding="utf-8"))
    staging, backup = folder / journal["staging"], folder / journal["backup"]
    backup.mkdir(parents=True, exist_ok=True)
    for name in journal["names"]:
        new, current, old = staging / name, folder / name, backup / name
        if not new.exists() and not new.is_symlink():
            continue  # already swapped in before the interruption
        if (current.exists() or current.is_symlink()) and not (old.exists() or old.is_symlink()):
            os.replace(current, old)
        elif current.is_dir():
            shutil.rmtree(current)  # an earlier attempt already backed this name up
        os.replace(new, current)
    _fsync_dir(folder)
    journal_path.unlink()
    shutil.rmtree(staging, ignore_errors=True)
    return True


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - not every platform opens folders
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
