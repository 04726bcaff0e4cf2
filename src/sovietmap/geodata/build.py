"""Regenerate data/geo/ from Natural Earth and the authored files in geodata/.

Steps: carve each Natural Earth country into atoms (areas whose membership in every polity
never changes; geodata/atoms.yaml), simplify all atoms together as one polygon coverage so that
neighbours keep sharing their edges, then compose each polity's features, one per interval in
which its atoms, name and precision stay the same (geodata/polities.yaml).

Usage: python -m sovietmap.geodata.build [--out DIR] [--check]
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import gzip
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
import shapely.geometry
import yaml
from shapely.geometry import MultiPolygon, Polygon, box, mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from sovietmap import GEO_DIR, PROJECT_ROOT
from sovietmap.core import bibliography
from sovietmap.geodata.sources import admin0_path, admin1_path
from sovietmap.geodata.stretches import stretch_lines

AUTHORED = PROJECT_ROOT / "geodata"
#: Coverage simplification tolerance, degrees (about 1 km: under 2 px at zoom 8).
TOLERANCE = 0.01
#: Transcaucasia, drawn at village scale (zoom 10-11): enclaves of a few km² and towns on the
#: coast keep their place. Lines inside this box are simplified with FOCUS_TOLERANCE (~150 m).
FOCUS_BOX = (39.9, 38.2, 50.9, 43.7)
FOCUS_TOLERANCE = 0.0015
#: Coordinates are snapped to this grid (about 11 m) so that the output is stable.
GRID = 1e-4
#: Island and sliver parts smaller than this (square degrees, about 1-3 km²) are dropped.
MIN_PART = 0.0003
#: Base-map land: countries outside the carved ones, within this box, simplified more.
BASE_BOX = (-25.0, 5.0, 180.0, 84.0)
BASE_TOLERANCE = 0.03
DEFAULT_BUFFER = 0.05
#: How far (degrees, ~2 km) an admin-1 mask's growth stays from the country's other units.
NEIGHBOUR_MARGIN = 0.02


def _yaml(name: str) -> Any:
    with open(AUTHORED / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _polygons(geom: BaseGeometry) -> list[Polygon]:
    if geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    return [g for part in getattr(geom, "geoms", []) for g in _polygons(part)]


def _multi(parts: list[Polygon]) -> MultiPolygon:
    return MultiPolygon([p for p in parts if not p.is_empty])


def _drop_small(geom: BaseGeometry, min_area: float = MIN_PART) -> MultiPolygon:
    return _multi([p for p in _polygons(geom) if p.area >= min_area])


def _fill_small_holes(geom: BaseGeometry, min_area: float = MIN_PART) -> MultiPolygon:
    """Close holes that are seams between source polygons, keep real enclaves."""
    return _multi(
        [
            Polygon(p.exterior, [r for r in p.interiors if Polygon(r).area >= min_area])
            for p in _polygons(geom)
        ]
    )


def carve(admin0: gpd.GeoDataFrame, admin1: gpd.GeoDataFrame) -> dict[str, BaseGeometry]:
    """Split the countries named in atoms.yaml into disjoint atoms."""
    recipe = _yaml("atoms.yaml")
    cuts = {k: Polygon(v["polygon"]) for k, v in _yaml("cuts.yaml").items()}
    atoms: dict[str, BaseGeometry] = {}
    for a3, steps in recipe.items():
        country = shapely.make_valid(admin0.loc[a3, "geometry"])
        units = admin1[admin1["adm0_a3"] == a3]
        left = country
        slivers: list[Polygon] = []
        for step in steps:
            if step.get("rest"):
                piece = left
                slivers = [p for p in _polygons(piece) if p.area < MIN_PART]
            else:
                mask = box(-180, -90, 180, 90)
                if "admin1" in step:
                    wanted = units["name"].isin(step["admin1"])
                    missing = set(step["admin1"]) - set(units.loc[wanted, "name"])
                    if missing:
                        raise ValueError(f"atoms.yaml {step['atom']}: no admin-1 unit {missing}")
                    inside = shapely.union_all(units.loc[wanted, "geometry"].to_numpy())
                    others = shapely.union_all(units.loc[~wanted, "geometry"].to_numpy())
                    # The growth keeps NEIGHBOUR_MARGIN off the country's other units: else a
                    # unit grows along the coast past its neighbour's generalized shore (Abkhazia
                    # took Anaklia's coast south of the Enguri).
                    grown = inside.buffer(step.get("buffer", DEFAULT_BUFFER)).difference(
                        others.buffer(NEIGHBOUR_MARGIN)
                    )
                    mask = grown.union(inside)
                for name in step.get("cuts", []):
                    mask = mask.intersection(cuts[name])
                piece = left.intersection(mask)
            # Slivers of a mask edge stay with what is left, so atoms keep clean shapes.
            piece = _drop_small(piece)
            left = left.difference(piece)
            # An atom may take land from two countries (Karki, in Natural Earth's Armenia, is
            # part of Nakhchivan): the pieces are joined.
            if step["atom"] in atoms:
                piece = atoms[step["atom"]].union(piece)
            atoms[step["atom"]] = piece
        _give_slivers(slivers, atoms, list(dict.fromkeys(s["atom"] for s in steps)))
    return atoms


def _give_slivers(slivers: list[Polygon], atoms: dict[str, BaseGeometry], names: list[str]) -> None:
    """Join each sliver left between a mask and the border to the atom it shares most edge
    with (dropped, it would leave a hole in the republic)."""
    for sliver in slivers:
        edge = sliver.boundary
        shared = {n: edge.intersection(atoms[n]).length for n in names if not atoms[n].is_empty}
        best = max(shared, key=lambda n: shared[n], default=None)
        if best is not None and shared[best] > 0:
            atoms[best] = atoms[best].union(sliver)


def simplify(atoms: dict[str, BaseGeometry]) -> dict[str, BaseGeometry]:
    """Simplify all atoms as one coverage (shared edges stay shared), then snap to the grid."""
    names = list(atoms)
    # Carving leaves T-junctions (a cut's vertex on one country's border and not on the
    # neighbour's) and hairline slivers; coverage simplification turns them into gaps. Snap,
    # then clean the coverage, closing gaps narrower than about 200 m.
    geoms = [_drop_small(shapely.set_precision(atoms[n], GRID)) for n in names]
    geoms = list(shapely.coverage_clean(geoms, snapping_distance=0.0, gap_width=0.002))
    # Two passes over the same coverage, split at the focus box: the box's edges end at nodes,
    # which coverage simplification keeps, so the fine inner and coarse outer halves still meet.
    focus = box(*FOCUS_BOX)
    inner = [_multi(_polygons(g.intersection(focus))) for g in geoms]
    outer = [_multi(_polygons(g.difference(focus))) for g in geoms]
    parts = shapely.coverage_clean(inner + outer, snapping_distance=0.0)
    coarse = shapely.coverage_simplify(parts, TOLERANCE)[len(geoms) :]
    fine = shapely.coverage_simplify(parts, FOCUS_TOLERANCE)[: len(geoms)]
    simple = [shapely.union_all([a, b], grid_size=GRID) for a, b in zip(fine, coarse, strict=True)]
    out = {}
    for name, geom in zip(names, simple, strict=True):
        geom = shapely.set_precision(shapely.make_valid(geom), GRID)
        out[name] = _drop_small(geom)
    return out


@dataclass
class Interval:
    """One output feature in the making."""

    start: dt.date
    end: dt.date | None
    atoms: frozenset[str]
    name: str
    precision: int
    sources: list[str] = field(default_factory=list)


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _holds(start: Any, end: Any, day: dt.date) -> bool:
    s, e = _date(start), _date(end)
    return s is not None and s <= day and (e is None or day < e)


def polity_intervals(spec: dict[str, Any], groups: dict[str, list[str]]) -> list[Interval]:
    """Split one polity's history into intervals of constant atoms, name and precision."""
    edges: set[dt.date] = set()
    for row in spec["names"] + spec["precision"]:
        edges.update(d for d in (_date(row[0]), _date(row[1])) if d)
    for member in spec["members"]:
        edges.update(d for d in (_date(member["from"]), _date(member["to"])) if d)
    cuts = sorted(edges)
    out: list[Interval] = []
    for i, start in enumerate(cuts):
        end = cuts[i + 1] if i + 1 < len(cuts) else None
        atoms: set[str] = set()
        sources = list(spec.get("sources", []))
        for member in spec["members"]:
            if _holds(member["from"], member["to"], start):
                # `except` takes atoms (or groups) out of this member's groups, e.g. a
                # republic without the zones it disputed with a neighbour.
                left_out = {
                    a for item in member.get("except", []) for a in groups.get(item, [item])
                }
                for item in member["atoms"]:
                    atoms.update(set(groups.get(item, [item])) - left_out)
                sources += [s for s in member.get("sources", []) if s not in sources]
        names = [n[2] for n in spec["names"] if _holds(n[0], n[1], start)]
        precision = [p[2] for p in spec["precision"] if _holds(p[0], p[1], start)]
        if not atoms and not names:
            continue
        if not (atoms and len(names) == 1 and len(precision) == 1):
            raise ValueError(f"polities.yaml: on {start} atoms/names/precision are inconsistent")
        if (
            out
            and out[-1].end == start
            and out[-1].atoms == atoms
            and out[-1].name == names[0]
            and out[-1].precision == precision[0]
        ):
            out[-1].end = end
            out[-1].sources += [s for s in sources if s not in out[-1].sources]
            continue
        out.append(Interval(start, end, frozenset(atoms), names[0], precision[0], sources))
    if out and out[-1].end is None:
        # The last edge closes the polity unless a member or name runs on to the end.
        open_ended = any(m["to"] is None for m in spec["members"])
        if not open_ended:
            out.pop()
    return out


