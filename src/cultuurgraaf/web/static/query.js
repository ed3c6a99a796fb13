/*
 * The SPARQL query page: sets up the vendored YASGUI (static/vendor/yasgui/) from the JSON in
 * <script id="cg-query-config" type="application/json"> and the <div id="yasgui">.
 *
 * The page must work without internet access, so every request goes to this origin:
 * - queries go to the configured endpoint only (POST); the endpoint field is not offered and
 *   the URL parameters YASGUI would read (endpoint=, headers=, ...) are ignored;
 * - prefix completion offers the project's prefixes (no prefix.cc); class and property
 *   completion, which would ask lov.linkeddata.es, is not enabled;
 * - the share button gives a link to this page, ?query=... (no URL shortener);
 * - no CORS proxy is configured, so YASGUI never probes other hosts.
 *
 * Config keys: endpoint, prefixes {name: namespace}, examples [{name, title, description,
 * query}], entityBase, pagesBase; optional: defaultQuery, labels {examples, endpoint}.
 */
(function () {
  "use strict";

  var configEl = document.getElementById("cg-query-config");
  var root = document.getElementById("yasgui");
  if (!configEl || !root || typeof Yasgui === "undefined") return;

  var config = JSON.parse(configEl.textContent);
  var endpoint = new URL(config.endpoint || "/sparql", window.location.href).href;
  var prefixes = config.prefixes || {};
  var examples = config.examples || [];
  var entityBase = config.entityBase || "";
  var pagesBase = config.pagesBase || "/doc/";
  var labels = config.labels || {};
  var defaultQuery = config.defaultQuery || "SELECT * WHERE {\n  ?s ?p ?o .\n} LIMIT 10";

  // A link to this page that opens `query`; the share button and the examples use it.
  function permalink(query) {
    var url = new URL(window.location.pathname, window.location.origin);
    url.searchParams.set("query", query);
    return url.href;
  }

  // The local page for an entity IRI, or null for any other IRI.
  function localPage(iri) {
    if (!entityBase || iri.indexOf(entityBase) !== 0) return null;
    return pagesBase + iri.slice(entityBase.length);
  }

  // Prefix completion with the project's prefixes only. A fixed array is not cached in
  // localStorage, so a changed prefix list shows at once.
  Yasgui.Yasqe.forkAutocompleter("prefixes", {
    name: "cgPrefixes",
    persistenceId: null,
    get: Object.keys(prefixes).sort().map(function (name) {
      return name + ": <" + prefixes[name] + ">";
    }),
  }, false);
  // Set on the shared defaults: merging a list into the config would merge by index.
  Yasgui.defaults.yasqe.autocompleters = ["variables", "cgPrefixes"];
  Yasgui.defaults.yasqe.createShortLink = undefined;
  Yasgui.Tab.prototype.getShareableLink = function () {
    return permalink(this.getQuery());
  };

  var yasgui = new Yasgui(root, {
    persistenceId: "cultuurgraaf_query",
    populateFromUrl: false,
    autofocus: false,
    corsProxy: undefined,
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    endpointInfo: function () {
      var info = document.createElement("span");
      info.className = "cg-endpoint";
      var code = document.createElement("code");
      code.textContent = endpoint;
      info.append(labels.endpoint || "SPARQL-eindpunt: ", code);
      return info;
    },
    yasqe: { value: defaultQuery },
    yasr: { prefixes: prefixes, defaultPlugin: "table" },
  });

  function tabs() {
    return yasgui.persistentConfig.getTabs().map(function (id) { return yasgui.getTab(id); })
      .filter(Boolean);
  }

  // Tabs kept in localStorage from an earlier visit query this endpoint too.
  tabs().forEach(function (tab) {
    if (tab.getEndpoint() !== endpoint) tab.setEndpoint(endpoint);
  });

  // Shows `query` in a tab: the tab that already holds it, else the current tab while it
  // still holds the untouched default query, else a new tab.
  function openQuery(query, title) {
    var same = tabs().filter(function (tab) {
      return tab.getPersistedJson().yasqe.value === query;
    })[0];
    if (same) {
      same.select();
      return same;
    }
    var current = yasgui.getTab();
    if (current && current.getYasqe() && current.getQuery() === defaultQuery && !current.hasResults()) {
      current.setQuery(query);
      if (title) current.setName(title);
      return current;
    }
    return yasgui.addTab(true, { name: title ? yasgui.createTabName(title) : undefined, yasqe: { value: query } });
  }

  // Links to local entity pages instead of the entity IRIs, wherever results show them.
  function localiseLinks(node) {
    var links = node.matches && node.matches("a[href]") ? [node] : [];
    if (node.querySelectorAll) links = links.concat(Array.from(node.querySelectorAll("a[href]")));
    links.forEach(function (a) {
      var page = localPage(a.getAttribute("href"));
      if (page === null) return;
      a.setAttribute("href", page);
      a.classList.add("cg-local");
    });
  }
  localiseLinks(root);
  new MutationObserver(function (mutations) {
    mutations.forEach(function (m) { m.addedNodes.forEach(localiseLinks); });
  }).observe(root, { childList: true, subtree: true });

  // The examples: links to ?query=... (they work without JavaScript and in a new window);
  // a plain click opens the example here. A list the page already has (<nav id="cg-examples">
  // or <nav class="examples">, links with ?query=) is used as it is.
  function examplesList() {
    var nav = document.querySelector("#cg-examples, nav.examples");
    if (nav || !examples.length) return nav;
    nav = document.createElement("nav");
    nav.id = "cg-examples";
    nav.className = "cg-examples";
    var heading = document.createElement("h2");
    heading.id = "cg-examples-heading";
    heading.textContent = labels.examples || "Voorbeeldvragen";
    nav.setAttribute("aria-labelledby", heading.id);
    var list = document.createElement("ul");
    examples.forEach(function (example) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = permalink(example.query);
      link.dataset.example = example.name;
      link.textContent = example.title || example.name;
      item.appendChild(link);
      if (example.description) {
        var description = document.createElement("p");
        description.textContent = example.description;
        item.appendChild(description);
      }
      list.appendChild(item);
    });
    nav.append(heading, list);
    root.parentNode.insertBefore(nav, root);
    return nav;
  }
  var nav = examplesList();
  if (nav) {
    nav.addEventListener("click", function (event) {
      var link = event.target.closest("a[href]");
      if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      var query = new URL(link.href).searchParams.get("query");
      if (query === null) return;
      event.preventDefault();
      openQuery(query, link.textContent.trim());
      root.scrollIntoView({ block: "nearest" });
    });
  }

  // An explicit ?query= wins over what localStorage restored, and is run at once.
  var urlQuery = new URLSearchParams(window.location.search).get("query");
  if (urlQuery && urlQuery.trim()) {
    var tab = openQuery(urlQuery);
    if (!tab.hasResults()) tab.query().catch(function () {});
  }

  // The address bar keeps a link to the query last run.
  yasgui.on("query", function (instance, tab) {
    window.history.replaceState(window.history.state, "", permalink(tab.getQuery()));
  });

  window.cultuurgraafQuery = { yasgui: yasgui, openQuery: openQuery, permalink: permalink };
})();
