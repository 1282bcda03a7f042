#!/usr/bin/env bash
# The site as it ships, in OUT_DIR (default .local/site): a copy of
# static-site/ whose pages load one bundled, minified ES2017 script and one
# stylesheet each, with content-hashed names under assets/ (esbuild, pinned
# in tools/site-build/package-lock.json; tools/site-build/build.mjs), and
# whose link-preview tags (<title>, description, Open Graph, Twitter) carry
# the contest's own title and description, with og-image.png (1200×630)
# drawn from its title. `make dev`, the browser tests and `make deploy` all
# serve this output.
#   scripts/build-site.sh [OUT_DIR]
# The contest the preview describes, first found of:
#   CONTEST_ID     read from the table (TABLE_NAME, AWS_ENDPOINT_URL…) by
#                  `contest public-info --contest ID` (make deploy)
#   CONTEST_FILE   a contest file (default contests/cchc-2022.json, the demo)
# SITE_URL         the site's public address, for og:url and og:image
#                  (default http://127.0.0.1:8080)
# DEFAULT_CONTEST  written into config.js (bundled into the page) when set
# API_BASE         likewise (default '': the API on the page's own origin)
# CONTEST_BIN      the contest command (default target/debug/contest, built first)
source "$(dirname "$0")/common.sh"

OUT="${1:-$LOCAL/site}"
case "$OUT" in /*) ;; *) OUT="$PWD/$OUT" ;; esac
BUILD_DIR="$ROOT/tools/site-build"
SITE_URL="${SITE_URL:-http://127.0.0.1:8080}"
SITE_URL="${SITE_URL%/}"
CONTEST_BIN="${CONTEST_BIN:-$ROOT/target/debug/contest}"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  log "Cài Node.js và npm (gói Debian)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
fi
if [ ! -x "$BUILD_DIR/node_modules/.bin/esbuild" ] \
  || [ "$BUILD_DIR/package-lock.json" -nt "$BUILD_DIR/node_modules/.package-lock.json" ]; then
  log "npm ci (esbuild) trong tools/site-build"
  (cd "$BUILD_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ "$CONTEST_BIN" = "$ROOT/target/debug/contest" ]; then
  # Always: a binary older than the sources may lack a subcommand (a no-op when it is current).
  cargo build --quiet --bin contest
fi

log "Dựng trang vào $OUT"
rm -rf "$OUT"
mkdir -p "$(dirname "$OUT")"
cp -R "$ROOT/static-site" "$OUT"
if [ -n "${DEFAULT_CONTEST:-}" ]; then
  cat >"$OUT/config.js" <<EOF
// Tạo bởi scripts/build-site.sh (đóng gói vào trang cùng mã JavaScript).
export default { apiBase: '${API_BASE:-}', defaultContest: '${DEFAULT_CONTEST}' };
EOF
fi

# The contest's public title and description, then the preview image.
META="$(mktemp)"
trap 'rm -f "$META"' EXIT
if [ -n "${CONTEST_ID:-}" ]; then
  "$CONTEST_BIN" public-info --contest "$CONTEST_ID" --site-url "$SITE_URL" >"$META"
else
  "$CONTEST_BIN" public-info --file "${CONTEST_FILE:-$ROOT/contests/cchc-2022.json}" --site-url "$SITE_URL" >"$META"
fi
"$CONTEST_BIN" og-image --meta "$META" --out "$OUT/og-image.png"

node "$BUILD_DIR/build.mjs" "$OUT" "$META"
