/* Border lines by stretch for the sovietmap page (data/geo/lines.geojson.gz).
 *
 * Every stretch is made once, at start; a date change only adds, removes or restyles the
 * stretches whose state changed. A stretch is drawn in the style of the highest polity kind
 * (style.LINE_KINDS: union > federation > republic > autonomy > neighbour > context) whose
 * outline holds it on the date and whose layer is on, dashed, dotted or solid by the stretch's
 * own precision on that date; a coast is drawn as a plain thin coast line.
 *
 * sovietmapLines.create(map, data, helpers) -> {update(iso, current, layerOn), shown(),
 * near(lat, lon)}; helpers: {style(props), groupFor(kind), el(tag, cls, text)}.
 */
(function () {
  'use strict';

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
        const name = (st.names[id] || id) + ': ' + p.polities[id].map(function (r) {
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
      st.layer.bindPopup(function () { return popup(st); });
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
    }

    function shown() {
      return stretches.filter(function (st) { return st.group; });
    }

    /** The shown stretch nearest to a point (for tests): its kind, precision, style and the
     * text of its popup. */
    function near(lat, lon) {
      let best = null;
      let bestD = Infinity;
      shown().forEach(function (st) {
        st.layer.eachLayer(function (line) {
          const parts = line.getLatLngs();
          const flat = Array.isArray(parts[0]) ? parts : [parts];
          flat.forEach(function (pts) {
            for (let i = 0; i < pts.length; i++) {
              const d = Math.hypot(pts[i].lat - lat, pts[i].lng - lon);
              if (d < bestD) { bestD = d; best = st; }
            }
          });
        });
      });
      if (!best) return null;
      const polities = Object.keys(best.props.polities).filter(function (id) {
        return best.props.polities[id].some(function (r) { return holds(r[0], r[1], best.iso); });
      });
      return { kind: best.props.kind, precision: precisionOn(best.props, best.iso).value,
        polities: polities, dashArray: best.style.dashArray || null, color: best.style.color,
        weight: best.style.weight, distance: bestD, popup: popup(best).textContent };
    }

    return { update: update, shown: shown, near: near };
  }

  window.sovietmapLines = { create: create };
})();
