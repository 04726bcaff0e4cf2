"""The one bibliography of the repository (data/bibliography.yaml): citation key -> reference.

Every citation key used in geodata/, data/ and resources/ resolves here. An entry is a mapping
with `title`, `author` (author or issuing body), `date` (of the act or the publication), `url`
and an optional `note` (what was checked, what the source is used for).

Keys are cited in two ways: as `sources:` lists in YAML (polities.yaml, cuts.yaml, places.yaml)
and as bracketed groups in prose (`[S26, S31]` in the CHANGELOG, in event notes and in the
example events file). `keys_used` finds both, so that a test can hold the bibliography and its
users to each other, and Help -> Sources can list what is cited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from sovietmap import DATA_DIR, GEO_DIR, PROJECT_ROOT, RESOURCES_DIR

BIBLIOGRAPHY = DATA_DIR / "bibliography.yaml"
#: Where citation keys are used (the build output data/geo/ is skipped: it is made from these).
USER_DIRS = (PROJECT_ROOT / "geodata", DATA_DIR, RESOURCES_DIR)
#: Fields every entry must have, non-empty.
REQUIRED = ("title", "author", "date", "url")

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?|n\.d\.")
_URL = re.compile(r"https?://\S+")
#: A bracketed group in prose, not a Markdown link: "[S26, S31]" but not "[text](address)".
_GROUP = re.compile(r"\[([^\[\]\n]{1,200})\](?!\()")
#: A bracketed group in prose (group 1: its items); :func:`keys_in_text` says if it cites.
CITATION_GROUP = _GROUP
_KEY = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*")
_NUMBERED = re.compile(r"S\d+[a-z]?")
_TEXT_SUFFIXES = {".md", ".csv", ".txt"}
_YAML_SUFFIXES = {".yaml", ".yml"}


def seed_key(file: str) -> str | None:
    """The bibliography key of a seed text (``seeds/NAME.txt`` -> ``seed-NAME``), else None.

    An event's ``source.file`` names the seed it quotes; the seed's own entry (what the text is,
    where it comes from) is under this key, so a reader sees a reference, not a file name.
    """
    path = file.replace("\\", "/").strip()
    if not path.startswith("seeds/") or not path.endswith(".txt") or "/" in path[6:]:
        return None
    return "seed-" + path[6:-4]


@cache
def load(path: Path = BIBLIOGRAPHY) -> dict[str, Any]:
    """Key -> entry mapping, in file order."""
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
    text = ""
    for part in (p.rstrip(".") for p in parts if p):
        text += ("" if not text else " " if text.endswith(("?", "!")) else ". ") + part
    return f"{key}: {text}"


def problems(entries: dict[str, Any] | None = None) -> list[str]:
    """What is wrong with the entries themselves: missing fields, a malformed date or address."""
    out = []
    for key, entry in (entries if entries is not None else load()).items():
        if not isinstance(entry, dict):
            out.append(f"{key}: not a structured entry (title, author, date, url, note)")
            continue
        for f in REQUIRED:
            value = entry.get(f)
            if not isinstance(value, str) or not value.strip():
                out.append(f"{key}: no {f}")
        if isinstance(entry.get("date"), str) and not _DATE.fullmatch(entry["date"]):
            out.append(f"{key}: date {entry['date']!r} is not YYYY[-MM[-DD]] or n.d.")
        if isinstance(entry.get("url"), str) and not _URL.fullmatch(entry["url"]):
            out.append(f"{key}: url {entry['url']!r} is not an http(s) address")
    return out


def keys_in_text(text: str, known: Iterable[str] = ()) -> set[str]:
    """Citation keys in prose: bracketed groups whose items all look like keys.

    A group counts when every comma-separated item has the shape of a key and at least one is a
    numbered key (S26), a known key, or a slug with a digit or hyphen; so "[S26, S31]" and
    "[S47, NE]" count, while "[sic]" or "[1]" do not.
    """
    known = set(known)
    found: set[str] = set()
    for group in _GROUP.findall(text):
        items = [i.strip() for i in group.split(",")]
        if not all(_KEY.fullmatch(i) for i in items):
            continue
        if any(_NUMBERED.fullmatch(i) or i in known or re.search(r"[-\d]", i) for i in items):
            found.update(items)
    return found


def _keys_in_yaml(node: Any, known: set[str]) -> Iterator[str]:
    """Keys in `sources:` values anywhere in a YAML document, and in bracketed prose."""
    if isinstance(node, dict):
        for name, value in node.items():
            if name == "sources":
                if isinstance(value, str):
                    yield value
                elif isinstance(value, list):
                    yield from (str(v) for v in value if isinstance(v, str))
                elif isinstance(value, dict):  # a local key -> address map: its keys are cited
                    yield from (str(k) for k in value)
                continue
            if name == "source" and isinstance(value, dict) and isinstance(value.get("file"), str):
                key = seed_key(value["file"])  # a quoted seed cites the seed's entry
                if key is not None:
                    yield key
            yield from _keys_in_yaml(value, known)
    elif isinstance(node, list):
        for item in node:
            yield from _keys_in_yaml(item, known)
    elif isinstance(node, str):
        yield from keys_in_text(node, known)


def _user_files(paths: Iterable[Path]) -> Iterator[Path]:
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for f in files:
            if f == BIBLIOGRAPHY or GEO_DIR in f.parents:
                continue
            if f.suffix in _TEXT_SUFFIXES | _YAML_SUFFIXES:
                yield f


def keys_used(
    paths: Iterable[Path] = USER_DIRS, known: Iterable[str] | None = None
) -> dict[str, set[str]]:
    """Key -> the files (relative to the project root when inside it) that cite it."""
    known_keys = set(load() if known is None else known)
    used: dict[str, set[str]] = {}
    for f in _user_files(paths):
        text = f.read_text(encoding="utf-8")
        if f.suffix in _YAML_SUFFIXES:
            keys = set(_keys_in_yaml(yaml.safe_load(text), known_keys))
        else:
            keys = keys_in_text(text, known_keys)
        name = str(f.relative_to(PROJECT_ROOT)) if PROJECT_ROOT in f.parents else str(f)
        for k in keys:
            used.setdefault(k, set()).add(name)
    return used


def natural_key(key: str) -> tuple[Any, ...]:
    """Sort key that puts S2 before S10 and S9 before S9b (for listings such as Help -> Sources)."""
    return tuple(int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", key))
