"""Ingestion settings: the ``[claimscope.ingest]`` section of a spaCy-style config.

The values live in ``configs/ingest.cfg``; :func:`load_settings` reads them (or the
same section of any other config, e.g. ``configs/default.cfg``). The dataclass only
declares the fields and their types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError
from pipeline.settings import validate as validate_types

DEFAULT_FILE = "ingest.cfg"
SECTION = ("claimscope", "ingest")


@dataclass(frozen=True)
class IngestSettings:
    """Every knob of ingestion. Build it with :func:`load_settings`, not by hand."""

    max_bytes: int
    pdf_max_bytes: int
    min_chars: int
    fallback_encodings: list[str]
    binary_control_ratio: float
    suffixes: list[str]
    skip_names: list[str]
    wrap_min_chars: int
    wrap_max_chars: int
    wrap_min_share: float
    body_min_words: int
    closing_window: int
    bio_max_words: int
    bio_pattern: str
    heading_max_words: int
    heading_max_chars: int
    question_heading_max_words: int
    numbered_heading_pattern: str
    byline_prefix_pattern: str
    honorific_pattern: str
    byline_role_pattern: str
    name_word_pattern: str
    byline_date_separators: list[str]
    name_min_words: int
    name_max_words: int
    not_name_words: list[str]
    source_patterns: list[str]
    boilerplate_patterns: list[str]
    boilerplate_max_words: int
    menu_separators: list[str]
    menu_min_items: int
    menu_item_max_words: int
    date_patterns: list[str]
    weekday_prefix_pattern: str
    date_prefix_pattern: str
    time_suffix_pattern: str
    end_matter_headings: list[str]
    month_names: list[str]
    language_sample_chars: int
    language_min_chars: int
    default_language: str
    shingle_words: int
    minhash_permutations: int
    lsh_bands: int
    near_duplicate_threshold: float
    doc_id_chars: int
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IngestSettings:
        known = {f.name for f in fields(cls)} - {"extra"}
        missing = sorted(known - set(data))
        if missing:
            raise ConfigError(
                "E006",
                name="claimscope.ingest",
                expected=f"a section with the keys {', '.join(missing)}",
                got=sorted(data),
            )
        values = {k: v for k, v in data.items() if k in known}
        extra = {k: v for k, v in data.items() if k not in known}
        settings = cls(**values, extra=extra)
        settings.validate()
        return settings

    def to_section(self) -> dict[str, Any]:
        """The settings as a ``[claimscope.ingest]`` section (what a run records in its config)."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "extra"}
        return {**data, **self.extra}

    def replace(self, **changes: Any) -> IngestSettings:
        """A copy with some values changed (validated)."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "extra"}
        data.update(changes)
        return IngestSettings.from_dict({**self.extra, **data})

    def validate(self) -> None:
        validate_types(self, "claimscope.ingest")  # every value has its declared type
        checks: list[tuple[str, bool, str]] = [
            ("max_bytes", self.max_bytes > 0, "a positive integer"),
            ("pdf_max_bytes", self.pdf_max_bytes > 0, "a positive integer"),
            ("min_chars", self.min_chars >= 0, "a non-negative integer"),
            ("lsh_bands", self.lsh_bands > 0, "a positive divisor of minhash_permutations"),
            (
                "minhash_permutations",
                self.minhash_permutations % max(self.lsh_bands, 1) == 0,
                "a multiple of lsh_bands",
            ),
            (
                "near_duplicate_threshold",
                0.0 < self.near_duplicate_threshold <= 1.0,
                "a number in (0, 1]",
            ),
            ("fallback_encodings", len(self.fallback_encodings) > 0, "a non-empty list"),
            ("menu_separators", all(self.menu_separators), "a list of non-empty strings"),
            ("menu_min_items", self.menu_min_items >= 2, "an integer of at least 2"),
            ("menu_item_max_words", self.menu_item_max_words >= 1, "a positive integer"),
        ]
        for name, ok, expected in checks:
            if not ok:
                raise ConfigError("E006", name=name, expected=expected, got=getattr(self, name))
        for f in fields(self):
            if f.name.endswith("_pattern"):
                _compile(f.name, getattr(self, f.name))
        for name in ("source_patterns", "boilerplate_patterns", "date_patterns"):
            for pattern in getattr(self, name):
                _compile(name, pattern)
        if "name" not in re.compile(self.bio_pattern).groupindex:
            raise ConfigError(
                "E006",
                name="bio_pattern",
                expected="a pattern with a (?P<name>...) group",
                got=self.bio_pattern,
            )

    # Compiled forms, built once per settings object (frozen, so safe to cache).
    @cached_property
    def numbered_heading_re(self) -> re.Pattern[str]:
        return re.compile(self.numbered_heading_pattern)

    @cached_property
    def byline_prefix_re(self) -> re.Pattern[str]:
        return re.compile(self.byline_prefix_pattern)

    @cached_property
    def honorific_re(self) -> re.Pattern[str]:
        return re.compile(self.honorific_pattern)

    @cached_property
    def byline_role_re(self) -> re.Pattern[str]:
        return re.compile(self.byline_role_pattern)

    @cached_property
    def name_word_re(self) -> re.Pattern[str]:
        return re.compile(self.name_word_pattern)

    @cached_property
    def weekday_prefix_re(self) -> re.Pattern[str]:
        return re.compile(self.weekday_prefix_pattern)

    @cached_property
    def date_prefix_re(self) -> re.Pattern[str]:
        return re.compile(self.date_prefix_pattern)

    @cached_property
    def time_suffix_re(self) -> re.Pattern[str]:
        return re.compile(self.time_suffix_pattern)

    @cached_property
    def end_matter_set(self) -> frozenset[str]:
        return frozenset(h.casefold() for h in self.end_matter_headings)

    @cached_property
    def bio_re(self) -> re.Pattern[str]:
        return re.compile(self.bio_pattern)

    @cached_property
    def menu_split_re(self) -> re.Pattern[str]:
        return re.compile("|".join(re.escape(sep) for sep in self.menu_separators) or "(?!)")

    @cached_property
    def source_res(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.source_patterns]

    @cached_property
    def boilerplate_res(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.boilerplate_patterns]

    @cached_property
    def date_res(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.date_patterns]

    @cached_property
    def not_name_set(self) -> frozenset[str]:
        return frozenset(self.not_name_words)


def _compile(name: str, pattern: str) -> None:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ConfigError(
            "E006", name=name, expected=f"a valid regular expression ({exc})", got=pattern
        ) from exc


def load_settings(path: str | Path | None = None) -> IngestSettings:
    """Read ``[claimscope.ingest]`` from ``path`` (default ``configs/ingest.cfg``).

    Keys missing from ``path`` are taken from ``configs/ingest.cfg``, so a run
    config only needs to list what it changes.
    """
    from pipeline.paths import config_file, locate, require_default

    default = require_default(config_file(DEFAULT_FILE))
    base = _read_section(default)
    if path is not None and locate(path).resolve() != default.resolve():
        base.update(_read_section(locate(path)))
    return IngestSettings.from_dict(base)


def settings_from_config(config: Any) -> IngestSettings:
    """The ingest settings of a loaded run config: its ``[claimscope.ingest]`` keys over the defaults."""
    from pipeline.paths import config_file, require_default

    base = _read_section(require_default(config_file(DEFAULT_FILE)))
    section: Any = config.interpolate() if hasattr(config, "interpolate") else config
    for key in SECTION:
        section = section.get(key, {}) if isinstance(section, dict) else {}
    base.update(dict(section))
    return IngestSettings.from_dict(base)


def _read_section(path: Path) -> dict[str, Any]:
    from confection import Config

    if not path.is_file():
        raise ConfigError("E001", path=path)
    try:
        config = Config().from_disk(path, interpolate=True)
    except Exception as exc:  # confection raises several unrelated types
        raise ConfigError("E002", path=path, detail=str(exc).strip().splitlines()[-1]) from exc
    section: Any = config
    for key in SECTION:
        section = section.get(key, {}) if isinstance(section, dict) else {}
    return dict(section)
