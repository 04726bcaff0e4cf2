"""Qt images to and from files and numpy arrays (PNG bytes, atomic PNG files, RGB arrays)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage

from sovietmap.export.atomic import ExportError, write_bytes


def png_bytes(image: QImage) -> bytes:
    """``image`` encoded as PNG."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # str at runtime
        raise ExportError("PNG encoding failed")
    buffer.close()
    return bytes(data.data())


def save_png(image: QImage, path: Path) -> None:
    """Write ``image`` to ``path`` as a PNG, atomically."""
    write_bytes(path, png_bytes(image))


def from_rgb_array(pixels: Any) -> QImage:
    """A height×width×3 uint8 array as a QImage (a copy)."""
    height, width = pixels.shape[:2]
    data = pixels.tobytes()
    return QImage(data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


def rgb_array(image: QImage) -> Any:
    """``image`` as a height×width×3 uint8 numpy array (a copy)."""
    import numpy as np

    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    stride = rgb.bytesPerLine()
    raw = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=stride * rgb.height())
    rows = raw.reshape(rgb.height(), stride)[:, : rgb.width() * 3]
    return rows.reshape(rgb.height(), rgb.width(), 3).copy()
