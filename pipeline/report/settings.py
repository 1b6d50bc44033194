"""How much of each ranking the report shows. Every value can be overridden from the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.settings import from_section, validate
from pipeline.types import spec


@dataclass(frozen=True)
class ReportSettings:
    """Sizes of the rankings drawn in figures and shown in HTML tables.

    CSV files always hold every row; these limits only keep figures readable.
    """

    top_actors: int = spec(default=20, minimum=1)
    top_alliances: int = spec(default=12, minimum=1)
    top_targets: int = spec(default=12, minimum=1)
    top_frames: int = spec(default=8, minimum=1)
    top_speakers: int = spec(default=20, minimum=1)
    top_sources: int = spec(default=20, minimum=1)
    network_nodes: int = spec(default=30, minimum=1)
    table_rows: int = spec(default=15, minimum=1)
    table_months: int = spec(default=8, minimum=1)
    """Months shown in the frames table of the page (the most recent; the CSV holds all)."""

    def __post_init__(self) -> None:
        validate(self, "claimscope.report")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReportSettings:
        """Build settings from a mapping (e.g. a ``[claimscope.report]`` config section); unknown keys are ignored."""
        given = {k: v for k, v in data.items() if v is not None}
        return from_section(cls, given, "claimscope.report", unknown="ignore")
