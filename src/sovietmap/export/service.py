"""One export service: a typed :class:`ExportRequest`, and the work it asks for.

Both ``sovietmap export`` (``commands/export.py``) and the window (``ui/export_dialogs.py``)
describe an export as an :class:`ExportRequest`: the output path, the :class:`MapSpec` of the
map, and the options of an HTML page or an animation. The kind of export follows the path's
suffix, decided here only (:func:`family_of`).

:func:`write_file` does a print map (SVG/PDF) or an HTML page without Qt, so the window runs it
in a worker thread; :func:`export_now` does any export to the end, blocking (the command line).
Snapshots and animations need the map page (``export/qtcapture.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sovietmap.core.dates import TIMELINE_END, TIMELINE_START
from sovietmap.export.atomic import (
    EXIT_USAGE,
    ExportError,
    check_writable,
    export_kind,
    write_bytes,
)
from sovietmap.export.spec import MapSpec

if TYPE_CHECKING:
    from sovietmap.core.atlas import BorderAtlas
    from sovietmap.core.events import Event

#: What an export is, by what it makes.
Family = Literal["snapshot", "print", "html", "animation"]

#: Each family's file kinds (``export_kind`` of the suffix).
FAMILIES: dict[Family, tuple[str, ...]] = {
    "snapshot": ("png",),
    "print": ("svg", "pdf"),
    "html": ("html",),
    "animation": ("gif", "mp4"),
}
_FAMILY_OF_KIND: dict[str, Family] = {k: f for f, kinds in FAMILIES.items() for k in kinds}
#: Families drawn without the map page (no Qt): the window runs them in a worker thread.
PAGELESS: frozenset[Family] = frozenset({"print", "html"})


def family_of(path: Path) -> Family:
    """What ``path``'s suffix asks for, or :class:`ExportError` (exit 2) for an unknown one."""
    return _FAMILY_OF_KIND[export_kind(Path(path))]


@dataclass(frozen=True)
class AnimationOptions:
    """The frames of an animation: years ``first`` to ``last``, one per year or per change."""

    first: int = TIMELINE_START.year
    last: int = TIMELINE_END.year
    step: str = "year"
    fps: float = 2.0

    def check(self, path: Path) -> AnimationOptions:
        """Return self, or :class:`ExportError` (exit 2) naming the bad value."""
        from sovietmap.export.animation import AnimationWriter, check_steps

        check_steps(self.first, self.last, self.step)
        AnimationWriter.check_options(path, self.fps)
        return self


@dataclass(frozen=True)
class ExportRequest:
    """One export: where it goes, what map it shows, and its kind's options.

    ``kind`` (``png``, ``svg``, ``pdf``, ``html``, ``gif``, ``mp4``) and :attr:`family` follow
    ``path``'s suffix; an unknown suffix is :class:`ExportError` (exit 2) at construction.
    ``timeline`` is for HTML (every date with a slider); ``animation`` for GIF/MP4.
    """

    path: Path
    spec: MapSpec
    timeline: bool = False
    animation: AnimationOptions | None = None
    kind: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", Path(self.path))
        object.__setattr__(self, "kind", export_kind(self.path))

    @property
    def family(self) -> Family:
        """What the export makes (from the suffix)."""
        return _FAMILY_OF_KIND[self.kind]

    @property
    def needs_page(self) -> bool:
        """Drawn by the map page (snapshot, animation), so only on the GUI thread."""
        return self.family not in PAGELESS

    def check(self, family: Family | None = None) -> ExportRequest:
        """Return self, or :class:`ExportError`: a suffix that is not of ``family`` (when
        given), a bad map spec or animation (exit 2), or a path that cannot be written (1)."""
        if family is not None and self.family != family:
            wanted = " or ".join(f".{s}" for s in sorted(FAMILIES[family]))
            raise ExportError(f"{self.path.name}: use a {wanted} file here", EXIT_USAGE)
        self.spec.check()
        if self.family == "animation":
            if self.animation is None:
                raise ExportError(f"{self.path.suffix} needs a year range", EXIT_USAGE)
            self.animation.check(self.path)
        check_writable(self.path)
        return self

    def steps(self, atlas: Any) -> list[dt.date]:
        """The frame dates of an animation (``atlas`` gives the change dates)."""
        from sovietmap.export.animation import animation_steps

        options = self.animation or AnimationOptions()
        return animation_steps(atlas, options.first, options.last, options.step)


def write_file(
    request: ExportRequest, atlas: Callable[[], BorderAtlas], events: Sequence[Event] = ()
) -> Path:
    """Write a print map or HTML page now, without Qt (safe in a worker thread).

    ``atlas`` gives the border atlas with geometry (called only when needed). Returns the
    path; :class:`ExportError` on failure, nothing written.
    """
    if request.family == "print":
        from sovietmap.export.printmap import PrintMapper

        data = PrintMapper(atlas()).render(request.spec, request.kind, events)
        write_bytes(request.path, data)
    elif request.family == "html":
        from sovietmap.export.html import export_html

        export_html(
            request.path,
            request.spec.day,
            atlas=None if request.timeline else atlas(),
            timeline=request.timeline,
            layers=request.spec.layers,
            events=events,
            title=request.spec.title,
            compare=request.spec.compare,
            compare_polity=request.spec.compare_polity,
        )
    else:
        raise ExportError(f"{request.path.name}: a {request.kind} needs the map page")
    return request.path


def export_now(
    request: ExportRequest,
    atlas: Callable[[], BorderAtlas],
    events: Sequence[Event] = (),
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Do ``request`` to the end, blocking (the command line). Snapshots and animations run
    the map page in an offscreen Qt WebEngine view; ``progress(done, total)`` per frame."""
    if not request.needs_page:
        return write_file(request, atlas, events)
    from sovietmap.export import qtcapture
    from sovietmap.mapview.page import event_payload

    capturer = qtcapture.open_capturer()
    capturer.set_events([event_payload(e) for e in events])
    if request.family == "snapshot":
        qtcapture.save_png(capturer.capture_sync(request.spec), request.path)
        return request.path
    options = request.animation or AnimationOptions()
    loaded = atlas()
    qtcapture.record_animation(
        capturer,
        loaded,
        request.spec,
        request.steps(loaded),
        request.path,
        options.fps,
        progress=progress,
    )
    return request.path
