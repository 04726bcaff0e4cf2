"""The export dialog: a path and the options of one kind of export, as an ExportRequest.

No work is done here: :meth:`ExportDialog.request` turns what the user chose into a typed
:class:`~sovietmap.export.service.ExportRequest` on the map the window shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from sovietmap.core.dates import TIMELINE_END, TIMELINE_START
from sovietmap.core.views import VIEWS
from sovietmap.export.service import FAMILIES, AnimationOptions, ExportRequest, Family
from sovietmap.export.spec import PAPERS, MapSpec

#: (family, menu text, shortcut) of the Export submenu; ``copy`` puts a snapshot on the clipboard.
ACTIONS: list[tuple[str, str, str]] = [
    ("snapshot", "&Snapshot (PNG)…", "Ctrl+E"),
    ("print", "&Print map (SVG/PDF)…", "Ctrl+Shift+P"),
    ("html", "Interactive &HTML…", "Ctrl+Shift+H"),
    ("animation", "&Animation (GIF/MP4)…", "Ctrl+Shift+A"),
    ("copy", "&Copy snapshot to clipboard", "Ctrl+Shift+C"),
]
_FILTERS: dict[Family, str] = {
    "snapshot": "PNG image (*.png)",
    "print": "SVG vector map (*.svg);;PDF vector map (*.pdf)",
    "html": "Web page (*.html)",
    "animation": "GIF animation (*.gif);;MP4 video (*.mp4)",
}


def default_name(family: Family, day: dt.date) -> str:
    """The file name a dialog of ``family`` offers first."""
    return f"sovietmap-{day.isoformat()}.{FAMILIES[family][0]}"


class ExportDialog(QDialog):
    """Path and options for one family of export (no work is done here)."""

    def __init__(
        self,
        kind: Family,
        default_path: Path,
        day: dt.date,
        parent: QWidget | None = None,
        compare: dt.date | None = None,
    ) -> None:
        """``compare``: the second date of Compare mode, if on (maps and pages then offer to
        hatch what changed, checked)."""
        super().__init__(parent)
        self.kind: Family = kind
        self.setWindowTitle(
            next(t for k, t, _ in ACTIONS if k == kind).replace("&", "").rstrip("…")
        )
        self.setMinimumWidth(480)  # room for a path
        form = self.form = QFormLayout(self)
        self.path = QLineEdit(str(default_path), self)
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow("File", row)
        self.title = QLineEdit(self)
        form.addRow("Title", self.title)
        self.scale = QComboBox(self)
        self.scale.addItem("1×", 1.0)
        self.scale.addItem("2×", 2.0)
        self.show_date = QCheckBox("Date", self)
        self.legend = QCheckBox("Legend", self)
        self.attribution = QCheckBox("Data attribution", self)
        for box in (self.show_date, self.legend, self.attribution):
            box.setChecked(True)
        self.timeline = QCheckBox("Whole timeline with a date slider", self)
        self.first = QSpinBox(
            self, minimum=TIMELINE_START.year, maximum=TIMELINE_END.year, value=TIMELINE_START.year
        )
        self.last = QSpinBox(
            self, minimum=TIMELINE_START.year, maximum=TIMELINE_END.year, value=TIMELINE_END.year
        )
        self.step = QComboBox(self)
        self.step.addItem("One frame per year", "year")
        self.step.addItem("One frame per border change", "change")
        self.fps = QDoubleSpinBox(self, minimum=0.5, maximum=30, value=2.0, singleStep=0.5)
        self.paper = QComboBox(self)
        self.paper.addItem("As the map area (on screen)", "")
        for paper in PAPERS:
            sheet, side = paper.split("-")
            self.paper.addItem(f"{sheet.upper() if sheet == 'a4' else 'Letter'} {side}", paper)
        self.extent = QComboBox(self)
        self.extent.addItem("The current view", "")
        for view in VIEWS.values():
            self.extent.addItem(view.label, view.name)
        self.extent.setToolTip("What the map shows: the map window's view, or a named view")
        since = compare.isoformat() if compare is not None else ""
        self.compare = QCheckBox(f"Hatch what changed since {since} (Compare mode)", self)
        self.compare.setChecked(compare is not None)
        self.compare.setToolTip("Land gained hatched green, lost red, as the map shows them")
        shown: list[QWidget] = [self.path, browse, self.title]
        if kind in ("snapshot", "print", "animation"):
            shown += self._row("Extent", self.extent)
        if kind in ("snapshot", "animation"):
            shown += self._row("Pixel density", self.scale)
        if kind == "print":
            shown += self._row("Paper", self.paper)
        if kind == "snapshot":
            shown += self._row("Draw", self.show_date)
        if kind in ("snapshot", "print", "animation"):
            shown += self._row("" if kind == "snapshot" else "Draw", self.legend)
            shown += self._row("", self.attribution)
        if kind == "html":
            self.timeline.setToolTip(f"Otherwise only the borders of {day.isoformat()}")
            shown += self._row("", self.timeline)
            self.timeline.toggled.connect(lambda on: self.compare.setEnabled(not on))
        if compare is not None and kind in ("snapshot", "print", "html"):
            shown += self._row("Compare", self.compare)
        if kind == "animation":
            shown += self._row("From year", self.first)
            shown += self._row("To year", self.last)
            shown += self._row("Frames", self.step)
            shown += self._row("Frames per second", self.fps)
        self._hide_unused(shown)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _row(self, label: str, widget: QWidget) -> list[QWidget]:
        """Add ``widget`` under ``label`` (its accessible name, or the widget's text)."""
        self.form.addRow(label, widget)
        if label:
            widget.setAccessibleName(label)
        return [widget]

    def _hide_unused(self, shown: list[QWidget]) -> None:
        """Hide the option widgets this kind does not use: made with the dialog as parent but
        in no row, they would be drawn at (0, 0), over the "File" label."""
        for widget in (
            self.scale, self.show_date, self.legend, self.attribution, self.timeline,
            self.first, self.last, self.step, self.fps, self.paper, self.extent, self.compare,
        ):  # fmt: skip
            if widget not in shown:
                widget.setVisible(False)

    def _browse(self) -> None:
        chooser = QFileDialog(self, self.windowTitle(), self.path.text(), _FILTERS[self.kind])
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        chooser.fileSelected.connect(self.path.setText)
        chooser.open()

    def preset(self) -> str | None:
        """The named view chosen as the extent (:data:`~sovietmap.core.views.VIEWS`), or
        ``None`` for the map window's current view."""
        if self.kind not in ("snapshot", "print", "animation"):
            return None
        return str(self.extent.currentData()) or None

    def request(self, base: MapSpec) -> ExportRequest:
        """What the user chose, on the map ``base`` (the window's date, layers and size).

        :class:`~sovietmap.export.atomic.ExportError` for a file name of unknown type.
        """
        spec = replace(
            base,
            title=self.title.text().strip(),
            scale=float(self.scale.currentData()),
            show_date=self.show_date.isChecked(),
            show_legend=self.legend.isChecked(),
            show_attribution=self.attribution.isChecked(),
        )
        if not (self.compare.isVisibleTo(self) and self.compare.isChecked()):
            spec = replace(spec, compare=None, compare_polity=None)
        name = self.preset()
        if name is not None:  # a named extent, fitted whole (no centre and zoom of the window)
            spec = replace(spec, bbox=VIEWS[name].bbox, center=None, zoom=None)
        if self.kind == "print":
            spec = spec.on_paper(str(self.paper.currentData()))
        animation = None
        if self.kind == "animation":
            animation = AnimationOptions(
                self.first.value(),
                self.last.value(),
                str(self.step.currentData()),
                self.fps.value(),
            )
        return ExportRequest(
            Path(self.path.text().strip()),
            spec,
            timeline=self.timeline.isChecked(),
            animation=animation,
        )
