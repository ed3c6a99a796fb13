/*
 * The query page's shared pieces (window.cgTerms), used by the result views of query-table.js
 * and query-views.js and by query.js:
 * - the page config (<script id="cg-query-config" type="application/json">) and its words;
 * - what a result term is: a number, a date, a WKT point;
 * - a term as page content (links to entity pages, prefixed names, language tags), built with
 *   DOM calls only, never from HTML strings, so that nothing in the data can become markup;
 * - the labels of IRIs, asked of the server (POST /api/labels) in batches, once per IRI.
 */
(function () {
  "use strict";

  var configEl = document.getElementById("cg-query-config");
  var config = configEl ? JSON.parse(configEl.textContent) : {};
  var words = config.labels || {};
  var prefixes = config.prefixes || {};
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var NUMERIC = ["integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
    "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort",
    "unsignedByte"].map(function (name) { return XSD + name; });
  var DATES = ["date", "dateTime", "dateTimeStamp", "gYear", "gYearMonth"].map(function (name) { return XSD + name; });
  var WKT = "http://www.opengis.net/ont/geosparql#wktLiteral";
  // GeoSPARQL: coordinates are longitude latitude, except under a CRS that says otherwise (EPSG 4326).
  var POINT = /^\s*(?:<([^>]*)>\s*)?POINT\s*(?:Z\s*|M\s*|ZM\s*)?\(\s*(-?[\d.]+(?:e-?\d+)?)\s+(-?[\d.]+(?:e-?\d+)?)/i;
  var ISO_DATE = /^(-?\d{4,})(?:-(\d\d)(?:-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d(?:\.\d+)?))?(Z|[+-]\d\d:\d\d)?)?)?)?$/;
  var locale = document.documentElement.lang || "nl";

  function isNumber(term) {
    return !!term && term.type !== "uri" && NUMERIC.indexOf(term.datatype) >= 0 && isFinite(parseFloat(term.value));
  }

  // {time, text, precision} for an xsd date, dateTime, gYear or gYearMonth; null for anything else.
  function dateOf(term) {
    if (!term || term.type === "uri" || DATES.indexOf(term.datatype) < 0) return null;
    var m = ISO_DATE.exec(term.value.trim());
    if (!m) return null;
    var precision = m[4] ? "time" : m[3] ? "day" : m[2] ? "month" : "year";
    var date = new Date(0);
    date.setUTCFullYear(+m[1], m[2] ? +m[2] - 1 : 0, m[3] ? +m[3] : 1);
    date.setUTCHours(m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, 0);
    var time = date.getTime();
    if (m[7] && m[7] !== "Z") {
      var sign = m[7][0] === "-" ? -1 : 1;
      time -= sign * (+m[7].slice(1, 3) * 60 + +m[7].slice(4, 6)) * 60000;
    }
    return { time: time, precision: precision, text: formatDate(time, precision, !!m[7]) };
  }

  function formatDate(time, precision, zoned) {
    var options = { timeZone: zoned ? undefined : "UTC" };
    if (precision === "year") options.year = "numeric";
    else if (precision === "month") { options.year = "numeric"; options.month = "long"; }
    else options.dateStyle = "long";
    if (precision === "time") options.timeStyle = "short";
    try {
      return new Intl.DateTimeFormat(locale, options).format(new Date(time));
    } catch (error) {
      return new Date(time).toISOString();
    }
  }

  // [latitude, longitude] of a WKT POINT; null for anything else.
  function pointOf(term) {
    if (!term || term.type === "uri") return null;
    if (term.datatype !== WKT && !/^\s*(<[^>]*>\s*)?POINT/i.test(term.value)) return null;
    var m = POINT.exec(term.value);
    if (!m) return null;
    var a = parseFloat(m[2]), b = parseFloat(m[3]);
    var latFirst = !!m[1] && /EPSG\/0\/4326$/.test(m[1]);
    var lat = latFirst ? a : b, lon = latFirst ? b : a;
    return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? [lat, lon] : null;
  }

  function shortIri(iri) {
    for (var name in prefixes) {
      var ns = prefixes[name];
      if (iri.length > ns.length && iri.indexOf(ns) === 0) return name + ":" + iri.slice(ns.length);
    }
    return iri;
  }

  // The page to link an IRI to: the local page of an entity, a web address as it is, else null
  // (an IRI such as javascript:... or urn:... is no link).
  function hrefOf(iri) {
    var base = config.entityBase || "";
    if (base && iri.indexOf(base) === 0) return (config.pagesBase || "/doc/") + iri.slice(base.length);
    return /^https?:\/\//i.test(iri) ? iri : null;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A term as page content; an IRI gets a slot (.cg-label) that labels fill in later.
  function termNode(term) {
    if (term.type === "uri") {
      var wrap = el("span", "cg-iri");
      var href = hrefOf(term.value);
      var link = el(href ? "a" : "span", "iri", shortIri(term.value));
      if (href) {
        link.href = href;
        if (href !== term.value) link.classList.add("cg-local");
        else link.rel = "noopener noreferrer";
      }
      link.title = term.value;
      wrap.appendChild(link);
      return wrap;
    }
    if (term.type === "bnode") return el("span", "cg-bnode", "_:" + term.value);
    var literal = el("span", "cg-literal", term.value);
    if (term["xml:lang"]) {
      literal.lang = term["xml:lang"];
      var box = el("span");
      box.append(literal, " ", el("span", "cg-tag", "@" + term["xml:lang"]));
      return box;
    }
    if (term.datatype && !isNumber(term) && term.datatype !== XSD + "string") {
      var typed = el("span");
      typed.append(literal, " ", el("span", "cg-tag", shortIri(term.datatype)));
      return typed;
    }
    if (isNumber(term)) literal.classList.add("cg-number");
    return literal;
  }

  // Names of IRIs from the server, each asked for once; `lookup` resolves when they are known.
  function LabelBook(url, batch) {
    this.url = url;
    this.batch = batch || 500;
    this.known = new Map();
    this.asked = new Map();
  }
  LabelBook.prototype.get = function (iri) {
    return this.known.get(iri) || null;
  };
  LabelBook.prototype.lookup = function (iris) {
    var book = this;
    var fresh = [], waits = [];
    iris.forEach(function (iri) {
      if (book.known.has(iri)) return;
      if (book.asked.has(iri)) waits.push(book.asked.get(iri));
      else if (fresh.indexOf(iri) < 0) fresh.push(iri);
    });
    for (var start = 0; start < fresh.length; start += book.batch) {
      var part = fresh.slice(start, start + book.batch);
      var request = book.url ? book.ask(part) : Promise.resolve();
      part.forEach(function (iri) { book.asked.set(iri, request); });
      waits.push(request);
    }
    return Promise.all(waits).then(function () { return book; });
  };
  LabelBook.prototype.ask = function (iris) {
    var book = this;
    return fetch(book.url, {
      method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ iris: iris }),
    }).then(function (response) {
      return response.ok ? response.json() : { labels: {} };
    }).then(function (answer) {
      iris.forEach(function (iri) { book.known.set(iri, (answer.labels || {})[iri] || ""); });
    }, function () {
      iris.forEach(function (iri) { book.known.set(iri, ""); });
    });
  };

  // Names the IRIs under `root` whose labels are known: the label becomes the text (of the link),
  // and the IRI, as it was shown, follows it in small print.
  function fillLabels(root, book) {
    root.querySelectorAll(".cg-iri:not(.cg-labelled)").forEach(function (wrap) {
      var shown = wrap.firstChild;
      var name = book.get(shown.title);
      if (name === null) return;
      wrap.classList.add("cg-labelled");
      if (!name) return;
      wrap.appendChild(el("span", "cg-iri-text", shown.textContent));
      shown.textContent = name;
      shown.classList.add("cg-label");
    });
  }

  function iriValuesIn(root) {
    return Array.from(root.querySelectorAll(".cg-iri:not(.cg-labelled) > .iri"), function (node) { return node.title; });
  }

  // Looks up labels for the IRIs of each block under `root` once it comes into view.
  function labelWhenSeen(book) {
    if (!("IntersectionObserver" in window)) return { watch: function (block) { label(block); }, stop: function () {} };
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        observer.unobserve(entry.target);
        label(entry.target);
      });
    }, { rootMargin: "200px" });
    function label(block) {
      var iris = iriValuesIn(block);
      if (iris.length) book.lookup(iris).then(function () { fillLabels(block, book); });
    }
    return { watch: function (block) { observer.observe(block); }, stop: function () { observer.disconnect(); } };
  }

  // An icon for a view button: an SVG path on a 24 x 24 grid.
  function icon(path) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    var shape = document.createElementNS(ns, "path");
    shape.setAttribute("d", path);
    svg.appendChild(shape);
    return svg;
  }

  // The columns of a result in which `test` holds for at least one row.
  function columnsWhere(yasr, test) {
    var results = yasr.results;
    var vars = results && results.getVariables ? results.getVariables() || [] : [];
    var rows = (results && results.getBindings && results.getBindings()) || [];
    return vars.filter(function (name) {
      return rows.some(function (row) { return test(row[name]); });
    });
  }

  // The text that names a row: the first column (other than `skip`) with a literal, else an IRI's label.
  function rowName(row, vars, skip, book) {
    var iri = null;
    for (var i = 0; i < vars.length; i++) {
      if (skip.indexOf(vars[i]) >= 0 || !row[vars[i]]) continue;
      var term = row[vars[i]];
      if (term.type === "literal" || term.type === "typed-literal") {
        if (!isNumber(term) && !dateOf(term) && !pointOf(term)) return term.value;
      } else if (term.type === "uri" && iri === null) {
        iri = term.value;
      }
    }
    return iri === null ? "" : (book && book.get(iri)) || shortIri(iri);
  }

  window.cgTerms = {
    config: config, words: words, prefixes: prefixes, isNumber: isNumber, dateOf: dateOf, pointOf: pointOf,
    shortIri: shortIri, hrefOf: hrefOf, el: el, termNode: termNode, LabelBook: LabelBook, fillLabels: fillLabels,
    labelWhenSeen: labelWhenSeen, icon: icon, columnsWhere: columnsWhere, rowName: rowName,
    labels: new LabelBook(config.labelsUrl, Math.min(500, config.maxLabels || 500)),
  };
})();
