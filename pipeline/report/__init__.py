"""The corpus report: aggregate a run folder into tables (CSV), figures (PNG) and one HTML page.

Python API::

    from pipeline.report import build_report
    result = build_report("out/", "out/report.html")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.report.build import ReportResult, build_report
    from pipeline.report.settings import ReportSettings

__all__ = ["ReportResult", "ReportSettings", "build_report"]


def __getattr__(name: str) -> Any:
    # Lazy: the command line imports this package for every command, and matplotlib is slow.
    if name in ("ReportResult", "build_report"):
        from pipeline.report import build

        return getattr(build, name)
    if name == "ReportSettings":
        from pipeline.report.settings import ReportSettings

        return ReportSettings
    raise AttributeError(f"module 'pipeline.report' has no attribute {name!r}")
