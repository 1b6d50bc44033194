"""Per-article budgets that keep one pathological article from stalling or killing a batch.

``time_budget`` interrupts the code running inside it after ``seconds``: with ``SIGALRM``
in a process's main thread (``--workers``, serial runs), with an asynchronous exception
raised into the thread otherwise (Dask runs tasks in worker threads). Either way the
interruption lands between Python bytecodes, so a long native call (one spaCy batch)
finishes before it is noticed; budgets are a safety net, not a precise clock.
"""

from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pipeline.errors import PipelineError
from pipeline.types import ErrorRecord


class BudgetExceeded(BaseException):
    """Raised inside a :func:`time_budget` block when its time is up.

    A ``BaseException`` so that the pipeline's ``except Exception`` handlers do not
    swallow it as an ordinary component failure.
    """


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`BudgetExceeded` in this thread if the block runs longer than ``seconds``."""
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds):
            yield
    else:
        with _watchdog(seconds):
            yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def on_alarm(signum: int, frame: Any) -> None:
        raise BudgetExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _watchdog(seconds: float) -> Iterator[None]:
    thread_id = threading.get_ident()
    done = threading.Event()
    lock = threading.Lock()

    def fire() -> None:
        with lock:
            if not done.is_set():
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(thread_id), ctypes.py_object(BudgetExceeded)
                )

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            done.set()
            timer.cancel()


def timed_out(article: dict[str, Any], seconds: float) -> ErrorRecord:
    """The E205 record of an article that went over its time budget."""
    err = PipelineError("E205", doc_id=article["doc_id"], seconds=seconds)
    return ErrorRecord(
        path=article.get("source_path", ""), code=err.code, message=err.message, doc_id=article["doc_id"]
    )