def _round(geom: BaseGeometry) -> dict[str, Any]:
    """GeoJSON geometry with coordinates printed on the snapping grid."""
    text = json.dumps(mapping(geom))
    data: dict[str, Any] = json.loads(text, parse_float=lambda s: round(float(s), 4))
    return data


def compose(atoms: dict[str, BaseGeometry]) -> list[dict[str, Any]]:
    """The border features, as GeoJSON feature dicts, in polities.yaml order."""
    spec = _yaml("polities.yaml")
    sources = bibliography.load()
    groups = spec["groups"]
    # A republic's name goes where its autonomies are not (else "Azerbaijan SSR" sits on
    # Karabakh and "Georgian SSR" near Abkhazia, on top of the autonomies' own names).
    autonomous = {
        a
        for p in spec["polities"].values()
        if p["kind"] == "autonomy"
        for m in p["members"]
        for item in m["atoms"]
        for a in groups.get(item, [item])
    }
    features = []
    for pid, pspec in spec["polities"].items():
        for iv in polity_intervals(pspec, groups):
            missing = iv.atoms - set(atoms)
            if missing:
                raise ValueError(f"polities.yaml {pid}: unknown atoms {sorted(missing)}")
            geom = shapely.union_all([atoms[a] for a in sorted(iv.atoms)], grid_size=GRID)
            geom = shapely.set_precision(shapely.make_valid(geom), GRID)
            geom = _fill_small_holes(_drop_small(geom))
            biggest = max(_polygons(geom), key=lambda p: p.area)
            inner = iv.atoms & autonomous if pspec["kind"] != "autonomy" else set()
            if inner:
                free = biggest.difference(shapely.union_all([atoms[a] for a in inner]))
                biggest = max(_polygons(free) or [biggest], key=lambda p: p.area)
            label = polylabel(biggest, tolerance=0.05)
            unknown = [s for s in iv.sources if s not in sources]
            if unknown:
                raise ValueError(f"polities.yaml {pid}: unknown source keys {unknown}")
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "id": pid,
                        "name": iv.name,
                        "valid_from": iv.start.isoformat(),
                        "valid_to": iv.end.isoformat() if iv.end else None,
                        "precision": iv.precision,
                        "sources": [bibliography.cite(k, sources) for k in iv.sources],
                        "kind": pspec["kind"],
                        "country": pspec.get("country"),  # colours follow it
                        "label_lon": round(label.x, 3),
                        "label_lat": round(label.y, 3),
                    },
                    "geometry": _round(geom),
                }
            )
    return features


