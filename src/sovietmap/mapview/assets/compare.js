/* Compare mode: the land gained and lost between two dates, hatched over the map.
 *
 * sovietmap.setCompare(pieces, info): draw a GeoJSON FeatureCollection of pieces (each with
 * properties {polity, change: 'gained'|'lost', date, area_km2, act}) computed in Python
 * (info: {from, to, polity, names: {polity id: name}}, the names for the popups)
 * (core/changes.py); the page computes nothing but the drawing. sovietmap.clearCompare()
 * drops them. sovietmap.compareState() says what is drawn: {gained, lost, paths, info}.
 * Python builds the calls in mapview/pagecalls.py (set_compare, clear_compare, compare_state).
 */
(function () {
  'use strict';
  const S = (window.sovietmap = window.sovietmap || {});
  let map = null;
  let layer = null;
  let info = null;
  const counts = { gained: 0, lost: 0 };

  const init = S.init;
  S.init = function (leafletMap, payload) {
    map = leafletMap;
    map.createPane('k-compare').style.zIndex = '490';  // over the fills, under the lines
    return init(leafletMap, payload);
  };

  function clear() {
    if (layer && map) map.removeLayer(layer);
    layer = null;
    info = null;
    counts.gained = 0;
    counts.lost = 0;
  }

  /** @param {Object} pieces a GeoJSON FeatureCollection @param {Object} about shown as is */
  S.setCompare = function (pieces, about) {
    clear();
    info = about || null;
    layer = L.geoJSON(pieces, {
      pane: 'k-compare', interactive: true,
      style: function (f) {
        const change = f.properties.change === 'lost' ? 'lost' : 'gained';
        return { className: 'sm-compare sm-compare-' + change, weight: 1.2, fill: true };
      },
      onEachFeature: function (f, l) {
        const p = f.properties;
        counts[p.change === 'lost' ? 'lost' : 'gained'] += 1;
        l.bindPopup(function () {
          const box = document.createElement('div');
          box.className = 'sm-popup';
          const h = document.createElement('h3');
          h.textContent = (p.change === 'lost' ? 'Lost' : 'Gained') + ': '
            + Math.round(p.area_km2).toLocaleString('en') + ' km²';
          const when = document.createElement('p');
          when.className = 'sm-when';
          const names = (info && info.names) || {};
          when.textContent = (names[p.polity] || p.polity) + ', ' + p.date;
          const act = document.createElement('p');
          act.textContent = p.act || '';
          box.appendChild(h); box.appendChild(when); box.appendChild(act);
          return box;
        });
      },
    }).addTo(map);
    S.reportPainted();
    return { gained: counts.gained, lost: counts.lost };
  };

  S.clearCompare = function () {
    clear();
    S.reportPainted();
    return true;
  };

  /** What Compare draws now; paths counts the SVG paths with the compare class. */
  S.compareState = function () {
    return {
      gained: counts.gained, lost: counts.lost, info: info,
      paths: document.querySelectorAll('path.sm-compare').length,
    };
  };
})();
