"""The play clock: a :class:`QTimer` beside the :class:`~sovietmap.core.viewer.ViewerModel`.

As QGIS's temporal navigation object keeps the animation timer next to the temporal state,
the clock runs while ``model.playing`` is true and calls :meth:`ViewerModel.tick` on each
beat; the model advances the date and stops playing at the end. No widget holds the timer.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from sovietmap.core.viewer import ViewerModel

#: Milliseconds between play steps.
PLAY_INTERVAL_MS = 400


class PlayClock(QObject):
    """Ticks ``model`` every ``interval_ms`` while it plays."""

    def __init__(
        self, model: ViewerModel, interval_ms: int = PLAY_INTERVAL_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(model.tick)
        slot = self._playing_changed
        model.playing_changed.connect(slot)
        # the model may outlive the clock: stop calling a deleted timer
        self.destroyed.connect(lambda _obj=None: model.playing_changed.disconnect(slot))
        self._playing_changed(model.playing)

    def _playing_changed(self, playing: bool) -> None:
        if playing and not self.timer.isActive():
            self.timer.start()
        elif not playing and self.timer.isActive():
            self.timer.stop()

    @property
    def running(self) -> bool:
        """Whether the clock is ticking."""
        return self.timer.isActive()
