"""Texts and dialogs of the Help menu, and the dialog listing bad rows of an events file."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlparse

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sovietmap import __version__
from sovietmap.core import bibliography
from sovietmap.core.dates import TIMELINE_END, TIMELINE_START
from sovietmap.core.events import escape_html
from sovietmap.ui import shortcuts

#: (keys, action) rows of the timeline's keys, from the one key table
#: (:data:`sovietmap.ui.shortcuts.KEYS`); Help adds every menu action's shortcut.
SHORTCUTS: list[tuple[str, str]] = [(r.keys, r.text) for r in shortcuts.help_rows()]

SOURCES_HTML = """
<h3>Sources and attributions</h3>
<ul>
<li><b>Borders</b>: each border feature lists its sources; click a border on the map to see
its dates, precision and sources. Geometry derived from Natural Earth (public domain).</li>
<li><b>Historical facts</b>: borders, names and events cite the works listed below by their
key; the list is the repository's one bibliography, <code>data/bibliography.yaml</code>.</li>
<li><b>Events</b>: each event's popup quotes its seed file, or a note says where the fact
came from.</li>
<li><b>Map library</b>: Leaflet 1.9 (BSD-2-Clause), served offline from xstatic-leaflet;
page built with folium (MIT).</li>
<li><b>Palette</b>: Okabe &amp; Ito, “Color Universal Design” (colour-blind safe).</li>
<li><b>Toolkit</b>: Qt for Python (PySide6, LGPLv3) with Qt WebEngine.</li>
</ul>
"""


def _link(url: str) -> str:
    """A web address as a link (http, https and ftp only; anything else stays text)."""
    if urlparse(url).scheme.lower() in ("http", "https", "ftp"):
        return f'<a href="{escape_html(url)}">{escape_html(url)}</a>'
    return escape_html(url)


def _entry_html(key: str, entry: Any) -> str:
    """One bibliography entry as an HTML list item; every piece of text escaped."""
    head = f"<b>{escape_html(key)}</b>"
    if not isinstance(entry, dict):  # an entry not yet structured: a line of text
        return f"<li>{head}: {escape_html(str(entry))}</li>"
    title = str(entry.get("title") or "").strip()
    parts = [f"<i>{escape_html(title)}</i>"] if title else []
    who = ", ".join(str(entry[f]) for f in ("author", "date") if entry.get(f))
    if who:
        parts.append(escape_html(who))
    text = f"{head}: " + ". ".join(parts)
    if entry.get("url"):
        text += ". " + _link(str(entry["url"]))
    if entry.get("note"):
        text += f"<br><small>{escape_html(str(entry['note']).strip())}</small>"
    return f"<li>{text}</li>"


def sources_html(entries: dict[str, Any] | None = None) -> str:
    """Help → Sources: the attributions, then every entry of the bibliography in key order."""
    entries = bibliography.load() if entries is None else entries
    items = "".join(_entry_html(key, entries[key]) for key in entries)
    return f"{SOURCES_HTML}<h3>Bibliography ({len(entries)} works)</h3><ul>{items}</ul>"


class _PageDialog(QDialog):
    """A non-modal dialog of one scrolling HTML page with a Close button, deleted on close."""

    def __init__(
        self, parent: QWidget | None, title: str, name: str, size: tuple[int, int], html: str
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName(name)
        self.resize(*size)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(True)
        self.browser.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)


class SourcesDialog(_PageDialog):
    """A scrolling, non-modal list of the sources; links open in the system's browser."""

    def __init__(
        self, parent: QWidget | None = None, entries: dict[str, Any] | None = None
    ) -> None:
        super().__init__(
            parent, "Sources and attributions", "sourcesDialog", (760, 620), sources_html(entries)
        )


def sources_dialog(parent: QWidget | None) -> SourcesDialog:
    """Show Help → Sources (non-modal) and return it."""
    dialog = SourcesDialog(parent)
    dialog.open()
    return dialog


def shortcuts_html(rows: list[shortcuts.HelpRow] | None = None) -> str:
    """Help → Keyboard shortcuts as HTML: ``rows`` (default: the timeline's keys) grouped by
    where they work, then the keys every control takes."""
    rows = shortcuts.help_rows() if rows is None else rows
    groups: dict[str, list[shortcuts.HelpRow]] = {}
    for row in rows:
        groups.setdefault(row.where, []).append(row)
    parts = ["<h3>Keyboard shortcuts</h3>"]
    for where, members in groups.items():
        cells = "".join(
            f"<tr><td><b>{escape_html(r.keys)}</b></td><td>{escape_html(r.text)}</td></tr>"
            for r in members
        )
        parts.append(f"<h4>{escape_html(where)}</h4><table cellpadding='3'>{cells}</table>")
    cells = "".join(
        f"<tr><td><b>{escape_html(k)}</b></td><td>{escape_html(a)}</td></tr>"
        for k, a in shortcuts.CONTROL_KEYS
    )
    parts.append(f"<h4>On any control</h4><table cellpadding='3'>{cells}</table>")
    return "".join(parts)


