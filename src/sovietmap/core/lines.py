"""The border lines as stretches (data/geo/lines.geojson.gz), queried by date.

Every polity's outline is stored once as stretches: pieces of line that the same polities hold
and that have one kind (``border`` or ``coast``) and one precision history. Each stretch carries
``polities`` (id -> the date ranges in which that polity's outline holds it), ``kind`` and
``precision``: date ranges ``[from, to, precision, [source keys]]`` (``from`` inclusive, ``to``
exclusive, ``null`` open). The file's ``sources`` maps each key to its citation.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sovietmap import GEO_DIR
from sovietmap.core.atlas import read_text

LINES_FILE = GEO_DIR / "lines.geojson.gz"


def load(path: Path = LINES_FILE) -> dict[str, Any]:
    """The stretches as a FeatureCollection (with its ``sources`` map)."""
    data: dict[str, Any] = json.loads(read_text(path))
    return data


def _holds(start: str | None, end: str | None, day: str) -> bool:
    return (start is None or start <= day) and (end is None or day < end)


def stretch_at(props: dict[str, Any], day: dt.date) -> tuple[list[str], int | None, list[str]]:
    """(ids of the polities whose outline holds the stretch, its precision, its source keys)
    on ``day``; no ids when no outline holds it then."""
    iso = day.isoformat()
    ids = [
        pid
        for pid, ranges in props["polities"].items()
        if any(_holds(a, b, iso) for a, b in ranges)
    ]
    for start, end, precision, keys in props["precision"]:
        if _holds(start, end, iso):
            return ids, int(precision), [str(k) for k in keys]
    return ids, None, []


def lines_at(day: dt.date, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """The stretches drawn on ``day``, as a FeatureCollection of lines: one feature per stretch
    with ``polities``, ``kind``, ``precision`` (1-3) and ``sources`` (citations)."""
    data = data if data is not None else load()
    cited = data.get("sources", {})
    features = []
    for feature in data["features"]:
        ids, precision, keys = stretch_at(feature["properties"], day)
        if not ids:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "polities": ids,
                    "kind": feature["properties"]["kind"],
                    "precision": precision,
                    "sources": [cited.get(k, k) for k in keys],
                },
                "geometry": feature["geometry"],
            }
        )
    return {"type": "FeatureCollection", "features": features}
