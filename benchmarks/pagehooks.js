/* Benchmark hooks for the sovietmap page: injected by benchmarks/app.py after the page is
 * ready, never part of the page itself.
 *
 * window.sovietmapBench.takePaintTimes(): the page-side latency (ms) of every change since the
 * last call, from the call that changed the page to its "sovietmap-painted" report (two
 * animation frames later). repaint(): report painted after two frames without changing
 * anything (the frame clock's floor).
 */
(function () {
  'use strict';
  if (window.sovietmapBench) return;
  const S = window.sovietmap;
  const CHANGES = ['setDate', 'setLayers', 'setPinMode', 'setEvents', 'focusEvent',
    'setReserved', 'setView', 'reportPainted'];
  let changedAt = performance.now();
  let times = [];
  CHANGES.forEach(function (name) {
    const call = S[name];
    S[name] = function () {
      changedAt = performance.now();
      return call.apply(S, arguments);
    };
  });
  document.addEventListener('sovietmap-painted', function () {
    if (times.length < 5000) times.push(performance.now() - changedAt);
  });
  window.sovietmapBench = {
    takePaintTimes: function () {
      const out = times;
      times = [];
      return out;
    },
    repaint: function () { return S.reportPainted(); },
  };
})();
