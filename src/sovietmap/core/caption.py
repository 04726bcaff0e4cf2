"""The timeline's caption: a line on Azerbaijan's standing on a date, from the border atlas.

The 1991 steps towards independence that no border shows come from the acts of the Supreme
Soviet of Azerbaijan; :func:`standing_sources` names their citation keys for the caption's
tooltip.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

#: Ids of the Azerbaijani polity through the period, tried in this order.
AZERBAIJAN_IDS = ("azerbaijan-republic", "azerbaijan-ssr", "adr")

#: Steps towards independence that no border shows, by the acts of the Supreme Soviet of
#: Azerbaijan: from, words, citation key (data/bibliography.yaml; also cited on the Republic
#: of Azerbaijan's border).
INDEPENDENCE_STEPS: tuple[tuple[dt.date, str, str], ...] = (
    (
        dt.date(1991, 8, 30),
        "independence declared on 30 Aug 1991 (Declaration on restoring the state independence)",
        "S31",
    ),
    (
        dt.date(1991, 10, 18),
        "Constitutional Act on State Independence adopted on 18 Oct 1991 "
        "(after the declaration of 30 Aug)",
        "S31",
    ),
)


def _step(day: dt.date) -> tuple[dt.date, str, str] | None:
    """The latest independence step on or before ``day``."""
    return next((step for step in reversed(INDEPENDENCE_STEPS) if step[0] <= day), None)


def standing_sources(atlas: Any, day: dt.date) -> list[str]:
    """Citation keys of the acts the caption of ``day`` names (none before 30 Aug 1991)."""
    step = _step(day)
    return [step[2]] if step is not None and "ussr" in atlas.names_at(day) else []


def _union_end(atlas: Any, day: dt.date) -> dt.date | None:
    """The day the USSR's last interval ends, if it ends after ``day`` (None if unknown)."""
    intervals = getattr(atlas, "intervals", None)
    if intervals is None:
        return None
    ends = [end for _start, end in intervals("ussr") if end is not None]
    return max(ends) if ends and max(ends) > day else None


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _when(day: dt.date) -> str:
    """``day`` as '26 Dec 1991' (in English whatever the locale)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def describe_state(atlas: Any, day: dt.date) -> str:
    """A one-line caption of Azerbaijan's standing on ``day``, derived from the border atlas.

    ``atlas`` is a :class:`~sovietmap.core.atlas.BorderIndex` (or anything with
    ``names_at(day)`` returning polity id -> name).
    """
    names = atlas.names_at(day)
    home_id = next((i for i in AZERBAIJAN_IDS if i in names), None)
    if home_id is None:
        return "No Azerbaijani state on this date"
    text = names[home_id]
    if "tsfsr" in names:
        text += f" within the {names['tsfsr']}"
    step = _step(day)
    if "ussr" in names and step is not None:
        end = _union_end(atlas, day)
        until = f" until {_when(end)}" if end else ""
        return f"{text}: {step[1]}; still part of the {names['ussr']}{until}"
    if "ussr" in names:
        return f"{text}, part of the {names['ussr']}"
    if "tsfsr" in names:
        return f"{text}, before the USSR"
    if home_id == "azerbaijan-ssr":
        return f"{text}, a Soviet republic before the USSR"
    return f"{text}, independent"
