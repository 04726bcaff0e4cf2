"""The border atlas: polities as features with validity intervals, queried by date."""

from __future__ import annotations

import bisect
import datetime as dt
import gzip
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np

from sovietmap import GEO_DIR

BORDERS_FILE = GEO_DIR / "borders.geojson.gz"

#: Properties every border feature carries (see data/geo/README.md).
BORDER_FIELDS = ("id", "name", "valid_from", "valid_to", "precision", "sources")

_OPEN_END = dt.date.max.toordinal()


def _ordinal(value: Any) -> int:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return _OPEN_END
    return dt.date.fromisoformat(str(value)).toordinal()


class BorderAtlas:
    """Every border feature of every polity, with a fast ``at(date)`` filter.

    ``valid_from`` is inclusive, ``valid_to`` exclusive; a missing ``valid_to`` means the
    feature is still in force at the end of the data.
    """

    def __init__(self, frame: gpd.GeoDataFrame) -> None:
        missing = [f for f in BORDER_FIELDS if f not in frame.columns]
        if missing:
            raise ValueError(f"border data lacks the field(s) {', '.join(missing)}")
        self.frame = frame.reset_index(drop=True)
        self._from = np.array([_ordinal(v) for v in self.frame["valid_from"]], dtype=np.int64)
        self._to = np.array([_ordinal(v) for v in self.frame["valid_to"]], dtype=np.int64)
        edges = set(self._from.tolist()) | set(self._to.tolist())
        edges.discard(_OPEN_END)
        self._edges = sorted(edges)
        self._cache: dict[int, gpd.GeoDataFrame] = {}

    @classmethod
    def load(cls, path: Path = BORDERS_FILE) -> BorderAtlas:
        """Read the atlas from a GeoJSON FeatureCollection, plain or gzipped (default: bundled)."""
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        return cls(gpd.GeoDataFrame.from_features(data["features"], crs="EPSG:4326"))

    def change_dates(self) -> list[dt.date]:
        """Every date on which some feature begins or ends, in order."""
        return [dt.date.fromordinal(o) for o in self._edges]

    def at(self, day: dt.date) -> gpd.GeoDataFrame:
        """The features valid on ``day`` (a view; do not modify it)."""
        key = day.toordinal()
        slot = bisect.bisect_right(self._edges, key)
        hit = self._cache.get(slot)
        if hit is None:
            mask = (self._from <= key) & (key < self._to)
            hit = self.frame[mask]
            self._cache[slot] = hit
        return hit

    def ids(self) -> list[str]:
        """The distinct polity ids, in file order."""
        return list(dict.fromkeys(self.frame["id"]))

    def intervals(self, polity: str) -> list[tuple[dt.date, dt.date | None]]:
        """The validity intervals of one polity, sorted by start."""
        rows = self.frame[self.frame["id"] == polity]
        out = []
        for start, end in zip(rows["valid_from"], rows["valid_to"], strict=True):
            stop = None if _ordinal(end) == _OPEN_END else dt.date.fromisoformat(str(end))
            out.append((dt.date.fromisoformat(str(start)), stop))
        return sorted(out, key=lambda pair: pair[0])

    def feature(self, polity: str, day: dt.date) -> Any:
        """The geometry of ``polity`` on ``day``, or ``None`` when it did not exist."""
        rows = self.at(day)
        rows = rows[rows["id"] == polity]
        return None if rows.empty else rows.geometry.iloc[0]


def to_geojson(frame: gpd.GeoDataFrame, fields: Iterable[str] = BORDER_FIELDS) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of ``frame`` with only ``fields`` as properties."""
    from shapely.geometry import mapping

    features = []
    for row in frame.itertuples(index=False):
        props = {}
        for name in fields:
            value = getattr(row, name)
            if isinstance(value, float) and np.isnan(value):
                value = None
            if isinstance(value, np.generic):
                value = value.item()
            props[name] = value
        features.append({"type": "Feature", "properties": props, "geometry": mapping(row.geometry)})
    return {"type": "FeatureCollection", "features": features}
