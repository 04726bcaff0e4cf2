"""Historical place names: which name a city bore on a date (read from ``data/places.yaml``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sovietmap import DATA_DIR

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
class Place:
    """A place on the map with its names through time and the sources for them."""

    id: str
    lon: float
    lat: float
    names: tuple[PlaceName, ...]
    rank: int = 3
    sources: tuple[str, ...] = ()
    note: str = ""

    def name_on(self, day: dt.date) -> str | None:
        """The name in use on ``day`` (None if the data gives none)."""
        return next((n.name for n in self.names if n.holds_on(day)), None)

    def change_dates(self) -> list[dt.date]:
        """The days on which this place's name changed."""
        return sorted({n.start for n in self.names if n.start is not None})


def _date(value: Any, where: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise PlacesError(f"{where}: {value!r} is not an ISO date") from None


@dataclass
class Gazetteer:
    """Every place in the places file, with lookups by date."""

    places: list[Place]
    sources: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = PLACES_FILE) -> Gazetteer:
        """Read and check a places file (by default ``data/places.yaml``)."""
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        sources = {str(k): str(v) for k, v in (raw.get("sources") or {}).items()}
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
                unknown = [s for s in cited if s not in sources]
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
                    )
                )
            except KeyError as exc:
                raise PlacesError(f"{where}: missing field {exc.args[0]}") from None
        return cls(places, sources)

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
