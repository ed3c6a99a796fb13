/*
 * The query page's other result views (YASR plugins), each offered when the result suits it:
 * - "map": rows with a WKT POINT, as points on a Leaflet map (vendored, static/vendor/leaflet/),
 *   with no base layer (a plain background: the page asks no tile server for anything);
 * - "chart": a numeric column against the row's name, as horizontal bars (SVG of our own);
 * - "timeline": rows with a date (xsd:date, dateTime, gYear, gYearMonth), in date order on one
 *   axis; a second date column is the end of an interval.
 * A row's name is its first text column, or the label of its first IRI (query-terms.js).
 */
(function () {
  "use strict";

  var T = window.cgTerms;
  if (!T || typeof Yasgui === "undefined") return;
  var el = T.el, w = T.words;
  var MAX_BARS = 100;
  var MAX_EVENTS = 1000;
  var SVG = "http://www.w3.org/2000/svg";

  function svg(tag, attributes, text) {
    var node = document.createElementNS(SVG, tag);
    for (var name in attributes) node.setAttribute(name, attributes[name]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function resultRows(yasr) {
    return { vars: yasr.results.getVariables() || [], rows: yasr.results.getBindings() || [] };
  }

  // The IRIs that name rows (where no text column does), so their labels can be asked for first.
  function namingIris(rows, vars, skip) {
    var iris = [];
    rows.forEach(function (row) {
      var name = T.rowName(row, vars, skip, null);
      var first = vars.filter(function (v) { return skip.indexOf(v) < 0 && row[v] && row[v].type === "uri"; })[0];
      if (first && name === T.shortIri(row[first].value)) iris.push(row[first].value);
    });
    return iris;
  }

  // A link to the row's first IRI with a page (or plain text), named `name`.
  function rowLink(row, vars, name) {
    for (var i = 0; i < vars.length; i++) {
      var term = row[vars[i]];
      var href = term && term.type === "uri" ? T.hrefOf(term.value) : null;
      if (href) {
        var link = el("a", "", name || T.shortIri(term.value));
        link.href = href;
        return link;
      }
    }
    return el("span", "", name);
  }

  function figure(yasr, className, caption) {
    var box = el("figure", "cg-view " + className);
    var text = el("figcaption", "", caption);
    box.appendChild(text);
    yasr.resultsEl.appendChild(box);
    return box;
  }

  // Runs `draw` once the labels a view needs are known, unless another view (or another draw of
  // this one) has taken the results area in the meantime.
  function drawWhenLabelled(view, name, iris, draw) {
    var ticket = (view.ticket || 0) + 1;
    view.ticket = ticket;
    T.labels.lookup(iris).then(function () {
      if (view.ticket !== ticket || view.yasr.drawnPlugin !== name) return;
      while (view.yasr.resultsEl.firstChild) view.yasr.resultsEl.firstChild.remove();
      draw();
    });
  }

  function choice(yasr, label, options, chosen, onChange) {
    if (options.length < 2) return null;
    var wrap = el("label", "cg-choice", label + " ");
    var select = el("select");
    options.forEach(function (name) {
      var option = el("option", "", "?" + name);
      option.value = name;
      option.selected = name === chosen;
      select.appendChild(option);
    });
    select.addEventListener("change", function () { onChange(select.value); });
    wrap.appendChild(select);
    yasr.pluginControls.appendChild(wrap);
    return wrap;
  }

  // -- map -------------------------------------------------------------------------------------

  function MapView(yasr) {
    this.yasr = yasr;
    this.label = w.map || "Map";
    this.priority = 3;
  }
  MapView.prototype.getIcon = function () {
    return T.icon("M12 2a7 7 0 0 0-7 7c0 5 7 13 7 13s7-8 7-13a7 7 0 0 0-7-7zm0 4a3 3 0 1 1 0 6 3 3 0 0 1 0-6z");
  };
  MapView.prototype.canHandleResults = function () {
    return !!this.yasr.results && T.columnsWhere(this.yasr, T.pointOf).length > 0;
  };
  MapView.prototype.draw = function () {
    this.destroy();
    var data = resultRows(this.yasr), column = T.columnsWhere(this.yasr, T.pointOf)[0];
    var points = [];
    data.rows.forEach(function (row) {
      var point = T.pointOf(row[column]);
      if (point) points.push({ at: point, row: row });
    });
    var missing = data.rows.length - points.length;
    var caption = points.length + " " + (w.points || "punten") + " (?" + column + ")" +
      (missing ? "; " + missing + " " + (w.noWkt || "rows without a point") : "");
    var box = figure(this.yasr, "cg-map-view", caption);
    var area = el("div", "cg-map");
    area.setAttribute("aria-label", caption);
    box.insertBefore(area, box.firstChild);
    if (typeof L === "undefined") return;
    this.map = L.map(area, { preferCanvas: points.length > 2000, attributionControl: false, zoomSnap: 0.25 });
    var group = L.featureGroup().addTo(this.map);
    points.forEach(function (point) {
      L.circleMarker(point.at, { radius: 6, color: "#083f78", weight: 1.5, fillColor: "#0b5cad", fillOpacity: 0.75 })
        .bindPopup(function () { return popup(point.row, data.vars); })
        .addTo(group);
    });
    if (points.length === 1) this.map.setView(points[0].at, 13);
    else if (points.length) this.map.fitBounds(group.getBounds().pad(0.1), { maxZoom: 15 });
    else this.map.setView([50.85, 4.35], 8);
  };
  MapView.prototype.destroy = function () {
    if (this.map) this.map.remove();
    this.map = null;
  };

  function popup(row, vars) {
    var list = el("dl", "cg-popup");
    vars.forEach(function (name) {
      if (!row[name] || T.pointOf(row[name])) return;
      list.append(el("dt", "", "?" + name), el("dd"));
      list.lastChild.appendChild(T.termNode(row[name]));
    });
    var iris = Array.from(list.querySelectorAll(".cg-iri > .iri"), function (node) { return node.title; });
    T.labels.lookup(iris).then(function () { T.fillLabels(list, T.labels); });
    return list;
  }

  // -- chart -----------------------------------------------------------------------------------

  function ChartView(yasr) {
    this.yasr = yasr;
    this.label = w.chart || "Chart";
    this.priority = 2;
  }
  ChartView.prototype.getIcon = function () {
    return T.icon("M4 20V10h4v10zm6 0V4h4v16zm6 0v-7h4v7z");
  };
  ChartView.prototype.canHandleResults = function () {
    var results = this.yasr.results;
    return !!results && (results.getVariables() || []).length > 1 && T.columnsWhere(this.yasr, T.isNumber).length > 0;
  };
  ChartView.prototype.draw = function () {
    var view = this;
    var data = resultRows(this.yasr), numeric = T.columnsWhere(this.yasr, T.isNumber);
    var value = this.value && numeric.indexOf(this.value) >= 0 ? this.value : numeric[0];
    this.destroy();
    this.control = choice(this.yasr, w.value || "Waarde", numeric, value, function (name) {
      view.value = name;
      view.draw();
    });
    var rows = data.rows.filter(function (row) { return T.isNumber(row[value]); }).slice(0, MAX_BARS);
    drawWhenLabelled(this, "chart", namingIris(rows, data.vars, [value]), function () {
      drawBars(view.yasr, data, rows, value);
    });
  };
  ChartView.prototype.destroy = function () {
    if (this.control) this.control.remove();
    this.control = null;
  };

  function drawBars(yasr, data, rows, value) {
    var counted = data.rows.filter(function (row) { return T.isNumber(row[value]); }).length;
    var caption = "?" + value + (counted > rows.length ? " (" + (w.firstOf || "first") + " " + rows.length + " " +
      (w.of || "of") + " " + counted + ")" : "");
    var box = figure(yasr, "cg-chart-view", caption);
    var numbers = rows.map(function (row) { return parseFloat(row[value].value); });
    var low = Math.min(0, Math.min.apply(null, numbers)), high = Math.max(0, Math.max.apply(null, numbers));
    var width = 800, labelWidth = 280, bar = 22, gap = 6, room = width - labelWidth - 70;
    var scale = function (x) { return labelWidth + (high === low ? 0 : (x - low) / (high - low) * room); };
    var height = rows.length * (bar + gap) + gap;
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": caption });
    chart.style.maxHeight = "none";
    rows.forEach(function (row, i) {
      var name = T.rowName(row, data.vars, [value], T.labels) || "(" + (i + 1) + ")";
      var y = gap + i * (bar + gap), x0 = scale(0), x1 = scale(numbers[i]);
      var group = svg("g", { class: "cg-bar" });
      group.appendChild(svg("title", {}, name + ": " + row[value].value));
      group.appendChild(svg("text", { x: labelWidth - 8, y: y + bar * 0.7, "text-anchor": "end" },
        name.length > 38 ? name.slice(0, 37) + "…" : name));
      group.appendChild(svg("rect", { x: Math.min(x0, x1), y: y, width: Math.max(1, Math.abs(x1 - x0)), height: bar }));
      group.appendChild(svg("text", { x: Math.max(x0, x1) + 6, y: y + bar * 0.7, class: "cg-value" },
        numbers[i].toLocaleString(document.documentElement.lang || "nl")));
      chart.appendChild(group);
    });
    box.insertBefore(chart, box.firstChild);
  }

  // -- timeline --------------------------------------------------------------------------------

  function TimelineView(yasr) {
    this.yasr = yasr;
    this.label = w.timeline || "Timeline";
    this.priority = 1;
  }
  TimelineView.prototype.getIcon = function () {
    return T.icon("M2 12h20M6 8v8M12 5v14M18 9v6");
  };
  TimelineView.prototype.canHandleResults = function () {
    return !!this.yasr.results && T.columnsWhere(this.yasr, T.dateOf).length > 0;
  };
  TimelineView.prototype.draw = function () {
    var view = this;
    var data = resultRows(this.yasr), dates = T.columnsWhere(this.yasr, T.dateOf);
    var start = dates[0], end = dates[1];
    var events = [];
    data.rows.forEach(function (row) {
      var from = T.dateOf(row[start]);
      if (!from) return;
      var to = end ? T.dateOf(row[end]) : null;
      events.push({ from: from, to: to && to.time >= from.time ? to : null, row: row });
    });
    events.sort(function (a, b) { return a.from.time - b.from.time; });
    var undated = data.rows.length - events.length;
    events = events.slice(0, MAX_EVENTS);
    drawWhenLabelled(this, "timeline", namingIris(events.map(function (e) { return e.row; }), data.vars, dates),
      function () { drawTimeline(view.yasr, data, events, dates, undated); });
  };

  function drawTimeline(yasr, data, events, dates, undated) {
    var total = data.rows.length - undated;
    var caption = "?" + dates[0] + (dates[1] ? " – ?" + dates[1] : "") +
      (total > events.length ? " (" + (w.firstOf || "first") + " " + events.length + " " + (w.of || "of") + " " + total + ")" : "") +
      (undated ? "; " + undated + " " + (w.noDate || "rows without a date") : "");
    var box = figure(yasr, "cg-timeline-view", caption);
    if (!events.length) return;
    var low = events[0].from.time;
    var high = Math.max.apply(null, events.map(function (e) { return (e.to || e.from).time; }));
    if (high === low) high = low + 86400000;
    var at = function (time) { return ((time - low) / (high - low) * 100).toFixed(3) + "%"; };
    var list = el("ol", "cg-timeline");
    list.appendChild(axis(low, high, at));
    events.forEach(function (event) {
      var item = el("li");
      var when = el("span", "cg-when");
      when.appendChild(timeNode(event.row[dates[0]], event.from));
      if (event.to) when.append(" – ", timeNode(event.row[dates[1]], event.to));
      var track = el("span", "cg-track");
      var mark = el("span", event.to ? "cg-span" : "cg-point");
      mark.style.left = at(event.from.time);
      if (event.to) mark.style.width = "max(4px, calc(" + at(event.to.time) + " - " + at(event.from.time) + "))";
      track.appendChild(mark);
      var what = el("span", "cg-what");
      what.appendChild(rowLink(event.row, data.vars, T.rowName(event.row, data.vars, dates, T.labels)));
      item.append(when, track, what);
      list.appendChild(item);
    });
    box.insertBefore(list, box.firstChild);
  }

  function timeNode(term, date) {
    var node = el("time", "", date.text);
    node.dateTime = term.value;
    return node;
  }

  // The axis: a tick at each round year (or month, or day) that keeps the ticks to about eight.
  function axis(low, high, at) {
    var item = el("li", "cg-axis");
    item.setAttribute("aria-hidden", "true");
    item.append(el("span", "cg-when"));
    var track = el("span", "cg-track");
    var day = 86400000, span = high - low;
    var from = new Date(low), ticks = [];
    if (span > 3 * 365 * day) {
      var years = span / (365.25 * day);
      var step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].filter(function (s) { return years / s <= 8; })[0] || 1000;
      for (var y = Math.ceil(from.getUTCFullYear() / step) * step; ; y += step) {
        var tick = new Date(0);
        tick.setUTCFullYear(y, 0, 1);
        if (tick.getTime() > high) break;
        if (tick.getTime() >= low) ticks.push([tick.getTime(), String(y)]);
      }
    } else {
      var months = span > 60 * day;
      var format = new Intl.DateTimeFormat(document.documentElement.lang || "nl",
        months ? { month: "short", year: "numeric", timeZone: "UTC" } : { day: "numeric", month: "short", timeZone: "UTC" });
      var stepDays = months ? 0 : Math.max(1, Math.ceil(span / day / 8));
      var stepMonths = months ? Math.max(1, Math.ceil(span / (30.4 * day) / 8)) : 0;
      var cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), months ? 1 : from.getUTCDate()));
      while (cursor.getTime() <= high) {
        if (cursor.getTime() >= low) ticks.push([cursor.getTime(), format.format(cursor)]);
        if (months) cursor.setUTCMonth(cursor.getUTCMonth() + stepMonths);
        else cursor.setUTCDate(cursor.getUTCDate() + stepDays);
      }
    }
    ticks.forEach(function (tick) {
      var mark = el("span", "cg-tick", tick[1]);
      mark.style.left = at(tick[0]);
      track.appendChild(mark);
    });
    item.append(track, el("span", "cg-what"));
    return item;
  }

  Yasgui.Yasr.registerPlugin("map", MapView);
  Yasgui.Yasr.registerPlugin("chart", ChartView);
  Yasgui.Yasr.registerPlugin("timeline", TimelineView);
  Yasgui.Yasr.defaults.pluginOrder = ["table", "map", "chart", "timeline", "response"];
})();
