"""Named map views (presets) and the history of views the user can go back through.

Qt-free. A preset is an extent (west, south, east, north in degrees) the map fits whole:
``azerbaijan`` (the Azerbaijan SSR with Nakhchivan), ``transcaucasia`` (the Georgian, Armenian
and Azerbaijan SSRs) and ``ussr`` (the Union from the Baltic to the Pacific; Chukotka's tip,
beyond 180°, is left out). The viewer's toolbar, View menu and keys, ``sovietmap --view`` and
``sovietmap export --view`` all read :data:`VIEWS`.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from dataclasses import dataclass

#: A map extent: west, south, east, north in degrees.
Extent = tuple[float, float, float, float]


@dataclass(frozen=True)
class ViewPreset:
    """A named extent: ``name`` on the command line, ``label`` in menus, ``keys`` to go there."""

    name: str
    label: str
    bbox: Extent
    keys: str
    tip: str


#: The presets, in menu order.
VIEWS: dict[str, ViewPreset] = {
    v.name: v
    for v in (
        ViewPreset(
            "azerbaijan",
            "Azerbaijan",
            (44.6, 38.3, 50.9, 42.0),
            "Ctrl+1",
            "The Azerbaijan SSR with Nakhchivan",
        ),
        ViewPreset(
            "transcaucasia",
            "Transcaucasia",
            (39.8, 38.3, 50.9, 43.7),
            "Ctrl+2",
            "The Georgian, Armenian and Azerbaijan SSRs",
        ),
        ViewPreset(
            "ussr",
            "USSR",
            (19.0, 35.0, 180.0, 77.0),
            "Ctrl+3",
            "The Soviet Union from the Baltic to the Pacific",
        ),
    )
}
#: The view a first run opens on.
DEFAULT_VIEW = "transcaucasia"
#: Keys of "back to the previous view".
BACK_KEYS = "Alt+Left"
#: Every view key and what it does (for the keyboard-shortcuts help).
VIEW_SHORTCUTS: dict[str, str] = {
    **{v.keys: f"Show {v.label}" for v in VIEWS.values()},
    BACK_KEYS: "Back to the previous view",
}


def preset(name: str) -> ViewPreset:
    """The preset called ``name`` (case-insensitive); ``KeyError`` listing the names if none."""
    try:
        return VIEWS[name.strip().casefold()]
    except KeyError:
        raise KeyError(f"no view {name!r}; the views are {', '.join(VIEWS)}") from None


def contains(outer: Iterable[float], inner: Iterable[float]) -> bool:
    """Whether extent ``outer`` holds extent ``inner`` whole."""
    w0, s0, e0, n0 = outer
    w1, s1, e1, n1 = inner
    return w0 <= w1 and s0 <= s1 and e0 >= e1 and n0 >= n1


def close(a: Iterable[float] | None, b: Iterable[float] | None, tolerance: float = 1e-6) -> bool:
    """Whether two extents are the same within ``tolerance`` degrees (``None`` only as None)."""
    if a is None or b is None:
        return a is None and b is None
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


class ViewHistory:
    """The views left by jumps (a preset, an event far away), newest last, to go back to.

    :meth:`leave` is called with the extent shown just before a jump; :meth:`back` gives the
    newest remembered extent that differs from the one shown now (and forgets it).
    """

    def __init__(self, limit: int = 50) -> None:
        self.limit = limit
        self._stack: list[Extent] = []

    def __len__(self) -> int:
        return len(self._stack)

    def leave(self, extent: Iterable[float] | None) -> None:
        """Remember ``extent`` (the view before a jump); repeats and ``None`` are not kept."""
        if extent is None:
            return
        value = _extent(extent)
        if self._stack and close(self._stack[-1], value):
            return
        self._stack.append(value)
        del self._stack[: -self.limit]

    def back(self, now: Iterable[float] | None) -> Extent | None:
        """The view to go back to from ``now``, or ``None`` if there is none."""
        while self._stack:
            value = self._stack.pop()
            if not close(value, now, tolerance=1e-3):
                return value
        return None

    def clear(self) -> None:
        """Forget every view."""
        self._stack.clear()


def _extent(values: Iterable[float]) -> Extent:
    west, south, east, north = (float(v) for v in values)
    return (west, south, east, north)


def add_view_option(
    parser: argparse.ArgumentParser | argparse._ArgumentGroup, help_text: str
) -> None:
    """Give ``parser`` the ``--view NAME`` option (case-insensitive, one of :data:`VIEWS`);
    ``help_text`` ends with the list of names."""
    parser.add_argument(
        "--view",
        metavar="NAME",
        type=str.casefold,
        choices=list(VIEWS),
        help=f"{help_text}: {', '.join(VIEWS)}",
    )
