#!/usr/bin/env bash
# Browser tests of the organizer page (static-site/admin/): headless Debian
# Chromium driven by playwright-core, against a local stack this script
# starts itself (moto on its own port, the demo contest with its first round
# open now, an organizer account, and the gateway serving the API and
# static-site/). Screenshots go to tests/artifacts/admin-screenshots/
# (ignored by git).
#   bash scripts/admin-browser-test.sh [extra node --test arguments]
source "$(dirname "$0")/common.sh"

ARTIFACTS="$ROOT/tests/artifacts"
TEST_DIR="$ROOT/tests/admin-browser"
ORGANIZER_USERNAME="btc-kiem-thu"
ORGANIZER_PASSWORD="mat-khau-kiem-thu-trang-btc"


# What the tests need besides Rust and Python: Chromium from Debian, Node.js
# and the npm packages pinned in tests/admin-browser/package-lock.json.
if [ ! -x /usr/bin/chromium ]; then
  log "Cài Chromium (gói Debian) để chạy kiểm thử trên trình duyệt"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  log "Cài Node.js và npm (gói Debian)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
fi
if [ ! -d "$TEST_DIR/node_modules/playwright-core" ] || [ ! -d "$TEST_DIR/node_modules/axe-core" ] \
  || [ "$TEST_DIR/package-lock.json" -nt "$TEST_DIR/node_modules/.package-lock.json" ]; then
  log "npm ci (playwright-core, axe-core) trong tests/admin-browser"
  (cd "$TEST_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi

ensure_venv
log "Biên dịch (cargo build)"
cargo build --quiet --bin gateway --bin contest
ensure_keys debug

export TABLE_NAME="contest-admin-browser-test"
export EXPORTS_BUCKET="contest-exports-admin-browser-test"
export STATIC_DIR="$ROOT/static-site"
MOTO_PORT="${ADMIN_BROWSER_MOTO_PORT:-$(free_port)}"
log "Khởi động moto cho kiểm thử trang Ban Tổ chức trên 127.0.0.1:$MOTO_PORT"
start_moto "$MOTO_PORT"

mkdir -p "$ARTIFACTS"
rm -rf "$ARTIFACTS/admin-screenshots"
"$ROOT/target/debug/contest" init >/dev/null
"$ROOT/target/debug/contest" load --shift-rounds-to-now "$ROOT/contests/cchc-2022.json" >/dev/null
printf '%s\n' "$ORGANIZER_PASSWORD" | "$ROOT/target/debug/contest" organizer add --username "$ORGANIZER_USERNAME" >/dev/null

start_gateway "$ROOT/target/debug/gateway" "${ADMIN_BROWSER_PORT:-$(free_port)}" "$ARTIFACTS/admin-gateway.log"

log "Kiểm thử trang Ban Tổ chức (node --test) với $BASE_URL"
cd "$TEST_DIR"
BASE_URL="$BASE_URL" SCREENSHOT_DIR="$ARTIFACTS/admin-screenshots" \
  ORGANIZER_USERNAME="$ORGANIZER_USERNAME" ORGANIZER_PASSWORD="$ORGANIZER_PASSWORD" \
  node --test --test-concurrency=1 --test-timeout=180000 "$@" ./*.test.mjs
log "Ảnh chụp màn hình: $ARTIFACTS/admin-screenshots/"
