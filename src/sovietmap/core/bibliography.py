"""The one bibliography of the repository (data/bibliography.yaml): citation key -> reference.

Every citation key used in geodata/, data/ and resources/ resolves here. An entry is a mapping
with `title`, `author` (author or issuing body), `date` (of the act or the publication), `url`
and an optional `note` (what was checked, what the source is used for). Older entries may still
be a plain string; `cite` renders both the same way.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from sovietmap import DATA_DIR

BIBLIOGRAPHY = DATA_DIR / "bibliography.yaml"


@cache
def load(path: Path = BIBLIOGRAPHY) -> dict[str, Any]:
    """Key -> entry (a mapping, or a plain string for entries not yet structured)."""
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of citation keys")
    return {str(k): v for k, v in data.items()}


def cite(key: str, entries: dict[str, Any] | None = None) -> str:
    """One line for a key: 'KEY: title. author, date. url'."""
    entry = (entries if entries is not None else load())[key]
    if isinstance(entry, str):
        return f"{key}: {entry}"
    parts = [str(entry.get("title", "")).strip()]
    who = ", ".join(str(entry[f]) for f in ("author", "date") if entry.get(f))
    if who:
        parts.append(who)
    if entry.get("url"):
        parts.append(str(entry["url"]))
    return f"{key}: " + ". ".join(p.rstrip(".") for p in parts if p)
