"""An event's citations as a reader needs them: each numbered and tied to its full reference.

An event names its sources in two ways: ``source.file``, the seed text it quotes, and
bracketed keys of ``data/bibliography.yaml`` in its note (``[S26, S31]``,
``[hamberg-on-this-day]``). Neither means anything to a reader as it stands. Here an event's
sources become numbered :class:`Reference` s (the seed first, then the keys in the order the
text first cites them), and its texts become :class:`Piece` s, plain text and groups of
reference numbers, for a view to draw with links to the references. No Qt, no HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sovietmap.core import bibliography
from sovietmap.core.eventrecord import Event


@dataclass(frozen=True)
class Reference:
    """One full reference: the bibliography entry of ``key`` (or only the key if it has none)."""

    number: int
    key: str
    title: str
    author: str
    date: str
    url: str
    note: str
    #: True for the seed text the event quotes.
    seed: bool = False

    @property
    def known(self) -> bool:
        """Whether the key has an entry in the bibliography."""
        return bool(self.title or self.url)

    def line(self) -> str:
        """The reference in one line: ``Title. Author, date. url`` (the key if unknown)."""
        if not self.known:
            return f"{self.key} (not in the bibliography)"
        return bibliography.cite(self.key, {self.key: self._entry()}).split(": ", 1)[1]

    def _entry(self) -> dict[str, str]:
        return {"title": self.title, "author": self.author, "date": self.date, "url": self.url}


@dataclass(frozen=True)
class Piece:
    """A stretch of an event's text: plain ``text``, or a citation group (``refs`` not empty)."""

    text: str
    refs: tuple[Reference, ...] = ()


def _reference(number: int, key: str, entries: dict[str, Any], *, seed: bool = False) -> Reference:
    entry = entries.get(key)
    if not isinstance(entry, dict):
        entry = {"title": str(entry)} if entry else {}
    fields = {f: str(entry.get(f) or "").strip() for f in ("title", "author", "date", "url")}
    note = " ".join(str(entry.get("note") or "").split())
    return Reference(number, key, note=note, seed=seed, **fields)


class EventCitations:
    """The numbered references of one event and its texts split around their citations."""

    def __init__(self, event: Event, entries: dict[str, Any] | None = None) -> None:
        self.entries = bibliography.load() if entries is None else entries
        self.references: list[Reference] = []
        self._by_key: dict[str, Reference] = {}
        seed = None if event.source is None else bibliography.seed_key(event.source.file)
        if seed is not None:
            self._add(seed, seed=True)
        for text in (event.description, event.note):
            for key in _keys_in_order(text, self.entries):
                self._add(key)

    def _add(self, key: str, *, seed: bool = False) -> Reference:
        if key not in self._by_key:
            ref = _reference(len(self.references) + 1, key, self.entries, seed=seed)
            self._by_key[key] = ref
            self.references.append(ref)
        return self._by_key[key]

    @property
    def seed(self) -> Reference | None:
        """The reference of the seed text the event quotes, if it quotes one."""
        return next((r for r in self.references if r.seed), None)

    def pieces(self, text: str) -> list[Piece]:
        """``text`` as plain stretches and citation groups (``[S26, S31]`` -> two references)."""
        out: list[Piece] = []
        at = 0
        for match in bibliography.CITATION_GROUP.finditer(text):
            keys = [k.strip() for k in match.group(1).split(",")]
            if not bibliography.keys_in_text(match.group(0), self.entries):
                continue  # "[sic]", "[1]": not a citation
            if match.start() > at:
                out.append(Piece(text[at : match.start()]))
            out.append(Piece(match.group(0), tuple(self._add(k) for k in keys)))
            at = match.end()
        if at < len(text):
            out.append(Piece(text[at:]))
        return out


def _keys_in_order(text: str, entries: dict[str, Any]) -> list[str]:
    """The citation keys of ``text`` in the order they are first cited."""
    keys: list[str] = []
    for match in bibliography.CITATION_GROUP.finditer(text):
        if bibliography.keys_in_text(match.group(0), entries):
            keys += [k.strip() for k in match.group(1).split(",") if k.strip() not in keys]
    return keys
