"""Every polity's outline as stretches: noded once, each piece stored once, with its own
precision and sources over time, and told apart as land border or coast.

A stretch is a run of line that the same polity intervals share, on the same kind of edge:

* ``coast`` where the other side is sea (no Natural Earth admin-0 land there);
* a cut edge (geodata/cuts.yaml) takes that cut's precision and sources;
* any other edge is a Natural Earth admin-0 or admin-1 line, and takes the precision of
  geodata/stretches.yaml for the pair of countries on its two sides (which may change by date).

Each output feature carries ``polities`` (id -> the date ranges in which that polity's outline
holds the line), ``kind`` (``border`` or ``coast``) and ``precision``: the date ranges
``[from, to, precision, [source keys]]``; the FeatureCollection's ``sources`` maps every key used
to its citation.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
import shapely.geometry
import yaml
from shapely.geometry.base import BaseGeometry

from sovietmap import PROJECT_ROOT
from sovietmap.core import bibliography

AUTHORED = PROJECT_ROOT / "geodata"
GRID = 1e-4
#: The polity kinds whose outlines are drawn as lines (districts and disputed zones are drawn
#: by their own polygons).
LINE_KINDS = ("union", "federation", "republic", "autonomy", "neighbour", "context")
#: How far either side of a line (degrees) we look for Natural Earth land to tell the country
#: there; more than the build's simplification moves a line (about 0.01 degrees).
SIDE = 0.03
#: Transcaucasia, where the build keeps lines at village scale, is probed closer.
FINE_BOX = (39.9, 38.2, 50.9, 43.7)
FINE_SIDE = 0.012
#: A line within this distance (degrees) of a cut's edge was made by that cut.
CUT_NEAR = 0.02
FINE_CUT_NEAR = 0.005
#: Runs of another grade shorter than this (degrees, about 3 km) inside a line are smoothed.
SMOOTH = 0.03
#: ... and inside a coast up to this (about 15 km): a coast moved by simplification past the
#: nearest probe (river mouths, lagoons) reads as land on both sides.
SMOOTH_COAST = 0.15

Span = tuple[str | None, str | None, int, tuple[str, ...]]


@dataclass(frozen=True)
class Grade:
    """The precision and sources of one kind of edge, as date spans."""

    spans: tuple[Span, ...]


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _grade(entry: dict[str, Any], where: str, known: dict[str, Any]) -> Grade:
    """A table entry: either {precision, sources} or {spans: [{from, to, precision, sources}]}.

    Unknown source keys are an error.
    """
    rows = entry.get("spans") or [entry]
    spans = []
    for row in rows:
        p = int(row["precision"])
        if p not in (1, 2, 3):
            raise ValueError(f"{where}: precision must be 1, 2 or 3, not {p}")
        keys = tuple(str(k) for k in row.get("sources", []))
        unknown = [k for k in keys if k not in known]
        if unknown:
            raise ValueError(f"{where}: unknown source keys {unknown}")
        spans.append((_iso(row.get("from")), _iso(row.get("to")), p, keys))
    edges = [None] + [e for s in spans for e in (s[0], s[1])] + [None]
    if any(edges[i] != edges[i + 1] for i in range(0, len(edges), 2)):
        raise ValueError(f"{where}: the spans must follow each other from null to null")
    return Grade(tuple(spans))


def load_table(known: dict[str, Any]) -> tuple[dict[str, Grade], dict[str, Grade]]:
    """(country-pair key -> grade, cut name -> grade) from stretches.yaml and cuts.yaml."""
    with open(AUTHORED / "stretches.yaml", encoding="utf-8") as fh:
        table = yaml.safe_load(fh)
    with open(AUTHORED / "cuts.yaml", encoding="utf-8") as fh:
        cuts = yaml.safe_load(fh)
    pairs = {str(k): _grade(v, f"stretches.yaml {k}", known) for k, v in table["pairs"].items()}
    for name in ("coast", "same-country", "default"):
        pairs[name] = _grade(table[name], f"stretches.yaml {name}", known)
    by_cut = {str(k): _grade(v, f"cuts.yaml {k}", known) for k, v in cuts.items()}
    return pairs, by_cut


def pair_key(a: str | None, b: str | None, pairs: dict[str, Grade]) -> str:
    """The table key for an edge between countries ``a`` and ``b`` (None: sea)."""
    if a is None or b is None:
        return "coast"
    if a == b:
        return "same-country"
    key = "-".join(sorted((a, b)))
    return key if key in pairs else "default"


def _segments(lines: Iterable[BaseGeometry]) -> np.ndarray:
    """Every straight segment of the lines, as rows (x0, y0, x1, y1)."""
    coords, index = shapely.get_coordinates(np.asarray(list(lines)), return_index=True)
    same = index[:-1] == index[1:]
    return np.hstack([coords[:-1][same], coords[1:][same]])


def _noded(rings: list[Any]) -> np.ndarray:
    """The segments of all the rings, each once, noded where lines cross or overlap in part.

    The rings share most of their segments (they are unions of the same atoms): dropping the
    copies first makes the noding a few times faster than noding the rings themselves.
    """
    seg = _segments(np.concatenate([shapely.get_parts(r) for r in rings]))
    a, b = seg[:, :2], seg[:, 2:]
    swap = (a[:, 0] > b[:, 0]) | ((a[:, 0] == b[:, 0]) & (a[:, 1] > b[:, 1]))
    seg = np.unique(np.where(swap[:, None], np.hstack([b, a]), seg), axis=0)
    lines = shapely.multilinestrings(shapely.linestrings(seg.reshape(-1, 2, 2)))
    return _segments(shapely.get_parts(shapely.union_all([lines], grid_size=GRID)))


def _key(seg: np.ndarray) -> np.ndarray:
    """One comparable value per segment, whichever way it runs."""
    a, b = seg[:, :2], seg[:, 2:]
    swap = (a[:, 0] > b[:, 0]) | ((a[:, 0] == b[:, 0]) & (a[:, 1] > b[:, 1]))
    rows = np.ascontiguousarray(np.where(swap[:, None], np.hstack([b, a]), seg).round(6))
    return rows.view(np.dtype((np.void, rows.dtype.itemsize * 4))).ravel()


def _on_rings(seg: np.ndarray, mids: Any, rings: list[Any]) -> np.ndarray:
    """Which rings each segment lies on (a segments x rings table of booleans).

    Most noded segments are a ring's own segments, found by value; a ring's segments that the
    noding split are matched to their pieces by distance.
    """
    keys = _key(seg)
    tree = shapely.STRtree(mids)
    on = np.zeros((len(seg), len(rings)), dtype=bool)
    for u, ring in enumerate(rings):
        own = _segments(shapely.get_parts(ring))
        own_keys = _key(own)
        on[:, u] = np.isin(keys, own_keys)
        split = own[~np.isin(own_keys, keys)]
        if len(split):
            parts = shapely.linestrings(split.reshape(-1, 2, 2))
            # Snapped to the grid, a piece may sit up to half a cell off the segment it was.
            on[tree.query(parts, predicate="dwithin", distance=GRID / 2)[1], u] = True
    return on


def _probes(seg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each segment's midpoint and its left normal scaled to the probing distance."""
    mid = (seg[:, :2] + seg[:, 2:]) / 2
    d = seg[:, 2:] - seg[:, :2]
    d /= np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-12)[:, None]
    normal = np.column_stack([-d[:, 1], d[:, 0]])
    fine = shapely.contains_xy(shapely.box(*FINE_BOX), mid[:, 0], mid[:, 1])
    return mid, normal * np.where(fine, FINE_SIDE, SIDE)[:, None]


