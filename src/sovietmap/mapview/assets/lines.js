/* Border lines by stretch for the sovietmap page (data/geo/lines.geojson.gz).
 *
 * Every stretch is made once, at start; a date change only adds, removes or restyles the
 * stretches whose state changed. A stretch is drawn in the style of the highest polity kind
 * (style.LINE_KINDS: union > federation > republic > autonomy > neighbour > context) whose
 * outline holds it on the date and whose layer is on, dashed, dotted or solid by the stretch's
 * own precision on that date; a coast is drawn as a plain thin coast line.
 *
 * A click within HIT_PX of a drawn border line opens that line's popup (its own polities, dates
 * and sources), not the popup of the fill under it: the page takes the click first (capture)
 * and opens the nearest line's. Pins, popups and controls keep their clicks.
 *
 * Keyboard: every border line in view is a keyboard stop (Tab), a button named by its
 * polities; Enter opens its popup where it crosses the view nearest the centre.
 *
 * sovietmapLines.create(map, data, helpers) -> {update(iso, current, layerOn), shown(),
 * near(lat, lon), hit(x, y), openAt(x, y)} (the last made is sovietmapLines.current);
 * helpers: {style(props), groupFor(kind), el(tag, cls, text)}.
 */
(function () {
  'use strict';

  /** A click this close (container px) to a drawn line is a click on the line. */
  const HIT_PX = 6;

  /** Distance (px) from point p to segment a-b (L.Points). */
  function toSegment(p, a, b) {
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = dx * dx + dy * dy;
    let t = len ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len : 0;
    t = Math.max(0, Math.min(1, t));
    return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
  }

  /** Every part of a stretch layer as arrays of LatLngs. */
  function parts(layer) {
    const out = [];
    layer.eachLayer(function (line) {
      const lls = line.getLatLngs();
      (Array.isArray(lls[0]) ? lls : [lls]).forEach(function (pts) { out.push(pts); });
    });
    return out;
  }

  function holds(from, to, iso) {
    return (from === null || from <= iso) && (to === null || iso < to);
  }

  function precisionOn(props, iso) {
    for (let i = 0; i < props.precision.length; i++) {
      const span = props.precision[i];
      if (holds(span[0], span[1], iso)) return { value: span[2], sources: span[3] };
    }
    return { value: 1, sources: [] };
  }

  function create(map, data, helpers) {
    const s = data.style;
    const rank = {};
    s.lineKinds.forEach(function (kind, i) { rank[kind] = i; });
    const stretches = [];
    const cited = (data.lines && data.lines.sources) || {};
    // Every polity's names by date (a line's popup names polities not shown on its date too).
    const named = {};
    ((data.borders && data.borders.features) || []).forEach(function (f) {
      const p = f.properties;
      (named[p.id] = named[p.id] || []).push(p);
    });

    /** A polity's name on ``iso``, else its latest name, else its id. */
    function nameOf(st, id) {
      if (st.names[id]) return st.names[id];
      const all = named[id] || [];
      const now = all.find(function (p) { return holds(p.valid_from, p.valid_to, st.iso); });
      return now ? now.name : all.length ? all[all.length - 1].name : id;
    }
    if (!document.getElementById('sm-lines-css')) {  // long source addresses wrap in the box
      const css = document.createElement('style');
      css.id = 'sm-lines-css';
      css.textContent = '.sm-stretch{overflow-wrap:anywhere}';
      document.head.appendChild(css);
    }

    function popup(st) {
      const p = st.props;
      const box = helpers.el('div', 'sm-popup sm-stretch');
      const now = precisionOn(p, st.iso);
      const what = p.kind === 'coast' ? 'Coast' : 'Border';
      const label = s.precision[String(now.value)];
      box.appendChild(helpers.el('h3', null, what + (p.kind === 'coast' ? ''
        : ' (' + (label ? label.label : now.value) + ')')));
      const list = helpers.el('ul', 'sm-polities');
      Object.keys(p.polities).forEach(function (id) {
        const name = nameOf(st, id) + ': ' + p.polities[id].map(function (r) {
          return r[0] + ' – ' + (r[1] || 'still in force');
        }).join(', ');
        list.appendChild(helpers.el('li', null, name));
      });
      box.appendChild(list);
      if (p.precision.length > 1) {
        p.precision.forEach(function (span) {
          const l = s.precision[String(span[2])];
          box.appendChild(helpers.el('p', 'sm-when', (span[0] || '…') + ' – ' + (span[1] || '…')
            + ': ' + (l ? l.label : span[2])));
        });
      }
      const src = helpers.el('ul', 'sm-sources');
      now.sources.forEach(function (key) { src.appendChild(helpers.el('li', null, cited[key] || key)); });
      box.appendChild(src);
      return box;
    }

    (data.lines ? data.lines.features : []).forEach(function (f) {
      const st = { props: f.properties, layer: null, key: null, group: null, iso: null, names: {},
        dash: null };
      st.layer = L.geoJSON(f, { pane: 'k-lines', style: function () { return st.style || {}; } });
      // Kept clear of the zoom buttons in the top left corner.
      st.layer.bindPopup(function () { return popup(st); },
        { autoPanPaddingTopLeft: L.point(56, 10), maxWidth: 320 });
      f.geometry = null;  // the layer holds its coordinates: the data's copy can go (memory)
      stretches.push(st);
    });

    function styleFor(st, top, iso) {
      const now = precisionOn(st.props, iso);
      if (st.props.kind === 'coast') {
        return { color: s.coast.colour, weight: s.coast.weight, opacity: s.coast.opacity,
          dashArray: null, lineCap: 'round', fill: false, pane: 'k-lines' };
      }
      const base = helpers.style(Object.assign({}, top, { precision: now.value }));
      return { color: base.color, weight: base.weight, opacity: base.opacity,
        dashArray: base.dashArray, lineCap: base.lineCap, fill: false, pane: 'k-lines' };
    }

    /** Show and style every stretch for ``iso``; current: polity id -> its shown properties;
     * layerOn(kind): whether the layer of that kind is on. */
    function update(iso, current, layerOn) {
      stretches.forEach(function (st) {
        let top = null;
        const ids = Object.keys(st.props.polities);
        for (let i = 0; i < ids.length; i++) {
          const props = current[ids[i]];
          if (!props || rank[props.kind] === undefined || !layerOn(props.kind)) continue;
          if (!st.props.polities[ids[i]].some(function (r) { return holds(r[0], r[1], iso); })) continue;
          if (top === null || rank[props.kind] < rank[top.kind]) top = props;
        }
        st.iso = iso;
        const group = top ? helpers.groupFor(top.kind) : null;
        if (st.group && st.group !== group) st.group.removeLayer(st.layer);
        if (!top) { st.group = null; st.key = null; return; }
        ids.forEach(function (id) { if (current[id]) st.names[id] = current[id].name; });
        const key = top.id + '|' + top.kind + '|' + (top.country || '') + '|'
          + precisionOn(st.props, iso).value;
        if (key !== st.key) {
          st.style = styleFor(st, top, iso);
          st.layer.setStyle(st.style);
          st.key = key;
        }
        if (st.group !== group) { group.addLayer(st.layer); st.group = group; }
      });
      keys();
    }

    function shown() {
      return stretches.filter(function (st) { return st.group; });
    }

    /** The shown line nearest the container point (x, y) within HIT_PX (borders before
     * coasts): {st, latlng (the nearest point on it), distance}; null if none. */
    function hitAt(x, y) {
      const p = L.point(x, y);
      let best = null;
      shown().forEach(function (st) {
        const b = st.layer.getBounds();
        const nw = map.latLngToContainerPoint(b.getNorthWest());
        const se = map.latLngToContainerPoint(b.getSouthEast());
        if (p.x < nw.x - HIT_PX || p.x > se.x + HIT_PX || p.y < nw.y - HIT_PX
          || p.y > se.y + HIT_PX) return;
        parts(st.layer).forEach(function (pts) {
          let prev = null;
          pts.forEach(function (ll) {
            const q = map.latLngToContainerPoint(ll);
            if (prev) {
              const d = toSegment(p, prev, q);
              const score = d + (st.props.kind === 'coast' ? HIT_PX : 0);  // borders first
              if (d <= HIT_PX && (!best || score < best.score)) {
                best = { st: st, score: score, d: d };
              }
            }
            prev = q;
          });
        });
      });
      if (!best) return null;
      return { st: best.st, latlng: map.containerPointToLatLng(p), distance: best.d };
    }

    function openOn(st, latlng) {
      st.layer.openPopup(latlng);
      return popupText();
    }

    function popupText() {
      const node = document.querySelector('.leaflet-popup-content');
      return node ? node.textContent : null;
    }

    /** Open the popup of the line at container point (x, y), if one is within HIT_PX: the
     * text of the popup opened, or null. */
    function openAt(x, y) {
      const found = hitAt(x, y);
      return found ? openOn(found.st, found.latlng) : null;
    }

    // A click near a line is the line's (before the fill under it takes it: capture phase).
    map.getContainer().addEventListener('click', function (e) {
      if (e.button !== 0 || (map.dragging && map.dragging.moved())) return;
      const t = e.target;
      if (!t || !t.closest || t.closest('.leaflet-k-pins-pane, .leaflet-popup-pane, '
        + '.leaflet-control-container, .leaflet-marker-pane')) return;
      const p = map.mouseEventToContainerPoint(e);
      const found = hitAt(p.x, p.y);
      if (!found) return;
      e.stopPropagation();  // the fill under the line does not open its popup
      openOn(found.st, found.latlng);
    }, true);

    /** A border line's name for the keyboard: its polities on the date. */
    function label(st) {
      const names = Object.keys(st.props.polities).filter(function (id) {
        return st.props.polities[id].some(function (r) { return holds(r[0], r[1], st.iso); });
      }).map(function (id) { return nameOf(st, id); });
      return 'Border: ' + names.join(' – ');
    }

    /** The point of a line in view nearest the view's centre. */
    function inView(st) {
      const view = map.getBounds();
      const c = map.getCenter();
      let best = null;
      let bestD = Infinity;
      parts(st.layer).forEach(function (pts) {
        pts.forEach(function (ll) {
          if (!view.contains(ll)) return;
          const d = Math.hypot(ll.lat - c.lat, ll.lng - c.lng);
          if (d < bestD) { bestD = d; best = ll; }
        });
      });
      return best;
    }

    /** Border lines in view are keyboard stops; the others, and coasts, are not. */
    function keys() {
      if (!map._loaded) return;
      const view = map.getBounds();
      stretches.forEach(function (st) {
        const on = !!st.group && st.props.kind !== 'coast'
          && view.intersects(st.layer.getBounds());
        st.layer.eachLayer(function (line) {
          const path = line._path;
          if (!path) return;
          if (!on) { path.removeAttribute('tabindex'); return; }
          path.setAttribute('tabindex', '0');
          path.setAttribute('role', 'button');
          path.setAttribute('aria-label', label(st));
          if (path._smKeyed) return;
          path._smKeyed = true;
          path.addEventListener('keydown', function (e) {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            e.stopPropagation();
            const at = inView(st);
            if (at) openOn(st, at);
          });
        });
      });
    }
    map.on('moveend zoomend', keys);

    /** The shown stretch nearest to a point (for tests): its kind, precision, style and the
     * text of its popup. */
    function near(lat, lon) {
      let best = null;
      let bestD = Infinity;
      let bestPt = null;
      shown().forEach(function (st) {
        st.layer.eachLayer(function (line) {
          const parts = line.getLatLngs();
          const flat = Array.isArray(parts[0]) ? parts : [parts];
          flat.forEach(function (pts) {
            for (let i = 0; i < pts.length; i++) {
              const d = Math.hypot(pts[i].lat - lat, pts[i].lng - lon);
              if (d < bestD) { bestD = d; best = st; bestPt = pts[i]; }
            }
          });
        });
      });
      if (!best) return null;
      const polities = Object.keys(best.props.polities).filter(function (id) {
        return best.props.polities[id].some(function (r) { return holds(r[0], r[1], best.iso); });
      });
      const pt = map.latLngToContainerPoint(bestPt);
      return { kind: best.props.kind, precision: precisionOn(best.props, best.iso).value,
        point: [pt.x, pt.y],
        polities: polities, dashArray: best.style.dashArray || null, color: best.style.color,
        weight: best.style.weight, distance: bestD, popup: popup(best).textContent };
    }

    const api = { update: update, shown: shown, near: near, openAt: openAt,
      hit: function (x, y) {
        const found = hitAt(x, y);
        return found ? { kind: found.st.props.kind, distance: found.distance,
          popup: popup(found.st).textContent } : null;
      } };
    window.sovietmapLines.current = api;  // the page's lines, for tests
    return api;
  }

  window.sovietmapLines = { create: create };
})();
