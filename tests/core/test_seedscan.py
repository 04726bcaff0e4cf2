"""The seed scanner finds every date expression, and the catalogue covers every one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sovietmap import SEEDS_DIR
from sovietmap.core.events import Event, EventCatalogue
from sovietmap.core.seedscan import (
    DateExpression,
    covers,
    read_seed,
    scan_file,
    scan_seeds,
    scan_text,
    seed_files,
)

D = dt.date
SEED = SEEDS_DIR / "000_6967661b8bf3442b.txt"
SEED_NAME = "seeds/000_6967661b8bf3442b.txt"
CATALOGUE = EventCatalogue.load()
ALL_EXPRESSIONS = list(scan_seeds())


def _event(start: dt.date, end: dt.date, precision: str) -> Event:
    return Event("x", "X", "", "", start, end, precision, "Baku", 40.4, 49.9, "test", None, "")


def test_seed_000_expressions_are_exactly_these() -> None:
    found = [(e.text, e.start, e.end, e.precision) for e in scan_file(SEED)]
    assert found == [
        ("entre 1922 e 1991", D(1922, 1, 1), D(1991, 12, 31), "range"),
        ("28 de abril de 1920", D(1920, 4, 28), D(1920, 4, 28), "day"),
        ("dezembro de 1922", D(1922, 12, 1), D(1922, 12, 31), "month"),
        ("14 de março de 1937", D(1937, 3, 14), D(1937, 3, 14), "day"),
        ("5 de fevereiro de 1991", D(1991, 2, 5), D(1991, 2, 5), "day"),
        ("29 de novembro de 1990", D(1990, 11, 29), D(1990, 11, 29), "day"),
        ("agosto de 1991", D(1991, 8, 1), D(1991, 8, 31), "month"),
        ("1995", D(1995, 1, 1), D(1995, 12, 31), "year"),
        ("de 1927 a 1953", D(1927, 1, 1), D(1953, 12, 31), "range"),
        (
            "do final da década de 1920 até a década de 1930",
            D(1927, 1, 1),
            D(1939, 12, 31),
            "decade",
        ),
    ]


def test_offsets_point_at_the_matched_text() -> None:
    text = read_seed(SEED)
    for expr in scan_file(SEED):
        assert expr.file == SEED_NAME
        assert text[expr.offset : expr.offset + len(expr.text)] == expr.text


@pytest.mark.parametrize(
    ("text", "matched", "start", "end", "precision"),
    [
        ("em 28 de abril de 1920,", "28 de abril de 1920", D(1920, 4, 28), D(1920, 4, 28), "day"),
        (
            "Em 5 de fevereiro de 1991",
            "5 de fevereiro de 1991",
            D(1991, 2, 5),
            D(1991, 2, 5),
            "day",
        ),
        ("no 1º de maio de 1920", "1º de maio de 1920", D(1920, 5, 1), D(1920, 5, 1), "day"),
        ("Em Março de 1937", "Março de 1937", D(1937, 3, 1), D(1937, 3, 31), "month"),
        ("em fevereiro de 1932", "fevereiro de 1932", D(1932, 2, 1), D(1932, 2, 29), "month"),
        (
            "de 14 a 15 de novembro de 1944",
            "14 a 15 de novembro de 1944",
            D(1944, 11, 14),
            D(1944, 11, 15),
            "day",
        ),
        ("entre 1936 e 1938", "entre 1936 e 1938", D(1936, 1, 1), D(1938, 12, 31), "range"),
        ("de 1929 até 1933", "de 1929 até 1933", D(1929, 1, 1), D(1933, 12, 31), "range"),
        ("os anos 1936–1938", "1936–1938", D(1936, 1, 1), D(1938, 12, 31), "range"),
        ("na década de 1930", "década de 1930", D(1930, 1, 1), D(1939, 12, 31), "decade"),
        (
            "no início da década de 1920",
            "início da década de 1920",
            D(1920, 1, 1),
            D(1923, 12, 31),
            "decade",
        ),
        (
            "em meados da década de 1950",
            "meados da década de 1950",
            D(1953, 1, 1),
            D(1956, 12, 31),
            "decade",
        ),
        ("on 28 April 1920", "28 April 1920", D(1920, 4, 28), D(1920, 4, 28), "day"),
        ("on April 28, 1920", "April 28, 1920", D(1920, 4, 28), D(1920, 4, 28), "day"),
        ("in December 1922", "December 1922", D(1922, 12, 1), D(1922, 12, 31), "month"),
        ("between 1922 and 1991", "between 1922 and 1991", D(1922, 1, 1), D(1991, 12, 31), "range"),
        (
            "from the late 1920s to the 1930s",
            "from the late 1920s to the 1930s",
            D(1927, 1, 1),
            D(1939, 12, 31),
            "decade",
        ),
        ("em 1995.", "1995", D(1995, 1, 1), D(1995, 12, 31), "year"),
    ],
)
def test_expression_forms(
    text: str, matched: str, start: dt.date, end: dt.date, precision: str
) -> None:
    [expr] = scan_text(text, "f.txt")
    assert (expr.text, expr.start, expr.end, expr.precision) == (matched, start, end, precision)
    assert text[expr.offset :].startswith(matched)


def test_no_false_years_and_no_double_counting() -> None:
    assert scan_text("186,100 km², No.16-XII, 9º Congresso, 1.995 pessoas, 12345") == []
    # The year inside a full date is not reported again as a bare year.
    assert [e.text for e in scan_text("em 14 de março de 1937 e em 1938")] == [
        "14 de março de 1937",
        "1938",
    ]


def test_impossible_day_is_not_a_day() -> None:
    exprs = scan_text("31 de fevereiro de 1930")
    assert [e.precision for e in exprs] == ["month"]


def test_new_seed_files_are_discovered(tmp_path: Path) -> None:
    (tmp_path / "001_new.txt").write_text("Em 23 de fevereiro de 1944, deportações.", "utf-8")
    (tmp_path / "notes.md").write_text("1950", "utf-8")
    assert [p.name for p in seed_files(tmp_path)] == ["001_new.txt"]
    [expr] = list(scan_seeds(tmp_path))
    assert expr.start == D(1944, 2, 23)
    # ... and the catalogue check would catch it if no event covered it:
    assert any(covers(e, expr) for e in CATALOGUE.events)
    orphan = scan_text("Em 3 de junho de 1950.", "seeds/999.txt")[0]
    assert not any(covers(e, orphan) for e in CATALOGUE.events)


def test_covers_needs_overlap_and_precision() -> None:
    day = scan_text("14 de março de 1937")[0]
    month = scan_text("agosto de 1991")[0]
    years = scan_text("entre 1922 e 1991")[0]
    assert covers(_event(D(1937, 3, 14), D(1937, 3, 14), "day"), day)
    assert not covers(_event(D(1937, 3, 15), D(1937, 3, 15), "day"), day)
    # a long period holding the day is not anchored there
    assert not covers(_event(D(1927, 1, 1), D(1953, 12, 31), "year"), day)
    assert not covers(_event(D(1930, 4, 25), D(1960, 1, 13), "day"), day)
    assert covers(_event(D(1991, 8, 30), D(1991, 8, 30), "day"), month)
    assert covers(_event(D(1991, 8, 1), D(1991, 8, 31), "month"), month)
    assert not covers(_event(D(1991, 1, 1), D(1991, 12, 31), "year"), month)
    assert not covers(_event(D(1991, 9, 1), D(1991, 9, 30), "month"), month)
    assert covers(_event(D(1937, 1, 1), D(1937, 12, 31), "year"), years)
    assert not covers(_event(D(1992, 1, 1), D(1992, 1, 1), "day"), years)


def test_the_seeds_have_dates_at_all() -> None:
    assert len(seed_files()) >= 1
    assert len(ALL_EXPRESSIONS) >= 10


@pytest.mark.parametrize("expr", ALL_EXPRESSIONS, ids=lambda e: f"{e.file}@{e.offset}:{e.text}")
def test_every_seed_date_is_covered_by_an_event(expr: DateExpression) -> None:
    covering = [e for e in CATALOGUE.events if covers(e, expr)]
    assert covering, f"no event covers {expr.text!r} ({expr.file}, offset {expr.offset})"
    # at least one covering event quotes the very words of the date
    assert any(e.source is not None and expr.text in e.source.quote for e in covering), (
        f"no covering event quotes {expr.text!r}"
    )
