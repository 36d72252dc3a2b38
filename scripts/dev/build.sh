#!/usr/bin/env bash
# The build behind `make run`, `make mock` and `make bench` (the Makefile runs it only when src/,
# generated/ or the build configuration changed): tsc → dist/src and dist/generated, data files
# beside them, then one esbuild bundle in dist/bundle.
# A server started from dist/bundle keeps working while this runs: the bundle is written to a
# temporary folder and moved in file by file (renames), the entry main.js last. Chunk names carry
# a content hash, so a running server's lazily loaded chunks (the mock's schemas, json-schema-faker)
# are never replaced by different code; chunks of older builds are pruned after a day.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=node_modules/.bin

mkdir -p dist
# Two builds at once (`make run` and `make mock` started together) would write the same files.
exec 9>dist/.build.lock
flock 9

$BIN/tsc -p tsconfig.build.json
# tsc emits only JavaScript: data files that modules read beside themselves at run time
# (saju policies, leap seconds) are copied into dist/ with the same layout.
(cd src && find . -type f ! -name '*.ts' -exec cp --parents {} ../dist/src/ \;)

# One bundled module for serving: loading one file instead of ~700 (kysely alone is ~400) cuts
# cold start by about a third. Native addons, optional drivers and packages that read their own
# data files beside themselves (fonts, AFM metrics, wasm) stay external, loaded from node_modules.
tmp=$(mktemp -d dist/.bundle-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
$BIN/esbuild dist/src/main.js --bundle --splitting --format=esm --platform=node --target=node20 \
  --outdir="$tmp" --external:better-sqlite3 --external:pg --external:@resvg/resvg-js --external:@node-rs/argon2 --external:satori --external:pdfkit --external:pretendard --external:@expo-google-fonts/noto-sans-kr --log-level=warning \
  --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"

mkdir -p dist/bundle
built=$(cd "$tmp" && ls)
for f in $built; do [ "$f" = main.js ] || mv -f "$tmp/$f" dist/bundle/; done
mv -f "$tmp/main.js" dist/bundle/main.js
for f in $(cd dist/bundle && find . -maxdepth 1 -type f -mmin +1440 -printf '%f\n'); do
  grep -qxF "$f" <<<"$built" || rm -f "dist/bundle/$f"
done
