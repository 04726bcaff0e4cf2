/* Name placement for the sovietmap page: no two shown names overlap, at any zoom.
 *
 * sovietmapLabels.place(map, items) takes the names on the map (polity names and city names
 * with their dots) and places them in order of priority (lowest number first; ties keep their
 * order). Each name goes to the first of its candidate positions whose box overlaps nothing
 * placed before it (preferring one that also leaves the dots of later cities clear); a name
 * with no free position is hidden (class `sm-clash`), and a city whose dot is covered is
 * hidden whole. Boxes are in container pixels, from the map's projection and the elements'
 * offset sizes (which transforms do not change), so a pass costs at most one layout.
 *
 * An item: {marker, span, dot (a city's dot element or null), priority, autonomy (bool)}.
 * ``hard`` boxes ({x0, y0, x1, y1}, container pixels: the map's controls, an export's caption
 * and legend) are never covered; ``soft`` ones (event pins) are avoided where a name can be.
 */
(function () {
  'use strict';
  const PAD = 1;      // px kept clear around every box
  const DOT = 5;      // a city dot's radius (4.5 px: 6 px + 1.5 px border each side) + 0.5
  const GAP = 2;      // between a dot and its name
  const LINE = 15;    // one line of a polity name, the step of its candidate positions

  function box(x, y, w, h) {
    return { x0: x - PAD, y0: y - PAD, x1: x + w + PAD, y1: y + h + PAD };
  }

  function overlaps(a, b) {
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  }

  function hits(b, list, skip) {
    for (let i = 0; i < list.length; i++) {
      if (list[i] !== skip && overlaps(b, list[i])) return true;
    }
    return false;
  }

  /** Top-left offsets of a city's name from its point: right, left, then above and below. */
  function cityOffsets(w, h) {
    const r = DOT + GAP;
    return [
      [r, -h / 2], [-r - w, -h / 2], [DOT - 1, -DOT - h], [DOT - 1, DOT],
      [-w - DOT + 1, -DOT - h], [-w - DOT + 1, DOT], [-w / 2, -r - h], [-w / 2, r],
    ];
  }

  /** Top-left offsets of a polity's name: centred on its point, then a line or more above
   * or below, then shifted sideways. An autonomy's point is often its capital: its name
   * tries a line above first. */
  function polityOffsets(w, h, autonomy) {
    const rows = autonomy ? [-1, 0, -2, 1, 2, -3, 3] : [0, -1, 1, -2, 2, -3, 3];
    const out = [];
    rows.forEach(function (row) {
      [0, -0.35, 0.35].forEach(function (side) {
        out.push([-w / 2 + side * w, -h / 2 + row * LINE]);
      });
    });
    return out;
  }

  function setTransform(el, x, y) {
    const value = 'translate(' + Math.round(x) + 'px, ' + Math.round(y) + 'px)';
    if (el.style.transform !== value) el.style.transform = value;
  }

  function setHidden(el, hidden) {
    if (el.classList.contains('sm-clash') !== hidden) el.classList.toggle('sm-clash', hidden);
  }

  /** Place ``items`` (see the header); returns how many were hidden. */
  function place(map, items, hard, soft) {
    // Read phase: sizes and points of the names actually shown (the zoom rules in CSS hide
    // some with display: none, which measures 0).
    const live = [];
    items.forEach(function (item, order) {
      const icon = item.marker.getElement ? item.marker.getElement() : item.marker._icon;
      if (!icon || !map.hasLayer(item.marker)) return;
      const w = item.span.offsetWidth;
      const h = item.span.offsetHeight;
      if (!w || !h) return;
      const p = map.latLngToContainerPoint(item.marker.getLatLng());
      live.push({ item: item, icon: icon, w: w, h: h, x: p.x, y: p.y, order: order, dot: null });
    });
    live.sort(function (a, b) { return (a.item.priority - b.item.priority) || (a.order - b.order); });
    const reserved = (soft || []).slice();
    live.forEach(function (l) {
      if (l.item.dot) {
        l.dot = box(l.x - DOT, l.y - DOT, 2 * DOT, 2 * DOT);
        reserved.push(l.dot);
      }
    });
    // Place: greedy by priority.
    const placed = (hard || []).slice();
    const results = [];
    live.forEach(function (l) {
      let pick = null;
      if (!(l.dot && hits(l.dot, placed))) {
        const offsets = l.item.dot ? cityOffsets(l.w, l.h) : polityOffsets(l.w, l.h, l.item.autonomy);
        let fallback = null;
        for (let i = 0; i < offsets.length && !pick; i++) {
          const b = box(l.x + offsets[i][0], l.y + offsets[i][1], l.w, l.h);
          if (hits(b, placed)) continue;
          if (!hits(b, reserved, l.dot)) pick = { off: offsets[i], box: b };
          else if (!fallback) fallback = { off: offsets[i], box: b };
        }
        pick = pick || fallback;
      }
      if (pick) {
        placed.push(pick.box);
        if (l.dot) placed.push(l.dot);
      }
      if (l.dot) reserved.splice(reserved.indexOf(l.dot), 1);
      results.push({ l: l, pick: pick });
    });
    // Write phase.
    let hidden = 0;
    results.forEach(function (r) {
      setHidden(r.l.icon, !r.pick);
      if (r.pick) setTransform(r.l.item.span, r.pick.off[0], r.pick.off[1]);
      else hidden += 1;
    });
    return hidden;
  }

  /** A placer for one map and its names: ``run(force, reserved, pins)`` places them when the
   * view, the names shown, the reserved boxes or the pins ({id, latlng, radius}) changed since
   * the last run (or when forced), and keeps the cost of each run (performance.now()). */
  function placer(map, items) {
    let key = null;
    const stats = { runs: 0, lastMs: 0, maxMs: 0, hidden: 0 };
    function run(force, reserved, pins) {
      const size = map.getSize();
      // Names move against the map's controls when it pans: the view is part of the key, in
      // the pixels that place the names (the centre in degrees is recomputed from them after
      // a resize, and would change the key with nothing moved).
      const origin = map.getPixelOrigin();
      const pan = L.DomUtil.getPosition(map.getPane('mapPane')) || L.point(0, 0);
      const parts = [map.getZoom(), origin.x, origin.y, pan.x, pan.y, size.x, size.y,
        JSON.stringify(reserved || [])];
      items.forEach(function (item, i) {
        if (map.hasLayer(item.marker)) parts.push(i + ':' + item.span.textContent);
      });
      const soft = [];
      (pins || []).forEach(function (pin) {
        const p = map.latLngToContainerPoint(pin.latlng);
        const r = pin.radius + 2;
        soft.push({ x0: p.x - r, y0: p.y - r, x1: p.x + r, y1: p.y + r });
        parts.push(pin.id + '@' + pin.radius);
      });
      const now = parts.join('|');
      if (!force && now === key) return false;
      key = now;
      const t0 = performance.now();
      // Never under the map's own controls (zoom, scale, credits) nor what an export draws.
      const frame = map.getContainer().getBoundingClientRect();
      const hard = (reserved || []).slice();
      map.getContainer().querySelectorAll('.leaflet-control').forEach(function (ctl) {
        const r = ctl.getBoundingClientRect();
        if (r.width && r.height) {
          hard.push({ x0: r.left - frame.left, y0: r.top - frame.top,
            x1: r.right - frame.left, y1: r.bottom - frame.top });
        }
      });
      stats.hidden = place(map, items, hard, soft);
      stats.lastMs = performance.now() - t0;
      stats.maxMs = Math.max(stats.maxMs, stats.lastMs);
      stats.runs += 1;
      return true;
    }
    return { run: run, stats: stats };
  }

  window.sovietmapLabels = { place: place, placer: placer, overlaps: overlaps };
})();
