"""Help → Sources lists the whole bibliography, as text (no markup from data), with links."""

from __future__ import annotations

from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sovietmap.core import bibliography
from sovietmap.ui.dialogs import SourcesDialog
from sovietmap.ui.main_window import MainWindow


def _links(document: QTextDocument) -> set[str]:
    """Every link target in a text document."""
    hrefs = set()
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            href = it.fragment().charFormat().anchorHref()
            if href:
                hrefs.add(href)
            it += 1
        block = block.next()
    return hrefs


def test_help_sources_lists_every_key_with_its_link(qtbot: QtBot, window: MainWindow) -> None:
    action = window.findChild(QAction, "helpSources")
    assert action is not None and action.text() == "&Sources and attributions"
    action.trigger()
    qtbot.waitUntil(lambda: window.findChild(SourcesDialog) is not None, timeout=5_000)
    dialog = window.findChild(SourcesDialog)
    assert dialog is not None
    try:
        assert dialog.isVisible() and dialog.browser.openExternalLinks()
        text = dialog.browser.toPlainText()
        entries = bibliography.load()
        assert len(entries) > 10
        missing = [key for key in entries if f"{key}: " not in text]
        assert not missing, missing
        urls = {str(e["url"]) for e in entries.values() if isinstance(e, dict) and e.get("url")}
        assert urls and urls <= _links(dialog.browser.document())
        assert "facts sheet" not in text
    finally:
        dialog.close()
        QApplication.processEvents()


def test_sources_are_shown_as_text_never_as_markup(qtbot: QtBot) -> None:
    entries = {
        "evil<key>": {
            "title": "<b>Bold</b> & <img src=x>",
            "author": "A <i>B</i>",
            "date": "1991",
            "url": "javascript:alert(1)",
            "note": "<script>x</script>",
        },
        "plain": "A string entry with <u>tags</u> - https://example.org/a?b=1&c=2",
        "good": {
            "title": "Title",
            "author": "Someone",
            "date": "2000",
            "url": "https://example.org/x?a=1&b=2",
        },
    }
    dialog = SourcesDialog(None, entries)
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert "evil<key>: <b>Bold</b> & <img src=x>. A <i>B</i>, 1991. javascript:alert(1)" in text
    assert "<script>x</script>" in text
    assert "plain: A string entry with <u>tags</u>" in text
    assert _links(dialog.browser.document()) == {"https://example.org/x?a=1&b=2"}


def test_the_1991_caption_and_its_source_in_the_window(window: MainWindow) -> None:
    import datetime as dt

    before = window.model.date
    try:
        window.model.set_date(dt.date(1991, 9, 1))
        caption = window.timeline.caption
        assert "independence declared on 30 Aug 1991" in caption.text()
        assert (
            "still part of the Union of Soviet Socialist Republics until 26 Dec 1991"
            in caption.text()
        )
        assert caption.toolTip().startswith("Source: S31: Constitutional Act on State")
        window.model.set_date(dt.date(1991, 10, 18))
        assert "Constitutional Act on State Independence adopted" in caption.text()
        window.model.set_date(dt.date(1992, 1, 1))
        assert caption.text() == "Republic of Azerbaijan, independent"
        assert caption.toolTip() == ""
    finally:
        window.model.set_date(before)
