/*
 * The query page's result table (YASR plugin "table", in place of YASGUI's own DataTables table).
 *
 * Drawn incrementally: the first 200 rows at once, then 500 more whenever the reader scrolls near
 * the end of the table (or presses the button there), each batch in slices of a few milliseconds
 * between which the page goes on answering clicks and keys. So 10,000 rows neither hold up the
 * page nor wait for the last row to show the first, and the page never lays out rows nobody has
 * scrolled to. (YASGUI's own table ran every cell of every row through its HTML sanitiser before
 * it showed anything: 9 to 22 s for 9,100 rows.) Cells are built with DOM calls (query-terms.js),
 * never from HTML, so they need no sanitising. The filter field searches every row, drawn or not.
 *
 * Next to each IRI, its name: asked of the server (POST /api/labels) for the rows that come into
 * view. The filter matches values and the names known; the column headers sort.
 */
(function () {
  "use strict";

  var T = window.cgTerms;
  if (!T || typeof Yasgui === "undefined") return;
  var el = T.el;
  var FIRST_ROWS = 200;
  var MORE_ROWS = 500;
  var SLICE_MS = 12;
  var collator = new Intl.Collator(document.documentElement.lang || "nl", { numeric: true, sensitivity: "base" });

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function sortKey(term) {
    if (!term) return null;
    if (T.isNumber(term)) return parseFloat(term.value);
    var date = T.dateOf(term);
    if (date) return date.time;
    return (term.type === "uri" && T.labels.get(term.value)) || term.value;
  }

  function compare(a, b) {
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    if (typeof a === "number" && typeof b === "number") return a - b;
    return collator.compare(String(a), String(b));
  }

  function Table(yasr) {
    this.yasr = yasr;
    this.label = T.words.table || "Table";
    this.priority = 10;
    this.timer = null;
  }

  Table.prototype.getIcon = function () {
    return T.icon("M3 4h18v16H3zM3 9h18M3 14h18M9 4v16");
  };

  Table.prototype.canHandleResults = function () {
    var results = this.yasr.results;
    return !!results && !!results.getVariables() && results.getVariables().length > 0;
  };

  Table.prototype.download = function (name) {
    var results = this.yasr.results;
    return {
      getData: function () { return (results && results.asCsv()) || ""; },
      contentType: "text/csv", title: "CSV", filename: (name || "resultaten") + ".csv",
    };
  };

  Table.prototype.draw = function () {
    var table = this;
    this.destroy();
    var results = this.yasr.results;
    this.vars = results.getVariables();
    this.rows = results.getBindings() || [];
    this.order = this.rows.map(function (row, index) { return index; });
    this.sorted = null;
    this.labeller = T.labelWhenSeen(T.labels);
    this.drawControls();

    var json = results.getAsJson && results.getAsJson();
    if (json && json.truncated) {
      var notice = el("p", "cg-truncated", json.truncated.message || (T.words.truncated + " " + json.truncated.max_rows));
      this.yasr.resultsEl.appendChild(notice);
    }
    this.status = el("p", "cg-status");
    this.status.setAttribute("role", "status");
    this.wrap = el("div", "cg-table-wrap");
    this.wrap.tabIndex = 0;
    this.wrap.setAttribute("role", "region");
    this.wrap.setAttribute("aria-label", T.words.table || "Table");
    this.table = el("table", "cg-results");
    this.table.appendChild(this.head());
    this.moreButton = el("button", "cg-more");
    this.moreButton.type = "button";
    this.moreButton.addEventListener("click", function () { table.more(MORE_ROWS); });
    this.wrap.append(this.table, this.moreButton);
    this.yasr.resultsEl.append(this.status, this.wrap);
    this.nearEnd = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) table.more(MORE_ROWS);
    }, { root: this.wrap, rootMargin: "0px 0px 600px 0px" });
    this.nearEnd.observe(this.moreButton);
    this.render();
  };

  Table.prototype.head = function () {
    var table = this;
    var thead = el("thead");
    var tr = el("tr");
    var number = el("th", "cg-n", "#");
    number.scope = "col";
    tr.appendChild(number);
    this.vars.forEach(function (name) {
      var th = el("th");
      th.scope = "col";
      var button = el("button", "cg-sort", "?" + name);
      button.type = "button";
      button.title = (T.words.sort || "Sort") + " ?" + name;
      button.addEventListener("click", function () { table.sortBy(name, th); });
      th.appendChild(button);
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    return thead;
  };

  Table.prototype.drawControls = function () {
    var table = this;
    this.controls = el("div", "cg-table-controls");
    var label = el("label", "visually-hidden", T.words.filter || "Filter");
    var field = el("input");
    field.type = "search";
    field.id = "cg-table-filter";
    field.placeholder = T.words.filter || "Filter";
    label.htmlFor = field.id;
    var pending = null;
    field.addEventListener("input", function () {
      clearTimeout(pending);
      pending = setTimeout(function () { table.filter(field.value); }, 150);
    });
    this.controls.append(label, field);
    this.yasr.pluginControls.appendChild(this.controls);
  };

  Table.prototype.filter = function (text) {
    var words = fold(text).split(/\s+/).filter(Boolean);
    var rows = this.rows, vars = this.vars;
    var order = rows.map(function (row, index) { return index; });
    if (words.length) {
      order = order.filter(function (index) {
        var row = rows[index];
        var seen = fold(vars.map(function (name) {
          var term = row[name];
          if (!term) return "";
          return term.value + (term.type === "uri" ? " " + (T.labels.get(term.value) || "") : "");
        }).join(" "));
        return words.every(function (word) { return seen.indexOf(word) >= 0; });
      });
    }
    this.order = order;
    if (this.sorted) this.applySort();
    this.render();
  };

  Table.prototype.sortBy = function (name, th) {
    var descending = !!this.sorted && this.sorted.name === name && !this.sorted.descending;
    this.sorted = { name: name, descending: descending };
    this.table.querySelectorAll("thead th").forEach(function (cell) { cell.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    this.applySort();
    this.render();
  };

  Table.prototype.applySort = function () {
    var rows = this.rows, name = this.sorted.name, sign = this.sorted.descending ? -1 : 1;
    var keys = new Map(this.order.map(function (index) { return [index, sortKey(rows[index][name])]; }));
    this.order.sort(function (a, b) { return sign * compare(keys.get(a), keys.get(b)) || a - b; });
  };

  Table.prototype.render = function () {
    clearTimeout(this.timer);
    this.table.querySelectorAll("tbody").forEach(function (tbody) { tbody.remove(); });
    this.next = 0;
    this.wanted = 0;
    this.more(FIRST_ROWS);
  };

  // Asks for `count` more rows; they are drawn in slices of about SLICE_MS.
  Table.prototype.more = function (count) {
    var table = this;
    if (this.wanted > this.next) return;  // still drawing the rows asked for before
    this.wanted = Math.min(this.order.length, this.next + count);
    this.moreButton.hidden = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { table.drawSlice(); }, 0);
  };

  Table.prototype.drawSlice = function () {
    var table = this, rows = this.rows, vars = this.vars;
    var tbody = el("tbody");
    var started = performance.now();
    while (this.next < this.wanted) {
      var index = this.order[this.next++];
      var tr = el("tr");
      tr.appendChild(el("td", "cg-n", String(index + 1)));
      for (var i = 0; i < vars.length; i++) {
        var td = el("td");
        var term = rows[index][vars[i]];
        if (term) td.appendChild(T.termNode(term));
        tr.appendChild(td);
      }
      tbody.appendChild(tr);
      if (this.next % 25 === 0 && performance.now() - started > SLICE_MS) break;
    }
    this.table.appendChild(tbody);
    this.labeller.watch(tbody);
    this.wrap.dataset.rows = String(this.next);
    if (this.next < this.wanted) {
      this.timer = setTimeout(function () { table.drawSlice(); }, 0);
      return;
    }
    this.showStatus();
    this.moreButton.hidden = this.next >= this.order.length;
    this.moreButton.textContent = (T.words.more || "More rows") + " (" + this.next + " / " + this.order.length + ")";
  };

  Table.prototype.showStatus = function () {
    var total = this.order.length, w = T.words;
    var all = this.rows.length === total ? "" : " (" + (w.of || "of") + " " + this.rows.length + ")";
    this.status.textContent = this.next < total
      ? this.next + " " + (w.of || "of") + " " + total + " " + (w.rows || "rows") + " " + (w.shown || "shown") + all
      : total + " " + (total === 1 ? w.row || "row" : w.rows || "rows") + all;
  };

  Table.prototype.destroy = function () {
    clearTimeout(this.timer);
    if (this.labeller) this.labeller.stop();
    if (this.nearEnd) this.nearEnd.disconnect();
    if (this.controls) this.controls.remove();
    this.controls = null;
  };

  Yasgui.Yasr.registerPlugin("table", Table);
})();
