"""``sovietmap --install-desktop`` / ``--uninstall-desktop``: the desktop entry and the icon in
the user's XDG data folders (``$XDG_DATA_HOME``, ``~/.local/share``)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from sovietmap import RESOURCES_DIR
from sovietmap.core import userdirs

DESKTOP_SOURCE = RESOURCES_DIR / "sovietmap.desktop"
ICON_SOURCE = RESOURCES_DIR / "sovietmap.svg"


def desktop_file() -> Path:
    """Where the desktop entry goes: ``$XDG_DATA_HOME/applications/sovietmap.desktop``."""
    return userdirs.data_home() / "applications" / "sovietmap.desktop"


def icon_file() -> Path:
    """Where the icon goes: ``$XDG_DATA_HOME/icons/hicolor/scalable/apps/sovietmap.svg``."""
    return userdirs.data_home() / "icons" / "hicolor" / "scalable" / "apps" / "sovietmap.svg"


def installed_command() -> str:
    """The installed ``sovietmap`` script (beside this interpreter, else on PATH), as an Exec
    value; ``python -m sovietmap`` when there is no script."""
    script = Path(sys.executable).parent / "sovietmap"
    found = str(script) if script.is_file() else shutil.which("sovietmap")
    if found is None:
        return f"{_quote(sys.executable)} -m sovietmap"
    return _quote(str(Path(found).absolute()))


def _quote(arg: str) -> str:
    """An Exec argument, quoted as the Desktop Entry Specification asks when it needs to be."""
    if not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
        return arg
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{escaped}"'


def desktop_entry(command: str) -> str:
    """The shipped desktop entry with ``Exec`` set to ``command``."""
    lines = DESKTOP_SOURCE.read_text("utf-8").splitlines()
    return "".join(
        (f"Exec={command}" if line.startswith("Exec=") else line) + "\n" for line in lines
    )


def install() -> list[Path]:
    """Write the desktop entry and the icon; the files written."""
    entry, icon = desktop_file(), icon_file()
    entry.parent.mkdir(parents=True, exist_ok=True)
    icon.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(desktop_entry(installed_command()), encoding="utf-8")
    shutil.copyfile(ICON_SOURCE, icon)
    return [entry, icon]


def uninstall() -> list[Path]:
    """Remove the desktop entry and the icon (only those two files); the files removed."""
    removed = []
    for path in (desktop_file(), icon_file()):
        if path.is_file() or path.is_symlink():
            path.unlink()
            removed.append(path)
    return removed