def _inside_any(point: np.ndarray, shapes: Any) -> np.ndarray:
    """Whether each point lies inside any of the (prepared) shapes."""
    hit = np.zeros(len(point), dtype=bool)
    tree = shapely.STRtree(shapely.points(point))
    for shape in shapes:
        near = tree.query(shape)
        hit[near[shapely.contains_xy(shape, point[near, 0], point[near, 1])]] = True
    return hit


def _coast(
    seg: np.ndarray, shapes: list[Any], left: list[str | None], right: list[str | None]
) -> np.ndarray:
    """Whether each segment is coast: the polities hold land on one side only, and on the
    other the probes find sea, or cross water to land the polities hold (fjords, straits)."""
    mid, reach = _probes(seg)
    unit = reach / np.hypot(reach[:, 0], reach[:, 1])[:, None]
    land = np.asarray(shapes)
    shapely.prepare(land)
    held_left = _inside_any(mid + unit * GRID / 5, land)
    held_right = _inside_any(mid - unit * GRID / 5, land)
    across_left = _inside_any(mid + reach / 3, land)
    across_right = _inside_any(mid - reach / 3, land)
    sea_left = np.array([c is None for c in left])
    sea_right = np.array([c is None for c in right])
    return (held_left & ~held_right & (sea_right | across_right)) | (
        held_right & ~held_left & (sea_left | across_left)
    )


