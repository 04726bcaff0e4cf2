"""Events as a reader reads them: dates with their precision, kinds as words, citations that
resolve to full references (the seed text by its own bibliography entry)."""

from __future__ import annotations

import datetime as dt

import pytest

from sovietmap.core import bibliography
from sovietmap.core.citations import EventCitations
from sovietmap.core.events import EventCatalogue
from sovietmap.core.eventtext import kind_word, start_text, when_text

D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "precision", "text"),
    [
        (D(1927, 1, 1), D(1927, 12, 31), "year", "1927"),
        (D(1936, 1, 1), D(1938, 12, 31), "year", "1936–1938"),
        (D(1991, 8, 1), D(1991, 8, 31), "month", "Aug 1991"),
        (D(1937, 9, 1), D(1937, 10, 31), "month", "Sep–Oct 1937"),
        (D(1922, 12, 1), D(1923, 1, 31), "month", "Dec 1922 – Jan 1923"),
        (D(1937, 11, 1), D(1937, 11, 1), "day", "1 Nov 1937"),
        (D(1944, 11, 14), D(1944, 11, 15), "day", "14–15 Nov 1944"),
        (D(1944, 2, 23), D(1944, 3, 5), "day", "23 Feb – 5 Mar 1944"),
        (D(1930, 4, 25), D(1960, 1, 13), "day", "25 Apr 1930 – 13 Jan 1960"),
    ],
)
def test_dates_read_as_precise_as_they_are_known(
    start: dt.date, end: dt.date, precision: str, text: str
) -> None:
    assert when_text(start, end, precision) == text
    assert "-01-01" not in when_text(start, end, precision)


def test_long_dates_and_the_first_day() -> None:
    assert when_text(D(1937, 11, 1), D(1937, 11, 1), "day", long=True) == "1 November 1937"
    assert when_text(D(1991, 8, 1), D(1991, 8, 31), "month", long=True) == "August 1991"
    assert start_text(D(1927, 1, 1), "year") == "1927"


def test_every_catalogue_kind_reads_as_a_word() -> None:
    for event in EventCatalogue.load().events:
        word = kind_word(event.kind)
        assert word[0].isupper() and "_" not in word and "-" not in word, event.kind
    assert kind_word("rename") == "Renaming"
    assert kind_word("land_reform") == "Land reform"


def test_hamberg_citations_resolve_to_full_references() -> None:
    event = EventCatalogue.load().by_id("hamberg-execution")
    cites = EventCitations(event)
    keys = [r.key for r in cites.references]
    assert keys == [
        "seed-000_6967661b8bf3442b",
        "hamberg-on-this-day",
        "baku-lutheran-arrests-1937",
    ]
    seed = cites.seed
    assert seed is not None and seed.number == 1 and seed.known
    assert seed.url.startswith("https://") and "Azerbaijan Soviet Socialist Republic" in seed.title
    for ref in cites.references:
        assert ref.line() == bibliography.cite(ref.key).split(": ", 1)[1]
    groups = [p for p in cites.pieces(event.note) if p.refs]
    assert [[r.number for r in p.refs] for p in groups] == [[2], [3]]
    plain = "".join(p.text for p in cites.pieces(event.note) if not p.refs)
    assert "[" not in plain  # every bracket in the note is a citation, each resolved


def test_every_catalogue_citation_is_known() -> None:
    """Every event's sources, the seed included, have a full entry (nothing shows as a bare
    key or file name)."""
    for event in EventCatalogue.load().events:
        cites = EventCitations(event)
        assert cites.seed is not None, event.id
        assert all(r.known for r in cites.references), event.id


def test_a_group_cites_several_and_non_citations_stay_text() -> None:
    entries = {
        "S26": {"title": "A", "author": "B", "date": "1922", "url": "https://a.org"},
        "S31": {"title": "C", "author": "D", "date": "1991", "url": "https://c.org"},
    }
    event = EventCatalogue.load().by_id("hamberg-execution")
    cites = EventCitations(event, entries)
    pieces = cites.pieces("Date [S26, S31]; [sic] and [S26] again.")
    assert [p.text for p in pieces if not p.refs] == ["Date ", "; [sic] and ", " again."]
    assert [[r.key for r in p.refs] for p in pieces if p.refs] == [["S26", "S31"], ["S26"]]
    unknown = EventCitations(event, {}).references
    assert unknown[0].key.startswith("seed-") and not unknown[0].known
    assert "not in the bibliography" in unknown[0].line()
