"""Find every date expression in the seed texts, so tests can check the catalogue covers them.

The scanner reads Portuguese (the seeds' language) and English. It recognises, in this
order of priority (a longer match hides the shorter ones inside it):

* decade ranges: ``do final da década de 1920 até a década de 1930``, ``from the late 1920s
  to the 1930s``;
* day ranges and full dates: ``de 14 a 15 de novembro de 1944``, ``28 de abril de 1920``,
  ``1º de maio de 1920``, ``28 April 1920``, ``April 28, 1920``;
* month-years: ``dezembro de 1922``, ``agosto de 1991``, ``December 1922``;
* year ranges: ``entre 1922 e 1991``, ``de 1927 a 1953``, ``1936–1938``, ``between 1922 and
  1991``, ``from 1927 to 1953``;
* decades: ``década de 1930``, ``início da década de 1920``, ``the 1930s``;
* bare years: ``1995``.

Each hit is a :class:`DateExpression` whose interval (inclusive) is what the words mean:
a month is its first to last day, a year 1 Jan to 31 Dec, the "final" (late part) of a decade
its years 7-9, the "início" (early part) 0-3, "meados" (middle) 3-6.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sovietmap import PROJECT_ROOT, SEEDS_DIR

_MONTHS = {
    **{
        name: i + 1
        for i, name in enumerate(
            (
                "janeiro",
                "fevereiro",
                "março",
                "abril",
                "maio",
                "junho",
                "julho",
                "agosto",
                "setembro",
                "outubro",
                "novembro",
                "dezembro",
            )
        )
    },
    "marco": 3,
    **{name.lower(): i for i, name in enumerate(calendar.month_name) if name},
}
_MONTH = r"(?P<{}>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"
_DAY = r"(?P<{}>[0-3]?\d)(?:º|°|\.º|st|nd|rd|th)?"
_YEAR = r"(?P<{}>1[5-9]\d\d|20\d\d)"
_PART_PT = r"(?:\b(?:d[oa] |[oa] )?(?P<{}>início|inicio|meados|final|fim) d[ao]s? )?"
_PART_EN = r"(?:the )?(?:(?P<{}>early|mid|late)[- ])?"


def _f(template: str, *names: str) -> str:
    return template.format(*names)


_DECADE_PT = _f(_PART_PT, "p{0}") + r"década de " + _f(_YEAR, "y{0}")
_DECADE_EN = _f(_PART_EN, "p{0}") + r"(?P<y{0}>1[5-9]\d0|20\d0)'?s"

#: (kind, regex), in priority order. Kind says how to turn the groups into an interval.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "decade-range",
        re.compile(
            _DECADE_PT.format(1)
            + r",? (?:até|a) (?:[oa] )?"
            + _DECADE_PT.format(2)
            + "|"
            + r"(?:from )?"
            + _DECADE_EN.format(3)
            + r" (?:to|until|through) "
            + _DECADE_EN.format(4),
            re.IGNORECASE,
        ),
    ),
    (
        "day-range",
        re.compile(
            _f(_DAY, "d1")
            + r" (?:a|e) "
            + _f(_DAY, "d2")
            + r" de "
            + _f(_MONTH, "m")
            + r",? de "
            + _f(_YEAR, "y"),
            re.IGNORECASE,
        ),
    ),
    (
        "day",
        re.compile(
            r"\b(?:"
            + _f(_DAY, "d1")
            + r" de "
            + _f(_MONTH, "m1")
            + r",? de "
            + _f(_YEAR, "y1")
            + "|"
            + _f(_DAY, "d2")
            + r" "
            + _f(_MONTH, "m2")
            + r",? "
            + _f(_YEAR, "y2")
            + "|"
            + _f(_MONTH, "m3")
            + r" "
            + _f(_DAY, "d3")
            + r", "
            + _f(_YEAR, "y3")
            + r")\b",
            re.IGNORECASE,
        ),
    ),
    (
        "month",
        re.compile(
            r"\b(?:"
            + _f(_MONTH, "m1")
            + r",? de "
            + _f(_YEAR, "y1")
            + "|"
            + _f(_MONTH, "m2")
            + r",? "
            + _f(_YEAR, "y2")
            + r")\b",
            re.IGNORECASE,
        ),
    ),
    (
        "year-range",
        re.compile(
            r"\b(?:entre "
            + _f(_YEAR, "a1")
            + r" e "
            + _f(_YEAR, "b1")
            + r"|de "
            + _f(_YEAR, "a2")
            + r" (?:a|até) "
            + _f(_YEAR, "b2")
            + r"|between "
            + _f(_YEAR, "a3")
            + r" and "
            + _f(_YEAR, "b3")
            + r"|from "
            + _f(_YEAR, "a4")
            + r" (?:to|until|through) "
            + _f(_YEAR, "b4")
            + r"|"
            + _f(_YEAR, "a5")
            + r"\s?[-–—]\s?"
            + _f(_YEAR, "b5")
            + r")\b",
            re.IGNORECASE,
        ),
    ),
    ("decade", re.compile(_DECADE_PT.format(1) + "|" + _DECADE_EN.format(2), re.IGNORECASE)),
    ("year", re.compile(r"(?<![\d.,])" + _f(_YEAR, "y") + r"(?![\d]|,\d)")),
]

_PARTS = {
    None: (0, 9),
    "início": (0, 3),
    "inicio": (0, 3),
    "early": (0, 3),
    "meados": (3, 6),
    "mid": (3, 6),
    "final": (7, 9),
    "fim": (7, 9),
    "late": (7, 9),
}


@dataclass(frozen=True)
class DateExpression:
    """One date expression found in a text.

    ``offset`` is the character (not byte) offset of ``text`` in the decoded file;
    ``start``/``end`` are inclusive; ``precision`` is ``day``, ``month``, ``year`` (bare year),
    ``range`` (year range) or ``decade`` (a decade or decade range).
    """

    file: str
    offset: int
    text: str
    start: dt.date
    end: dt.date
    precision: str


class Dated(Protocol):
    """Anything with an inclusive interval and a precision (an Event, for instance)."""

    @property
    def start(self) -> dt.date: ...
    @property
    def end(self) -> dt.date: ...
    @property
    def precision(self) -> str: ...


_RANK = {"day": 0, "month": 1, "year": 2}


def covers(event: Dated, expr: DateExpression) -> bool:
    """True if ``event`` accounts for ``expr``.

    The intervals must overlap. For ``day`` and ``month`` expressions the event must also be
    at least that precise and be anchored there: its start or its end falls inside the
    expression's interval (so a 30-year period does not "cover" a single day inside it).
    """
    if event.end < expr.start or event.start > expr.end:
        return False
    if expr.precision in ("day", "month"):
        if _RANK.get(event.precision, 9) > _RANK[expr.precision]:
            return False
        return expr.start <= event.start <= expr.end or expr.start <= event.end <= expr.end
    return True


def _g(match: re.Match[str], *names: str) -> str | None:
    for name in names:
        value = match.group(name) if name in match.re.groupindex else None
        if value is not None:
            return value
    return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _decade(part: str | None, year: int) -> tuple[dt.date, dt.date]:
    first, last = _PARTS[part.lower() if part else None]
    base = year - year % 10
    return dt.date(base + first, 1, 1), dt.date(base + last, 12, 31)


def _interval(kind: str, m: re.Match[str]) -> tuple[dt.date, dt.date, str]:
    """Turn a match into (start, end, precision); raises ValueError for impossible dates."""
    if kind == "decade-range":
        start, _ = _decade(_g(m, "p1", "p3"), int(_g(m, "y1", "y3") or 0))
        _, end = _decade(_g(m, "p2", "p4"), int(_g(m, "y2", "y4") or 0))
        return start, end, "decade"
    if kind == "decade":
        start, end = _decade(_g(m, "p1", "p2"), int(_g(m, "y1", "y2") or 0))
        return start, end, "decade"
    if kind == "day-range":
        year, month = int(m["y"]), _MONTHS[m["m"].lower()]
        return dt.date(year, month, int(m["d1"])), dt.date(year, month, int(m["d2"])), "day"
    if kind == "day":
        year = int(_g(m, "y1", "y2", "y3") or 0)
        month = _MONTHS[(_g(m, "m1", "m2", "m3") or "").lower()]
        day = dt.date(year, month, int(_g(m, "d1", "d2", "d3") or 0))
        return day, day, "day"
    if kind == "month":
        year, month = int(_g(m, "y1", "y2") or 0), _MONTHS[(_g(m, "m1", "m2") or "").lower()]
        return dt.date(year, month, 1), _month_end(year, month), "month"
    if kind == "year-range":
        names = [(f"a{i}", f"b{i}") for i in range(1, 6)]
        a, b = next((int(m[x]), int(m[y])) for x, y in names if m[x] is not None)
        return dt.date(a, 1, 1), dt.date(b, 12, 31), "range"
    year = int(m["y"])
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def scan_text(text: str, file: str = "") -> list[DateExpression]:
    """Every date expression in ``text``, sorted by offset; ``file`` is copied into each hit."""
    taken: list[tuple[int, int]] = []
    found: list[DateExpression] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            lo, hi = m.span()
            if any(lo < t_hi and t_lo < hi for t_lo, t_hi in taken):
                continue
            try:
                start, end, precision = _interval(kind, m)
            except (ValueError, KeyError):
                continue  # e.g. "31 de fevereiro de 1930": not a real day
            if end < start:
                continue
            taken.append((lo, hi))
            found.append(DateExpression(file, lo, m.group(0), start, end, precision))
    return sorted(found, key=lambda e: e.offset)


def relative_name(path: Path, root: Path = PROJECT_ROOT) -> str:
    """``path`` relative to the project root in POSIX form if it lies inside, else as given."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def read_seed(path: Path) -> str:
    """A seed's text exactly as stored (UTF-8, no newline translation)."""
    return path.read_bytes().decode("utf-8")


def seed_files(seeds_dir: Path = SEEDS_DIR) -> list[Path]:
    """Every seed file (``seeds/*.txt``), sorted by name."""
    return sorted(seeds_dir.glob("*.txt"))


def scan_file(path: Path) -> list[DateExpression]:
    """Every date expression in one seed file (``file`` relative to the project root)."""
    return scan_text(read_seed(path), relative_name(path))


def scan_seeds(seeds_dir: Path = SEEDS_DIR) -> Iterator[DateExpression]:
    """Every date expression in every seed file, file by file."""
    for path in seed_files(seeds_dir):
        yield from scan_file(path)