def _sides(seg: np.ndarray, countries: Any) -> tuple[list[str | None], list[str | None]]:
    """The Natural Earth country (ADM0_A3, None for sea) left and right of each segment.

    Each side is probed at three distances (closer in FINE_BOX, where lines are simplified
    less): sea at the nearest probe is sea, otherwise the majority wins, so that neither a line
    moved by simplification nor a narrow neighbour beyond it decides alone.
    """
    mid, reach = _probes(seg)
    names = [str(n) for n in countries.index]
    shapes = countries.geometry.to_numpy()
    shapely.prepare(shapes)
    out = []
    for sign in (1, -1):
        votes = []
        for share in (1 / 3, 2 / 3, 1.0):
            point = mid + sign * share * reach
            found: list[str | None] = [None] * len(seg)
            tree = shapely.STRtree(shapely.points(point))
            for c in reversed(range(len(shapes))):  # the first country in file order wins
                near = tree.query(shapes[c])
                inside = near[shapely.contains_xy(shapes[c], point[near, 0], point[near, 1])]
                for i in inside.tolist():
                    found[i] = names[c]
            votes.append(found)
        near, middle, far = votes
        # Sea right next to the line is sea: across a strait the far probes find land.
        out.append(
            [
                None if a is None else a if a in (b, c) else b if b == c else c
                for a, b, c in zip(near, middle, far, strict=True)
            ]
        )
    return out[0], out[1]


def _cut_of(mids: Any, cut_polygons: dict[str, BaseGeometry]) -> list[str | None]:
    """The cut whose edge each point lies on (the nearest, within CUT_NEAR), or None."""
    best: list[tuple[float, str] | None] = [None] * len(mids)
    fine = shapely.contains(shapely.box(*FINE_BOX), mids)
    limit = np.where(fine, FINE_CUT_NEAR, CUT_NEAR)
    tree = shapely.STRtree(mids)
    for name, poly in cut_polygons.items():
        edge = poly.exterior
        near = tree.query(edge, predicate="dwithin", distance=CUT_NEAR)
        for i, dist in zip(near, shapely.distance(mids[near], edge), strict=True):
            current = best[i]
            if dist <= limit[i] and (current is None or dist < current[0]):
                best[i] = (float(dist), name)
    return [b[1] if b else None for b in best]


def _ranges(intervals: list[tuple[str, str | None]]) -> list[list[str | None]]:
    out: list[list[str | None]] = []
    for start, end in sorted(intervals, key=lambda r: r[0]):
        if out and out[-1][1] == start:
            out[-1][1] = end
        else:
            out.append([start, end])
    return out


def _round(geom: BaseGeometry) -> dict[str, Any]:
    geo = shapely.geometry.mapping(geom)
    coords = shapely.get_coordinates(geom).round(4)
    flat = iter(coords.tolist())

    def fill(node: Any) -> Any:
        if isinstance(node[0], float):
            return next(flat)
        return [fill(n) for n in node]

    return {"type": geo["type"], "coordinates": fill(geo["coordinates"])}


def _smooth(seg: np.ndarray, holders: list[tuple[int, ...]], grade: list[Any]) -> list[Any]:
    """Short runs of another grade inside a line of one grade take that grade.

    Near tripoints, river mouths and where a cut's edge crosses a border, the side probes may
    name the wrong country for a few segments; a run shorter than SMOOTH (degrees) between two
    runs of the same grade, on a line that the same polities hold, is such an artefact.
    """
    where = {tuple(row): i for i, row in enumerate(seg.round(6).tolist())}
    out = list(grade)
    by_holders: dict[tuple[int, ...], list[int]] = {}
    for i, h in enumerate(holders):
        by_holders.setdefault(h, []).append(i)
    for picks in by_holders.values():
        merged = shapely.line_merge(
            shapely.multilinestrings(shapely.linestrings(seg[picks].reshape(-1, 2, 2)))
        )
        for chain in shapely.get_parts(merged):
            xy = shapely.get_coordinates(chain).round(6).tolist()
            found = [where.get((*a, *b), where.get((*b, *a))) for a, b in itertools.pairwise(xy)]
            runs: list[list[int]] = []
            for i in (i for i in found if i is not None):
                if runs and grade[runs[-1][0]] == grade[i]:
                    runs[-1].append(i)
                else:
                    runs.append([i])
            # A chain's end is a node where its holders change: a short run there next to a
            # coast is coast too (a border would be held by the polity across it).
            padded = [None, *runs, None]
            for before, run, after in zip(padded, padded[1:], padded[2:], strict=False):
                assert run is not None
                near = [grade[r[0]] for r in (before, after) if r is not None]
                if (len(near) == 2 and near[0] != near[1]) or not near:
                    continue
                if len(near) == 1 and near[0][0] != "coast":
                    continue
                size = np.hypot(*(seg[run, 2:] - seg[run, :2]).T).sum()
                if size < (SMOOTH_COAST if near[0][0] == "coast" else SMOOTH):
                    for i in run:
                        out[i] = near[0]
    return out


