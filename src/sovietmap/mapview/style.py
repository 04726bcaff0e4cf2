"""The map's look: a colour-blind-safe palette (Okabe-Ito) and line styles by precision.

One source of truth for the page's JS and the desktop legend.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sovietmap.mapview.contrast import accessible_line, composite

#: Okabe & Ito (2008), "Color Universal Design": safe for the common colour-vision deficiencies.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}

SEA = "#b3c7cc"
LAND = {"color": "#b7a77f", "weight": 0.6, "fillColor": "#efe6cc", "fillOpacity": 1.0}
PAPER_FONT = "'DejaVu Serif', Georgia, 'Times New Roman', serif"

#: Map layers the user toggles: key -> label (order = the panel's order).
LAYERS: dict[str, str] = {
    "land": "Land (background)",
    "union": "Union (USSR)",
    "federation": "Federation (Transcaucasian SFSR)",
    "republics": "Republics",
    "autonomies": "Autonomies",
    "districts": "Historical districts",
    "neighbours": "Neighbours and context",
    "labels": "Polity names",
    "cities": "City names (as then called)",
    "events": "Event pins",
}
#: Layers that start hidden (on a first run, in exports unless asked for, on the page).
LAYERS_OFF = frozenset({"districts"})

#: How each feature kind is drawn and which layer holds it; `order` is bottom to top.
KINDS: dict[str, dict[str, Any]] = {
    "context": {
        "colour": "#8c8c8c",
        "weight": 1.0,
        "fillOpacity": 0.0,
        "opacity": 0.7,
        "layer": "neighbours",
        "label": False,
    },
    "neighbour": {
        "colour": "#7f7f7f",
        "weight": 1.2,
        "fillOpacity": 0.10,
        "opacity": 0.8,
        "layer": "neighbours",
        "label": True,
    },
    "republic": {
        "colour": OKABE_ITO["sky_blue"],
        "weight": 1.6,
        "fillOpacity": 0.28,
        "opacity": 1.0,
        "layer": "republics",
        "label": True,
    },
    "autonomy": {
        "colour": OKABE_ITO["reddish_purple"],
        "weight": 1.4,
        "fillOpacity": 0.45,
        "opacity": 1.0,
        "layer": "autonomies",
        "label": True,
    },
    # Historical districts (Red Kurdistan): a dark outline over a light hatch, on their own
    # layer; their names show only when that layer is on.
    "district": {
        "colour": "#3d2b1f",
        "weight": 2.2,
        "fillOpacity": 0.12,
        "opacity": 0.95,
        "layer": "districts",
        "label": True,
        "hatch": True,
    },
    # Land disputed between the first republics (1918-21): grey, lightly filled, hatched; it
    # sits above the republics so that neither side's colour covers it.
    "disputed": {
        "colour": "#5f5f5f",
        "weight": 1.8,
        "fillOpacity": 0.15,
        "opacity": 0.95,
        "layer": "republics",
        "label": True,
        "hatch": True,
    },
    "federation": {
        "colour": OKABE_ITO["blue"],
        "weight": 3.5,
        "fillOpacity": 0.0,
        "opacity": 0.9,
        "layer": "federation",
        "label": True,
    },
    "union": {
        "colour": OKABE_ITO["black"],
        "weight": 3.0,
        "fillOpacity": 0.0,
        "opacity": 0.85,
        "layer": "union",
        "label": True,
    },
}
ORDER = [
    "context",
    "neighbour",
    "republic",
    "disputed",
    "autonomy",
    "district",
    "federation",
    "union",
]
#: Kinds whose lines are drawn by stretch (data/geo/lines.geojson.gz), highest first: a stretch
#: takes the style of the highest kind whose outline holds it on the date; their polygons keep
#: only their fills.
LINE_KINDS = ["union", "federation", "republic", "autonomy", "neighbour", "context"]
#: A coast (the other side is sea): a plain thin line, whatever holds it.
COAST: dict[str, Any] = {"colour": "#5e7f88", "weight": 0.9, "opacity": 0.9}

#: Colours of the focus countries, keyed by a polity's `country` (polities.yaml): a republic
#: keeps its colour through its renamings and regimes (ADR, SSR, Republic). Any other polity
#: takes its kind's colour, so a new polity needs no entry here.
COUNTRY_COLOURS = {
    "azerbaijan": OKABE_ITO["vermillion"],
    "armenia": OKABE_ITO["orange"],
    "georgia": OKABE_ITO["bluish_green"],
}
#: The kinds whose colour follows their country (an autonomy stays an autonomy's colour).
COUNTRY_KINDS = ("republic",)


def polity_colour(props: Mapping[str, Any]) -> str:
    """The colour of a border feature (its properties): its country's, else its kind's."""
    kind = KINDS.get(str(props.get("kind")), KINDS["context"])
    country = props.get("country")
    if props.get("kind") in COUNTRY_KINDS and isinstance(country, str):
        return str(COUNTRY_COLOURS.get(country, kind["colour"]))
    return str(kind["colour"])


#: The order in which names claim their place (lower first; a name that finds no room is
#: left out): union, federation and republic names, then capitals (rank 1), autonomies,
#: neighbours and any other kind, then the other cities by rank (2 before 3 ...).
LABEL_PRIORITY: dict[str, Any] = {
    "kinds": {"union": 0, "federation": 0, "republic": 0, "autonomy": 2, "neighbour": 3},
    "other": 3,
    "capital": 1,
    "cityBase": 3,
}


def label_priority(kind: str | None = None, rank: int | None = None) -> int:
    """Where a polity's name (``kind``) or a city's (``rank``) comes in placing names."""
    if rank is not None:
        return int(LABEL_PRIORITY["capital"] if rank <= 1 else LABEL_PRIORITY["cityBase"] + rank)
    return int(LABEL_PRIORITY["kinds"].get(kind, LABEL_PRIORITY["other"]))


#: Line style by precision: 1 approximate (dashed), 2 good (dotted, thinner), 3 treaty (solid).
PRECISION: dict[str, dict[str, Any]] = {
    "1": {"dash": "8 6", "weightScale": 1.0, "cap": "butt", "label": "approximate (dashed)"},
    "2": {"dash": "1 4", "weightScale": 0.8, "cap": "round", "label": "good (dotted)"},
    "3": {"dash": None, "weightScale": 1.0, "cap": "round", "label": "treaty-exact (solid)"},
}

EVENT_COLOURS = {"default": OKABE_ITO["vermillion"], "repression": OKABE_ITO["black"]}
#: An event pin's ring (a circle of radius ``radius`` CSS px): dark, so that the pin stands out
#: at least 3:1 from every fill it sits on, even where its own colour is close to the fill's
#: (a vermillion pin on Azerbaijan's vermillion fill). The selected pin: larger, black ring.
PIN: dict[str, Any] = {
    "stroke": "#1e1a12",
    "weight": 1.5,
    "radius": 7,
    "focusStroke": "#000000",
    "focusWeight": 3,
    "focusRadius": 11,
}


def backgrounds() -> dict[str, str]:
    """What a mark can sit on, as opaque colours: land, sea, each republic's fill, a neighbour's,
    the disputed zones', an autonomy's and a district's over each republic's fill."""
    land = str(LAND["fillColor"])
    grounds = {"land": land, "sea": SEA}
    fills = {
        f"republic-{c}": composite(col, KINDS["republic"]["fillOpacity"], land)
        for c, col in {**COUNTRY_COLOURS, "other": KINDS["republic"]["colour"]}.items()
    }
    grounds.update(fills)
    for kind in ("neighbour", "disputed"):
        grounds[kind] = composite(KINDS[kind]["colour"], KINDS[kind]["fillOpacity"], land)
    for name, fill in fills.items():
        for kind in ("autonomy", "district"):
            grounds[f"{kind}-on-{name}"] = composite(
                KINDS[kind]["colour"], KINDS[kind]["fillOpacity"], fill
            )
    return grounds


_GROUNDS = list(backgrounds().values())
#: Line colours: each fill colour darkened just enough for its line to stand out at least
#: :data:`~sovietmap.mapview.contrast.MIN_CONTRAST` from every fill and the land and sea it
#: may sit on (WCAG 1.4.11).
COUNTRY_LINE_COLOURS = {
    country: accessible_line(colour, KINDS["republic"]["opacity"], _GROUNDS)
    for country, colour in COUNTRY_COLOURS.items()
}
KIND_LINE_COLOURS = {
    name: accessible_line(kind["colour"], kind["opacity"], _GROUNDS) for name, kind in KINDS.items()
}
COAST_LINE = accessible_line(str(COAST["colour"]), float(COAST["opacity"]), _GROUNDS)


def polity_line_colour(props: Mapping[str, Any]) -> str:
    """The colour of a border feature's line: :func:`polity_colour`, darkened for contrast."""
    kind = str(props.get("kind"))
    country = props.get("country")
    if kind in COUNTRY_KINDS and isinstance(country, str) and country in COUNTRY_LINE_COLOURS:
        return COUNTRY_LINE_COLOURS[country]
    return KIND_LINE_COLOURS.get(kind, KIND_LINE_COLOURS["context"])


