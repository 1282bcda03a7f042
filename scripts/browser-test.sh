#!/usr/bin/env bash
# Browser tests of the participant page: headless Debian Chromium driven by
# playwright-core, against a local stack this script starts itself (moto on
# its own port, the demo contest, an 8-second contest for the expiry test,
# a small contest and an organizer account for the published-winners test,
# and the gateway serving the API and static-site/). Screenshots of every
# page go to tests/artifacts/screenshots/ (ignored by git).
#   bash scripts/browser-test.sh [extra node --test arguments]
source "$(dirname "$0")/common.sh"

ARTIFACTS="$ROOT/tests/artifacts"
BROWSER_DIR="$ROOT/tests/browser"
ORGANIZER_USERNAME="btc-kiem-thu"
ORGANIZER_PASSWORD="mat-khau-kiem-thu-trang-du-thi"


# What the tests need besides Rust and Python: Chromium from Debian, Node.js
# and the npm packages pinned in tests/browser/package-lock.json.
if ! command -v chromium >/dev/null 2>&1; then
  log "Cài Chromium (gói Debian) để chạy kiểm thử trên trình duyệt"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  log "Cài Node.js và npm (gói Debian)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
fi
if [ ! -d "$BROWSER_DIR/node_modules/playwright-core" ] || [ ! -d "$BROWSER_DIR/node_modules/axe-core" ] \
  || [ "$BROWSER_DIR/package-lock.json" -nt "$BROWSER_DIR/node_modules/.package-lock.json" ]; then
  log "npm ci (playwright-core, axe-core) trong tests/browser"
  (cd "$BROWSER_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi

ensure_venv
log "Biên dịch (cargo build)"
cargo build --quiet --bin gateway --bin contest
ensure_keys debug

export TABLE_NAME="contest-browser-test"
export EXPORTS_BUCKET="contest-exports-browser-test"
export STATIC_DIR="$ROOT/static-site"
MOTO_PORT="${BROWSER_MOTO_PORT:-$(free_port)}"
log "Khởi động moto cho kiểm thử trình duyệt trên 127.0.0.1:$MOTO_PORT"
start_moto "$MOTO_PORT"

mkdir -p "$ARTIFACTS"
rm -rf "$ARTIFACTS/screenshots"
"$ROOT/target/debug/contest" init >/dev/null
"$ROOT/target/debug/contest" load --shift-rounds-to-now "$ROOT/contests/cchc-2022.json" >/dev/null
node "$BROWSER_DIR/make-expiry-contest.mjs" "$ARTIFACTS/het-gio.json"
"$ROOT/target/debug/contest" load "$ARTIFACTS/het-gio.json" >/dev/null
node "$BROWSER_DIR/make-winners-contest.mjs" "$ARTIFACTS/giai-thuong.json"
"$ROOT/target/debug/contest" load "$ARTIFACTS/giai-thuong.json" >/dev/null
printf '%s\n' "$ORGANIZER_PASSWORD" | "$ROOT/target/debug/contest" organizer add --username "$ORGANIZER_USERNAME" >/dev/null

start_gateway "$ROOT/target/debug/gateway" "${BROWSER_PORT:-$(free_port)}" "$ARTIFACTS/gateway.log"

log "Kiểm thử trên trình duyệt (node --test) với $BASE_URL"
cd "$BROWSER_DIR"
BASE_URL="$BASE_URL" SCREENSHOT_DIR="$ARTIFACTS/screenshots" \
  ORGANIZER_USERNAME="$ORGANIZER_USERNAME" ORGANIZER_PASSWORD="$ORGANIZER_PASSWORD" \
  node --test --test-concurrency=1 --test-timeout=300000 "$@" ./*.test.mjs
log "Ảnh chụp màn hình: $ARTIFACTS/screenshots/"
