"""Progress of a batch: a live bar on a terminal, plain log lines otherwise, and a closing table."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO


class BatchProgress:
    """Counts articles, claims and errors as they are committed and shows rates and ETA.

    ``total`` (articles expected) may be None when the input size is unknown; then no ETA.
    """

    def __init__(
        self,
        total: int | None = None,
        *,
        stream: TextIO | None = None,
        log_every: float = 10.0,
        enabled: bool = True,
    ) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.log_every = log_every
        self.enabled = enabled
        self.articles = self.claims = self.errors = self.skipped = 0
        self.t0 = time.perf_counter()
        self._last_log = self.t0
        self._live: Any = None
        self._task: Any = None

    @property
    def interactive(self) -> bool:
        return self.enabled and hasattr(self.stream, "isatty") and self.stream.isatty()

    def __enter__(self) -> BatchProgress:
        if self.interactive:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self._live = Progress(
                TextColumn("[bold]claimscope run"),
                BarColumn(),
                TextColumn(
                    "{task.completed}/{task.total} articles" if self.total else "{task.completed} articles"
                ),
                TextColumn("{task.fields[rates]}"),
                TextColumn("errors {task.fields[errors]}"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
                transient=False,
            )
            self._live.start()
            self._task = self._live.add_task("run", total=self.total, rates="", errors=0)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._live is not None:
            self._refresh()
            self._live.stop()
            self._live = None

    def start_clock(self, loaded_in: float | None = None) -> None:
        """Measure rates from now: called once the pipeline is built, so that loading it
        does not count as processing time. A non-interactive run says so in one line."""
        now = time.perf_counter()
        if self.enabled and self._live is None:
            todo = f"; {self.total} articles to read" if self.total else ""
            print(
                f"claimscope run: pipeline ready in {now - self.t0 if loaded_in is None else loaded_in:.1f}s{todo}",
                file=self.stream,
                flush=True,
            )
        self.t0 = self._last_log = now

    def rates(self) -> tuple[float, float]:
        seconds = max(time.perf_counter() - self.t0, 1e-9)
        return self.articles / seconds, self.claims / seconds

    def _rates_text(self) -> str:
        a, c = self.rates()
        return f"{format_rate(a)} articles/s, {format_rate(c)} claims/s"

    def _refresh(self) -> None:
        if self._live is not None:
            done = self.articles + self.errors + self.skipped
            self._live.update(self._task, completed=done, rates=self._rates_text(), errors=self.errors)

    def skip(self, n: int = 1) -> None:
        self.skipped += n
        self._refresh()

    def update(self, *, articles: int = 0, claims: int = 0, errors: int = 0) -> None:
        self.articles += articles
        self.claims += claims
        self.errors += errors
        if self._live is not None:
            self._refresh()
            return
        now = time.perf_counter()
        if self.enabled and now - self._last_log >= self.log_every:
            self._last_log = now
            print(self.line(now), file=self.stream, flush=True)

    def line(self, now: float | None = None) -> str:
        """The plain progress line of a non-interactive run."""
        now = time.perf_counter() if now is None else now
        done = self.articles + self.errors + self.skipped
        of = f"/{self.total}" if self.total else ""
        elapsed = now - self.t0
        text = (
            f"claimscope run: {done}{of} articles, {self.claims} claims, {self.errors} errors; "
            f"{self._rates_text()}; {format_seconds(elapsed)} elapsed"
        )
        rate = (self.articles + self.errors) / max(elapsed, 1e-9)
        if self.total and done < self.total and rate > 0:
            text += f", about {format_seconds((self.total - done) / rate)} left"
        return text


def format_rate(value: float) -> str:
    """A rate with the precision that makes it readable (0.42, 3.7, 120)."""
    if value >= 10:
        return f"{value:.0f}"
    if value >= 1:
        return f"{value:.1f}"
    return f"{value:.2f}"


def format_seconds(seconds: float) -> str:
    """``m:ss`` (or ``h:mm:ss``)."""
    total = round(max(seconds, 0.0))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def print_summary(rows: list[tuple[str, str]], stream: TextIO | None = None) -> None:
    """The closing summary: a rich table on a terminal, ``key: value`` lines otherwise."""
    stream = stream or sys.stderr
    if hasattr(stream, "isatty") and stream.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table(title="claimscope run summary", show_header=False)
        table.add_column("what", style="bold")
        table.add_column("value", justify="right")
        for key, value in rows:
            table.add_row(key, value)
        Console(file=stream).print(table)
    else:
        for key, value in rows:
            print(f"{key}: {value}", file=stream)
