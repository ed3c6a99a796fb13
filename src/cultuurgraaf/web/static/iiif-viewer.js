/*
 * /iiif/{kind}/{ref}/viewer: Mirador (vendored in static/vendor/mirador/) showing the manifest named by
 * <div id="iiif-viewer" data-manifest="..."> in one window, without the workspace's controls for adding
 * other manifests (the page is about one thing).
 */
(function () {
  "use strict";
  var root = document.getElementById("iiif-viewer");
  if (!root || typeof Mirador === "undefined") return;
  Mirador.viewer({
    id: "iiif-viewer",
    language: root.dataset.language,
    windows: [{ manifestId: root.dataset.manifest, thumbnailNavigationPosition: "far-bottom" }],
    window: { allowClose: false, allowMaximize: false, allowFullscreen: true, defaultSideBarPanel: "info",
              sideBarOpenByDefault: false },
    workspace: { type: "mosaic", allowNewWindows: false },
    workspaceControlPanel: { enabled: false },
  });
})();
