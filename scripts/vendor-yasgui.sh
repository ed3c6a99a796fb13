#!/usr/bin/env bash
# Vendor the YASGUI browser bundle used by the SPARQL query page (/sparql), so that the
# page works without internet access. Fetches a pinned release from the npm registry,
# checks it against the pinned integrity, and writes into
# src/cultuurgraaf/web/static/vendor/yasgui/:
#   yasgui.min.js, yasgui.min.css   the built browser bundle, byte for byte as published
#   LICENSE                          YASGUI's licence (the npm package ships none)
#   THIRD-PARTY-NOTICES.txt          licences of the libraries compiled into the bundle
#   VERSION                          what was fetched, from where, and file checksums
# README.md in that folder is written by hand and is left alone.
#
# To update: change VERSION, INTEGRITY, SHASUM and DEPS_BEFORE below (see README.md there),
# run this script, review the URL report it prints and the diff, test the query page.
#
# Needs: npm (Node 20), tar, openssl, sha256sum. Talks only to the npm registry.
set -euo pipefail

PACKAGE="@zazuko/yasgui"
VERSION="4.6.2"
# As reported by `npm view @zazuko/yasgui@4.6.2 dist`.
INTEGRITY="sha512-Zw45KdPoAE1KRaAoxIHdQqeJxvaVG1oQdntw0hy0ktX35Zu8ZccuOLrXCLwR+GU+0xMzLw8Mjw6BkSZV2vUuQw=="
SHASUM="ab8b79aac8dd85785fe926576f47015db32e8a56"
# Dependencies are resolved as of the release date of $VERSION (`npm view ... time`), so the
# licence texts come from the versions the bundle was built against and re-runs agree.
DEPS_BEFORE="2026-08-22T20:34:00Z"
# Packages compiled into yasgui.min.js / yasgui.min.css at 4.6.2 (from the module regions
# and require_* wrappers of build/yasgui.esm.js). Re-check on update.
BUNDLED=(
  @zazuko/yasgui-utils @zazuko/yasqe @zazuko/yasr
  @fortawesome/free-solid-svg-icons @json2csv/formatters @json2csv/plainjs
  @tarekraafat/autocomplete.js autosuggest-highlight base64-js buffer codemirror
  column-resizer datatables.net datatables.net-dt decode-uri-component dompurify events
  filter-obj ieee754 jquery jsuri lodash-es n3 papaparse query-string remove-accents
  sortablejs split-on-first store strict-uri-encode string-hash
)
FILES=(yasgui.min.js yasgui.min.css)

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="$here/../src/cultuurgraaf/web/static/vendor/yasgui"
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

