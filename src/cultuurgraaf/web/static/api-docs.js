/*
 * /api/docs: Swagger UI (vendored in static/vendor/swagger-ui/) over the OpenAPI document named by
 * <div id="swagger-ui" data-url="...">. Everything stays on this site: the validator badge, which
 * would send the document to validator.swagger.io, is off.
 *
 * Swagger UI (unchanged) draws a few things a screen reader or a keyboard stumbles on; its options
 * set them right:
 * - without deep links, an operation's path is text, not a link inside the button that opens it;
 * - the layout is Swagger UI's own (BaseLayout) but for one element: where it writes a second
 *   <main> inside the page's, this one writes a <div>;
 * - its title, a second <h1>, is read as a heading of the level below the page's (api-docs.css
 *   gives its colours enough contrast).
 */
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle === "undefined") return;

  function PageLayoutPlugin(system) {
    var h = system.React.createElement;
    function PageLayout(props) {
      var get = props.getComponent;
      var spec = props.specSelectors;
      if (spec.loadingStatus() !== "success" || !spec.specStr()) return h(get("BaseLayout", true));
      var Row = get("Row");
      var Col = get("Col");
      var Errors = get("errors", true);
      var full = function (child) { return h(Row, null, h(Col, { mobile: 12, desktop: 12 }, child)); };
      var servers = spec.servers();
      var schemes = spec.schemes();
      var anyServer = !!(servers && servers.size), anyScheme = !!(schemes && schemes.size);
      var secured = !!spec.securityDefinitions();
      return h("div", { className: "swagger-ui" },
        h(get("SvgAssets")),
        h(get("VersionPragmaFilter"), { isSwagger2: spec.isSwagger2(), isOAS3: spec.isOAS3(), isOAS31: spec.isOAS31(),
          alsoShow: h(Errors) },
          h(Errors),
          h(Row, { className: "information-container" }, h(Col, { mobile: 12 }, h(get("InfoContainer", true)))),
          anyServer || anyScheme || secured ? h("div", { className: "scheme-container" },
            h(Col, { className: "schemes wrapper", mobile: 12 },
              anyServer || anyScheme ? h("div", { className: "schemes-server-container" },
                anyServer ? h(get("ServersContainer", true)) : null,
                anyScheme ? h(get("SchemesContainer", true)) : null) : null,
              secured ? h(get("AuthorizeBtnContainer", true)) : null)) : null,
          h(get("FilterContainer", true)),
          h("div", { id: "operations" },
            full(h(get("operations", true))),
            spec.isOAS31() ? full(h(get("Webhooks", true))) : null,
            full(h(get("Models", true))))));
    }
    return { components: { PageLayout: PageLayout } };
  }

  new MutationObserver(function () {
    root.querySelectorAll("h1:not([aria-level])").forEach(function (title) { title.setAttribute("aria-level", "2"); });
  }).observe(root, { childList: true, subtree: true });

  SwaggerUIBundle({
    url: root.dataset.url,
    domNode: root,
    deepLinking: false,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    plugins: [PageLayoutPlugin],
    layout: "PageLayout",
    defaultModelsExpandDepth: 0,
  });
})();
