#!/usr/bin/env bash
# Vendor GOV.UK Frontend and axe-core into the repository, so that running the
# service and its browser tests needs no Node.
#
# Versions are pinned exactly in package.json / package-lock.json. To upgrade:
# change the pin, run `npm install --package-lock-only`, run this script, review
# the diff and commit the copied files.
#
# Outputs (all committed):
#   safeguard/web/static/govuk/govuk-frontend.min.css  compiled from scripts/govuk-frontend.scss
#                                                      (Arial, not GDS Transport: see README there)
#   safeguard/web/static/govuk/govuk-frontend.min.js   ES module, exports initAll()
#   safeguard/web/static/govuk/assets/images/…, assets/manifest.json
#   safeguard/web/static/govuk/VERSION
#   tests/browser/vendor/axe.min.js
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

command -v npm >/dev/null || { echo "vendor_govuk: npm not found (install Node 20+)" >&2; exit 1; }

echo "vendor_govuk: npm ci"
npm ci --ignore-scripts --omit=optional --no-audit --no-fund

src="node_modules/govuk-frontend/dist/govuk"
out="safeguard/web/static/govuk"
version="$(node -p "require('./node_modules/govuk-frontend/package.json').version")"
axe_version="$(node -p "require('./node_modules/axe-core/package.json').version")"

rm -rf "$out/assets" "$out/govuk-frontend.min.css" "$out/govuk-frontend.min.js"
mkdir -p "$out/assets" tests/browser/vendor

echo "vendor_govuk: compiling CSS (govuk-frontend $version)"
node_modules/.bin/sass \
  --no-source-map --style=compressed \
  --load-path=node_modules \
  --quiet-deps --silence-deprecation=import \
  scripts/govuk-frontend.scss "$out/govuk-frontend.min.css"

cp "$src/govuk-frontend.min.js" "$out/govuk-frontend.min.js"
# The source map comment points at a file we do not ship (and would make
# ManifestStaticFilesStorage fail in collectstatic).
sed -i 's|//# sourceMappingURL=[^ ]*$||' "$out/govuk-frontend.min.js"
cp -R "$src/assets/images" "$out/assets/images"
cp "$src/assets/manifest.json" "$out/assets/manifest.json"
# Deliberately not copied: assets/fonts (GDS Transport, gov.uk domains only)
# and assets/rebrand (GOV.UK brand refresh, also gov.uk only).
printf 'govuk-frontend %s\n' "$version" > "$out/VERSION"

cp node_modules/axe-core/axe.min.js tests/browser/vendor/axe.min.js
printf 'axe-core %s\n' "$axe_version" > tests/browser/vendor/VERSION

if grep -q 'GDS Transport' "$out/govuk-frontend.min.css"; then
  echo "vendor_govuk: compiled CSS still references GDS Transport" >&2; exit 1
fi
if grep -q 'url(/assets' "$out/govuk-frontend.min.css"; then
  echo "vendor_govuk: compiled CSS has root-relative asset URLs" >&2; exit 1
fi

echo "vendor_govuk: done"
ls -l "$out" "$out/assets" tests/browser/vendor
