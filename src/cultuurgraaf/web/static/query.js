/*
 * The SPARQL query page: sets up the vendored YASGUI (static/vendor/yasgui/) from the page config
 * (query-terms.js reads it) in <div id="yasgui">, with the result views of query-table.js and
 * query-views.js.
 *
 * The page must work without internet access, so every request goes to this origin:
 * - queries go to the configured endpoint only (POST); the endpoint field is not offered and
 *   the URL parameters YASGUI would read (endpoint=, headers=, ...) are ignored;
 * - prefix completion offers the project's prefixes (no prefix.cc); class and property
 *   completion offers the graph's own classes and properties (GET /api/vocabulary: the VoID
 *   statistics of the store, with labels), never Linked Open Vocabularies;
 * - the share button gives a link to this page, ?query=... (no URL shortener);
 * - no CORS proxy is configured, so YASGUI never probes other hosts.
 *
 * The examples (<nav id="cg-examples">) are links to ?query=..., so they work without JavaScript
 * and in a new window; a plain click opens the example here and runs it. The search field above
 * them filters them by title, description and query text.
 */
(function () {
  "use strict";

  var T = window.cgTerms;
  var root = document.getElementById("yasgui");
  if (!T || !root || typeof Yasgui === "undefined") return;

  var config = T.config;
  var endpoint = new URL(config.endpoint || "/sparql", window.location.href).href;
  var prefixes = T.prefixes;
  var words = T.words;
  var defaultQuery = config.defaultQuery || "SELECT * WHERE {\n  ?s ?p ?o .\n} LIMIT 10";

  // A link to this page that opens `query`; the share button and the examples use it.
  function permalink(query) {
    var url = new URL(window.location.pathname, window.location.origin);
    url.searchParams.set("query", query);
    return url.href;
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
  forkTermCompleter("class", "cgClasses", "classes");
  forkTermCompleter("property", "cgProperties", "properties");
  // Set on the shared defaults: merging a list into the config would merge by index.
  Yasgui.defaults.yasqe.autocompleters = ["variables", "cgPrefixes", "cgClasses", "cgProperties"];
  Yasgui.defaults.yasqe.createShortLink = undefined;
  // A named editor that screen readers read as text, and whose scrolling area can take the focus.
  Yasgui.defaults.yasqe.inputStyle = "contenteditable";
  Yasgui.defaults.yasqe.screenReaderLabel = words.editor || "SPARQL query";
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
      var info = T.el("span", "cg-endpoint", words.endpoint || "SPARQL endpoint: ");
      info.appendChild(T.el("code", "", endpoint));
      return info;
    },
    yasqe: { value: defaultQuery },
    yasr: { prefixes: prefixes, defaultPlugin: "table" },
  });

  // YASGUI puts its "new tab" button inside the list of tabs, where only tabs may be; it goes
  // just after the list (its wrapper stays: YASGUI inserts new tabs before it).
  var tabList = root.querySelector(".tabsList");
  var addTab = tabList && tabList.querySelector(".addTab");
  if (addTab) {
    var bar = T.el("div", "cg-tabs");
    tabList.parentNode.insertBefore(bar, tabList);
    bar.append(tabList, addTab);
  }

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

  function run(tab) {
    tab.query().catch(function () {});
  }

  // -- the examples ----------------------------------------------------------------------------

  var nav = document.getElementById("cg-examples");
  if (nav) {
    nav.addEventListener("click", function (event) {
      var link = event.target.closest("a[href]");
      if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      var query = new URL(link.href).searchParams.get("query");
      if (query === null) return;
      event.preventDefault();
      run(openQuery(query, link.textContent.trim()));
      root.scrollIntoView({ block: "nearest" });
    });
    searchable(nav);
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // The search field over the examples: each word must occur in the title, description or query.
  function searchable(list) {
    var box = list.querySelector(".cg-examples-search");
    var field = list.querySelector("#cg-examples-filter");
    var none = list.querySelector(".cg-examples-none");
    if (!box || !field) return;
    var queries = {};
    (config.examples || []).forEach(function (example) { queries[example.name] = example.query; });
    var items = Array.from(list.querySelectorAll("li")).map(function (item) {
      var link = item.querySelector("a");
      return { item: item, text: fold(item.textContent + " " + (queries[link.dataset.example] || "")) };
    });
    box.hidden = false;
    field.addEventListener("input", function () {
      var wanted = fold(field.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (entry) {
        var match = wanted.every(function (word) { return entry.text.indexOf(word) >= 0; });
        entry.item.hidden = !match;
        shown += match;
      });
      none.textContent = wanted.length ? shown + " / " + items.length : "";
    });
  }

  // -- class and property completion from the graph's statistics ----------------------------------

  var vocabulary = null;
  function terms(part) {
    if (!vocabulary) {
      vocabulary = config.vocabularyUrl
        ? fetch(config.vocabularyUrl, { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : {}; })
          .catch(function () { return {}; })
        : Promise.resolve({});
    }
    return vocabulary.then(function (known) { return known[part] || []; });
  }

  // The local name of `iri` in `namespace` if it can follow a prefix as it is, else null.
  function localName(iri, namespace) {
    var local = iri.slice(namespace.length);
    return iri.indexOf(namespace) === 0 && /^[A-Za-z_][\w\-.]*$/.test(local) && !/\.$/.test(local) ? local : null;
  }

  // YASQE's class and property completers, asking the graph's own terms instead of another site.
  // A term is offered by the start of its IRI (or prefixed name) or by a word of its label, most
  // used first; choosing one writes its prefixed name (declaring the project's prefix if needed).
  function forkTermCompleter(base, name, part) {
    var shown = {};
    Yasgui.Yasqe.forkAutocompleter(base, {
      name: name,
      bulk: false,
      autoShow: true,
      persistenceId: null,
      get: function (yasqe, token) {
        var typed = ((token && token.autocompletionString) || "").trim();
        var wanted = fold(typed);
        // "crm:titel" (which YASQE hands over expanded) also finds the terms labelled "titel"
        var word = fold(typed.split(/[/#:<]/).pop());
        if (word.length < 3) word = "";
        return terms(part).then(function (list) {
          return list.filter(function (term) {
            return !typed || term.iri.indexOf(typed) === 0 || fold(T.shortIri(term.iri)).indexOf(wanted) >= 0 ||
              (word && fold(term.label).indexOf(word) >= 0);
          }).slice(0, 50).map(function (term) { return term.iri; });
        });
      },
      postProcessSuggestion: function (yasqe, token, iri) {
        var declared = yasqe.getPrefixesFromQuery();
        var text = null;
        Object.keys(declared).some(function (prefix) {
          var local = localName(iri, declared[prefix]);
          if (local !== null) text = prefix + ":" + local;
          return text !== null;
        });
        if (text === null) {
          Object.keys(prefixes).some(function (prefix) {
            var local = localName(iri, prefixes[prefix]);
            if (local !== null && !(prefix in declared)) text = prefix + ":" + local;
            return text !== null;
          });
        }
        text = text || "<" + iri + ">";
        shown[text] = iri;
        return text;
      },
      postprocessHints: function (yasqe, hints) {
        return terms(part).then(function (list) {
          var byIri = {};
          list.forEach(function (term) { byIri[term.iri] = term; });
          return hints.map(function (hint) {
            var term = byIri[shown[hint.text]];
            if (!term) return hint;
            var prefix = hint.text.split(":")[0];
            var declare = /^[\w-]*:/.test(hint.text) && !(prefix in yasqe.getPrefixesFromQuery()) ? {} : null;
            if (declare) declare[prefix] = prefixes[prefix];
            return Object.assign({}, hint, {
              displayText: hint.text + " · " + term.label + " (" + term.count + ")",
              hint: function (cm, data, completion) {
                cm.replaceRange(completion.text, completion.from || data.from, completion.to || data.to, "complete");
                if (declare) yasqe.addPrefixes(declare);
              },
            });
          });
        });
      },
    }, false);
  }

  // -- the address bar --------------------------------------------------------------------------

  // An explicit ?query= wins over what localStorage restored, and is run at once.
  var urlQuery = new URLSearchParams(window.location.search).get("query");
  if (urlQuery && urlQuery.trim()) {
    var tab = openQuery(urlQuery);
    if (!tab.hasResults()) run(tab);
  }

  // The address bar keeps a link to the query last run.
  yasgui.on("query", function (instance, tab) {
    window.history.replaceState(window.history.state, "", permalink(tab.getQuery()));
  });

  window.cultuurgraafQuery = { yasgui: yasgui, openQuery: openQuery, permalink: permalink };
})();
