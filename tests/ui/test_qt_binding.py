"""Guard against a Qt binding that corrupts Python's reference count of None.

PySide6 6.12.0 under Python 3.11 decrements None's reference count on every call of a method
returning void (``QPainter.setPen``, ``drawLine``, ``initStyleOption``, ...). The timeline
paints about a hundred such calls per frame, so the viewer aborted ("none_dealloc") after some
minutes of scrubbing. pyproject.toml excludes that release; this test fails if it comes back.
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QSlider, QStyleOptionSlider


def test_void_calls_leave_none_alone(qapp: Any) -> None:
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    slider = QSlider()
    option = QStyleOptionSlider()
    before = sys.getrefcount(None)
    for _ in range(500):
        painter.setPen(QPen(QColor("#555555"), 1))
        painter.drawLine(0, 0, 8, 8)
        slider.initStyleOption(option)
    painter.end()
    assert sys.getrefcount(None) - before > -50, "the Qt binding leaks references to None"
