"""The border atlas: polities as features with validity intervals, queried by date.

Two views of the same data:

* :class:`BorderIndex` — properties and intervals only, read from the small
  ``borders-index.json``; no geometry and no geopandas, so the viewer starts fast.
* :class:`BorderAtlas` — the same plus geometry (``at(date)`` returns a GeoDataFrame).
"""

from __future__ import annotations

import bisect
import datetime as dt
import gzip
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sovietmap import GEO_DIR

if TYPE_CHECKING:
    import geopandas as gpd

BORDERS_FILE = GEO_DIR / "borders.geojson.gz"
INDEX_FILE = GEO_DIR / "borders-index.json"

#: Properties every border feature carries (see README, "Borders").
BORDER_FIELDS = ("id", "name", "valid_from", "valid_to", "precision", "sources")

_OPEN_END = dt.date.max.toordinal()


def _ordinal(value: Any) -> int:
    if value is None or (isinstance(value, float) and value != value):  # None or NaN
        return _OPEN_END
    return dt.date.fromisoformat(str(value)[:10]).toordinal()


def read_text(path: Path) -> str:
    """The text of a data file, gzipped (``.gz``) or plain."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return str(fh.read())


def read_features(path: Path = BORDERS_FILE) -> list[dict[str, Any]]:
    """The GeoJSON features of a FeatureCollection file, plain or gzipped."""
    features: list[dict[str, Any]] = json.loads(read_text(path))["features"]
    return features


class BorderIndex:
    """Every border feature's properties with a fast interval filter (no geometry).

    ``valid_from`` is inclusive, ``valid_to`` exclusive; a missing ``valid_to`` means the
    feature is still in force at the end of the data.
    """

    def __init__(self, records: list[dict[str, Any]]) -> None:
        for n, rec in enumerate(records):
            missing = [f for f in BORDER_FIELDS if f not in rec]
            if missing:
                raise ValueError(f"border feature {n}: lacks the field(s) {', '.join(missing)}")
        self.records = records
        self._from = [_ordinal(r["valid_from"]) for r in records]
        self._to = [_ordinal(r["valid_to"]) for r in records]
        edges = (set(self._from) | set(self._to)) - {_OPEN_END}
        self._edges = sorted(edges)
        self._rows: dict[int, list[int]] = {}

    @classmethod
    def load(cls, path: Path = INDEX_FILE) -> BorderIndex:
        """Read the properties-only index written by the geodata build."""
        with open(path, encoding="utf-8") as fh:
            return cls(json.load(fh))

    def rows_at(self, day: dt.date) -> list[int]:
        """Positions of the features valid on ``day`` (cached per border state)."""
        key = day.toordinal()
        slot = bisect.bisect_right(self._edges, key)
        rows = self._rows.get(slot)
        if rows is None:
            rows = [
                i for i, (a, b) in enumerate(zip(self._from, self._to, strict=True)) if a <= key < b
            ]
            self._rows[slot] = rows
        return rows

    def records_at(self, day: dt.date) -> list[dict[str, Any]]:
        """The properties of the features valid on ``day``."""
        return [self.records[i] for i in self.rows_at(day)]

    def names_at(self, day: dt.date) -> dict[str, str]:
        """Polity id -> its name on ``day``, for the polities that exist then."""
        return {str(r["id"]): str(r["name"]) for r in self.records_at(day)}

    def change_dates(self) -> list[dt.date]:
        """Every date on which some feature begins or ends, in order."""
        return [dt.date.fromordinal(o) for o in self._edges]

    def ids(self) -> list[str]:
        """The distinct polity ids, in file order."""
        return list(dict.fromkeys(str(r["id"]) for r in self.records))

    def intervals(self, polity: str) -> list[tuple[dt.date, dt.date | None]]:
        """The validity intervals of one polity, sorted by start."""
        out = []
        for rec, end in zip(self.records, self._to, strict=True):
            if rec["id"] == polity:
                stop = None if end == _OPEN_END else dt.date.fromordinal(end)
                out.append((dt.date.fromisoformat(str(rec["valid_from"])[:10]), stop))
        return sorted(out, key=lambda pair: pair[0])


class BorderAtlas(BorderIndex):
    """The border features with their geometry; ``at(date)`` returns a GeoDataFrame."""

    def __init__(self, frame: gpd.GeoDataFrame) -> None:
        missing = [f for f in BORDER_FIELDS if f not in frame.columns]
        if missing:
            raise ValueError(f"border data lacks the field(s) {', '.join(missing)}")
        self.frame = frame.reset_index(drop=True)
        records = self.frame.drop(columns="geometry").to_dict("records")
        for rec in records:  # pandas turns a missing end into NaN
            if _ordinal(rec["valid_to"]) == _OPEN_END:
                rec["valid_to"] = None
        super().__init__(records)
        self._frames: dict[int, gpd.GeoDataFrame] = {}

    @classmethod
    def load(cls, path: Path = BORDERS_FILE) -> BorderAtlas:
        """Read the atlas from a GeoJSON FeatureCollection, plain or gzipped (default: bundled)."""
        import geopandas as gpd

        features = read_features(path)
        return cls(gpd.GeoDataFrame.from_features(features, crs="EPSG:4326"))

    def at(self, day: dt.date) -> gpd.GeoDataFrame:
        """The features valid on ``day`` (a cached view; do not modify it)."""
        slot = bisect.bisect_right(self._edges, day.toordinal())
        hit = self._frames.get(slot)
        if hit is None:
            hit = self.frame.iloc[self.rows_at(day)]
            self._frames[slot] = hit
        return hit

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
            if isinstance(value, float) and value != value:
                value = None
            if hasattr(value, "item"):  # numpy scalar
                value = value.item()
            props[name] = value
        features.append({"type": "Feature", "properties": props, "geometry": mapping(row.geometry)})
    return {"type": "FeatureCollection", "features": features}