def page_style() -> dict[str, Any]:
    """Everything the page's JS needs to draw features, as plain data."""
    return {
        "kinds": KINDS,
        "order": ORDER,
        "layerOrder": [name for name in LAYERS if name != "land"],
        "layersOff": sorted(LAYERS_OFF),
        "countryColours": COUNTRY_COLOURS,
        "countryKinds": list(COUNTRY_KINDS),
        "labelPriority": LABEL_PRIORITY,
        "precision": PRECISION,
        "land": LAND,
        "eventColours": EVENT_COLOURS,
        "pin": PIN,
        "lineKinds": LINE_KINDS,
        "coast": {**COAST, "colour": COAST_LINE},
        "countryLineColours": COUNTRY_LINE_COLOURS,
        "kindLineColours": KIND_LINE_COLOURS,
    }


def default_layers() -> dict[str, bool]:
    """Every layer key -> shown, as on a first run (all but :data:`LAYERS_OFF`)."""
    return {key: key not in LAYERS_OFF for key in LAYERS}


def legend_entries(
    layers: dict[str, bool] | None = None,
) -> list[tuple[str, str, float, str | None]]:
    """Legend rows: (label, colour, fill opacity, dash pattern or None).

    With ``layers``, the row of a layer that starts hidden goes in only when it is shown.
    """
    rows: list[tuple[str, str, float, str | None]] = [
        ("Azerbaijan", COUNTRY_COLOURS["azerbaijan"], KINDS["republic"]["fillOpacity"], None),
        ("Armenia", COUNTRY_COLOURS["armenia"], KINDS["republic"]["fillOpacity"], None),
        ("Georgia", COUNTRY_COLOURS["georgia"], KINDS["republic"]["fillOpacity"], None),
        ("Other republic", KINDS["republic"]["colour"], KINDS["republic"]["fillOpacity"], None),
        (
            "Autonomy (NKAO, Nakhchivan, …)",
            KINDS["autonomy"]["colour"],
            KINDS["autonomy"]["fillOpacity"],
            None,
        ),
        (
            "Disputed zone (1918–21)",
            KINDS["disputed"]["colour"],
            KINDS["disputed"]["fillOpacity"],
            None,
        ),
        ("Transcaucasian federation", KINDS["federation"]["colour"], 0.0, None),
        ("Soviet Union", KINDS["union"]["colour"], 0.0, None),
        ("Neighbour state", KINDS["neighbour"]["colour"], 0.1, None),
    ]
    if layers is None or layers.get("districts", False):
        rows.append(
            (
                "Historical district (Red Kurdistan, 1923–29 and 1930)",
                KINDS["district"]["colour"],
                KINDS["district"]["fillOpacity"],
                "4 3",
            )
        )
    for key in ("3", "2", "1"):
        rows.append((f"Border {PRECISION[key]['label']}", "#333333", 0.0, PRECISION[key]["dash"]))
    rows.append(("Coast", str(COAST["colour"]), 0.0, None))
    return rows
