"""The views toolbar: one click (or Ctrl+1/2/3) to Azerbaijan, Transcaucasia or the USSR, and
back to the previous view (Alt+Left). The same actions are in the View menu."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar, QWidget

from sovietmap.core.views import BACK_KEYS, VIEWS


class ViewBar(QToolBar):
    """Actions announce what the user asks: ``preset_picked(name)`` and ``back_requested``."""

    preset_picked = Signal(str)
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Views", parent)
        self.setObjectName("viewBar")
        self.setAccessibleName("Map views")
        self.setMovable(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.back = QAction("◀ Back", self)
        self.back.setObjectName("view-back")
        self.back.setShortcut(QKeySequence(BACK_KEYS))
        self.back.setToolTip(f"Back to the previous view ({BACK_KEYS})")
        self.back.setEnabled(False)
        self.back.triggered.connect(lambda _c=False: self.back_requested.emit())
        self.addAction(self.back)
        self.addSeparator()
        #: The preset actions by name (also in the View menu).
        self.presets: dict[str, QAction] = {}
        for view in VIEWS.values():
            action = QAction(view.label, self)
            action.setObjectName(f"view-{view.name}")
            action.setShortcut(QKeySequence(view.keys))
            action.setToolTip(f"{view.tip} ({view.keys})")
            action.triggered.connect(lambda _c=False, n=view.name: self.preset_picked.emit(n))
            self.presets[view.name] = action
            self.addAction(action)
        for action in self.actions():
            button = self.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(action.toolTip())
                button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a toolbar's are not, by default

    def show_back(self, possible: bool) -> None:
        """Enable "Back" when there is a view to go back to."""
        self.back.setEnabled(possible)
