"""How much of each ranking the report shows. Every value can be overridden from the CLI."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from pipeline.errors import ConfigError


@dataclass(frozen=True)
class ReportSettings:
    """Sizes of the rankings drawn in figures and shown in HTML tables.

    CSV files always hold every row; these limits only keep figures readable.
    """

    top_actors: int = 20
    top_alliances: int = 12
    top_targets: int = 12
    top_frames: int = 8
    top_speakers: int = 20
    top_sources: int = 20
    network_nodes: int = 30
    table_rows: int = 15
    table_months: int = 8
    """Months shown in the frames table of the page (the most recent; the CSV holds all)."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ConfigError("E006", name=f.name, expected="a positive integer", got=value)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReportSettings:
        """Build settings from a mapping (e.g. a ``[claimscope.report]`` config section); unknown keys are ignored."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known and v is not None})
