/* Export-only additions to the sovietmap page API (export/capture.py calls them through
 * pagecalls.py; the visible map never does).
 *
 * sovietmap.exportMode(stripPx): hide the zoom buttons and Leaflet's attribution (images draw
 * their own) and shrink the map by a probe strip of stripPx CSS pixels at the bottom.
 * sovietmap.whenSize(w, h): whether the window has the size a capture set (see below).
 * sovietmap.setProbe([r, g, b]): paint the strip. A capture paints it a new colour in the
 * same task as its changes and takes an image only once the grabbed frame shows that colour,
 * so an image is never a stale frame (the page reports painted in Chromium before Qt has the
 * frame).
 */
(function () {
  'use strict';
  const S = (window.sovietmap = window.sovietmap || {});
  let probe = null;
  let sizeWait = null;  // the resize listener of whenSize

  /** @param {number} stripPx @returns {boolean} */
  S.exportMode = function (stripPx) {
    if (probe) return true;
    document.querySelector('.leaflet-container').style.height = 'calc(100% - ' + stripPx + 'px)';
    probe = document.createElement('div');
    probe.id = 'sm-export-probe';
    probe.style.cssText = 'position:fixed;left:0;right:0;bottom:0;z-index:99999;'
      + 'background:#000;height:' + stripPx + 'px';
    document.body.appendChild(probe);
    const css = document.createElement('style');
    // No composited layer per pane's SVG (Leaflet's will-change: transform): each is a raster
    // of the whole image and its margin in shared memory; this page never animates (memory).
    css.textContent = '.leaflet-control-zoom, .leaflet-control-attribution {display: none}'
      + ' .leaflet-container svg.leaflet-zoom-animated {will-change: auto}';
    document.head.appendChild(css);
    return true;
  };

  /** Whether the window is w by h CSS pixels (within one). If not yet, the page reports
   * painted, with a change number above the one returned, as soon as a resize makes it so.
   * @param {number} w @param {number} h @returns {number} -1 if it is now */
  S.whenSize = function (w, h) {
    function fits() {
      return Math.abs(window.innerWidth - w) <= 1 && Math.abs(window.innerHeight - h) <= 1;
    }
    if (sizeWait) window.removeEventListener('resize', sizeWait);
    sizeWait = null;
    if (fits()) return -1;
    sizeWait = function () {
      if (!fits()) return;
      window.removeEventListener('resize', sizeWait);
      sizeWait = null;
      S.reportPainted();
    };
    window.addEventListener('resize', sizeWait);
    return S.paintToken();
  };

  /** Paint the probe strip; returns the paint token whose report covers it (and every
   * change before it).
   * @param {number[]} rgb @returns {number} */
  S.setProbe = function (rgb) {
    probe.style.background = 'rgb(' + rgb.map(Number).join(',') + ')';
    return S.reportPainted();
  };
})();
