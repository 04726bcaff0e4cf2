"""Issue 12 §7, small screens: the window fits 1280×720 and 1024×600 (the side panels narrow,
the map keeps most of the window, the date stays readable) and its default size fits an
800-pixel-tall screen. The real window, the page's own view and its pixels."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from sovietmap.mapview.pagecalls import BBox
from sovietmap.ui.main_window import DEFAULT_SIZE, MainWindow, fit_size


@pytest.fixture
def restored(window: MainWindow) -> Iterator[MainWindow]:
    """The shared window, put back to its default size after the test."""
    yield window
    window.resize(*fit_size(window))


def test_default_size_fits_an_800_pixel_screen(window: MainWindow) -> None:
    """A first run's window, with its title bar and a panel, fits a 1280×800 screen; on this
    (offscreen, 800 px tall) screen the whole frame fits."""
    assert DEFAULT_SIZE[0] <= 1280 and DEFAULT_SIZE[1] + 40 <= 800
    screen = window.screen().availableGeometry()
    assert window.height() <= min(DEFAULT_SIZE[1], screen.height() - 40)
    assert window.frameGeometry().height() <= 800


def _distinct_colours(image: QImage, step: int = 16) -> int:
    """How many different colours a grid of pixels of ``image`` has (a drawn map has many)."""
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


@pytest.mark.parametrize("size", [(1280, 720), (1024, 600)])
def test_window_fits_a_small_screen(
    qtbot: QtBot, restored: MainWindow, size: tuple[int, int]
) -> None:
    """At 1280×720 and 1024×600 the window takes that size (no panel forces it larger), the
    map keeps at least half of it and is drawn, the side panels are narrow, and the date
    (the big label and the field) shows whole."""
    window = restored
    width, height = size
    window.resize(width, height)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size, timeout=5000)
    # the panels narrow once the window has its size (a fifth of it each)
    qtbot.waitUntil(lambda: window.layers_dock.width() <= width // 5 + 20, timeout=5000)
    view = window.map
    assert view.width() >= width // 2, (view.width(), width)
    assert view.height() >= height // 2, (view.height(), height)
    for dock in (window.layers_dock, window.events_dock):
        assert dock.width() <= width // 4

    bar = window.timeline
    label, field = bar.date_label, bar.date_edit
    assert label.isVisible() and field.isVisible()
    assert label.width() >= label.sizeHint().width()  # "1 November 1937" whole
    text_width = field.fontMetrics().horizontalAdvance(field.text())
    assert text_width <= field.contentsRect().width(), (field.text(), field.width())

    box: list[BBox | None] = []
    view.get_view(box.append)  # the page has taken the new size
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    west, south, east, north = box[0] or (0.0, 0.0, 0.0, 0.0)
    assert east > west and north > south
    seen: list[QImage] = []

    def drawn() -> bool:  # the widget's frame can trail the page's by a moment
        seen[:] = [view.view.grab().toImage()]
        return _distinct_colours(seen[0]) > 20

    with contextlib.suppress(qtbot.TimeoutError):  # the assertions below say what was seen
        qtbot.waitUntil(drawn, timeout=5_000)
    image = seen[0]
    assert image.width() >= width // 2
    assert _distinct_colours(image) > 20  # a drawn map, not a blank page


def test_panels_widen_again_on_a_roomy_window(qtbot: QtBot, restored: MainWindow) -> None:
    """Narrowed at 1024×600, the side panels take their usual widths back at 1600×900 (the
    map stays the largest part)."""
    window = restored
    window.resize(1024, 600)
    qtbot.waitUntil(lambda: window.layers_dock.width() <= 1024 // 5 + 20, timeout=5000)
    window.resize(1600, 900)
    qtbot.waitUntil(
        lambda: window.layers_dock.width() >= 240 and window.events_dock.width() >= 240,
        timeout=5000,
    )
    assert window.map.width() >= 1600 // 2
