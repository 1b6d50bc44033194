"""``threads = 0`` resolves to the cores a process should use, and never to zero."""

from __future__ import annotations

import os

import pytest

from pipeline.models.backends import MAX_AUTO_THREADS, resolve_threads


def test_positive_threads_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert resolve_threads(3) == 3


def test_auto_follows_omp_num_threads_as_the_batch_workers_set_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert resolve_threads(0) == 1


def test_auto_uses_the_cpus_of_the_process_without_omp_num_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    assert resolve_threads(0) == min(len(os.sched_getaffinity(0)), MAX_AUTO_THREADS)
    monkeypatch.setenv("OMP_NUM_THREADS", "not-a-number")
    assert resolve_threads(0) >= 1
