"""Issue 12 §6: the export dialogs are laid out cleanly (no stray widget over "File", no
overlapping rows), the print dialog offers paper sizes, and the animation's progress dialog
leaves the window usable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from sovietmap.export.service import AnimationOptions
from sovietmap.export.spec import PAPERS, MapSpec
from sovietmap.ui.export_form import ExportDialog
from sovietmap.ui.main_window import MainWindow

KINDS = ("snapshot", "print", "html", "animation")
_LEAVES = (QLabel, QCheckBox, QLineEdit, QComboBox, QAbstractSpinBox, QPushButton)


def _dialog(
    qtbot: QtBot, kind: Any, tmp_path: Path, compare: dt.date | None = None
) -> ExportDialog:
    dialog = ExportDialog(kind, tmp_path / "map.png", dt.date(1937, 11, 1), compare=compare)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _visible_leaves(dialog: QWidget) -> list[tuple[QWidget, QRect]]:
    """Every visible control of ``dialog`` with its rectangle in the dialog's coordinates."""
    out: list[tuple[QWidget, QRect]] = []
    for widget in dialog.findChildren(QWidget):
        if not isinstance(widget, _LEAVES) or not widget.isVisibleTo(dialog):
            continue
        if isinstance(widget.parentWidget(), _LEAVES):  # a spin box's own line edit
            continue
        top_left = widget.mapTo(dialog, widget.rect().topLeft())
        out.append((widget, QRect(top_left, widget.size())))
    return out


@pytest.mark.parametrize("compare", [None, dt.date(1920, 1, 1)], ids=["plain", "compare"])
@pytest.mark.parametrize("kind", KINDS)
def test_no_two_controls_overlap(
    qtbot: QtBot, kind: str, compare: dt.date | None, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, kind, tmp_path, compare)
    leaves = _visible_leaves(dialog)
    assert len(leaves) >= 6
    for i, (a, ra) in enumerate(leaves):
        assert dialog.rect().contains(ra), f"{a!r} sticks out of the {kind} dialog"
        for b, rb in leaves[i + 1 :]:
            assert not ra.intersects(rb), f"{kind}: {a!r} {ra} overlaps {b!r} {rb}"
    pixels = dialog.grab()
    assert pixels.width() >= 480  # room for a path
    pixels.save(str(tmp_path / f"dialog-{kind}.png"))


@pytest.mark.parametrize("kind", ("snapshot", "print", "html"))
def test_no_stray_frames_per_second_box(qtbot: QtBot, kind: str, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, kind, tmp_path)
    assert not dialog.fps.isVisible()
    file_label = next(
        w
        for w, _ in _visible_leaves(dialog)
        if getattr(w, "text", None) and isinstance(w, QLabel) and w.text() == "File"
    )
    hits = [
        w
        for w, r in _visible_leaves(dialog)
        if w is not file_label and r.intersects(file_label.geometry())
    ]
    assert hits == []


def test_animation_rows_are_labelled_and_apart(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, "animation", tmp_path)
    boxes = [w for w, _ in _visible_leaves(dialog) if isinstance(w, QCheckBox)]
    assert {b.text() for b in boxes} == {"Legend", "Data attribution"}
    assert not dialog.show_date.isVisible()  # every frame is captioned with its date
    tops = sorted(b.mapTo(dialog, b.rect().topLeft()).y() for b in boxes)
    assert tops[1] - tops[0] >= boxes[0].height()


def test_print_dialog_offers_each_paper(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, "print", tmp_path)
    assert dialog.paper.isVisible()
    offered = [dialog.paper.itemData(i) for i in range(dialog.paper.count())]
    assert offered == ["", *PAPERS]
    dialog.path.setText(str(tmp_path / "a4.pdf"))
    base = MapSpec(day=dt.date(1937, 11, 1), width=900, height=600)
    assert dialog.request(base).spec.paper == ""
    dialog.paper.setCurrentIndex(dialog.paper.findData("a4-landscape"))
    spec = dialog.request(base).spec
    assert spec.paper == "a4-landscape"
    assert spec.page_inches == pytest.approx((297 / 25.4, 210 / 25.4))
    dialog.paper.setCurrentIndex(dialog.paper.findData("letter-portrait"))
    assert dialog.request(base).spec.page_inches == pytest.approx((8.5, 11.0))


# --- the progress dialog of an animation does not block the window -------------------------


def test_animation_progress_leaves_the_window_usable(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    qtbot.waitUntil(lambda: window.map.is_ready, timeout=60_000)
    exports = window.exports
    out = tmp_path / "years.gif"
    request = exports.request(out, animation=AnimationOptions(1930, 1933, "year", 4))
    with qtbot.waitSignal(exports.exported, timeout=120_000):
        exports.run(request)
        qtbot.waitUntil(lambda: exports.progress is not None and exports.progress.isVisible())
        progress = exports.progress
        assert progress is not None
        assert not progress.isModal()
        assert QApplication.activeModalWidget() is None
        # the window takes input while frames are made: the date moves
        window.model.set_date(dt.date(1950, 1, 1))
        assert window.model.date == dt.date(1950, 1, 1)
    assert out.stat().st_size > 0
