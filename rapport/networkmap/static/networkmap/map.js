/* The network map (decision 0015): the server's JSON (embedded in the page with
   json_script) drawn with sigma.js + graphology, vendored as one bundle that exposes
   window.RapportGraph. No inline script or style: the page's CSP forbids both. */
(function () {
  "use strict";
  var root = document.getElementById("network-map");
  var dataEl = document.getElementById("map-data");
  var container = document.getElementById("map-canvas");
  if (!root || !dataEl || !container || !window.RapportGraph) return;
  var started = performance.now();
  var data = JSON.parse(dataEl.textContent);
  var Graph = window.RapportGraph.Graph;
  var Sigma = window.RapportGraph.Sigma;
  var FADED = "#e3e6ea";
  var clusters = {};
  data.clusters.forEach(function (c) { clusters[c.key] = c; });

  var graph = new Graph({ type: "undirected" });
  var maxDegree = 1;
  data.nodes.forEach(function (n) { if (n.degree > maxDegree) maxDegree = n.degree; });
  data.nodes.forEach(function (n, i) {
    graph.addNode(String(i), {
      x: n.x, y: n.y,
      size: 3 + 10 * Math.sqrt(n.degree / maxDegree),
      color: clusters[n.cluster] ? clusters[n.cluster].color : "#9aa0a6",
      label: n.name,
      person: n,
    });
  });
  data.edges.forEach(function (e) {
    if (!graph.hasEdge(String(e[0]), String(e[1]))) graph.addEdge(String(e[0]), String(e[1]));
  });

  var state = { selected: null, mutuals: null, shared: false,
                cluster: "", network: "", company: "", quiet: false };

  function passes(p) {
    if (state.cluster !== "" && String(p.cluster) !== state.cluster) return false;
    if (state.shared) return true;
    if (state.network && p.network !== state.network) return false;
    if (state.company && p.companies.indexOf(state.company) < 0) return false;
    if (state.quiet && !p.quiet) return false;
    return true;
  }

  var renderer = new Sigma(graph, container, {
    labelRenderedSizeThreshold: 9,
    defaultEdgeColor: "#cfd5dc",
    zIndex: true,
    minCameraRatio: 0.05,
    maxCameraRatio: 4,
    nodeReducer: function (node, attrs) {
      var res = Object.assign({}, attrs);
      if (!passes(attrs.person)) { res.hidden = true; return res; }
      if (state.shared) { res.label = null; return res; }
      if (state.selected !== null) {
        if (node === state.selected) { res.highlighted = true; res.zIndex = 2; }
        else if (state.mutuals.has(node)) { res.zIndex = 1; res.forceLabel = true; }
        else { res.color = FADED; res.label = null; res.zIndex = 0; }
      }
      return res;
    },
    edgeReducer: function (edge, attrs) {
      var res = Object.assign({}, attrs);
      var ends = graph.extremities(edge);
      if (!passes(graph.getNodeAttribute(ends[0], "person")) ||
          !passes(graph.getNodeAttribute(ends[1], "person"))) { res.hidden = true; return res; }
      if (state.selected !== null && !state.shared) {
        if (ends[0] === state.selected || ends[1] === state.selected) { res.color = "#5b6570"; res.size = 1.5; }
        else { res.hidden = true; }
      }
      return res;
    },
  });
  // -- cluster names on the map, where each cluster sits ---------------------------------
  var overlay = document.createElement("div");
  overlay.className = "map-cluster-labels";
  overlay.setAttribute("aria-hidden", "true");
  container.appendChild(overlay);
  var centres = data.clusters.filter(function (c) { return c.key !== 0; }).map(function (c) {
    // Centred above the cluster (sigma's y grows upwards), clear of the names inside it;
    // the 90th percentile rather than the top, so one outlier does not lift it away.
    var sx = 0, ys = [];
    data.nodes.forEach(function (p) { if (p.cluster === c.key) { sx += p.x; ys.push(p.y); } });
    ys.sort(function (a, b) { return a - b; });
    var n = ys.length, top = n ? ys[Math.floor(0.9 * (n - 1))] : 0;
    var tag = document.createElement("span");
    tag.className = "map-cluster-label";
    tag.textContent = c.label;
    overlay.appendChild(tag);
    return { key: c.key, label: c.label, size: c.size, x: n ? sx / n : 0, y: n ? top : 0, tag: tag };
  });
  function placeLabels() {
    centres.forEach(function (c) {
      var at = renderer.graphToViewport({ x: c.x, y: c.y });
      var shown = state.cluster === "" || state.cluster === String(c.key);
      c.tag.hidden = !shown || state.selected !== null;
      c.tag.style.left = Math.round(at.x) + "px";
      c.tag.style.top = Math.round(at.y) + "px";
    });
  }
  renderer.on("afterRender", placeLabels);
  placeLabels();

  // For the browser tests and the benchmark: the renderer, and the time to first draw.
  window.RapportMap = { graph: graph, renderer: renderer };
  root.dataset.firstDrawMs = String(Math.round(performance.now() - started));
  root.dataset.ready = "1";

  // -- the card ---------------------------------------------------------------------
  var card = document.getElementById("map-card");
  function text(id, value) { document.getElementById(id).textContent = value; }
  function select(node) {
    state.selected = node;
    state.mutuals = new Set(node === null ? [] : graph.neighbors(node));
    if (node === null || state.shared) { card.hidden = true; renderer.refresh(); return; }
    var p = graph.getNodeAttribute(node, "person");
    text("card-name", p.name);
    text("card-headline", p.headline);
    var band = document.getElementById("card-band");
    band.textContent = p.band ? "Trust: " + p.band : "Trust: not computed yet";
    band.className = "pill" + (p.band === "strong" ? " pill-ok" : p.band === "weak" ? " pill-warn" : "");
    var network = document.getElementById("card-network");
    network.hidden = !p.network;
    network.textContent = p.network === "a" ? "A network" : "B network";
    var names = Array.from(state.mutuals).map(function (m) { return graph.getNodeAttribute(m, "label"); });
    names.sort(function (a, b) { return a.localeCompare(b); });
    text("card-mutuals", names.length === 0 ? "No mutual connections on your map."
      : names.length + " mutual connection" + (names.length === 1 ? "" : "s") + ", highlighted on the map:");
    var list = document.getElementById("card-mutual-list");
    list.replaceChildren.apply(list, names.slice(0, 8).map(function (name) {
      var li = document.createElement("li"); li.textContent = name; return li;
    }));
    if (names.length > 8) {
      var more = document.createElement("li"); more.textContent = "and " + (names.length - 8) + " more";
      list.appendChild(more);
    }
    document.getElementById("card-profile").href = "/in/" + encodeURIComponent(p.handle) + "/";
    document.getElementById("card-message").href = "/messages/with/" + encodeURIComponent(p.handle) + "/";
    card.hidden = false;
    renderer.refresh();
  }
  renderer.on("clickNode", function (e) { select(e.node); });
  renderer.on("clickStage", function () { select(null); });
  document.getElementById("map-card-close").addEventListener("click", function () { select(null); });
  renderer.on("enterNode", function () { container.classList.add("is-pointing"); });
  renderer.on("leaveNode", function () { container.classList.remove("is-pointing"); });

  // -- find a person ----------------------------------------------------------------
  function focus(node) {
    var at = renderer.getNodeDisplayData(node);
    if (at) renderer.getCamera().animate({ x: at.x, y: at.y, ratio: 0.25 }, { duration: 400 });
  }
  document.getElementById("map-find").addEventListener("submit", function (e) {
    e.preventDefault();
    var wanted = document.getElementById("map-search").value.trim().toLocaleLowerCase();
    var status = document.getElementById("map-find-status");
    if (!wanted) return;
    var found = graph.findNode(function (n, a) { return a.label.toLocaleLowerCase() === wanted; }) ||
      graph.findNode(function (n, a) { return a.label.toLocaleLowerCase().indexOf(wanted) >= 0; });
    if (!found) { status.textContent = "Nobody by that name on your map."; return; }
    status.textContent = "";
    if (!passes(graph.getNodeAttribute(found, "person"))) { resetFilters(); }
    select(found);
    focus(found);
  });

  // -- filters ----------------------------------------------------------------------
  var controls = { cluster: "map-cluster", network: "map-network", company: "map-company" };
  Object.keys(controls).forEach(function (key) {
    document.getElementById(controls[key]).addEventListener("change", function (e) {
      state[key] = e.target.value;
      if (state.selected !== null && !passes(graph.getNodeAttribute(state.selected, "person"))) select(null);
      renderer.refresh();
    });
  });
  document.getElementById("map-quiet").addEventListener("change", function (e) {
    state.quiet = e.target.checked; renderer.refresh();
  });
  function resetFilters() {
    state.cluster = state.network = state.company = ""; state.quiet = false;
    Object.keys(controls).forEach(function (key) { document.getElementById(controls[key]).value = ""; });
    document.getElementById("map-quiet").checked = false;
  }

  // -- zoom, share, export ------------------------------------------------------------
  var camera = renderer.getCamera();
  document.getElementById("map-zoom-in").addEventListener("click", function () { camera.animatedZoom({ duration: 250 }); });
  document.getElementById("map-zoom-out").addEventListener("click", function () { camera.animatedUnzoom({ duration: 250 }); });
  document.getElementById("map-fit").addEventListener("click", function () { camera.animatedReset({ duration: 250 }); });
  var share = document.getElementById("map-share");
  share.addEventListener("click", function () {
    state.shared = !state.shared;
    share.setAttribute("aria-pressed", String(state.shared));
    root.classList.toggle("is-shared", state.shared);
    select(null);
    camera.animatedReset({ duration: 250 }); // the whole map, not a close-up of someone
  });

  function exportPng() {
    renderer.refresh(); // draws now, so the WebGL buffers still hold the frame below
    var layers = renderer.getCanvases();
    var base = layers.nodes || layers.edges;
    var legendWidth = Math.round(base.width * 0.28);
    var out = document.createElement("canvas");
    out.width = base.width + legendWidth;
    out.height = base.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ["edges", "nodes", "labels"].forEach(function (k) { if (layers[k]) ctx.drawImage(layers[k], 0, 0); });
    var scale = base.width / container.clientWidth;
    ctx.font = "bold " + Math.round(14 * scale) + "px system-ui, sans-serif";
    ctx.textAlign = "center";
    centres.forEach(function (c) {
      if (c.tag.hidden) return;
      var at = renderer.graphToViewport({ x: c.x, y: c.y });
      ctx.lineWidth = 4 * scale;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.strokeText(c.label, at.x * scale, (at.y - 14) * scale);
      ctx.fillStyle = "#1b1f24";
      ctx.fillText(c.label, at.x * scale, (at.y - 14) * scale);
    });
    ctx.textAlign = "start";
    var y = 28 * scale;
    ctx.font = "bold " + Math.round(16 * scale) + "px system-ui, sans-serif";
    ctx.fillStyle = "#1b1f24";
    ctx.fillText("My network map", base.width + 12 * scale, y);
    ctx.font = Math.round(13 * scale) + "px system-ui, sans-serif";
    data.clusters.forEach(function (c) {
      y += 24 * scale;
      ctx.fillStyle = c.color;
      ctx.beginPath();
      ctx.arc(base.width + 18 * scale, y - 4 * scale, 6 * scale, 0, 2 * Math.PI);
      ctx.fill();
      ctx.fillStyle = "#1b1f24";
      ctx.fillText(c.label + " · " + c.size, base.width + 30 * scale, y);
    });
    out.toBlob(function (blob) {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = state.shared ? "network-map-shareable.png" : "network-map.png";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    }, "image/png");
  }
  document.getElementById("map-export").addEventListener("click", exportPng);

  // The legend focuses a cluster when clicked (the select does the same).
  Array.prototype.forEach.call(document.querySelectorAll(".legend li[data-key]"), function (li) {
    li.querySelector(".legend-label").addEventListener("click", function () {
      var key = li.getAttribute("data-key");
      state.cluster = state.cluster === key ? "" : key;
      document.getElementById("map-cluster").value = state.cluster;
      renderer.refresh();
    });
  });
})();