def base_land(admin0: gpd.GeoDataFrame, atoms: dict[str, BaseGeometry]) -> dict[str, Any]:
    """One land feature: every atom plus the other countries inside BASE_BOX."""
    carved = set(_yaml("atoms.yaml"))
    area = box(*BASE_BOX)
    others = admin0[~admin0.index.isin(list(carved)) & admin0.intersects(area)]
    rest = shapely.union_all([shapely.make_valid(g) for g in others.geometry]).intersection(area)
    rest = _drop_small(rest, MIN_PART * 10).simplify(BASE_TOLERANCE)
    land = shapely.union_all([rest, *atoms.values()], grid_size=GRID)
    # Seams between the separately simplified neighbours are closed, coasts kept.
    land = _fill_small_holes(_drop_small(land), MIN_PART * 10)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"kind": "land", "source": "NE"},
                "geometry": _round(land),
            }
        ],
    }


def _write_json(path: Path, data: Any) -> None:
    """Compact GeoJSON, one feature a line; gzipped (reproducibly) when the name ends in .gz."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    raw = (text.replace('{"type":"Feature"', '\n{"type":"Feature"') + "\n").encode("utf-8")
    if path.suffix == ".gz":
        with open(path, "wb") as fh, gzip.GzipFile("", "wb", 9, fh, mtime=0) as gz:
            gz.write(raw)
    else:
        path.write_bytes(raw)


def build(out: Path) -> list[Path]:
    """Write the border features, their index, their stretches and the land; return the paths."""
    admin0 = gpd.read_file(admin0_path(), engine="pyogrio").set_index("ADM0_A3")
    admin1 = gpd.read_file(admin1_path(), layer="states_provinces", engine="pyogrio")
    atoms = simplify(carve(admin0, admin1))
    out.mkdir(parents=True, exist_ok=True)
    borders = out / "borders.geojson.gz"
    features = compose(atoms)
    _write_json(borders, {"type": "FeatureCollection", "features": features})
    lines = out / "lines.geojson.gz"
    cuts = {k: Polygon(v["polygon"]) for k, v in _yaml("cuts.yaml").items()}
    _write_json(lines, stretch_lines(features, admin0[["geometry"]], cuts))
    index = out / "borders-index.json"
    index.write_text(
        json.dumps([f["properties"] for f in features], ensure_ascii=False, indent=0) + "\n",
        "utf-8",
    )
    base = out / "base.geojson"
    _write_json(base, base_land(admin0, atoms))
    return [borders, lines, index, base]


def main(argv: list[str] | None = None) -> int:
    """Command line: rebuild data/geo/, or with --check compare a fresh build with it."""
    parser = argparse.ArgumentParser(prog="python -m sovietmap.geodata.build")
    parser.add_argument("--out", type=Path, default=GEO_DIR)
    parser.add_argument("--check", action="store_true", help="fail if data/geo/ is stale")
    args = parser.parse_args(argv)
    if not args.check:
        for path in build(args.out):
            print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        stale = [
            p.name
            for p in build(Path(tmp))
            if not (args.out / p.name).exists() or not filecmp.cmp(p, args.out / p.name, False)
        ]
    if stale:
        print(f"data/geo is stale: {', '.join(stale)} differ from a fresh build", file=sys.stderr)
        return 1
    print("data/geo matches a fresh build")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
