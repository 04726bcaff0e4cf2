/* The view of the sovietmap page's Leaflet map: read it, set it (a bbox, or a centre and a
 * zoom), and hear when it moves. Python never writes Leaflet code: it calls
 * sovietmap.getView / setView (pagecalls.py).
 *
 * sovietmapView.create(map) -> {get(), set(target), onMove(callback(bbox))}.
 */
(function () {
  'use strict';

  function create(map) {
    /** @returns {View} */
    function get() {
      const b = map.getBounds();
      const c = map.getCenter();
      return {
        bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
        center: [c.lat, c.lng], zoom: map.getZoom(),
      };
    }

    /** Show a bbox [west, south, east, north] at the largest zoom at which it fits, or
     * {center: [lat, lon], zoom}. The view is laid out afresh (reset: true), so it never
     * depends on the views before; the map's size is read again first.
     * @param {BBox|CenterZoom} target @returns {View} */
    function set(target) {
      // An open popup would pan the new view to fit itself (autoPan): a framed view
      // (a preset, "Back") stays as asked, its popup closed.
      map.closePopup();
      map.invalidateSize({ animate: false });
      if (Array.isArray(target)) {
        const b = L.latLngBounds([[target[1], target[0]], [target[3], target[2]]]);
        map.setView(b.getCenter(), map.getBoundsZoom(b), { animate: false, reset: true });
      } else {
        map.setView(target.center, target.zoom, { animate: false, reset: true });
      }
      // A reset ends with "viewreset", after which the vector renderers sit at an unrounded
      // offset; the next "moveend" rounds it, moving every line by a fraction of a pixel.
      // Leaflet sends one 200 ms after a window resize, so the first frames after a resize
      // differed from later ones: settle the renderers now.
      map.fire('moveend');
      return get();
    }

    /** Call ``callback(bbox)`` after every move or zoom of the map. */
    function onMove(callback) {
      map.on('moveend', function () { callback(get().bbox); });
    }

    return { get: get, set: set, onMove: onMove };
  }

  window.sovietmapView = { create: create };
})();
