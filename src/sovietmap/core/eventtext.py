"""Text of users' event files: naming a file's encoding, checking one value, terminal escaping.

Event files must be UTF-8. A file in another encoding is named (UTF-16 and UTF-32 by their
byte-order mark or their NUL bytes, 8-bit code pages by a guess from the shape of their words),
so the user is told to re-save it rather than that columns are missing. Text that no writer can
carry (a lone surrogate, a NUL byte, a field longer than :data:`MAX_TEXT` characters) is a
problem of its row, found by :func:`text_problem`.

How an event reads to a person is here too: its dates as precise as they are known
(:func:`when_text`: "1927", "Aug 1991", "1 Nov 1937") and its kind as a word (:func:`kind_word`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

#: The longest text a field may hold (characters); longer is a problem of its row.
MAX_TEXT = 10_000

_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
_CYRILLIC = "Windows-1251 (Cyrillic)"
_WESTERN = "Latin-1 / Windows-1252 (Western European)"
_WORD = re.compile(rb"[A-Za-z\xc0-\xff]+")
_UTF8_CHAR = re.compile("[^\x00-\x7f\udc80-\udcff]")  # a character that was good UTF-8


def wide_encoding(data: bytes) -> str | None:
    """``"UTF-16"`` or ``"UTF-32"`` if ``data`` looks like one (with or without BOM), else None.

    Without a BOM, the NUL bytes give it away: text in these encodings is mostly Latin letters,
    digits and punctuation (the header and keys of an events file are), so one or three of every
    two or four bytes is zero, always at the same places.
    """
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            return name
    head = data[:4096]
    if len(head) < 8 or b"\x00" not in head:
        return None
    share = []
    for k in range(4):
        part = head[k::4]
        share.append(part.count(0) / len(part))
    if min(share[2], share[3]) >= 0.9 > share[0] or min(share[0], share[1]) >= 0.9 > share[3]:
        return "UTF-32"
    even, odd = (share[0] + share[2]) / 2, (share[1] + share[3]) / 2
    if max(even, odd) >= 0.4 and min(even, odd) <= 0.1:
        return "UTF-16"
    return None


def guess_8bit(data: bytes) -> str | None:
    """The likely 8-bit code page of ``data`` (which is not UTF-8), or None if no guess.

    Cyrillic words in Windows-1251 are runs of bytes from 0xC0 up; Western European words in
    Latin-1 or Windows-1252 mix such bytes into plain Latin letters. Whichever shape of word
    is the more common names the code page.
    """
    cyrillic = western = 0
    # Only the bytes that are not UTF-8 tell: a UTF-8 file with one Latin-1 cell is Latin-1 there.
    foreign = _UTF8_CHAR.sub(" ", data.decode("utf-8", "surrogateescape"))
    for word in _WORD.findall(foreign.encode("ascii", "surrogateescape")):
        high = sum(1 for b in word if b >= 0xC0)
        if not high:
            continue
        if high == len(word) and len(word) >= 2:
            cyrillic += 1
        elif high < len(word):
            western += 1
    if cyrillic > western:
        return _CYRILLIC
    if western:
        return _WESTERN
    return None


def not_utf8(data: bytes, offset: int) -> str:
    """The message for a whole file that is not UTF-8 (first bad byte at ``offset``)."""
    where = f"byte 0x{data[offset]:02X} at offset {offset}"
    guess = guess_8bit(data)
    if guess is None:
        return f"the file is not UTF-8 ({where}): save it as UTF-8"
    return f"the file looks like {guess}, not UTF-8 ({where}): save it as UTF-8"


def bad_byte(byte: int, guess: str | None) -> str:
    """The message for a CSV cell holding ``byte``, not UTF-8 there (``guess``: the file's)."""
    if guess is None:
        return f"wrong encoding: not UTF-8 (byte 0x{byte:02X}): save the file as UTF-8"
    return (
        f"wrong encoding (byte 0x{byte:02X}): the file looks like {guess}, not UTF-8: "
        "save it as UTF-8"
    )


_SURROGATE = re.compile("[\ud800-\udfff]")
_HIGH_SURROGATE = re.compile("[\ud800-\udbff]")
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def join_surrogate_pairs(text: str) -> str:
    """``text`` with each escaped UTF-16 pair (as YAML leaves ``"\\ud83d\\udccd"``) made one."""
    if text.isascii() or not _HIGH_SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def escaped_byte(text: str) -> int | None:
    """The first byte that ``surrogateescape`` decoding left in ``text`` (not UTF-8), or None."""
    found = None if text.isascii() else _ESCAPED_BYTE.search(text)
    return None if found is None else ord(found.group()) - 0xDC00


def text_problem(text: str) -> str | None:
    """What makes ``text`` unfit for an event (lone surrogate, NUL byte, too long), or None."""
    found = None if text.isascii() else _SURROGATE.search(text)
    if found is not None:
        return f"lone surrogate U+{ord(found.group()):04X} (half of a UTF-16 pair, not a character)"
    if "\x00" in text:
        return "NUL byte (U+0000) in the text"
    if len(text) > MAX_TEXT:
        return f"text of {len(text):,} characters is too long (at most {MAX_TEXT:,})"
    return None


_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape_char(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _needs_escape(ch: str) -> bool:
    return ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")


def escape_terminal(text: str) -> str:
    """``text`` safe to print to a terminal: control characters written as ``\\x1b`` etc.

    Escapes C0 and C1 controls and DEL (ESC, BEL, CR, backspace, tab, newline…), the line and
    paragraph separators, lone surrogates and the bidirectional controls (U+202A–U+202E,
    U+2066–U+2069, U+200E, U+200F, U+061C), so a title cannot move the cursor, retitle the
    window, hide text or reorder a line. Other text, any script, is left as it is.
    """
    if text.isprintable() and not any(ch in _BIDI for ch in text):
        return text
    return "".join(_escape_char(ch) if _needs_escape(ch) else ch for ch in text)


# --- how an event reads to a person: dates with their precision, kinds as words ----------------

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS_LONG = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: What each precision says about the dates, for the details pane.
PRECISION_WORDS = {
    "day": "exact day",
    "month": "month known, not the day",
    "year": "year known, not the month",
}
#: Event kinds as a reader says them (any other kind: its words, first letter capital).
KIND_WORDS = {
    "constitution": "Constitution",
    "decree": "Decree",
    "deportation": "Deportation",
    "economy": "Economy",
    "event": "Event",
    "famine": "Famine",
    "founding": "Founding",
    "independence": "Independence",
    "period": "Period",
    "rename": "Renaming",
    "repression": "Repression",
    "treaty": "Treaty",
}


def _day(day: dt.date, *, year: bool = True, long: bool = False) -> str:
    month = (_MONTHS_LONG if long else _MONTHS)[day.month - 1]
    return f"{day.day} {month}" + (f" {day.year}" if year else "")


def _month(day: dt.date, *, year: bool = True, long: bool = False) -> str:
    month = (_MONTHS_LONG if long else _MONTHS)[day.month - 1]
    return month + (f" {day.year}" if year else "")


def when_text(start: dt.date, end: dt.date, precision: str, *, long: bool = False) -> str:
    """An event's dates as precise as they are known: ``1 Nov 1937``, ``Aug 1991``, ``1927``.

    Intervals share what their ends share: ``23–29 Feb 1944``, ``Aug–Oct 1991``,
    ``1 Nov 1937 – 2 Jan 1938``, ``1936–1938``. ``long`` spells the months out.
    """
    if precision == "year":
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if precision == "month":
        if (start.year, start.month) == (end.year, end.month):
            return _month(start, long=long)
        if start.year == end.year:
            return f"{_month(start, year=False, long=long)}–{_month(end, long=long)}"
        return f"{_month(start, long=long)} – {_month(end, long=long)}"
    if start == end:
        return _day(start, long=long)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{_day(end, long=long)}"
    if start.year == end.year:
        return f"{_day(start, year=False, long=long)} – {_day(end, long=long)}"
    return f"{_day(start, long=long)} – {_day(end, long=long)}"


def start_text(start: dt.date, precision: str) -> str:
    """An event's first day as precise as it is known (the events list): ``1 Nov 1937``."""
    return when_text(start, start, precision)


def kind_word(kind: str) -> str:
    """A kind as a reader says it: ``rename`` is "Renaming", ``land_reform`` "Land reform"."""
    known = KIND_WORDS.get(kind.strip().casefold())
    if known is not None:
        return known
    words = kind.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]
