"""Keyboard reach and names: Tab in the order the window is laid out, and a name on every control.

:func:`order_tabs` walks the window as it is laid out: the toolbars at the top, the docks on the
left, the map, the docks on the right, then those at the bottom (docks of one side top to
bottom, then left to right), and inside each the layouts in their order (a row left to right,
a column top to bottom). Tab follows that walk. :func:`controls` lists every control a user
can operate, and :func:`name_controls` names those without a name from their tooltip, their
placeholder or the label that is their buddy; :func:`unnamed` lists what is still unnamed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QLabel,
    QLayout,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QScrollArea,
    QScrollBar,
    QTextEdit,
    QToolBar,
    QWidget,
)

#: The kinds of widget a user operates (or reads a value from).
CONTROL_KINDS: tuple[type[QWidget], ...] = (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QAbstractSpinBox,
    QAbstractSlider,
    QAbstractItemView,
    QTextEdit,
    QProgressBar,
)

_TABS = Qt.FocusPolicy.TabFocus


def _takes_tab(widget: QWidget) -> bool:
    """Whether Tab may stop at ``widget``. Qt lets Tab reach only the checked button of a
    group of radio buttons, and moves that right as the check moves: all are placed."""
    if widget.focusPolicy().value & _TABS.value:
        return True
    exclusive = isinstance(widget, QAbstractButton) and (
        widget.autoExclusive() or widget.group() is not None
    )
    return exclusive and widget.focusPolicy() != Qt.FocusPolicy.NoFocus


def takes_tab_now(widget: QWidget) -> bool:
    """Whether Tab stops at ``widget`` now (of a group of radio buttons, the checked one)."""
    return bool(widget.focusPolicy().value & _TABS.value)


def _walk(widget: QWidget) -> Iterator[QWidget]:
    """The Tab-reachable widgets in and under ``widget``, in the order of its layouts."""
    if isinstance(widget, QScrollArea):  # a panel that scrolls: a stop only if it holds none
        inner = widget.widget()
        inside = list(_walk(inner)) if inner is not None else []
        yield from inside if inside or not _takes_tab(widget) else [widget]
        return
    if _takes_tab(widget):
        yield widget  # a control (or the map): Tab stops here, not in its parts
        return
    if isinstance(widget, QDockWidget):
        inner = widget.widget()
        if inner is not None:
            yield from _walk(inner)
        return
    layout = widget.layout()
    if layout is not None:
        yield from _walk_layout(layout)
    else:  # no layout: the children, as made
        direct = Qt.FindChildOption.FindDirectChildrenOnly
        for child in widget.findChildren(QWidget, options=direct):
            yield from _walk(child)


def _walk_layout(layout: QLayout) -> Iterator[QWidget]:
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item is None:
            continue
        child, sub = item.widget(), item.layout()
        if child is not None:
            yield from _walk(child)
        elif sub is not None:
            yield from _walk_layout(sub)


def regions(window: QMainWindow) -> list[QWidget]:
    """The window's parts in reading order: toolbars at the top, left docks, the central widget,
    right docks, bottom docks (a side's docks top to bottom, then left to right)."""
    bars = window.findChildren(QToolBar)
    top = [t for t in bars if window.toolBarArea(t) == Qt.ToolBarArea.TopToolBarArea]
    docks = [d for d in window.findChildren(QDockWidget) if d.parent() is window]
    area = Qt.DockWidgetArea

    def side(which: Qt.DockWidgetArea) -> list[QWidget]:
        chosen = [d for d in docks if window.dockWidgetArea(d) == which and not d.isFloating()]
        return sorted(chosen, key=lambda d: (d.y(), d.x()))

    middle = window.centralWidget()
    central = [middle] if middle is not None else []
    parts: list[QWidget] = [*top, *side(area.TopDockWidgetArea), *side(area.LeftDockWidgetArea)]
    parts += [*central, *side(area.RightDockWidgetArea), *side(area.BottomDockWidgetArea)]
    others = [t for t in bars if t not in top]
    return parts + others + [d for d in docks if d.isFloating()]


def tab_order(window: QMainWindow) -> list[QWidget]:
    """The Tab-reachable widgets of ``window`` in the order it is laid out; any not laid out
    (a widget placed by hand) come last."""
    order: list[QWidget] = []
    for part in regions(window):
        for widget in _walk(part):
            if widget not in order:
                order.append(widget)
    for widget in window.findChildren(QWidget):
        if (
            _takes_tab(widget)
            and widget.window() is window
            and widget not in order
            and not isinstance(widget, QScrollArea)
            and not any(w.isAncestorOf(widget) for w in order)
            and not widget.objectName().startswith("qt_")
        ):
            order.append(widget)
    return order


def order_tabs(window: QMainWindow) -> list[QWidget]:
    """Make Tab follow :func:`tab_order` and return that order. A scrolling panel whose
    controls Tab reaches is no stop of its own (it scrolls to the control in focus)."""
    order = tab_order(window)
    for area in window.findChildren(QScrollArea):
        if area not in order and _takes_tab(area):
            area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    # Each stop with all its parts right after it: Qt moves a widget with its parts, so parts
    # left elsewhere in the chain (a pane that rebuilt its content) would drag stops along.
    chain: list[QWidget] = []
    for stop in order:
        chain.append(stop)
        chain.extend(w for w in stop.findChildren(QWidget) if w.window() is window)
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)
    return order