class ShortcutsDialog(_PageDialog):
    """Help → Keyboard shortcuts: a scrolling, non-modal list."""

    def __init__(self, parent: QWidget | None, rows: list[shortcuts.HelpRow]) -> None:
        super().__init__(
            parent, "Keyboard shortcuts", "shortcutsDialog", (620, 600), shortcuts_html(rows)
        )
        self.rows = rows
        self.browser.setAccessibleName("Keyboard shortcuts")


def shortcuts_dialog(parent: QWidget | None, rows: list[shortcuts.HelpRow]) -> ShortcutsDialog:
    """Show Help → Keyboard shortcuts (non-modal) and return it."""
    dialog = ShortcutsDialog(parent, rows)
    dialog.open()
    return dialog


#: Where the data's revision date is recorded (a file's time stamp says when it was copied).
ABOUT_FILE = "about.yaml"


def licence() -> str:
    """The package's licence, as installed (``MIT``)."""
    from importlib import metadata

    try:
        return (metadata.metadata("sovietmap").get_all("License") or ["MIT"])[0]
    except metadata.PackageNotFoundError:
        return "MIT"


def data_date() -> dt.date:
    """The day the data (borders, lines, events, bibliography) was last revised, as recorded in
    ``data/about.yaml``; the end of the timeline if that file is missing or unreadable."""
    import yaml

    from sovietmap import DATA_DIR

    try:
        recorded = yaml.safe_load((DATA_DIR / ABOUT_FILE).read_text(encoding="utf-8"))
        day = recorded["data_date"]
    except (OSError, yaml.YAMLError, TypeError, KeyError):
        return TIMELINE_END
    return day if isinstance(day, dt.date) else TIMELINE_END


def about_html() -> str:
    """The About text: what it is, the version, the licence, the data's date and coverage."""
    works = len(bibliography.load())
    return (
        f"<h3>sovietmap {escape_html(__version__)}</h3>"
        "<p>A map-and-timeline viewer of Soviet Azerbaijan's history, 1918–1995: borders as "
        "they were on each day, names as they were then called, and events with their "
        "sources.</p>"
        "<table cellpadding='2'>"
        f"<tr><td><b>Version</b></td><td>{escape_html(__version__)}</td></tr>"
        f"<tr><td><b>Licence</b></td><td>{escape_html(licence())} (the program); "
        "map geometry from Natural Earth (public domain)</td></tr>"
        f"<tr><td><b>Data date</b></td><td>{data_date().isoformat()}</td></tr>"
        f"<tr><td><b>Data cover</b></td><td>{TIMELINE_START.isoformat()} to "
        f"{TIMELINE_END.isoformat()}; {works} works cited (Help → Sources)</td></tr>"
        "</table>"
    )


def info_box(parent: QWidget, title: str, html: str) -> QMessageBox:
    """A non-modal information box (shown, not executed, so nothing blocks)."""
    box = QMessageBox(
        QMessageBox.Icon.Information, title, html, QMessageBox.StandardButton.Ok, parent
    )
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


#: The most problem lines the dialog lists.
PROBLEM_LINES = 1000


def problems_box(parent: QWidget, path: str, problems: list[str], kept: int) -> QMessageBox:
    """A non-modal warning listing the bad rows of an events file; the good rows are kept."""
    text = f"{len(problems)} row(s) of {path} could not be used; {kept} event(s) were added."
    if kept == 0 and len(problems) == 1 and not problems[0].startswith(f"{path}, row "):
        text = f"{path} could not be read; no events were added."  # the file, not a row
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Problems in the events file",
        text,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    more = len(problems) - PROBLEM_LINES  # 200,000 lines take the dialog a second to lay out
    tail = f"\n… and {more:,} more (sovietmap events --file lists all)" if more > 0 else ""
    box.setDetailedText("\n".join(problems[:PROBLEM_LINES]) + tail)
    box.setInformativeText("\n".join(problems[:12]) + ("\n…" if len(problems) > 12 else ""))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
