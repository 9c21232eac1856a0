import JSON

/// The page `gloss report` writes: one self-contained HTML file (its own
/// CSS, JavaScript and SVG; nothing fetched at view time) with the report's
/// JSON embedded. The script draws the entity table (sortable, filterable),
/// the co-occurrence network, the timeline and the corrections, and writes
/// what it drew as `data-*` counts for tests.
public enum ReportPage {
  public static func html(_ report: Report, title: String = "Gloss report") -> String {
    // "<" escaped: the JSON can never close its script element.
    let data = report.json.jsonText.replacingOccurrences(of: "<", with: "\\u003c")
    return head.replacingOccurrences(of: "{{TITLE}}", with: escaped(title))
      + "<script id=\"report-data\" type=\"application/json\">" + data + "</script>\n" + body
  }

  static func escaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }

  static let head = #"""
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{TITLE}}</title>
    <style>
    body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1d232b; background: #f6f7f9; }
    header { background: #1f3a5f; color: #fff; padding: 14px 24px; }
    header h1 { margin: 0; font-size: 20px; }
    header p { margin: 4px 0 0; opacity: .85; }
    main { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; padding: 16px 24px; }
    section { background: #fff; border: 1px solid #dde1e6; border-radius: 6px; padding: 12px 16px; min-width: 0; }
    section.wide { grid-column: 1 / -1; }
    h2 { font-size: 16px; margin: 0 0 8px; }
    .controls { display: flex; gap: 8px; margin-bottom: 8px; }
    .controls input { flex: 1; padding: 4px 8px; }
    .scroll { max-height: 420px; overflow: auto; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eef0f3; vertical-align: top; }
    th { position: sticky; top: 0; background: #fff; cursor: pointer; user-select: none; white-space: nowrap; }
    th.sorted::after { content: " ▾"; } th.sorted.asc::after { content: " ▴"; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    tr.entity:hover { background: #f0f5fb; cursor: pointer; }
    tr.selected { background: #dfeafa !important; }
    .kind { display: inline-block; padding: 0 6px; border-radius: 3px; color: #fff; font-size: 12px; }
    .aliases { color: #5a6470; }
    svg { width: 100%; background: #fbfcfd; border: 1px solid #eef0f3; border-radius: 4px; }
    svg text { font-size: 11px; fill: #1d232b; pointer-events: none; }
    .edge { stroke: #8a96a3; stroke-opacity: .45; }
    .node { stroke: #fff; stroke-width: 1.5; cursor: pointer; }
    .node.selected { stroke: #111; stroke-width: 3; }
    .point { cursor: pointer; stroke: #fff; }
    .point.selected { stroke: #111; stroke-width: 2; }
    .axis { stroke: #9aa4ae; }
    #contexts p, #date-context p { margin: 4px 0; }
    mark { background: #ffe58a; padding: 0 1px; }
    .place { color: #5a6470; font-size: 12px; }
    .legend span { margin-right: 10px; font-size: 12px; }
    .muted { color: #6b7580; }
    td.value { white-space: nowrap; font-family: ui-monospace, monospace; font-size: 12px; }
    </style>
    </head>
    <body>
    <header><h1>{{TITLE}}</h1><p id="summary"></p></header>
    <main>
    <section class="wide"><h2>Entities</h2>
    <div class="controls"><input id="filter" type="search" placeholder="Filter by name, alias, kind or file…">
    <select id="kind-filter"><option value="">all kinds</option></select></div>
    <div class="scroll"><table id="entities"><thead><tr>
    <th data-key="name">Name</th><th data-key="label">Kind</th><th data-key="mentions" class="num">Mentions</th>
    <th data-key="documents" class="num">Documents</th><th data-key="first">First seen</th><th data-key="aliases">Aliases</th>
    </tr></thead><tbody></tbody></table></div></section>
    <section><h2>Co-occurrence network</h2>
    <p class="muted">Entities mentioned in the same paragraph; the thicker the line, the more paragraphs. Click an entity.</p>
    <svg id="network" viewBox="0 0 640 480" role="img" aria-label="co-occurrence network"></svg>
    <div class="legend" id="legend"></div></section>
    <section><h2 id="contexts-title">Mentions in context</h2><div id="contexts" class="scroll"><p class="muted">Click an entity in the table or the network.</p></div></section>
    <section class="wide"><h2>Timeline</h2>
    <p class="muted">Dates and times by their normalised value; click a point for its sentence.</p>
    <svg id="timeline" viewBox="0 0 1200 180" role="img" aria-label="timeline"></svg>
    <div id="date-context"></div>
    <div class="scroll"><table id="dates"><thead><tr><th>Value</th><th>Text</th><th>Where</th><th>Sentence</th></tr></thead><tbody></tbody></table></div></section>
    <section class="wide"><h2>Corrections by author and action</h2><table id="corrections"><thead></thead><tbody></tbody></table></section>
    </main>

    """#

  static let body = #"""
    <script>
    "use strict";
    const data = JSON.parse(document.getElementById("report-data").textContent);
    const colours = { PERSON: "#3a6fb0", ORG: "#8a4fb5", GPE: "#2f9a6a", LOC: "#5c8a3a", FAC: "#b5782f", EVENT: "#c2453d",
      DOC: "#7a6a55", NORP: "#c48a12", DATE: "#4d7f99", TIME: "#4d7f99" };
    const SVG = "http://www.w3.org/2000/svg";
    function el(name, attrs, text) {
      const e = document.createElement(name);
      for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
      if (text !== undefined) e.textContent = text;
      return e;
    }
    function svg(name, attrs) {
      const e = document.createElementNS(SVG, name);
      for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
      return e;
    }
    function where(p) { return p.doc + ":" + p.line; }
    function contextLine(p) {
      const para = el("p");
      const chars = Array.from(p.context);
      para.appendChild(document.createTextNode(chars.slice(0, p.contextStart).join("")));
      para.appendChild(el("mark", {}, chars.slice(p.contextStart, p.contextEnd).join("")));
      para.appendChild(document.createTextNode(chars.slice(p.contextEnd).join("")));
      para.appendChild(el("span", { class: "place" }, "  — " + where(p)));
      return para;
    }
    const byId = new Map(data.entities.map(e => [e.id, e]));
    document.getElementById("summary").textContent =
      data.documents.length + " documents · " + data.entities.length + " entities · " +
      data.edges.length + " co-occurrence links · " + data.dates.length + " dates and times";

    // Entities: sortable, filterable.
    let selected = null;
    function select(id) {
      selected = id;
      const e = byId.get(id);
      document.querySelectorAll("tr.entity").forEach(r => r.classList.toggle("selected", r.dataset.id === id));
      document.querySelectorAll("circle.node").forEach(c => c.classList.toggle("selected", c.dataset.id === id));
      const box = document.getElementById("contexts");
      box.replaceChildren();
      document.getElementById("contexts-title").textContent = "Mentions of " + e.name + " (" + e.mentions + ")";
      box.dataset.entity = id;
      e.places.forEach(p => box.appendChild(contextLine(p)));
      if (e.mentions > e.places.length) box.appendChild(el("p", { class: "muted" }, "… and " + (e.mentions - e.places.length) + " more"));
      box.dataset.shown = e.places.length;
    }
    const kinds = [...new Set(data.entities.map(e => e.label))].sort();
    const kindFilter = document.getElementById("kind-filter");
    kinds.forEach(k => kindFilter.appendChild(el("option", { value: k }, k)));
    let sortKey = "mentions", ascending = false;
    function sortValue(e, key) {
      if (key === "first") return e.first.doc + ":" + String(e.first.line).padStart(8, "0");
      if (key === "aliases") return e.aliases.join(", ").toLowerCase();
      if (key === "name") return e.name.toLowerCase();
      return e[key];
    }
    function renderTable() {
      const query = document.getElementById("filter").value.trim().toLowerCase();
      const kind = kindFilter.value;
      const rows = data.entities.filter(e => (!kind || e.label === kind) && (!query ||
        [e.name, e.label, e.first.doc].concat(e.aliases).some(s => s.toLowerCase().includes(query))));
      rows.sort((a, b) => {
        const x = sortValue(a, sortKey), y = sortValue(b, sortKey);
        const c = x < y ? -1 : x > y ? 1 : a.name.localeCompare(b.name);
        return ascending ? c : -c;
      });
      const body = document.querySelector("#entities tbody");
      body.replaceChildren();
      for (const e of rows) {
        const tr = el("tr", { class: "entity" + (e.id === selected ? " selected" : ""), "data-id": e.id });
        tr.appendChild(el("td", {}, e.name));
        const kindCell = el("td");
        kindCell.appendChild(el("span", { class: "kind", style: "background:" + (colours[e.label] || "#777") }, e.label));
        tr.appendChild(kindCell);
        tr.appendChild(el("td", { class: "num" }, String(e.mentions)));
        tr.appendChild(el("td", { class: "num" }, String(e.documents)));
        tr.appendChild(el("td", { class: "place" }, where(e.first)));
        tr.appendChild(el("td", { class: "aliases" }, e.aliases.join(" · ")));
        tr.addEventListener("click", () => select(e.id));
        body.appendChild(tr);
      }
      const table = document.getElementById("entities");
      table.dataset.rows = rows.length;
      table.dataset.total = data.entities.length;
      document.querySelectorAll("#entities th").forEach(th => {
        th.classList.toggle("sorted", th.dataset.key === sortKey);
        th.classList.toggle("asc", th.dataset.key === sortKey && ascending);
      });
    }
    document.querySelectorAll("#entities th").forEach(th => th.addEventListener("click", () => {
      if (sortKey === th.dataset.key) ascending = !ascending;
      else { sortKey = th.dataset.key; ascending = sortKey === "name" || sortKey === "label" || sortKey === "first" || sortKey === "aliases"; }
      renderTable();
    }));
    document.getElementById("filter").addEventListener("input", renderTable);
    kindFilter.addEventListener("change", renderTable);
    renderTable();

    // The co-occurrence network: entities with a link, the most mentioned
    // first (at most 80), laid out by a deterministic force simulation.
    (function network() {
      const box = document.getElementById("network");
      const W = 640, H = 480, MAX = 80;
      const linked = new Set();
      data.edges.forEach(d => { linked.add(d.source); linked.add(d.target); });
      const nodes = data.entities.filter(e => linked.has(e.id))
        .sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name)).slice(0, MAX)
        .map((e, i, all) => ({ e, x: W / 2 + 180 * Math.cos(2 * Math.PI * i / all.length), y: H / 2 + 160 * Math.sin(2 * Math.PI * i / all.length), vx: 0, vy: 0 }));
      const index = new Map(nodes.map((n, i) => [n.e.id, i]));
      const links = data.edges.filter(d => index.has(d.source) && index.has(d.target));
      const maxWeight = Math.max(1, ...links.map(d => d.weight));
      // Fruchterman–Reingold: repulsion k²/d between all, attraction d²/k
      // along links (heavier links pull harder), a little gravity, cooling.
      const k = 0.95 * Math.sqrt(W * H / Math.max(1, nodes.length));
      const STEPS = 400;
      for (let step = 0; step < STEPS; step++) {
        const t = (W / 8) * (1 - step / STEPS) + 0.5;
        for (const n of nodes) { n.vx = 0; n.vy = 0; }
        for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) {
          const a = nodes[i], b = nodes[j];
          const dx = a.x - b.x, dy = a.y - b.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01;
          if (d > 3 * k) continue;  // far apart: no push (keeps small groups near the rest)
          const f = k * k / d / d;
          a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
        }
        for (const d of links) {
          const a = nodes[index.get(d.source)], b = nodes[index.get(d.target)];
          const dx = b.x - a.x, dy = b.y - a.y, dist = Math.sqrt(dx * dx + dy * dy) + 0.01;
          const f = dist / k * (0.3 + 0.7 * d.weight / maxWeight);
          a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
        }
        for (const n of nodes) {
          n.vx += (W / 2 - n.x) * 0.1; n.vy += (H / 2 - n.y) * 0.1;
          const len = Math.sqrt(n.vx * n.vx + n.vy * n.vy) + 0.01, move = Math.min(len, t);
          n.x += n.vx / len * move; n.y += n.vy / len * move;
        }
      }
      // Fit the layout to the drawing, keeping room for labels.
      if (nodes.length) {
        const xs = nodes.map(n => n.x), ys = nodes.map(n => n.y);
        const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
        for (const n of nodes) {
          n.x = x1 > x0 ? 30 + (W - 60) * (n.x - x0) / (x1 - x0) : W / 2;
          n.y = y1 > y0 ? 24 + (H - 48) * (n.y - y0) / (y1 - y0) : H / 2;
        }
      }
      const edgeLayer = svg("g"), nodeLayer = svg("g"), labelLayer = svg("g");
      for (const d of links) {
        const a = nodes[index.get(d.source)], b = nodes[index.get(d.target)];
        const line = svg("line", { class: "edge", x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1),
          "stroke-width": (1 + 5 * d.weight / maxWeight).toFixed(1) });
        const title = svg("title"); title.textContent = byId.get(d.source).name + " — " + byId.get(d.target).name + ": " + d.weight;
        line.appendChild(title);
        edgeLayer.appendChild(line);
      }
      const maxMentions = Math.max(1, ...nodes.map(n => n.e.mentions));
      nodes.forEach((n, i) => {
        const r = 4 + 12 * Math.sqrt(n.e.mentions / maxMentions);
        const c = svg("circle", { class: "node", cx: n.x.toFixed(1), cy: n.y.toFixed(1), r: r.toFixed(1), fill: colours[n.e.label] || "#777", "data-id": n.e.id });
        const title = svg("title"); title.textContent = n.e.name + " (" + n.e.label + ", " + n.e.mentions + " mentions)";
        c.appendChild(title);
        c.addEventListener("click", () => select(n.e.id));
        nodeLayer.appendChild(c);
        if (i < 24) {
          const right = n.x < W * 0.7;
          const label = svg("text", { x: (right ? n.x + r + 2 : n.x - r - 2).toFixed(1), y: (n.y + 4).toFixed(1),
            "text-anchor": right ? "start" : "end" });
          label.textContent = n.e.name;
          labelLayer.appendChild(label);
        }
      });
      box.append(edgeLayer, nodeLayer, labelLayer);
      box.dataset.nodes = nodes.length;
      box.dataset.edges = links.length;
      const legend = document.getElementById("legend");
      [...new Set(nodes.map(n => n.e.label))].sort().forEach(k => {
        const s = el("span"); s.appendChild(el("span", { class: "kind", style: "background:" + colours[k] }, k)); legend.appendChild(s);
      });
    })();

    // The timeline: each date or time at the first day its value covers.
    (function timeline() {
      const box = document.getElementById("timeline");
      const W = 1200, H = 180, L = 40, R = 20, Y = 130;
      const days = s => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 86400000;
      const placed = data.dates.filter(d => d.day);
      const body = document.querySelector("#dates tbody");
      function show(d, i) {
        document.querySelectorAll("circle.point").forEach(c => c.classList.toggle("selected", c.dataset.index === String(i)));
        const ctx = document.getElementById("date-context");
        ctx.replaceChildren(contextLine(d.place));
        ctx.dataset.index = i;
      }
      box.appendChild(svg("line", { class: "axis", x1: L, y1: Y, x2: W - R, y2: Y }));
      if (placed.length) {
        let lo = Math.min(...placed.map(d => days(d.day))), hi = Math.max(...placed.map(d => days(d.day)));
        if (hi - lo < 30) { lo -= 15; hi += 15; }
        const x = v => L + (W - L - R) * (v - lo) / (hi - lo);
        const y0 = new Date(lo * 86400000).getUTCFullYear(), y1 = new Date(hi * 86400000).getUTCFullYear();
        const stepYears = Math.max(1, Math.ceil((y1 - y0 + 1) / 12));
        for (let year = y0; year <= y1 + 1; year += stepYears) {
          const v = Date.UTC(year, 0, 1) / 86400000;
          if (v < lo || v > hi) continue;
          box.appendChild(svg("line", { class: "axis", x1: x(v), y1: Y, x2: x(v), y2: Y + 6 }));
          const t = svg("text", { x: x(v) - 14, y: Y + 20 }); t.textContent = String(year); box.appendChild(t);
        }
        const stacks = new Map();
        placed.forEach(d => {
          const i = data.dates.indexOf(d);
          const px = Math.round(x(days(d.day)));
          const bucket = Math.round(px / 8);
          const level = stacks.get(bucket) || 0;
          stacks.set(bucket, level + 1);
          const c = svg("circle", { class: "point", cx: px, cy: Y - 10 - 12 * Math.min(level, 8), r: 5,
            fill: colours[d.label], "data-index": i });
          const title = svg("title"); title.textContent = d.text + " → " + d.value + " (" + where(d.place) + ")";
          c.appendChild(title);
          c.addEventListener("click", () => show(d, i));
          box.appendChild(c);
        });
      }
      data.dates.forEach((d, i) => {
        const tr = el("tr", { "data-index": i });
        tr.appendChild(el("td", { class: "value" }, d.value || "unresolved"));
        tr.appendChild(el("td", {}, d.text));
        tr.appendChild(el("td", { class: "place" }, where(d.place)));
        const ctx = el("td"); ctx.appendChild(contextLine(d.place)); tr.appendChild(ctx);
        tr.addEventListener("click", () => show(d, i));
        body.appendChild(tr);
      });
      box.dataset.points = placed.length;
      box.dataset.unplaced = data.dates.length - placed.length;
    })();

    // Corrections: authors down, actions across.
    (function corrections() {
      const table = document.getElementById("corrections");
      const authors = [...new Set(data.corrections.map(c => c.author))].sort();
      const actions = [...new Set(data.corrections.map(c => c.action))].sort();
      const head = el("tr"); head.appendChild(el("th", {}, "Author"));
      actions.forEach(a => head.appendChild(el("th", { class: "num" }, a)));
      head.appendChild(el("th", { class: "num" }, "total"));
      table.tHead.appendChild(head);
      let total = 0;
      authors.forEach(author => {
        const tr = el("tr"); tr.appendChild(el("td", {}, author));
        let sum = 0;
        actions.forEach(a => {
          const n = data.corrections.filter(c => c.author === author && c.action === a).reduce((s, c) => s + c.count, 0);
          sum += n;
          tr.appendChild(el("td", { class: "num" }, n ? String(n) : ""));
        });
        tr.appendChild(el("td", { class: "num" }, String(sum)));
        total += sum;
        table.tBodies[0].appendChild(tr);
      });
      if (!authors.length) {
        const tr = el("tr"); tr.appendChild(el("td", { class: "muted" }, "No corrections yet.")); table.tBodies[0].appendChild(tr);
      }
      table.dataset.authors = authors.length;
      table.dataset.total = total;
    })();
    // A link can carry a filter and an entity: index.html#filter=viet&entity=vietnam
    const hash = new URLSearchParams(location.hash.slice(1));
    if (hash.get("filter")) { document.getElementById("filter").value = hash.get("filter"); renderTable(); }
    if (hash.get("entity") && byId.has(hash.get("entity"))) select(hash.get("entity"));
    else if (data.entities.length) select(data.entities.slice().sort((a, b) => b.mentions - a.mentions)[0].id);
    document.body.dataset.rendered = "true";
    </script>
    </body>
    </html>

    """#
}
