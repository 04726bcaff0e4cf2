"""Named boxes for checking that an event's coordinates lie where it says.

Each box is deliberately rough (a few tenths of a degree of slack): it catches swapped
lat/lon, sign errors and pins dropped in the wrong country, not exact borders.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    """A lon/lat box, inclusive on every side."""

    name: str
    min_lon: float
    max_lon: float
    min_lat: float
    max_lat: float

    def contains(self, lat: float, lon: float) -> bool:
        """True if the point (lat, lon) lies inside the box."""
        return self.min_lon <= lon <= self.max_lon and self.min_lat <= lat <= self.max_lat

    def describe(self) -> str:
        """The box as readable text, for messages."""
        return (
            f"{self.name} ({self.min_lon:g}–{self.max_lon:g}°E, "
            f"{self.min_lat:g}–{self.max_lat:g}°N)"
        )


#: Every region an event may name, by name.
REGIONS: dict[str, Region] = {
    r.name: r
    for r in (
        Region("azerbaijan", 44.7, 50.7, 38.3, 41.95),
        Region("baku", 49.6, 50.4, 40.25, 40.65),
        Region("georgia", 39.9, 46.8, 41.0, 43.6),
        Region("armenia", 43.4, 46.7, 38.8, 41.35),
        Region("transcaucasia", 39.9, 50.7, 38.3, 43.6),
        Region("north-caucasus", 37.0, 48.6, 41.1, 46.5),
        Region("ukraine", 22.0, 40.3, 44.3, 52.4),
        Region("moscow", 37.3, 37.95, 55.5, 56.0),
        Region("nizhny-novgorod", 43.6, 44.3, 56.15, 56.45),
        Region("far-east", 127.0, 142.0, 42.2, 55.0),
        Region("central-asia", 46.4, 87.4, 35.1, 55.5),
        # Rough: the Soviet Union from Kaliningrad to the Bering Strait (Chukotka's tip
        # east of 180° is left out).
        Region("ussr", 19.5, 180.0, 35.0, 82.0),
    )
}


class UnknownRegionError(LookupError):
    """A region name that is not in :data:`REGIONS`."""


def region(name: str) -> Region:
    """The region called ``name``; raises :class:`UnknownRegionError` listing the known names."""
    try:
        return REGIONS[name]
    except KeyError:
        known = ", ".join(sorted(REGIONS))
        raise UnknownRegionError(f"unknown region {name!r} (known: {known})") from None


def in_region(name: str, lat: float, lon: float) -> bool:
    """True if (lat, lon) lies in the region called ``name``."""
    return region(name).contains(lat, lon)
