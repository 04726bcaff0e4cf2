"""The keyboard: one table of the timeline's keys that both binds them and documents them.

:data:`KEYS` is the table. :class:`KeyBindings` makes a :class:`QShortcut` of each row and keeps
it enabled only while the keys belong to the timeline: when the map or the timeline has the
keyboard focus and the focused control does not use the key itself. So Space on a focused
check box ticks it, arrows in the events list move through the list, arrows in the speed box
change the speed, and Space on the map (or on the slider) plays. Help → Keyboard shortcuts
(:func:`help_rows`) lists the same table and every menu or toolbar action's own shortcut, read
from the actions that bind them. Tab order and accessible names are in :mod:`sovietmap.ui.focus`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QRadioButton,
    QTextEdit,
    QWidget,
)

from sovietmap.ui import focus


@dataclass(frozen=True)
class Key:
    """One timeline key: ``keys`` (portable :class:`QKeySequence` text), the ``command`` of
    :data:`sovietmap.ui.wiring.COMMANDS` it runs, and what it does, in words."""

    keys: str
    command: str
    text: str


#: The timeline's keys: bound by :class:`KeyBindings`, listed by Help → Keyboard shortcuts.
KEYS: tuple[Key, ...] = (
    Key("Left", "prev_year", "Back one year"),
    Key("Right", "next_year", "Forward one year"),
    Key("Shift+Left", "prev_month", "Back one month"),
    Key("Shift+Right", "next_month", "Forward one month"),
    Key("PgUp", "prev_change", "Previous change (border change or event date)"),
    Key("PgDown", "next_change", "Next change (border change or event date)"),
    Key("Home", "start", "First day of the timeline (1918-01-01)"),
    Key("End", "end", "Last day of the timeline (1995-12-31)"),
    Key("Space", "play", "Play / pause"),
)

#: Keys -> command, as ``main_window.SHORTCUTS`` was (kept for old callers).
KEY_COMMANDS: dict[str, str] = {k.keys: k.command for k in KEYS}

#: Where the timeline keys work, as Help says it.
TIMELINE_SCOPE = "When the map or the timeline has the keyboard"

#: Keys Qt gives every control, listed in Help after the table (keys, what they do).
CONTROL_KEYS: tuple[tuple[str, str], ...] = (
    ("Tab / Shift+Tab", "Next / previous control, in the order they are laid out"),
    ("Space", "Press the focused button, tick the focused check box or choose the radio button"),
    ("← → ↑ ↓", "Move in the focused list, box or field (the timeline's keys on the map)"),
    ("Enter", "In the date field: go to the typed date"),
)

_ALL = frozenset(k.keys for k in KEYS)
_TEXT = frozenset({"Space", "Left", "Right", "Shift+Left", "Shift+Right", "Home", "End"})
#: The table's keys each kind of control uses itself (so they go to it, not to the timeline).
OWNED_KEYS: tuple[tuple[type[QWidget], frozenset[str]], ...] = (
    (QLineEdit, _TEXT),
    (QTextEdit, _ALL),
    (QPlainTextEdit, _ALL),
    (QAbstractSpinBox, _ALL),
    (QAbstractItemView, _ALL),
    (QAbstractSlider, _ALL),
    (QComboBox, frozenset({"Space", "PgUp", "PgDown", "Home", "End"})),
    (QRadioButton, frozenset({"Space", "Left", "Right"})),
    (QAbstractButton, frozenset({"Space"})),
)


def key_text(keys: str | QKeySequence) -> str:
    """Keys as Help shows them: "Shift+←", "Page Up", "Ctrl+1"."""
    seq = keys if isinstance(keys, QKeySequence) else QKeySequence(keys)
    text = seq.toString(QKeySequence.SequenceFormat.NativeText)
    for word, shown in (
        ("Left", "←"),
        ("Right", "→"),
        ("Up", "↑"),
        ("Down", "↓"),
        ("PgUp", "Page Up"),
        ("PgDown", "Page Down"),
    ):
        text = re.sub(rf"\b{word}\b", shown, text)
    return text


def owns_key(widget: QWidget | None, keys: str, exempt: Iterable[QWidget] = ()) -> bool:
    """Whether the focused ``widget`` uses ``keys`` (portable text) itself. Widgets in
    ``exempt`` (the timeline's own slider) leave the table's keys to the table."""
    if widget is None or any(widget is w for w in exempt):
        return False
    return any(isinstance(widget, kind) and keys in owned for kind, owned in OWNED_KEYS)


class KeyBindings(QObject):
    """The shortcuts of :data:`KEYS` on ``window``, enabled while the focus is in one of
    ``scopes`` (or nowhere) and the focused control does not use the key itself."""

    #: A key of the table was pressed in scope: the command's name.
    command = Signal(str)

    def __init__(
        self,
        window: QMainWindow,
        scopes: Sequence[QWidget],
        exempt: Sequence[QWidget] = (),
    ) -> None:
        super().__init__(window)
        self.window = window
        self.scopes = tuple(scopes)
        self.exempt = tuple(exempt)
        #: Command name -> its shortcut (one key each), as ``window.shortcuts``.
        self.shortcuts: dict[str, QShortcut] = {}
        self.keys: dict[str, str] = {}  # command -> portable keys
        for key in KEYS:
            shortcut = QShortcut(QKeySequence(key.keys), window)
            shortcut.setObjectName(f"key-{key.command}")
            shortcut.activated.connect(lambda c=key.command: self.command.emit(c))
            self.shortcuts[key.command] = shortcut
            self.keys[key.command] = key.keys
        #: Help → Keyboard shortcuts (F1): the menu takes it.
        self.help_action = QAction("&Keyboard shortcuts", window)
        self.help_action.setObjectName("helpShortcuts")
        self.help_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.help_action.triggered.connect(self.show_help)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        window.installEventFilter(self)
        self._shown = False
        self.update()

    def in_scope(self, widget: QWidget | None) -> bool:
        """Whether the timeline's keys belong to the timeline with ``widget`` focused."""
        if widget is None:
            return True
        return any(s is widget or s.isAncestorOf(widget) for s in self.scopes)

    def update(self, widget: QWidget | None = None) -> None:
        """Enable the keys that belong to the timeline with ``widget`` (default: the focus)."""
        if widget is None:
            widget = QApplication.focusWidget()
        scope = self.in_scope(widget)
        for name, shortcut in self.shortcuts.items():
            shortcut.setEnabled(scope and not owns_key(widget, self.keys[name], self.exempt))

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or new.window() is self.window:
            self.update(new)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """On the window's first show: Tab in layout order, names for unnamed controls, the
        keyboard on the map; later, the order again when a dock moves."""
        if watched is self.window and event.type() == QEvent.Type.Show and not self._shown:
            self._shown = True
            self.arrange()
            for dock in self.window.findChildren(QDockWidget):
                dock.dockLocationChanged.connect(lambda _area: self.arrange())
                dock.topLevelChanged.connect(lambda _floating: self.arrange())
            focused = QApplication.focusWidget()
            if focused is None or not self.window.isAncestorOf(focused):
                self.scopes[0].setFocus()
        return False

    def arrange(self) -> None:
        """Tab in the order of the layout; every control named."""
        focus.order_tabs(self.window)
        focus.name_controls(self.window)

    def tab(self, forward: bool) -> bool:
        """Move the keyboard to the next (or previous) control in the order of the layout
        (:func:`~sovietmap.ui.focus.tab_order`), from the control that has it or holds it;
        False if the focus is not on one (Qt's own chain then decides). The window's
        ``focusNextPrevChild`` asks this first, so Tab leaving a pane with links or the map's
        page also goes on in layout order."""
        current = QApplication.focusWidget()
        stops = [
            w
            for w in focus.tab_order(self.window)
            if w.isVisibleTo(self.window) and w.isEnabled() and focus.takes_tab_now(w)
        ]
        if current is None or not stops:
            return False
        at = next((i for i, w in enumerate(stops) if w is current or w.isAncestorOf(current)), -1)
        if at < 0:
            return False
        target = stops[(at + (1 if forward else -1)) % len(stops)]
        reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
        target.setFocus(reason)
        return True

    def show_help(self) -> QWidget:
        """Help → Keyboard shortcuts (non-modal), generated now from what binds the keys."""
        from sovietmap.ui import dialogs

        return dialogs.shortcuts_dialog(self.window, help_rows(self.window))


@dataclass(frozen=True)
class HelpRow:
    """A row of Help → Keyboard shortcuts: the keys as shown, what they do, where."""

    keys: str
    text: str
    where: str


def _menu_actions(menu: QMenu, path: str) -> Iterable[tuple[QAction, str]]:
    for action in menu.actions():
        sub = action.menu()
        label = _plain(action.text())
        if isinstance(sub, QMenu):
            yield from _menu_actions(sub, f"{path} → {label}")
        elif not action.isSeparator():
            yield action, path


def _plain(text: str) -> str:
    """A menu text without its mnemonic ampersands."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def help_rows(window: QMainWindow | None = None) -> list[HelpRow]:
    """What Help lists: :data:`KEYS`, then every shortcut of ``window``'s actions (menus
    first, by menu path; then toolbar and other actions), read from the actions themselves."""
    rows = [HelpRow(key_text(k.keys), k.text, TIMELINE_SCOPE) for k in KEYS]
    if window is None:
        return rows
    seen: set[int] = set()
    found: list[tuple[QAction, str]] = []
    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            found.extend(_menu_actions(menu, _plain(top.text())))
    found.extend((a, "Toolbar") for a in window.findChildren(QAction) if a.shortcuts())
    for action, where in found:
        if id(action) in seen or not action.shortcuts():
            continue
        seen.add(id(action))
        text = _plain(action.toolTip() if where == "Toolbar" else action.text())
        for seq in action.shortcuts():
            rows.append(HelpRow(key_text(seq), text.rstrip("…"), where))
    return rows
