"""The corpus report: aggregate a run folder into tables (CSV), figures (PNG) and one HTML page.

Python API::

    from pipeline.report import build_report
    result = build_report("out/", "out/report.html")
"""

from __future__ import annotations

from pipeline.report.build import ReportResult, build_report
from pipeline.report.settings import ReportSettings

__all__ = ["ReportResult", "ReportSettings", "build_report"]
