"""A wide table of known places on known dates, inside or outside each polity.

Each row: place, (lon, lat), date, polity, expected. Together the rows touch every change of the
USSR's outer border and every Transcaucasian polity; coordinates are town centres (±0.02°).
"""

from __future__ import annotations

import datetime as dt

import pytest
from shapely.geometry import Point

from sovietmap.core.atlas import BorderAtlas

IN, OUT = True, False
BAKU, MOSCOW = (49.87, 40.41), (37.62, 55.75)
TABLE = [
    # Capitals and the Union's life span
    ("Moscow", MOSCOW, "1922-12-29", "ussr", OUT),
    ("Moscow", MOSCOW, "1922-12-30", "ussr", IN),
    ("Moscow", MOSCOW, "1991-12-25", "ussr", IN),
    ("Moscow", MOSCOW, "1991-12-26", "ussr", OUT),
    # Baku held by the Baku Commune, then the Centrocaspian Dictatorship, until 15 Sep 1918
    ("Baku", BAKU, "1918-06-04", "adr", OUT),
    ("Baku", BAKU, "1918-06-04", "baku-1918", IN),
    ("Baku", BAKU, "1918-09-14", "baku-1918", IN),
    ("Baku", BAKU, "1918-09-15", "baku-1918", OUT),
    ("Baku", BAKU, "1918-09-15", "adr", IN),
    ("Baku", BAKU, "1919-06-01", "adr", IN),
    ("Baku", BAKU, "1920-04-27", "azerbaijan-ssr", OUT),
    ("Baku", BAKU, "1920-04-28", "azerbaijan-ssr", IN),
    ("Baku", BAKU, "1920-04-28", "adr", OUT),
    ("Baku", BAKU, "1922-03-11", "tsfsr", OUT),
    ("Baku", BAKU, "1922-03-12", "tsfsr", IN),
    ("Baku", BAKU, "1930-01-01", "ussr", IN),
    ("Baku", BAKU, "1936-12-04", "tsfsr", IN),
    ("Baku", BAKU, "1936-12-05", "tsfsr", OUT),
    ("Baku", BAKU, "1937-11-01", "azerbaijan-ssr", IN),
    ("Baku", BAKU, "1991-02-04", "azerbaijan-ssr", IN),
    ("Baku", BAKU, "1991-02-05", "azerbaijan-ssr", OUT),
    ("Baku", BAKU, "1991-02-05", "azerbaijan-republic", IN),
    ("Baku", BAKU, "1991-06-01", "ussr", IN),
    ("Tiflis", (44.80, 41.69), "1930-01-01", "tsfsr", IN),
    ("Tiflis", (44.80, 41.69), "1930-01-01", "georgia-ssr", IN),
    ("Tiflis", (44.80, 41.69), "1930-01-01", "azerbaijan-ssr", OUT),
    ("Erivan", (44.51, 40.18), "1930-01-01", "armenia-ssr", IN),
    ("Yerevan", (44.51, 40.18), "1990-09-01", "armenia-republic", IN),
    ("Ganja", (46.36, 40.68), "1950-01-01", "azerbaijan-ssr", IN),
    ("Lankaran", (48.85, 38.75), "1950-01-01", "azerbaijan-ssr", IN),
    ("Astara (Iran)", (48.87, 38.42), "1950-01-01", "azerbaijan-ssr", OUT),
    # Autonomies and exclaves
    ("Nakhchivan", (45.41, 39.21), "1937-11-01", "nakhchivan", IN),
    ("Nakhchivan", (45.41, 39.21), "1937-11-01", "azerbaijan-ssr", IN),
    ("Nakhchivan", (45.41, 39.21), "1937-11-01", "armenia-ssr", OUT),
    ("Ordubad", (46.02, 38.91), "1937-11-01", "nakhchivan", IN),
    ("Meghri", (46.24, 38.90), "1937-11-01", "armenia-ssr", IN),
    ("Meghri", (46.24, 38.90), "1937-11-01", "azerbaijan-ssr", OUT),
    ("Stepanakert", (46.752, 39.815), "1923-07-06", "nkao", OUT),
    ("Stepanakert", (46.752, 39.815), "1923-07-07", "nkao", IN),
    ("Stepanakert", (46.752, 39.815), "1937-11-01", "azerbaijan-ssr", IN),
    ("Stepanakert", (46.752, 39.815), "1991-11-26", "nkao", OUT),
    ("Shusha", (46.75, 39.76), "1950-01-01", "nkao", IN),
    ("Hadrut", (46.96, 39.52), "1950-01-01", "nkao", IN),
    ("Mardakert", (46.80, 40.20), "1950-01-01", "nkao", IN),
    # Lachin was never in the NKAO (centre of the Kurdistan uyezd, 1923-29).
    ("Lachin", (46.55, 39.64), "1923-07-07", "nkao", OUT),
    ("Lachin", (46.55, 39.64), "1950-01-01", "nkao", OUT),
    ("Lachin", (46.55, 39.64), "1950-01-01", "azerbaijan-ssr", IN),
    ("Lachin", (46.55, 39.64), "1925-01-01", "red-kurdistan", IN),
    ("Tskhinvali", (43.97, 42.23), "1950-01-01", "south-ossetia", IN),
    ("Karki", (44.94, 39.79), "1950-01-01", "nakhchivan", IN),
    ("Kalbajar", (46.04, 40.10), "1950-01-01", "nkao", OUT),
    ("Qubadli", (46.58, 39.34), "1950-01-01", "nkao", OUT),
    ("Aghdam", (46.93, 39.99), "1950-01-01", "nkao", OUT),
    ("Artsvashen (Armenian exclave)", (45.51, 40.63), "1950-01-01", "armenia-ssr", IN),
    ("Artsvashen (Armenian exclave)", (45.51, 40.63), "1950-01-01", "azerbaijan-ssr", OUT),
    ("Sukhum", (41.02, 43.00), "1921-06-01", "georgia-ssr", OUT),
    ("Sukhum", (41.02, 43.00), "1921-06-01", "abkhazia", IN),
    ("Sukhumi", (41.02, 43.00), "1937-11-01", "georgia-ssr", IN),
    ("Batumi", (41.64, 41.64), "1937-11-01", "adjara", IN),
    ("Kars", (43.10, 40.60), "1930-01-01", "ussr", OUT),
    ("Kars", (43.10, 40.60), "1930-01-01", "turkey", IN),
    ("Tabriz", (46.29, 38.08), "1930-01-01", "iran", IN),
    ("Antakya", (36.16, 36.20), "1938-01-01", "turkey", OUT),
    ("Antakya", (36.16, 36.20), "1940-01-01", "turkey", IN),
    # 1924: national delimitation of Central Asia
    ("Tashkent", (69.28, 41.31), "1923-06-01", "ussr", IN),
    ("Bukhara", (64.42, 39.77), "1924-10-26", "ussr", OUT),
    ("Bukhara", (64.42, 39.77), "1924-10-27", "ussr", IN),
    ("Khiva", (60.36, 41.38), "1924-06-01", "ussr", OUT),
    ("Khiva", (60.36, 41.38), "1925-01-01", "ussr", IN),
    # 1925: North Sakhalin
    ("Aleksandrovsk-Sakhalinsky", (142.15, 50.90), "1925-05-14", "ussr", OUT),
    ("Aleksandrovsk-Sakhalinsky", (142.15, 50.90), "1925-05-15", "ussr", IN),
    ("Okha", (142.95, 53.57), "1930-01-01", "ussr", IN),
    # 1939: eastern Poland
    ("Lwow/Lviv", (24.03, 49.84), "1939-10-31", "ussr", OUT),
    ("Lwow/Lviv", (24.03, 49.84), "1939-11-01", "ussr", IN),
    ("Brest", (23.69, 52.10), "1939-11-01", "ussr", OUT),
    ("Brest", (23.69, 52.10), "1939-11-02", "ussr", IN),
    ("Pinsk", (26.10, 52.11), "1930-01-01", "ussr", OUT),
    ("Minsk", (27.56, 53.90), "1930-01-01", "ussr", IN),
    ("Zhytomyr", (28.66, 50.25), "1930-01-01", "ussr", IN),
    ("Rivne", (26.25, 50.62), "1930-01-01", "ussr", OUT),
    ("Kamianets-Podilskyi", (26.58, 48.68), "1930-01-01", "ussr", IN),
    ("Bialystok", (23.16, 53.13), "1940-01-01", "ussr", IN),
    ("Bialystok", (23.16, 53.13), "1945-08-16", "ussr", OUT),
    ("Warsaw", (21.01, 52.23), "1940-01-01", "ussr", OUT),
    ("Vilnius", (25.28, 54.69), "1940-01-01", "ussr", OUT),
    # 1940: Finland
    ("Viipuri/Vyborg", (28.75, 60.71), "1940-03-11", "ussr", OUT),
    ("Viipuri/Vyborg", (28.75, 60.71), "1940-03-12", "ussr", IN),
    ("Sortavala", (30.70, 61.70), "1939-06-01", "ussr", OUT),
    ("Sortavala", (30.70, 61.70), "1941-01-01", "ussr", IN),
    ("Kronstadt", (29.77, 59.99), "1930-01-01", "ussr", IN),
    ("Suursaari/Gogland", (27.00, 60.07), "1939-06-01", "ussr", OUT),
    ("Helsinki", (24.94, 60.17), "1950-01-01", "ussr", OUT),
    # 1940: Bessarabia, Northern Bukovina, the Baltic states
    ("Chisinau", (28.86, 47.01), "1940-08-01", "ussr", OUT),
    ("Chisinau", (28.86, 47.01), "1940-08-02", "ussr", IN),
    ("Balta (Moldavian ASSR)", (29.62, 47.94), "1930-01-01", "ussr", IN),
    ("Chernivtsi", (25.94, 48.29), "1939-06-01", "ussr", OUT),
    ("Chernivtsi", (25.94, 48.29), "1940-08-02", "ussr", IN),
    ("Izmail", (28.84, 45.35), "1939-06-01", "ussr", OUT),
    ("Izmail", (28.84, 45.35), "1941-01-01", "ussr", IN),
    ("Vilnius", (25.28, 54.69), "1940-08-02", "ussr", OUT),
    ("Vilnius", (25.28, 54.69), "1940-08-03", "ussr", IN),
    ("Kaunas", (23.90, 54.90), "1940-08-03", "ussr", IN),
    ("Riga", (24.11, 56.95), "1940-08-04", "ussr", OUT),
    ("Riga", (24.11, 56.95), "1940-08-05", "ussr", IN),
    ("Pytalovo/Abrene", (27.92, 56.97), "1939-06-01", "ussr", OUT),
    ("Pytalovo/Abrene", (27.92, 56.97), "1940-08-05", "ussr", IN),
    ("Tallinn", (24.75, 59.44), "1940-08-05", "ussr", OUT),
    ("Tallinn", (24.75, 59.44), "1940-08-06", "ussr", IN),
    ("Pechory/Petseri", (27.61, 57.81), "1939-06-01", "ussr", OUT),
    ("Pechory/Petseri", (27.61, 57.81), "1941-01-01", "ussr", IN),
    ("Ivangorod", (28.22, 59.37), "1939-06-01", "ussr", OUT),
    ("Ivangorod", (28.22, 59.37), "1941-01-01", "ussr", IN),
    # 1944: Petsamo, Tuva
    ("Nikel (Kolosjoki)", (30.22, 69.41), "1944-09-18", "ussr", OUT),
    ("Nikel (Kolosjoki)", (30.22, 69.41), "1944-09-19", "ussr", IN),
    ("Kyzyl", (94.45, 51.72), "1944-10-10", "ussr", OUT),
    ("Kyzyl", (94.45, 51.72), "1944-10-11", "ussr", IN),
    # 1945-1947: Klaipeda, Transcarpathia, Sakhalin, Kaliningrad
    ("Klaipeda", (21.13, 55.71), "1941-01-01", "ussr", OUT),
    ("Klaipeda", (21.13, 55.71), "1946-04-06", "ussr", OUT),
    ("Klaipeda", (21.13, 55.71), "1946-04-07", "ussr", IN),
    ("Palanga", (21.07, 55.92), "1941-01-01", "ussr", IN),
    ("Uzhhorod", (22.29, 48.62), "1945-06-28", "ussr", OUT),
    ("Uzhhorod", (22.29, 48.62), "1945-06-29", "ussr", IN),
    ("Toyohara/Yuzhno-Sakhalinsk", (142.73, 46.96), "1946-02-01", "ussr", OUT),
    ("Toyohara/Yuzhno-Sakhalinsk", (142.73, 46.96), "1946-02-02", "ussr", IN),
    ("Yuzhno-Kurilsk (Kunashir)", (145.86, 44.03), "1950-01-01", "ussr", IN),
    ("Konigsberg/Kaliningrad", (20.51, 54.71), "1946-04-06", "ussr", OUT),
    ("Konigsberg/Kaliningrad", (20.51, 54.71), "1946-04-07", "ussr", IN),
    # 1951: the Polish-Soviet exchange
    ("Belz", (24.01, 50.38), "1940-01-01", "ussr", OUT),
    ("Belz", (24.01, 50.38), "1951-02-14", "ussr", OUT),
    ("Belz", (24.01, 50.38), "1951-02-15", "ussr", IN),
    ("Ustrzyki Dolne", (22.59, 49.43), "1948-01-01", "ussr", IN),
    ("Ustrzyki Dolne", (22.59, 49.43), "1951-02-15", "ussr", OUT),
    # 1991: the Baltic states recognised
    ("Tallinn", (24.75, 59.44), "1991-09-05", "ussr", IN),
    ("Tallinn", (24.75, 59.44), "1991-09-06", "ussr", OUT),
    ("Vilnius", (25.28, 54.69), "1991-09-06", "ussr", OUT),
    ("Kyiv", (30.52, 50.45), "1991-12-25", "ussr", IN),
]


@pytest.mark.parametrize(
    ("place", "lonlat", "day", "polity", "inside"),
    TABLE,
    ids=[f"{r[0]}-{r[2]}-{r[3]}" for r in TABLE],
)
def test_place_on_date(
    atlas: BorderAtlas, place: str, lonlat: tuple[float, float], day: str, polity: str, inside: bool
) -> None:
    geom = atlas.feature(polity, dt.date.fromisoformat(day))
    found = geom is not None and geom.contains(Point(lonlat))
    assert found is inside, f"{place} on {day}: expected {'in' if inside else 'outside'} {polity}"
