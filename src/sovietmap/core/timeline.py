"""Timeline arithmetic with no Qt: play speeds and calendar-month steps.

The viewer's date, play state and navigation live in :class:`sovietmap.core.viewer.ViewerModel`;
the caption of a date lives in :mod:`sovietmap.core.caption`.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

#: Play speeds offered to the user: label -> months advanced per tick.
PLAY_SPEEDS: dict[str, int] = {"1 month": 1, "3 months": 3, "6 months": 6, "1 year": 12}


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months, the day clipped to the month's length
    (``dateutil``'s :class:`relativedelta`); beyond the calendar it stops at its first or last
    day."""
    try:
        return day + relativedelta(months=months)
    except (OverflowError, ValueError):
        return dt.date.min if months < 0 else dt.date.max
