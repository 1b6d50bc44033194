"""Moving time windows over publication dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pipeline.errors import ConfigError
from pipeline.network.statements import Statement


@dataclass(frozen=True)
class Window:
    """An inclusive date range ``[start, end]`` (ISO dates)."""

    start: str
    end: str

    @property
    def label(self) -> str:
        return f"{self.start}_{self.end}"

    def contains(self, date: str | None) -> bool:
        return date is not None and self.start <= date <= self.end


def time_windows(
    first: dt.date | str,
    last: dt.date | str,
    size_days: int,
    step_days: int,
) -> list[Window]:
    """Windows of ``size_days`` days starting at ``first`` and moving ``step_days`` at a time.

    Window ``n`` covers ``[first + n*step, first + n*step + size - 1]``. The last
    window is the first one that reaches ``last``, so every date from ``first`` to
    ``last`` lies in at least one window (when ``step <= size``).
    """
    if size_days < 1:
        raise ConfigError("E006", name="window", expected="a positive number of days", got=size_days)
    if step_days < 1:
        raise ConfigError("E006", name="step", expected="a positive number of days", got=step_days)
    start = dt.date.fromisoformat(str(first)[:10])
    stop = dt.date.fromisoformat(str(last)[:10])
    out: list[Window] = []
    size, step = dt.timedelta(days=size_days - 1), dt.timedelta(days=step_days)
    while True:
        end = start + size
        out.append(Window(start.isoformat(), end.isoformat()))
        if end >= stop:
            return out
        start += step


def statements_in(window: Window, statements: Iterable[Statement]) -> list[Statement]:
    """The statements dated inside ``window`` (undated statements never are)."""
    return [st for st in statements if window.contains(st.date)]


def windows_for(
    statements: list[Statement],
    size_days: int,
    step_days: int,
    date_from: str | None = None,
    date_to: str | None = None,
) -> Iterator[tuple[Window, list[Statement]]]:
    """Each window over the statements' date range (or ``date_from``..``date_to``) with its statements."""
    dates = sorted(st.date for st in statements if st.date is not None)
    if not dates:
        return
    first = date_from or dates[0]
    last = date_to or dates[-1]
    for window in time_windows(first, last, size_days, step_days):
        yield window, statements_in(window, statements)
