"""The page session on the real page: views in and out, and painted reports by change number."""

from __future__ import annotations

from typing import Any

from sovietmap.export import qtcapture
from sovietmap.export.pagesession import PageSession
from sovietmap.mapview import pagecalls


def _ask(session: PageSession, script: str) -> Any:
    box: list[Any] = []
    session.run(script, box.append)
    qtcapture.wait_for(lambda: bool(box), 20, "the page's answer")
    return box[0]


def test_set_view_shows_the_bbox_and_get_view_reads_it_back(
    capturer: qtcapture.PageCapturer,
) -> None:
    session = capturer.session
    bbox = (44.7, 38.8, 46.6, 40.0)  # Nakhchivan and Zangezur
    shown = pagecalls.read_view(_ask(session, pagecalls.set_view(bbox)))
    assert shown is not None
    west, south, east, north = shown.bbox
    assert west <= bbox[0] and south <= bbox[1] and east >= bbox[2] and north >= bbox[3]
    assert (east - west) < 4 * (bbox[2] - bbox[0])  # the largest zoom at which it fits
    again = pagecalls.read_view(_ask(session, pagecalls.get_view()))
    assert again == shown
    centred = pagecalls.read_view(_ask(session, pagecalls.set_center((41.7, 44.8), 8)))
    assert centred is not None and centred.zoom == 8
    assert abs(centred.center[0] - 41.7) < 1e-6 and abs(centred.center[1] - 44.8) < 1e-6


def test_each_change_is_reported_painted_with_its_number(
    capturer: qtcapture.PageCapturer,
) -> None:
    session = capturer.session
    reports: list[int] = []
    session.painted.connect(reports.append)
    try:
        token = pagecalls.read_int(
            _ask(
                session, pagecalls.batch(pagecalls.set_date("1921-03-16"), pagecalls.paint_token())
            )
        )
        assert token is not None and token > 0
        done: list[bool] = []
        session.after_paint(token, lambda: done.append(True))
        qtcapture.wait_for(lambda: bool(done), 20, "the painted report")
        assert reports and reports[-1] >= token
        state = pagecalls.read_state(_ask(session, pagecalls.state()))
        assert state["date"] == "1921-03-16" and state["painted"] is True
        assert state["paintToken"] == reports[-1]
        # A wait for a change already painted runs at once.
        now: list[bool] = []
        session.after_paint(token, lambda: now.append(True))
        assert now == [True]
    finally:
        session.painted.disconnect(reports.append)
