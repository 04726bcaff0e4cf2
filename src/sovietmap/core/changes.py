"""What changed between two dates: territory gained and lost per polity, and the acts between.

The state of the map on a date is the set of border features valid on it (``valid_from``
inclusive). Comparing ``start`` with ``end`` gives, for every polity whose territory or name
differs, the land it holds on ``end`` and not on ``start`` (gained) and the reverse (lost),
with areas in km² on the WGS 84 ellipsoid (pyproj's geodesic area: the measure any equal-area
projection keeps). The gained and lost land is split into pieces by the act that made it so:
each piece is the land whose last change of holder between the two dates happened on that
act's date. The acts are the entries of ``geodata/CHANGELOG.md`` dated after ``start`` and on
or before ``end`` (one entry per change date of the data; tests/core/test_changelog.py).

Results are cached per polity and pair of change intervals (two dates inside the same two
intervals between change dates give the same object), and the difference of two consecutive
states per polity and change date, so the app can ask again while the slider moves.
Runtime dependencies only: shapely and pyproj (both come with geopandas).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sovietmap import PROJECT_ROOT
from sovietmap.core import bibliography

if TYPE_CHECKING:
    from collections.abc import Mapping

    from shapely.geometry.base import BaseGeometry

    from sovietmap.core.atlas import BorderAtlas

CHANGELOG = PROJECT_ROOT / "geodata" / "CHANGELOG.md"

#: Pieces smaller than this (km²) are numerical slivers of two overlays, not territory.
SLIVER_KM2 = 0.01
#: A country through its successive polities, compared as one (``compare(..., "azerbaijan")``):
#: the key is not a polity id; on each date the first of its ids that exists stands for it.
LINEAGES: dict[str, tuple[str, ...]] = {
    "azerbaijan": ("adr", "azerbaijan-ssr", "azerbaijan-republic"),
}
#: The polity a comparison shows first: Azerbaijan through its states (a :data:`LINEAGES` key).
DEFAULT_POLITY = "azerbaijan"
#: How a lineage is named (in the viewer's Compare dock and on a page's hatches).
LINEAGE_NAMES = {"azerbaijan": "Azerbaijan (ADR, SSR, Republic)"}
#: How many differences a :class:`Comparer` keeps of each kind (the oldest go first).
CACHE_SIZE = 512

_HEADING = re.compile(r"^## (\d{4}-\d{2}-\d{2})[ \t]*$", re.M)
#: A bracketed group of citation keys (it may run over a line break in the Markdown).
_GROUP = re.compile(r"\s*\[([^\[\]]{1,200})\](?!\()")
_SENTENCE = re.compile(r"(.+?\.)\s+(?=[A-Z])")

Change = Literal["gained", "lost"]


@dataclass(frozen=True)
class Act:
    """One change log entry: the date, its text as one line, and the references it cites."""

    date: dt.date
    summary: str
    sources: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """``{date, summary, sources}`` as the issue specifies."""
        return {"date": self.date.isoformat(), "summary": self.summary, "sources": [*self.sources]}

    @property
    def headline(self) -> str:
        """The first sentence of the summary."""
        match = _SENTENCE.match(self.summary)
        return match.group(1) if match else self.summary


def _parse_entry(day: dt.date, body: str, known: dict[str, Any]) -> Act:
    keys: list[str] = []

    def strip_citation(match: re.Match[str]) -> str:
        group = " ".join(match.group(1).split())
        if not bibliography.keys_in_text(f"[{group}]", known):
            return match.group(0)
        items = [i.strip() for i in group.split(",")]
        keys.extend(k for k in items if k not in keys)
        return ""

    text = _GROUP.sub(strip_citation, body)
    summary = " ".join(text.replace("`", "").split())
    sources = tuple(bibliography.cite(k, known) if k in known else k for k in keys)
    return Act(day, summary, sources)


@cache
def read_changelog(path: Path = CHANGELOG) -> tuple[Act, ...]:
    """Every entry of the change log, in date order (the file is nearly so)."""
    text = path.read_text("utf-8")
    known = bibliography.load()
    parts = _HEADING.split(text)
    acts = [
        _parse_entry(dt.date.fromisoformat(day), body, known)
        for day, body in zip(parts[1::2], parts[2::2], strict=True)
    ]
    return tuple(sorted(acts, key=lambda act: act.date))


def acts_between(start: dt.date, end: dt.date, path: Path = CHANGELOG) -> list[Act]:
    """The change log entries dated after ``start`` and on or before ``end``."""
    return [a for a in read_changelog(path) if start < a.date <= end]


def polity_name(change: PolityChange) -> str:
    """How a polity of a comparison is named: its lineage's name, else its name on the later
    date, else on the earlier one."""
    return LINEAGE_NAMES.get(change.id) or change.name_to or change.name_from or change.id


def compared_polity(chosen: str | None, names: Mapping[str, str]) -> str | None:
    """The polity a comparison shows when the user chose ``chosen`` (None: every polity) and
    ``names`` are the polities of the two dates (id -> name): the choice if it is a lineage or
    exists on one of the dates, else :data:`DEFAULT_POLITY` (the app and its exports agree)."""
    if chosen is None or chosen in LINEAGES or chosen in names:
        return chosen
    return DEFAULT_POLITY


def area_km2(geom: BaseGeometry | None) -> float:
    """The area of a (multi)polygon in km², on the WGS 84 ellipsoid (lon/lat degrees in)."""
    if geom is None or geom.is_empty:
        return 0.0
    from pyproj import Geod
    from shapely.geometry.polygon import orient

    geod = _geod(Geod)
    total = 0.0
    for poly in _polygons(geom):
        area, _ = geod.geometry_area_perimeter(orient(poly, 1.0))  # counter-clockwise: positive
        total += area
    return total / 1e6


@cache
def _geod(cls: Any) -> Any:
    return cls(ellps="WGS84")


def _polygons(geom: BaseGeometry) -> list[Any]:
    if geom.geom_type == "Polygon":
        return [geom]
    return [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]


@dataclass(frozen=True)
class Piece:
    """Land one polity gained or lost by one act (possibly several separate parts)."""

    polity: str
    change: Change
    date: dt.date
    geometry: BaseGeometry
    area_km2: float
    act: str  # the first sentence of the act's change log entry

    def to_feature(self) -> dict[str, Any]:
        """A GeoJSON Feature with the piece's polity, change, date, area and act."""
        from shapely.geometry import mapping

        props = {
            "polity": self.polity,
            "change": self.change,
            "date": self.date.isoformat(),
            "area_km2": round(self.area_km2, 1),
            "act": self.act,
        }
        return {"type": "Feature", "properties": props, "geometry": mapping(self.geometry)}


