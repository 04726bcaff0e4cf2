"""Historical place names: which name a city bore on a date (read from ``data/places.yaml``).

Each place also says which polities of the border atlas it lies in (its ``in:`` list), so a test
can check that every place is drawn inside its polities on every date: see :func:`misplacements`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sovietmap import DATA_DIR
from sovietmap.core.dates import TIMELINE_END, TIMELINE_START

PLACES_FILE = DATA_DIR / "places.yaml"


class PlacesError(ValueError):
    """A places file that is malformed; the message names the file, place and field."""


@dataclass(frozen=True)
class PlaceName:
    """One name of a place, in use from ``start`` (inclusive) to ``end`` (exclusive)."""

    name: str
    start: dt.date | None = None
    end: dt.date | None = None
    precision: int = 3

    def holds_on(self, day: dt.date) -> bool:
        """Whether this name was in use on ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Membership:
    """The place lies inside atlas polity ``polity`` whenever that polity exists in the atlas
    between ``start`` (inclusive) and ``end`` (exclusive); open ends are unbounded."""

    polity: str
    start: dt.date | None = None
    end: dt.date | None = None

    def holds_on(self, day: dt.date) -> bool:
        """Whether the membership applies on ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Place:
    """A place on the map with its names through time, its polities and the sources."""

    id: str
    lon: float
    lat: float
    names: tuple[PlaceName, ...]
    rank: int = 3
    sources: tuple[str, ...] = ()
    note: str = ""
    polities: tuple[Membership, ...] = ()

    def name_on(self, day: dt.date) -> str | None:
        """The name in use on ``day`` (None if the data gives none)."""
        return next((n.name for n in self.names if n.holds_on(day)), None)

    def change_dates(self) -> list[dt.date]:
        """The days on which this place's name changed."""
        return sorted({n.start for n in self.names if n.start is not None})

    def polities_on(self, day: dt.date) -> set[str]:
        """The polity ids the place is listed in on ``day`` (whether or not they exist then)."""
        return {m.polity for m in self.polities if m.holds_on(day)}


