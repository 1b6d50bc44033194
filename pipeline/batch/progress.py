"""Progress of a batch: a live bar on a terminal, plain log lines otherwise, and a closing table."""

from __future__ import annotations

import logging
import sys
import time
from typing import Any, TextIO

log = logging.getLogger("claimscope.batch")


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

    def rates(self) -> tuple[float, float]:
        seconds = max(time.perf_counter() - self.t0, 1e-9)
        return self.articles / seconds, self.claims / seconds

    def _rates_text(self) -> str:
        a, c = self.rates()
        return f"{a:.1f} articles/s {c:.1f} claims/s"

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
            of = f"/{self.total}" if self.total else ""
            done = self.articles + self.errors + self.skipped
            log.info(
                "%d%s articles, %d claims, %d errors, %s",
                done,
                of,
                self.claims,
                self.errors,
                self._rates_text(),
            )
            print(
                f"claimscope run: {done}{of} articles, {self.claims} claims, {self.errors} errors, {self._rates_text()}",
                file=self.stream,
                flush=True,
            )


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