@dataclass(frozen=True)
class PolityChange:
    """How one polity's territory and name differ between two dates."""

    id: str
    name_from: str | None  # None: the polity did not exist on the first date
    name_to: str | None  # None: it no longer existed on the second date
    gained: BaseGeometry | None
    lost: BaseGeometry | None
    gained_km2: float
    lost_km2: float
    pieces: tuple[Piece, ...] = field(default=())

    @property
    def unchanged(self) -> bool:
        """Neither territory nor name changed."""
        return not self.pieces and self.name_from == self.name_to

    def to_json(self) -> dict[str, Any]:
        """``{id, name_from, name_to, gained_km2, lost_km2, pieces}`` (pieces: GeoJSON)."""
        return {
            "id": self.id,
            "name_from": self.name_from,
            "name_to": self.name_to,
            "gained_km2": round(self.gained_km2, 1),
            "lost_km2": round(self.lost_km2, 1),
            "pieces": {
                "type": "FeatureCollection",
                "features": [p.to_feature() for p in self.pieces],
            },
        }


@dataclass(frozen=True)
class Comparison:
    """The changes from ``start`` to ``end`` (``swapped``: the dates were given the other way)."""

    start: dt.date
    end: dt.date
    swapped: bool
    polities: tuple[PolityChange, ...]
    acts: tuple[Act, ...]

    def to_json(self) -> dict[str, Any]:
        """The one object of the issue: ``{polities, acts}``."""
        return {
            "polities": [p.to_json() for p in self.polities],
            "acts": [a.to_json() for a in self.acts],
        }

    def pieces_geojson(self) -> dict[str, Any]:
        """Every piece of every polity as one GeoJSON FeatureCollection."""
        features = [piece.to_feature() for p in self.polities for piece in p.pieces]
        return {"type": "FeatureCollection", "features": features}

    def page_info(self, polity: str | None) -> dict[str, Any]:
        """What a map page keeps of the comparison (``pagecalls.set_compare``'s ``info``): the
        two dates, the polity asked for (None: every polity) and each polity's name."""
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "polity": polity,
            # the pieces' popups name their polity, not its id
            "names": {p.id: polity_name(p) for p in self.polities},
        }


def _keep(store: dict[Any, Any], key: Any, value: Any) -> None:
    """Put ``value`` in a bounded cache, dropping the oldest entry when it is full."""
    if len(store) >= CACHE_SIZE:
        del store[next(iter(store))]
    store[key] = value


