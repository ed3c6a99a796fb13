// The validation report's filters and its rows on demand. The page reads the same without this
// script: it shows the filters, filters the checks by severity and name and their rows by source
// and mapping rule, and brings the rows the page does not hold from the JSON report beside it
// (data-json on the element that holds the report), a page at a time, as the page writes them
// (render_html.py: where a rule read the file, its columns and the values there). Its words are
// the page's (data-words on the filters). Data is written as text (textContent), never as markup.
(function () {
  "use strict";
  var PAGE = 200;
  var FIRST = 5;
  var holder = document.querySelector("[data-json]");
  var jsonHref = holder ? holder.getAttribute("data-json") : "";
  var form = document.querySelector("form.filters");
  var words = form ? JSON.parse(form.getAttribute("data-words") || "{}") : {};
  var status = form ? form.querySelector("output") : null;
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.check"));
  var saved = {};
  var reading = null;
  var report = null;

  function fetchReport() {
    if (!jsonHref) { return Promise.reject(new Error("no JSON report beside this page")); }
    if (!reading) {
      reading = fetch(jsonHref, {credentials: "same-origin"}).then(function (response) {
        if (!response.ok) { throw new Error(response.status + " " + response.statusText); }
        return response.json();
      }).then(function (body) {
        var groups = {};
        body.groups.forEach(function (group) { groups[group.id] = group; });
        report = {groups: groups, labels: body.labels || {}};
        return report;
      });
    }
    return reading;
  }

  function say(key, values) {
    return (words[key] || key).replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }

  function record(text) {
    var line = /^line (\d+)$/.exec(text);
    return line && words.line ? say("line", {n: line[1]}) : text;
  }

  function read(result) { return (result.origins || []).filter(function (o) { return o.read; }); }

  function firstOrigin(result) { return (result.origins || [])[0] || null; }
  function sourceOf(result) { var o = firstOrigin(result); return o ? (o.source || o.source_file) : ""; }
  function ruleOf(result) { var o = firstOrigin(result); return o ? o.rule : ""; }

  function chosen() {
    var severities = {};
    if (form) {
      form.querySelectorAll("input[data-filter=severity]").forEach(function (box) { severities[box.value] = box.checked; });
    }
    function value(name) { var s = form && form.querySelector("select[data-filter=" + name + "]"); return s ? s.value : "*"; }
    return {severities: severities, source: value("source"), check: value("check"), rule: value("rule")};
  }

  function matches(filter, source, rule) {
    return (filter.source === "*" || source === filter.source) && (filter.rule === "*" || rule === filter.rule);
  }

  function lines(td, parts) {
    parts.forEach(function (part, i) {
      if (i) { td.appendChild(document.createElement("br")); }
      var node = document.createElement(part[1] ? "code" : "span");
      node.textContent = part[0];
      td.appendChild(node);
    });
  }

  function row(result, mixed) {
    var tr = document.createElement("tr");
    tr.id = result.id;
    tr.setAttribute("data-source", sourceOf(result));
    tr.setAttribute("data-rule", ruleOf(result));
    var origins = result.origins || [];
    var cells = [
      origins.length ? origins.map(function (o) { return [o.source_file + " " + record(o.record), false]; })
        : [[say("no_mapping", {}), false]],
      (report.labels[result.focus] ? [[report.labels[result.focus], false]] : []).concat([[result.focus, true]])
    ];
    var reads = read(result);
    var refs = [];
    var values = [];
    reads.forEach(function (o) {
      o.read.forEach(function (cell) {
        if (refs.indexOf(cell.reference) < 0) { refs.push(cell.reference); }
        cell.values.forEach(function (v) { if (values.indexOf(v) < 0) { values.push(v); } });
      });
    });
    if (mixed) { cells.push(reads.length ? [[refs.join(", "), true]] : [[result.path || "", true]]); }
    cells.push([[reads.length ? (values.map(function (v) { return "\u201c" + v + "\u201d"; }).join(", ") || say("empty", {}))
      : (result.value || ""), false]]);
    cells.push(origins.map(function (o) {
      return [o.rule + (o.mapping_file ? "  " + o.mapping_file + (o.mapping_line ? ":" + o.mapping_line : "") : ""), false];
    }));
    cells.forEach(function (parts) { var td = document.createElement("td"); lines(td, parts); tr.appendChild(td); });
    return tr;
  }

  function parts(section) {
    var tables = section.querySelectorAll("table");
    var more = section.querySelector("details.more");
    return {first: tables[0].tBodies[0], more: more, rest: more ? more.querySelector("tbody") : null,
            mixed: section.getAttribute("data-mixed") === "1", count: +section.getAttribute("data-count"),
            label: section.querySelector("h3 .n"), note: section.querySelector("p.rest")};
  }

  function keep(section) {
    if (!saved[section.id]) {
      var p = parts(section);
      saved[section.id] = {first: p.first.cloneNode(true), rest: p.rest ? p.rest.cloneNode(true) : null,
                           hidden: p.more ? p.more.hidden : true, note: p.note ? p.note.hidden : true};
    }
  }

  function restore(section) {
    var keptRows = saved[section.id];
    if (!keptRows) { return; }
    var p = parts(section);
    p.first.parentNode.replaceChild(keptRows.first.cloneNode(true), p.first);
    if (p.rest) { p.rest.parentNode.replaceChild(keptRows.rest.cloneNode(true), p.rest); p.more.hidden = keptRows.hidden; }
    if (p.note) { p.note.hidden = keptRows.note; }
    delete saved[section.id];
  }

  function fill(section, results, shown) {
    var p = parts(section);
    p.first.textContent = "";
    p.rest.textContent = "";
    results.slice(0, shown).forEach(function (result, i) { (i < FIRST ? p.first : p.rest).appendChild(row(result, p.mixed)); });
    p.more.hidden = shown <= FIRST;
    p.more.querySelector("summary").textContent = say("more", {n: Math.min(shown, results.length) - FIRST});
    offerMore(section, results, shown);
  }

  function offerMore(section, results, shown) {
    var p = parts(section);
    if (!p.note) { return; }
    p.note.hidden = shown >= results.length;
    var button = p.note.querySelector("button.load");
    if (button) {
      var next = Math.min(PAGE, results.length - shown);
      button.disabled = false;
      button.textContent = say("show_next", {n: next, left: results.length - shown});
    }
  }

  function more(section, button) {
    button.disabled = true;
    fetchReport().then(function () {
      var results = resultsOf(section, chosen());
      var present = section.querySelectorAll("tr[data-source]").length;
      keep(section);
      fill(section, results, Math.min(results.length, present + PAGE));
      parts(section).more.open = true;
    }, function (error) { button.textContent = error.message; });
  }

  function resultsOf(section, filter) {
    return report.groups[section.id].results.filter(function (r) { return matches(filter, sourceOf(r), ruleOf(r)); });
  }

  function apply() {
    var filter = chosen();
    var byRow = filter.source !== "*" || filter.rule !== "*";
    var shown = 0;
    var waiting = false;
    document.querySelectorAll("div.severity").forEach(function (div) {
      div.hidden = filter.severities[div.getAttribute("data-severity")] === false;
    });
    sections.forEach(function (section) {
      var p = parts(section);
      var visible = filter.severities[section.getAttribute("data-severity")] !== false
        && (filter.check === "*" || filter.check === section.id);
      var n = p.count;
      if (byRow && section.getAttribute("data-complete") === "1") {
        n = 0;
        section.querySelectorAll("tr[data-source]").forEach(function (tr) {
          tr.hidden = !matches(filter, tr.getAttribute("data-source"), tr.getAttribute("data-rule"));
          if (!tr.hidden) { n += 1; }
        });
      } else if (byRow && report) {
        var results = resultsOf(section, filter);
        n = results.length;
        keep(section);
        fill(section, results, Math.min(FIRST, n));
      } else if (byRow) {
        waiting = true;
      } else {
        section.querySelectorAll("tr[hidden]").forEach(function (tr) { tr.hidden = false; });
        restore(section);
      }
      section.hidden = !visible || n === 0;
      if (p.label) { p.label.textContent = n === p.count ? String(p.count) : n + " / " + p.count; }
      if (!section.hidden) { shown += n; }
    });
    if (waiting) {
      tell(say("reading_rows", {}));
      fetchReport().then(apply, function (error) { tell(say("only_this_page", {error: error.message})); });
      return;
    }
    tell(say("shown", {n: shown}));
  }

  function tell(text) { if (status) { status.textContent = text; } }

  function reveal(id) {
    var target = document.getElementById(id);
    if (target) {
      for (var node = target.parentNode; node; node = node.parentNode) {
        if (node.tagName === "DETAILS") { node.hidden = false; node.open = true; }
      }
      target.scrollIntoView();
      return;
    }
    if (id.slice(0, 2) !== "r-") { return; }
    fetchReport().then(function () {
      Object.keys(report.groups).forEach(function (group) {
        report.groups[group].results.forEach(function (result) {
          var section = document.getElementById(group);
          if (result.id === id && section) {
            var p = parts(section);
            keep(section);
            p.rest.appendChild(row(result, p.mixed));
            reveal(id);
          }
        });
      });
    }, function () { return null; });
  }

  sections.forEach(function (section) {
    var p = parts(section);
    if (p.note && jsonHref) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "load";
      button.textContent = say("show_more", {n: p.note.getAttribute("data-left")});
      button.addEventListener("click", function () { more(section, button); });
      p.note.insertBefore(button, p.note.firstChild);
    }
  });
  if (form) {
    form.hidden = false;
    form.addEventListener("change", apply);
    apply();
  }
  if (location.hash.length > 1) { reveal(decodeURIComponent(location.hash.slice(1))); }
  window.addEventListener("hashchange", function () { reveal(decodeURIComponent(location.hash.slice(1))); });
}());