echo "== fetching $PACKAGE@$VERSION from the npm registry"
cd "$work"
npm pack "$PACKAGE@$VERSION" --json --silent > pack.json
read -r tarball reported_integrity reported_shasum < <(node -e '
  const p = require("./pack.json")[0];
  console.log(p.filename, p.integrity, p.shasum);')

[ "$reported_integrity" = "$INTEGRITY" ] || { echo "integrity mismatch: npm reports $reported_integrity, pinned $INTEGRITY" >&2; exit 1; }
[ "$reported_shasum" = "$SHASUM" ] || { echo "shasum mismatch: npm reports $reported_shasum, pinned $SHASUM" >&2; exit 1; }
# Check the downloaded bytes ourselves as well, not only what npm reports.
own_integrity="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
own_shasum="$(sha1sum "$tarball" | cut -d' ' -f1)"
[ "$own_integrity" = "$INTEGRITY" ] || { echo "tarball sha512 is $own_integrity, pinned $INTEGRITY" >&2; exit 1; }
[ "$own_shasum" = "$SHASUM" ] || { echo "tarball sha1 is $own_shasum, pinned $SHASUM" >&2; exit 1; }
echo "   integrity ok: $INTEGRITY"

tar -xzf "$tarball"
for f in "${FILES[@]}"; do
  cp "package/build/$f" "$dest/$f"
done
# The CSS must not point at other files (fonts, images): they would have to be vendored too.
if grep -qE 'url\(|@import' "$dest/yasgui.min.css"; then
  echo "yasgui.min.css references other files; vendor them and update this script" >&2
  exit 1
fi

echo "== resolving the bundled libraries for their licences (as of $DEPS_BEFORE)"
mkdir deps
(cd deps && npm init -y >/dev/null &&
  npm install --silent --ignore-scripts --no-package-lock --before="$DEPS_BEFORE" "$PACKAGE@$VERSION")
{
  echo "Third-party software compiled into yasgui.min.js and yasgui.min.css"
  echo "($PACKAGE $VERSION). Versions as resolved from the npm registry for that release."
  for name in "${BUNDLED[@]}"; do
    dir="deps/node_modules/$name"
    [ -f "$dir/package.json" ] || { echo "bundled package $name is not in the dependency tree" >&2; exit 1; }
    node -e '
      const p = require(process.argv[1] + "/package.json");
      const lic = p.license || (p.licenses || []).map(l => l.type).join(" OR ") || "see licence text";
      console.log("\n" + "=".repeat(78) + "\n" + p.name + " " + p.version + ", licence: " + lic + "\n" + "=".repeat(78));
    ' "$PWD/$dir"
    found=0
    for lf in "$dir"/*; do
      case "$(basename "$lf" | tr '[:upper:]' '[:lower:]')" in
        license|license.txt|license.md|licence|licence.txt|licence.md|license-mpl) ;;
        *) continue ;;
      esac
      echo; cat "$lf"; found=1
    done
    if [ "$found" = 0 ]; then
      echo; echo "(The package ships no licence file; the licence above is from its package.json.)"
    fi
  done
} > "$dest/THIRD-PARTY-NOTICES.txt"

cat > "$dest/LICENSE" <<'EOF'
The npm package @zazuko/yasgui declares "license": "MIT" in its package.json (author:
Triply <info@triply.cc>; contributors: Zazuko GmbH) but ships no licence file. Its
repository, https://github.com/rdfjs/Yasgui, states: "This is a fork from Zazuko from
software written by Triply. This code is released under the MIT license."
The MIT licence text follows, naming the copyright holders the package names.
Libraries compiled into the bundle are listed, with their licences, in
THIRD-PARTY-NOTICES.txt.

MIT License

Copyright (c) Triply and Zazuko GmbH

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
EOF

{
  echo "package: $PACKAGE"
  echo "version: $VERSION"
  echo "tarball: https://registry.npmjs.org/$PACKAGE/-/${PACKAGE#*/}-$VERSION.tgz"
  echo "integrity: $INTEGRITY"
  echo "shasum: $SHASUM"
  echo "files (from build/ in the tarball, unchanged):"
  (cd "$dest" && sha256sum "${FILES[@]}" | sed 's/^/  sha256 /')
  echo "made by: scripts/vendor-yasgui.sh"
} > "$dest/VERSION"

echo "== absolute URLs in yasgui.min.js outside its bundled prefix list (review on update;"
echo "   README.md says which are requested at run time and how the page disables them)"
# The prefix list is a run of `,name=\`namespace IRI\`` declarations; leave those out.
grep -oE '(^|[^.A-Za-z0-9_$])[A-Za-z0-9_$]+=`https?://[^`]*`|https?://[A-Za-z0-9._~:/?#@!$&*+,;=%-]+' \
  "$dest/yasgui.min.js" | grep -v '=`' | sort | uniq -c | sort -rn | sed 's/^/   /'
echo "== hosts and settings that make requests at run time (occurrences; see README.md)"
for watch in lov.linkeddata.es prefix.cc prefixCcApi corsProxy createShortLink \
  dbpedia.org/sparql query.wikidata.org fonts.g cdn. unpkg jsdelivr; do
  printf '   %-22s %s\n' "$watch" "$(grep -oF -- "$watch" "$dest/yasgui.min.js" | wc -l)"
done
echo "== done: $dest"
ls -l "$dest"