class Comparer:
    """Compares the atlas at two dates; keeps the differences it has computed (see module doc)."""

    def __init__(self, atlas: BorderAtlas, changelog: Path = CHANGELOG) -> None:
        self.atlas = atlas
        self.changelog = changelog
        self._edges = [d.toordinal() for d in atlas.change_dates()]
        self._steps: dict[tuple[int | None, int | None], tuple[Any, Any]] = {}
        self._pairs: dict[tuple[str, int, int], PolityChange] = {}

    def interval(self, day: dt.date) -> int:
        """The number of the interval between change dates that ``day`` lies in."""
        return bisect.bisect_right(self._edges, day.toordinal())

    def _row(self, polity: str, day: dt.date) -> int | None:
        ids = LINEAGES.get(polity, (polity,))  # a lineage: whichever of its polities exists
        rows = {self.atlas.records[i]["id"]: i for i in self.atlas.rows_at(day)}
        return next((rows[pid] for pid in ids if pid in rows), None)

    def _geometry(self, row: int | None) -> Any:
        return None if row is None else self.atlas.frame.geometry.iloc[row]

    def _step(self, before: int | None, after: int | None) -> tuple[Any, Any]:
        """(gained, lost) from feature row ``before`` to row ``after`` (cached)."""
        key = (before, after)
        hit = self._steps.get(key)
        if hit is None:
            old, new = self._geometry(before), self._geometry(after)
            if old is None or new is None:
                hit = (new, old)
            elif old.equals_exact(new, 0.0):
                hit = (None, None)
            else:
                hit = (new.difference(old), old.difference(new))
            _keep(self._steps, key, hit)
        return hit

    def _states(
        self, polity: str, start: dt.date, end: dt.date
    ) -> list[tuple[dt.date, int | None]]:
        """(date, row) for ``start`` and every later change date up to ``end`` where the
        polity's feature changes."""
        states = [(start, self._row(polity, start))]
        lo = bisect.bisect_right(self._edges, start.toordinal())
        hi = bisect.bisect_right(self._edges, end.toordinal())
        for ordinal in self._edges[lo:hi]:
            day = dt.date.fromordinal(ordinal)
            row = self._row(polity, day)
            if row != states[-1][1]:
                states.append((day, row))
        return states

    def polity_change(self, polity: str, start: dt.date, end: dt.date) -> PolityChange:
        """How ``polity`` changed from ``start`` to ``end`` (``start`` <= ``end``; cached)."""
        key = (polity, self.interval(start), self.interval(end))
        hit = self._pairs.get(key)
        if hit is None:
            hit = self._compute(polity, start, end)
            _keep(self._pairs, key, hit)
        return hit

    def _compute(self, polity: str, start: dt.date, end: dt.date) -> PolityChange:
        states = self._states(polity, start, end)
        first, last = states[0][1], states[-1][1]
        records = self.atlas.records
        name_from = None if first is None else str(records[first]["name"])
        name_to = None if last is None else str(records[last]["name"])
        gained, lost = self._step(first, last) if first != last else (None, None)
        acts = {a.date: a for a in read_changelog(self.changelog)}
        pieces: list[Piece] = []
        sides: tuple[tuple[Change, Any, int], ...] = (("gained", gained, 0), ("lost", lost, 1))
        for change, net, index in sides:
            remaining = net
            found: list[Piece] = []
            for (day, after), (_, before) in zip(states[:0:-1], states[-2::-1], strict=True):
                if remaining is None or remaining.is_empty:
                    break
                step = self._step(before, after)[index]
                if step is None or step.is_empty:
                    continue
                part = remaining.intersection(step)
                remaining = remaining.difference(step)
                km2 = area_km2(part)
                if km2 >= SLIVER_KM2:
                    act = acts.get(day)
                    headline = act.headline if act else ""
                    found.append(Piece(polity, change, day, part, km2, headline))
            pieces.extend(reversed(found))
        return PolityChange(
            polity,
            name_from,
            name_to,
            gained,
            lost,
            area_km2(gained),
            area_km2(lost),
            tuple(sorted(pieces, key=lambda p: (p.date, p.change))),
        )

    def compare(self, first: dt.date, second: dt.date, polity: str | None = None) -> Comparison:
        """The changes between two dates, in either order (``swapped`` says they were reversed).

        With ``polity``, only that polity, and only the acts on whose dates it changed.
        """
        swapped = first > second
        start, end = (second, first) if swapped else (first, second)
        ids = [polity] if polity is not None else self.atlas.ids()
        changes = [self.polity_change(pid, start, end) for pid in ids]
        changed = tuple(c for c in changes if not c.unchanged)
        acts = acts_between(start, end, self.changelog)
        if polity is not None:
            days = {d for d, _ in self._states(polity, start, end)[1:]}
            acts = [a for a in acts if a.date in days]
        return Comparison(start, end, swapped, changed, tuple(acts))