def stretch_lines(
    features: list[dict[str, Any]], countries: Any, cut_polygons: dict[str, BaseGeometry]
) -> dict[str, Any]:
    """The stretches of every polity outline in ``features`` (a GeoJSON FeatureCollection).

    ``countries``: Natural Earth admin-0 geometries indexed by ADM0_A3 (to tell the countries
    on both sides of a line, or the sea); ``cut_polygons``: cuts.yaml's polygons by name.
    """
    known = bibliography.load()
    pairs, by_cut = load_table(known)
    features = [f for f in features if f["properties"]["kind"] in LINE_KINDS]
    shapes = [shapely.geometry.shape(f["geometry"]) for f in features]
    unique: dict[bytes, int] = {}
    owner = [unique.setdefault(g.wkb, len(unique)) for g in shapes]
    rings: list[Any] = [None] * len(unique)
    polygons: list[Any] = [None] * len(unique)
    for g, u in zip(shapes, owner, strict=True):
        rings[u], polygons[u] = g.boundary, g
    seg = _noded(rings)
    mids = shapely.points((seg[:, :2] + seg[:, 2:]) / 2)
    on = _on_rings(seg, mids, rings)
    keep = on.any(axis=1)  # a piece on no outline is a noding artefact
    seg, mids, on = seg[keep], mids[keep], on[keep]
    west, east = box_of(seg)
    area = countries[countries.intersects(shapely.box(west[0], west[1], east[0], east[1]))]
    left, right = _sides(seg, area)
    coast = _coast(seg, polygons, left, right)
    cut = _cut_of(mids, {k: v for k, v in cut_polygons.items() if k in by_cut})
    grades = []
    for i in range(len(seg)):
        key = "coast" if coast[i] else pair_key(left[i], right[i], pairs)
        if key == "coast" and not coast[i]:
            key = "default"  # polities on both sides: a border, whatever the probes found
        # A cut's edge makes a line inside one modern country; where a cut runs along a
        # modern border, that border is what is drawn.
        made_by_cut = key == "same-country" and cut[i] is not None
        grade = by_cut[str(cut[i])] if made_by_cut else pairs[key]
        grades.append(("coast" if key == "coast" else "border", grade.spans))
    holders = [tuple(int(u) for u in np.flatnonzero(row)) for row in on]
    grades = _smooth(seg, holders, grades)
    groups: dict[tuple[Any, ...], list[int]] = {}
    for i, (h, g) in enumerate(zip(holders, grades, strict=True)):
        groups.setdefault((h, *g), []).append(i)
    lines = shapely.linestrings(seg.reshape(-1, 2, 2))
    used: set[str] = set()
    out = []
    for (held, kind, spans), picks in groups.items():
        polities: dict[str, list[tuple[str, str | None]]] = {}
        for n, u in enumerate(owner):
            if u in held:
                p = features[n]["properties"]
                polities.setdefault(p["id"], []).append((p["valid_from"], p["valid_to"]))
        for span in spans:
            used.update(span[3])
        line = shapely.line_merge(shapely.multilinestrings(lines[picks]))
        out.append(
            {
                "type": "Feature",
                "properties": {
                    "polities": {pid: _ranges(r) for pid, r in polities.items()},
                    "kind": kind,
                    "precision": [[a, b, p, list(keys)] for a, b, p, keys in spans],
                },
                "geometry": _round(line),
            }
        )
    return {
        "type": "FeatureCollection",
        "sources": {k: bibliography.cite(k, known) for k in sorted(used)},
        "features": out,
    }


def box_of(seg: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    """South-west and north-east corners around the segments, with room for the side probes."""
    ends = seg.reshape(-1, 2)  # every segment's two ends as (x, y) rows
    low, high = ends.min(axis=0) - 2 * SIDE, ends.max(axis=0) + 2 * SIDE
    return (float(low[0]), float(low[1])), (float(high[0]), float(high[1]))
