"""The event details pane: the selected event whole, its citations linked to full references.

The map's popup only names an event (title, date, "Details →"); everything else is read here,
in a dock beside the events list: title, dates as precise as they are known, kind, place,
description, the seed's own words, the note, and a numbered list of references. Each
citation in the text (``[hamberg-on-this-day]`` in the data) shows as a number that links to
its reference, and each reference links to its address. With no event selected the pane lists
the events on the map on the shown date, each a link that selects it.

All event text is data, never markup: it goes into the HTML escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from sovietmap.core.citations import EventCitations, Piece, Reference
from sovietmap.core.events import Event, escape_html
from sovietmap.core.eventtext import PRECISION_WORDS, kind_word, when_text
from sovietmap.ui.events_list import pinned

if TYPE_CHECKING:
    from sovietmap.ui.main_window import MainWindow

#: Links in the pane that select an event: ``event:ID``.
EVENT_SCHEME = "event"
#: The narrowest the pane gets (px): a title still reads a few words a line.
MIN_WIDTH = 200
#: The most events the empty pane lists for a date.
LIST_MAX = 40

_STYLE = """
h2 { margin: 0 0 4px 0; font-size: large; }
p { margin: 4px 0; }
.when { font-weight: bold; }
.meta { color: #444444; }
.quote { margin: 4px 12px; font-style: italic; }
.small { color: #555555; font-size: small; }
a.cite { text-decoration: none; }
"""


def _cite_links(refs: Iterable[Reference]) -> str:
    links = [f'<a class="cite" href="#ref-{r.number}">{r.number}</a>' for r in refs]
    return "[" + ", ".join(links) + "]"


def _text(pieces: list[Piece]) -> str:
    """Plain stretches escaped, citation groups as numbered links to the references."""
    return "".join(_cite_links(p.refs) if p.refs else escape_html(p.text) for p in pieces)


def _reference_html(ref: Reference) -> str:
    body = escape_html(ref.line())
    if ref.url:
        url = escape_html(ref.url)
        body = body.replace(url, f'<a href="{url}">{url}</a>')
    if ref.seed:
        body = "<b>Quoted source:</b> " + body
    if ref.note:
        body += f'<br><span class="small">{escape_html(ref.note)}</span>'
    return f'<li><a name="ref-{ref.number}"></a>{body}</li>'


def details_html(event: Event) -> str:
    """The pane's HTML for ``event`` (every piece of its text escaped)."""
    cites = EventCitations(event)
    when = when_text(event.start, event.end, event.precision, long=True)
    precision = PRECISION_WORDS.get(event.precision, event.precision)
    meta = [escape_html(kind_word(event.kind))]
    if event.place:
        meta.append(escape_html(event.place))
    parts = [
        f"<h2>{escape_html(event.title)}</h2>",
        f'<p><span class="when">{escape_html(when)}</span> '
        f'<span class="small">({escape_html(precision)})</span></p>',
        f'<p class="meta">{" · ".join(meta)}</p>',
    ]
    if event.description:
        parts.append(f"<p>{_text(cites.pieces(event.description))}</p>")
    if event.source is not None and event.source.quote:
        seed = cites.seed
        where = _cite_links([seed]) if seed is not None else escape_html(event.source.file)
        parts.append(f"<p><b>The source's own words</b> {where}:</p>")
        parts.append(f'<p class="quote">“{escape_html(event.source.quote)}”</p>')
        if event.title_pt:
            parts.append(f'<p class="small">Portuguese title: {escape_html(event.title_pt)}</p>')
    elif event.source is not None:
        parts.append(f"<p><b>Source:</b> {escape_html(event.source.file)}</p>")
    if event.note:
        parts.append(f"<p><b>Note:</b> {_text(cites.pieces(event.note))}</p>")
    if cites.references:
        items = "".join(_reference_html(r) for r in cites.references)
        parts.append(f"<h3>References</h3><ol>{items}</ol>")
    if event.origin != "catalogue":
        parts.append(f'<p class="small">From your file {escape_html(event.origin)}</p>')
    return "".join(parts)


def on_date_html(day: dt.date, events: list[Event]) -> str:
    """The pane's HTML with no event selected: the events on the map on ``day``, as links."""
    head = "<p>No event selected. Pick one in the Events list or click a pin on the map.</p>"
    if not events:
        return head + f"<p class='meta'>No event pins on {day.day} {day:%B} {day.year}.</p>"
    items = "".join(
        f'<li><a href="{EVENT_SCHEME}:{escape_html(e.id)}">{escape_html(e.title)}</a>'
        f' <span class="small">{escape_html(when_text(e.start, e.end, e.precision))}</span></li>'
        for e in events[:LIST_MAX]
    )
    more = len(events) - LIST_MAX
    tail = f"<p class='small'>…and {more:,} more.</p>" if more > 0 else ""
    return head + f"<p class='meta'>On the map on this date:</p><ul>{items}</ul>{tail}"


class EventDetails(QTextBrowser):
    """The details pane: :meth:`show_event` or, with none, :meth:`show_date`'s list.

    Links to references scroll the pane; web addresses open in the browser; an ``event:ID``
    link announces :attr:`event_picked`.
    """

    #: The user picked an event from the pane's list (its id).
    event_picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventDetails")
        self.setAccessibleName("Event details")
        self.setMinimumWidth(MIN_WIDTH)  # never a column of one word a line
        self.setOpenLinks(False)  # anchors, addresses and event links handled below
        self.document().setDefaultStyleSheet(_STYLE)
        self.anchorClicked.connect(self._follow)
        self.shown: Event | None = None
        self.setHtml(on_date_html(dt.date(1918, 1, 1), []))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Room for a few words a line and a screenful of text."""
        return QSize(280, 320)

    def show_event(self, event: Event) -> None:
        """Show ``event`` whole, from the top."""
        self.shown = event
        self.setHtml(details_html(event))

    def show_date(self, day: dt.date, events: list[Event]) -> None:
        """Show that nothing is selected, and the events on the map on ``day``."""
        self.shown = None
        self.setHtml(on_date_html(day, events))

    def _follow(self, url: QUrl) -> None:
        if url.scheme() == EVENT_SCHEME:
            self.event_picked.emit(url.path())
        elif url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
        elif url.hasFragment():
            self.scrollToAnchor(url.fragment())


# --- what the wiring calls (ui/wiring.py connects these) -------------------------------------


def events_on_map(window: MainWindow, day: dt.date, mode: str) -> list[Event]:
    """The events the map pins on ``day`` in pin ``mode`` (``upto``: the latest first)."""
    index = window.user_events.index
    if mode == "upto":
        return list(reversed(window.catalogue.up_to(day)[-LIST_MAX - 1 :]))
    first, last = (
        (day, day) if mode == "date" else (dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))
    )
    return [e for e in index.holding(first, last) if pinned(e, day, mode)]


def follow_date(window: MainWindow) -> None:
    """The events side follows the model's date and pin mode: an event whose pin the map no
    longer shows is unselected (no stale highlight in 1918 or 1995), the list marks the events
    on the map and scrolls to the date, and an empty pane lists them."""
    model = window.model
    day, mode = model.date, model.pin_mode
    if model.selected_event is not None:
        try:
            selected: Event | None = window.catalogue.by_id(model.selected_event)
        except KeyError:
            selected = None
        if selected is None or not pinned(selected, day, mode):
            model.select_event(None)
            window.map.focus_event(None)
    window.events_panel.show_date(day, mode)
    if model.selected_event is None:
        window.event_details.show_date(day, events_on_map(window, day, mode))


def show_selected(window: MainWindow) -> None:
    """Show the model's selected event in the details pane (or the date's events if none)."""
    model = window.model
    try:
        event = (
            None if model.selected_event is None else window.catalogue.by_id(model.selected_event)
        )
    except KeyError:
        event = None
    if event is None:
        window.event_details.show_date(
            model.date, events_on_map(window, model.date, model.pin_mode)
        )
    else:
        window.event_details.show_event(event)


def reveal(window: MainWindow) -> None:
    """Bring the details pane into view (a pin was clicked: its popup only names the event)."""
    window.details_dock.show()
    window.details_dock.raise_()
