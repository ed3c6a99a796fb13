#!/usr/bin/env bash
# Vendor browser libraries from the npm registry, so that nothing is fetched at run time:
#   swagger-ui-dist  the API documentation at /api/docs            -> src/cultuurgraaf/web/static/vendor/swagger-ui/
#   mirador          the IIIF viewer of a thing's pictures          -> src/cultuurgraaf/web/static/vendor/mirador/
#   axe-core         the accessibility checks of the browser tests -> tests/support/vendor/axe-core/
# (YASGUI, whose bundle needs more care, has scripts/vendor-yasgui.sh; Leaflet, which the maps on the
# pages and the query page's map view share, comes with the map's base layer from scripts/vendor-map.sh.)
#
# Each package is fetched at a pinned version, checked against the pinned integrity, and its
# built files are copied unchanged, with the licence files the package ships, and a VERSION file
# that says what was fetched and the sha256 of every file copied.
#
# Usage: scripts/vendor-npm.sh [PACKAGE...]   (all when none is named)
# To update one: change its line in PACKAGES (version, integrity from
# `npm view NAME@VERSION dist.integrity`), run this script, review the diff, run the browser tests.
#
# Needs: npm (Node 20), tar, openssl, sha256sum. Talks only to the npm registry.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/.."
static="src/cultuurgraaf/web/static/vendor"

# name | version | integrity | destination (from the repository root) | files (from the package folder)
PACKAGES=(
  "swagger-ui-dist|5.36.0|sha512-Lt6/Kb0gXmLdiabLhvso4VdJP9V7qJWB0zh0gzeXUV3+CMOTzMmvpJRSXN7EAjfwixwmoi9ezDbLHiexC7lA9A==|$static/swagger-ui|swagger-ui-bundle.js swagger-ui.css LICENSE NOTICE swagger-ui-bundle.js.LICENSE.txt"
  "mirador|4.0.0|sha512-uWsE9e2oqSc/lUu+vVwDGhTsycuhGsfZ2KfX6CLfXiT3wgGy6qT9+q5M3V9Zz72hkdIgsJugKesaowmRtYmvrA==|$static/mirador|dist/mirador.min.js LICENSE"
  "axe-core|4.14.1|sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==|tests/support/vendor/axe-core|axe.min.js LICENSE LICENSE-3RD-PARTY.txt"
)

wanted=("$@")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

for line in "${PACKAGES[@]}"; do
  IFS='|' read -r name version integrity dest files <<< "$line"
  if [ ${#wanted[@]} -gt 0 ] && [[ ! " ${wanted[*]} " =~ " $name " ]]; then
    continue
  fi
  echo "== $name@$version"
  mkdir -p "$work/$name"
  (cd "$work/$name" && npm pack "$name@$version" --silent > /dev/null)
  tarball="$(ls "$work/$name"/*.tgz)"
  own="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  [ "$own" = "$integrity" ] || { echo "$name: the tarball's sha512 is $own, pinned $integrity" >&2; exit 1; }
  tar -xzf "$tarball" -C "$work/$name"
  rm -rf "${root:?}/$dest"
  mkdir -p "$root/$dest"
  for file in $files; do  # each into the destination itself (dist/ folders are ignored by git)
    cp "$work/$name/package/$file" "$root/$dest/$(basename "$file")"
  done
  {
    echo "package: $name"
    echo "version: $version"
    echo "tarball: https://registry.npmjs.org/$name/-/$name-$version.tgz"
    echo "integrity: $integrity"
    echo "licence: $(node -p "require('$work/$name/package/package.json').license")"
    echo "files (from the package, unchanged):"
    (cd "$root/$dest" && find . -type f ! -name VERSION | sed 's|^\./||' | sort | xargs sha256sum | sed 's/^/  sha256 /')
    echo "made by: scripts/vendor-npm.sh"
  } > "$root/$dest/VERSION"
  echo "   -> $dest"
done