def _date(value: Any, where: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise PlacesError(f"{where}: {value!r} is not an ISO date") from None


def _memberships(raw: Any, where: str) -> tuple[Membership, ...]:
    out = []
    for item in raw or ():
        if isinstance(item, str):
            out.append(Membership(item))
            continue
        if not isinstance(item, dict) or "polity" not in item:
            raise PlacesError(f"{where}, field in: {item!r} is neither an id nor {{polity: ...}}")
        start = _date(item.get("from"), f"{where}, field in")
        end = _date(item.get("to"), f"{where}, field in")
        if start and end and end <= start:
            raise PlacesError(f"{where}, field in: {item['polity']!r} ends before it starts")
        out.append(Membership(str(item["polity"]), start, end))
    return tuple(out)


def _known_keys() -> set[str]:
    from sovietmap.core import bibliography

    return set(bibliography.load())


@dataclass
class Gazetteer:
    """Every place in the places file, with lookups by date."""

    places: list[Place]

    @classmethod
    def load(
        cls, path: Path = PLACES_FILE, known_sources: Iterable[str] | None = None
    ) -> Gazetteer:
        """Read and check a places file (by default ``data/places.yaml``).

        Every key in a place's ``sources`` must be a key of the bibliography
        (``data/bibliography.yaml``, or ``known_sources`` when given).
        """
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        known = set(known_sources) if known_sources is not None else _known_keys()
        places = []
        for index, item in enumerate(raw.get("places") or [], start=1):
            where = f"{path.name}: place {index} ({item.get('id', '?')})"
            try:
                names = []
                for n in item["names"]:
                    start = _date(n.get("from"), f"{where}, field from")
                    end = _date(n.get("to"), f"{where}, field to")
                    if start and end and end <= start:
                        raise PlacesError(f"{where}: name {n['name']!r} ends before it starts")
                    names.append(PlaceName(str(n["name"]), start, end, int(n.get("precision", 3))))
                cited = tuple(str(s) for s in item.get("sources") or ())
                unknown = [s for s in cited if s not in known]
                if unknown:
                    raise PlacesError(f"{where}: field sources names unknown key(s) {unknown}")
                places.append(
                    Place(
                        id=str(item["id"]),
                        lon=float(item["lon"]),
                        lat=float(item["lat"]),
                        names=tuple(sorted(names, key=lambda n: n.start or dt.date.min)),
                        rank=int(item.get("rank", 3)),
                        sources=cited,
                        note=str(item.get("note", "")).strip(),
                        polities=_memberships(item.get("in"), where),
                    )
                )
            except KeyError as exc:
                raise PlacesError(f"{where}: missing field {exc.args[0]}") from None
        ids = [p.id for p in places]
        doubled = sorted({i for i in ids if ids.count(i) > 1})
        if doubled:
            raise PlacesError(f"{path.name}: place id(s) used twice: {doubled}")
        return cls(places)

    def by_id(self, place_id: str) -> Place:
        """The place with id ``place_id`` (KeyError if none)."""
        for place in self.places:
            if place.id == place_id:
                return place
        raise KeyError(place_id)

    def at(self, lat: float, lon: float, tolerance: float = 1e-6) -> Place | None:
        """The place at exactly these coordinates (within ``tolerance`` degrees), if any."""
        return next(
            (
                p
                for p in self.places
                if abs(p.lat - lat) <= tolerance and abs(p.lon - lon) <= tolerance
            ),
            None,
        )

    def names_at(self, day: dt.date) -> dict[str, str]:
        """Place id -> the name in use on ``day`` (places with no name then are left out)."""
        out = {}
        for place in self.places:
            name = place.name_on(day)
            if name is not None:
                out[place.id] = name
        return out

    def change_dates(self) -> list[dt.date]:
        """Every day on which some place changed its name."""
        return sorted({d for p in self.places for d in p.change_dates()})

    def to_json(self) -> list[dict[str, Any]]:
        """Plain data for the map page: coordinates, ranks and name intervals."""
        return [
            {
                "id": p.id,
                "lon": p.lon,
                "lat": p.lat,
                "rank": p.rank,
                "names": [
                    {
                        "name": n.name,
                        "from": n.start.isoformat() if n.start else None,
                        "to": n.end.isoformat() if n.end else None,
                    }
                    for n in p.names
                ],
            }
            for p in self.places
        ]


def names_at(day: dt.date, path: Path = PLACES_FILE) -> dict[str, str]:
    """Place id -> name in use on ``day``, read from the places file."""
    return Gazetteer.load(path).names_at(day)


# ------------------------------------------------------------------ places inside their polities


def check_days(
    places: Iterable[Place],
    atlas_days: Iterable[dt.date],
    start: dt.date = TIMELINE_START,
    end: dt.date = TIMELINE_END,
) -> list[dt.date]:
    """One day for every state of the borders and the places' memberships in [start, end]:
    the first day, every atlas change and every membership bound inside the range."""
    bounds = {start} | set(atlas_days)
    for place in places:
        for m in place.polities:
            bounds |= {d for d in (m.start, m.end) if d is not None}
    return sorted(d for d in bounds if start <= d <= end)


def misplacements(
    places: list[Place],
    atlas: Any,
    days: Iterable[dt.date] | None = None,
    when: Callable[[Place, dt.date], bool] | None = None,
) -> list[str]:
    """Every way the places disagree with the atlas, as one line each (empty when they agree).

    On each day (by default every state of the atlas on the timeline) a place must lie inside
    each polity it lists for that day whenever the atlas has that polity then, and inside no other
    polity of the atlas. ``atlas`` is a :class:`sovietmap.core.atlas.BorderAtlas`; ``when``
    (place, day) can restrict the days checked per place. Also reported: listed polity ids the
    atlas does not know at all.
    """
    import numpy as np
    import shapely

    known = set(atlas.ids())
    problems = [
        f"{p.id}: lists unknown polity {m.polity!r}"
        for p in places
        for m in p.polities
        if m.polity not in known
    ]
    if not places:
        return problems
    xs = np.array([p.lon for p in places])
    ys = np.array([p.lat for p in places])
    inside: dict[int, Any] = {}  # atlas row -> bool per place
    check = days if days is not None else check_days(places, atlas.change_dates())
    for day in check:
        rows = atlas.at(day)
        holding: list[set[str]] = [set() for _ in places]
        for row, polity, geom in zip(rows.index, rows["id"], rows.geometry, strict=True):
            if row not in inside:
                inside[row] = shapely.contains_xy(geom, xs, ys)
            for hit in np.flatnonzero(inside[row]):
                holding[int(hit)].add(str(polity))
        present = set(str(p) for p in rows["id"])
        for i, place in enumerate(places):
            if when is not None and not when(place, day):
                continue
            listed = place.polities_on(day) & present
            for polity in sorted(listed - holding[i]):
                problems.append(f"{place.id} on {day}: outside {polity}")
            for polity in sorted(holding[i] - place.polities_on(day)):
                problems.append(f"{place.id} on {day}: inside {polity}, which it does not list")
    return problems
