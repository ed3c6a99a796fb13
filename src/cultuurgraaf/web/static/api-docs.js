/*
 * /api/docs: Swagger UI (vendored in static/vendor/swagger-ui/) over the OpenAPI document named by
 * <div id="swagger-ui" data-url="...">. Everything stays on this site: the validator badge, which
 * would send the document to validator.swagger.io, is off.
 */
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle === "undefined") return;
  SwaggerUIBundle({
    url: root.dataset.url,
    domNode: root,
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    defaultModelsExpandDepth: 0,
  });
})();
