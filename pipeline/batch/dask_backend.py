"""``--backend dask``: the same pipeline on a Dask distributed cluster.

A :class:`PipelinePlugin` (a ``WorkerPlugin``) loads the pipeline once per worker; each
task processes one partition of article dicts and returns plain outcome records to the
client, which writes the partition to ``parts/`` and merges it into the output folder.
Workers therefore need claimscope installed, but no shared file system.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.batch.worker import ArticleOutcome, load_processor, process_chunk
from pipeline.errors import BatchError

PLUGIN_NAME = "claimscope-pipeline"
Chunk = list[dict[str, Any]]


try:
    from distributed import WorkerPlugin as _WorkerPluginBase
except ImportError:  # dask is an optional backend
    _WorkerPluginBase = object  # type: ignore[assignment,misc]


class PipelinePlugin(_WorkerPluginBase):  # type: ignore[misc,valid-type]
    """Loads the claimscope pipeline once when a worker starts (or joins later)."""

    name = PLUGIN_NAME

    def __init__(self, config_path: str | None, config_text: str, seconds_per_article: float) -> None:
        self.config_path = config_path
        self.config_text = config_text
        self.seconds = seconds_per_article
        self.processor: Any = None
        self.lock: Any = None

    def setup(self, worker: Any) -> None:
        path = self.config_path
        if path is not None and not Path(path).exists():
            # Another machine: the config file is not there, its text travelled with the plugin.
            # Bundled data ("" paths) resolve inside the installed package.
            handle = tempfile.NamedTemporaryFile("w", suffix=".cfg", delete=False, encoding="utf-8")  # noqa: SIM115
            with handle:
                handle.write(self.config_text)
            path = handle.name
        self.processor = load_processor(path)
        # One pipeline per worker: tasks on a worker with several threads take turns on it.
        self.lock = threading.Lock()

    def teardown(self, worker: Any) -> None:
        self.processor = None


def process_partition(articles: Chunk) -> list[ArticleOutcome]:
    """A Dask task: one partition through the pipeline the worker's plugin loaded."""
    from distributed import get_worker

    plugin: Any = get_worker().plugins[PLUGIN_NAME]
    with plugin.lock:
        return process_chunk(plugin.processor, articles, plugin.seconds)


def worker_manifest() -> dict[str, Any]:
    from distributed import get_worker

    plugin: Any = get_worker().plugins[PLUGIN_NAME]
    return dict(plugin.processor.manifest())


class DaskBackend:
    """Submits partitions to a cluster (``scheduler`` address) or to a local cluster it starts."""

    name = "dask"

    def __init__(
        self,
        config_path: str | Path | None,
        config_text: str,
        seconds_per_article: float,
        *,
        scheduler: str | None = None,
        workers: int = 2,
        in_flight: int = 2,
    ) -> None:
        self.plugin = PipelinePlugin(
            str(config_path) if config_path else None, config_text, seconds_per_article
        )
        self.scheduler = scheduler
        self.workers = workers
        self.in_flight_per_worker = max(1, in_flight)
        self.client: Any = None
        self.cluster: Any = None

    def start(self) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise BatchError(
                "E504", address=self.scheduler or "local", detail="dask[distributed] is not installed"
            ) from exc
        try:
            if self.scheduler:
                self.client = Client(self.scheduler, timeout="30s")
            else:
                self.cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                )
                self.client = Client(self.cluster)
        except OSError as exc:
            raise BatchError("E504", address=self.scheduler or "LocalCluster", detail=str(exc)) from exc
        self.client.register_plugin(self.plugin, name=PLUGIN_NAME)

    def _n_workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def manifest(self) -> dict[str, Any]:
        return dict(self.client.submit(worker_manifest, pure=False).result())

    def map(self, chunks: Iterator[Chunk]) -> Iterator[list[ArticleOutcome]]:
        from distributed import as_completed

        limit = self.in_flight_per_worker * self._n_workers()
        futures = as_completed()
        running = 0
        for chunk in chunks:
            futures.add(self.client.submit(process_partition, chunk, pure=False))
            running += 1
            while running >= limit:
                yield next(futures).result()
                running -= 1
        for future in futures:
            yield future.result()

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None
