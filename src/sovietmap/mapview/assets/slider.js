/* The date slider of a standalone HTML export (export/html.py puts it inline after the page):
 * <input id="sm-range" type="range" data-start="YYYY-MM-DD"> counts days from data-start, and
 * each move shows its day in <output id="sm-date"> and on the map (sovietmap.setDate).
 */
(function () {
  'use strict';
  const range = document.getElementById('sm-range');
  const out = document.getElementById('sm-date');
  if (!range || !out) return;
  const t0 = Date.parse(range.dataset.start);

  function iso() {
    return new Date(t0 + Number(range.value) * 86400000).toISOString().slice(0, 10);
  }

  range.addEventListener('input', function () {
    const day = iso();
    out.textContent = day;
    window.sovietmap.setDate(day);
  });
  out.textContent = iso();
})();
