/*
 * YASGUI's own words in the page's language. YASGUI (vendored, unchanged) writes its buttons, titles,
 * tab names and the line under the results ("14 results in 0.052 seconds") in English and has no
 * setting for them but the name of a new tab. The page config brings, in the page's language, the
 * words for each English text of YASGUI that this page shows (words.yasgui, from
 * query_page_routes.py); this script puts them in place, and again whenever YASGUI draws anew.
 *
 * Only YASGUI's own chrome is read: the editor (the query's text), the result tables and views (the
 * data) and the page's own parts keep their text as it is.
 */
(function () {
  "use strict";

  var T = window.cgTerms;
  var root = document.getElementById("yasgui");
  if (!T || !root || typeof Yasgui === "undefined") return;

  var words = T.words;
  var known = words.yasgui || {};
  var locale = document.documentElement.lang || "nl";
  var ATTRIBUTES = ["title", "aria-label", "placeholder"];
  // What holds data or the query, not YASGUI's words.
  var SKIP = ".CodeMirror-scroll, table, pre, .cg-view, .cg-status, .cg-truncated, .cg-endpoint";
  var VIEW = /^Shows (.+) view$/;
  var RESPONSE = /^(?:(\d+) results?|Response)(?: in ([\d.]+) seconds?)?$/;

  if (words.tabName) Yasgui.defaults.tabName = words.tabName;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) { return name in values ? values[name] : whole; });
  }

  // Our words for one of YASGUI's texts, or null when it is not one the page knows.
  function say(text) {
    var trimmed = text.trim();
    if (!trimmed) return null;
    if (Object.prototype.hasOwnProperty.call(known, trimmed)) return known[trimmed];
    var view = VIEW.exec(trimmed);
    if (view && words.showView) return fill(words.showView, { view: known[view[1]] || view[1] });
    var response = RESPONSE.exec(trimmed);
    if (response && words.resultsMany) {
      var count = response[1];
      var results = count === undefined ? known.Response || trimmed
        : count === "1" ? words.resultsOne : fill(words.resultsMany, { n: Number(count).toLocaleString(locale) });
      if (response[2] === undefined) return results;
      return fill(words.resultsTime, { results: results, seconds: Number(response[2]).toLocaleString(locale) });
    }
    return null;
  }

  function translate(element) {
    ATTRIBUTES.forEach(function (name) {
      var value = element.getAttribute(name);
      var ours = value && say(value);
      if (ours && ours !== value) element.setAttribute(name, ours);
    });
    element.childNodes.forEach(function (node) {
      if (node.nodeType !== Node.TEXT_NODE) return;
      var ours = say(node.nodeValue);
      if (ours && ours !== node.nodeValue.trim()) node.nodeValue = ours;
    });
  }

  function translateAll() {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT, {
      acceptNode: function (node) { return node.matches(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT; },
    });
    for (var node = root; node; node = walker.nextNode()) translate(node);
  }

  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      translateAll();
    });
  }).observe(root, { childList: true, subtree: true, characterData: true, attributes: true,
    attributeFilter: ATTRIBUTES });
})();
