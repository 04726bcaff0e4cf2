"""Dates on the timeline: parsing with clear messages, and the range the viewer covers."""

from __future__ import annotations

import datetime as dt
import re

#: First and last day the viewer covers (every seed date lies inside).
TIMELINE_START = dt.date(1918, 1, 1)
TIMELINE_END = dt.date(1995, 12, 31)

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class DateError(ValueError):
    """A date that is malformed or outside the timeline."""


def parse_date(text: str, *, what: str = "date") -> dt.date:
    """Parse an ISO ``YYYY-MM-DD`` date, raising :class:`DateError` with a readable message."""
    text = text.strip()
    if not _ISO.match(text):
        raise DateError(f"{what} {text!r} is not an ISO date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise DateError(f"{what} {text!r} is not a real calendar day ({exc})") from None


def check_in_range(day: dt.date, *, what: str = "date") -> dt.date:
    """Return ``day`` if it lies on the timeline, else raise :class:`DateError`."""
    if not TIMELINE_START <= day <= TIMELINE_END:
        raise DateError(
            f"{what} {day.isoformat()} is outside the timeline "
            f"({TIMELINE_START.isoformat()} to {TIMELINE_END.isoformat()})"
        )
    return day


def parse_timeline_date(text: str, *, what: str = "date") -> dt.date:
    """Parse an ISO date and check it lies on the timeline."""
    return check_in_range(parse_date(text, what=what), what=what)


def parse_year(text: str, *, what: str = "year") -> int:
    """Parse a year on the timeline."""
    text = text.strip()
    if not re.fullmatch(r"\d{4}", text):
        raise DateError(f"{what} {text!r} is not a four-digit year")
    year = int(text)
    if not TIMELINE_START.year <= year <= TIMELINE_END.year:
        raise DateError(
            f"{what} {year} is outside the timeline ({TIMELINE_START.year} to {TIMELINE_END.year})"
        )
    return year