def controls(root: QWidget) -> list[QWidget]:
    """The controls under ``root`` (not the scroll bars of lists and fields, nor the inner
    parts of a control, nor dock title buttons)."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROL_KINDS) or isinstance(widget, QScrollBar):
            continue
        if widget.objectName().startswith("qt_"):  # Qt's own parts (toolbar extension...)
            continue
        parent = widget.parentWidget()
        inner = False
        while parent is not None and parent is not root:
            if isinstance(parent, QComboBox | QAbstractSpinBox | QAbstractScrollArea | QLineEdit):
                inner = not isinstance(parent, QScrollArea)
                break
            parent = parent.parentWidget()
        if not inner and not isinstance(widget.parentWidget(), QDockWidget):
            found.append(widget)
    return found


def accessible_name(widget: QWidget) -> str:
    """What a screen reader says a control is called: its accessible name, else a button's
    text (as Qt's accessibility does; asking Qt's interface from Python is not safe, since
    PySide may delete the interface Qt caches)."""
    name = widget.accessibleName().strip()
    if not name and isinstance(widget, QAbstractButton):
        name = widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&").strip()
    return name


#: Controls whose own text is their value, not their name (a name must be given).
VALUE_SHOWN = (QComboBox, QLineEdit, QAbstractSpinBox, QAbstractSlider, QProgressBar, QTextEdit)


def _given_name(widget: QWidget) -> str:
    """A name from the widget's tooltip, placeholder or buddy label, without key hints."""
    text = widget.toolTip().splitlines()[0] if widget.toolTip() else ""
    if not text and isinstance(widget, QLineEdit):
        text = widget.placeholderText()
    if not text:
        window = widget.window()
        buddy = next((lb for lb in window.findChildren(QLabel) if lb.buddy() is widget), None)
        text = buddy.text() if buddy is not None else ""
    text = re.sub(r"<[^>]+>", "", text).replace("&", "")
    return re.sub(r"\s*\([^)]*\)\s*$", "", text).rstrip("…:. ").strip()


def needs_name(widget: QWidget) -> bool:
    """Whether ``widget`` has no name a screen reader could say (value texts do not count)."""
    if widget.accessibleName().strip():
        return False
    if isinstance(widget, (*VALUE_SHOWN, QAbstractItemView)):
        return True
    return not accessible_name(widget)


def name_controls(root: QWidget) -> list[QWidget]:
    """Name every unnamed control under ``root`` from its tooltip, placeholder or buddy label;
    return those left without a name."""
    left = []
    for widget in controls(root):
        if needs_name(widget):
            name = _given_name(widget)
            if name:
                widget.setAccessibleName(name)
            else:
                left.append(widget)
    return left


def unnamed(root: QWidget) -> list[QWidget]:
    """The controls under ``root`` a screen reader could not name."""
    return [w for w in controls(root) if needs_name(w)]
