"""Dates written in the text (datelines) to ISO ``YYYY-MM-DD``.

Formats come from ``date_patterns`` in ``configs/ingest.cfg``. Numeric dates are
read day first (``10.04.2026`` is 10 April), as op-ed sites outside the US write
them. A string that is not a valid calendar date gives ``None``: never a guess.
"""

from __future__ import annotations

import datetime as dt

from pipeline.ingest.settings import IngestSettings


def parse_date(text: str, settings: IngestSettings) -> str | None:
    """ISO date if ``text`` is exactly a date (optionally after "Published:" or a weekday, and
    before a time of day such as ", 08:00 AM"), else ``None``."""
    text = text.strip().rstrip(".").strip()
    prefix = settings.date_prefix_re.match(text)
    if prefix:
        text = text[prefix.end() :]
    time = settings.time_suffix_re.search(text)
    if time and time.start() > 0:
        text = text[: time.start()]
    weekday = settings.weekday_prefix_re.match(text)
    if weekday:
        text = text[weekday.end() :]
    for pattern in settings.date_res:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        month = _month(match.group("m"), settings)
        if month is None:
            continue
        try:
            date = dt.date(int(match.group("y")), month, int(match.group("d")))
        except ValueError:
            continue
        return date.isoformat()
    return None


def normalise_iso_date(value: str | None, settings: IngestSettings) -> str | None:
    """A reader-supplied date (``2026-04-10T08:00:00Z``, ``April 10, 2026``) as ISO, or None."""
    if not value:
        return None
    value = str(value).strip()
    head = value[:10]
    if len(value) >= 10 and head[4:5] == "-" and head[7:8] == "-":
        parsed = parse_date(head, settings)
        if parsed:
            return parsed
    return parse_date(value, settings)


def _month(value: str, settings: IngestSettings) -> int | None:
    if value.isdigit():
        month = int(value)
        return month if 1 <= month <= 12 else None
    name = value.rstrip(".").lower()
    if len(name) < 3:
        return None
    for i, full in enumerate(settings.month_names, start=1):
        if full.startswith(name) and (len(name) >= 3):
            # "sept" is a common abbreviation of september; "mar" of march, etc.
            return i
    return None
