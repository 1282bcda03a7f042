#!/usr/bin/env bash
# Browser tests of both pages, in one npm project (tests/browser/): headless
# Debian Chromium driven by playwright-core, each suite against a local stack
# this script starts for it (moto on its own port, the demo contest with its
# first round open now, an organizer account, and the gateway serving the API
# and the site as it ships: static-site/ built by scripts/build-site.sh into
# .local/browser-test-site), stopped when the suite ends.
#   participant  tests/browser/participant/: plus an 8-second contest for the
#                expiry test and a small contest for the published winners;
#                screenshots in tests/artifacts/screenshots/
#   admin        tests/browser/admin/ (the organizer page, static-site/admin/);
#                screenshots in tests/artifacts/admin-screenshots/
# Both run unless one is named; the artifacts are ignored by git.
#   bash scripts/browser-test.sh [participant|admin] [extra node --test arguments]
source "$(dirname "$0")/common.sh"

ARTIFACTS="$ROOT/tests/artifacts"
BROWSER_DIR="$ROOT/tests/browser"
ORGANIZER_USERNAME="btc-kiem-thu"
VIEWER_USERNAME="btc-chi-xem"
VIEWER_PASSWORD="mat-khau-chi-xem-kiem-thu"

SUITES=(participant admin)
if [ "${1:-}" = participant ] || [ "${1:-}" = admin ]; then
  SUITES=("$1")
  shift
fi

# What the tests need besides Rust and Python: Chromium from Debian, Node.js
# and the npm packages pinned in tests/browser/package-lock.json.
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
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
export STATIC_DIR="$LOCAL/browser-test-site"
"$ROOT/scripts/build-site.sh" "$STATIC_DIR"
# Every registration comes from 127.0.0.1: the per-address limit has tests of its own.
export REGISTRATIONS_PER_ADDRESS_PER_HOUR=100000
mkdir -p "$ARTIFACTS"

# stack NAME MOTO_PORT: moto, the table and bucket contest[-exports]-NAME
# with the demo contest, and the organizer account (password in
# ORGANIZER_PASSWORD). Stopped when the calling shell exits.
stack() {
  export TABLE_NAME="contest-$1" EXPORTS_BUCKET="contest-exports-$1"
  log "Khởi động moto cho $1 trên 127.0.0.1:$2"
  start_moto "$2"
  "$ROOT/target/debug/contest" init >/dev/null
  "$ROOT/target/debug/contest" load --shift-rounds-to-now "$ROOT/contests/cchc-2022.json" >/dev/null
  printf '%s\n' "$ORGANIZER_PASSWORD" | "$ROOT/target/debug/contest" organizer add --username "$ORGANIZER_USERNAME" >/dev/null
  printf '%s\n' "$VIEWER_PASSWORD" |
    "$ROOT/target/debug/contest" organizer add --username "$VIEWER_USERNAME" --role viewer >/dev/null
}

participant_suite() {
  ORGANIZER_PASSWORD="mat-khau-kiem-thu-trang-du-thi"
  SCREENSHOT_DIR="$ARTIFACTS/screenshots"
  TIMEOUT_MS=300000
  stack browser-test "${BROWSER_MOTO_PORT:-$(free_port)}"
  node "$BROWSER_DIR/participant/make-expiry-contest.mjs" "$ARTIFACTS/het-gio.json"
  "$ROOT/target/debug/contest" load "$ARTIFACTS/het-gio.json" >/dev/null
  node "$BROWSER_DIR/participant/make-winners-contest.mjs" "$ARTIFACTS/giai-thuong.json"
  "$ROOT/target/debug/contest" load "$ARTIFACTS/giai-thuong.json" >/dev/null
  start_gateway "$ROOT/target/debug/gateway" "${BROWSER_PORT:-$(free_port)}" "$ARTIFACTS/gateway.log"
  log "Kiểm thử trang dự thi trên trình duyệt (node --test) với $BASE_URL"
}

admin_suite() {
  ORGANIZER_PASSWORD="mat-khau-kiem-thu-trang-btc"
  SCREENSHOT_DIR="$ARTIFACTS/admin-screenshots"
  TIMEOUT_MS=180000
  stack admin-browser-test "${ADMIN_BROWSER_MOTO_PORT:-$(free_port)}"
  start_gateway "$ROOT/target/debug/gateway" "${ADMIN_BROWSER_PORT:-$(free_port)}" "$ARTIFACTS/admin-gateway.log"
  log "Kiểm thử trang Ban Tổ chức trên trình duyệt (node --test) với $BASE_URL"
}

# Each suite in a subshell: its stack stops when the suite ends, and the
# next suite still runs after a failure (the script then fails).
failed=()
set +e
for suite in "${SUITES[@]}"; do
  (
    set -e
    "${suite}_suite"
    rm -rf "$SCREENSHOT_DIR"
    cd "$BROWSER_DIR"
    BASE_URL="$BASE_URL" STATIC_DIR="$STATIC_DIR" SCREENSHOT_DIR="$SCREENSHOT_DIR" \
      ORGANIZER_USERNAME="$ORGANIZER_USERNAME" ORGANIZER_PASSWORD="$ORGANIZER_PASSWORD" \
      VIEWER_USERNAME="$VIEWER_USERNAME" VIEWER_PASSWORD="$VIEWER_PASSWORD" \
      node --test --test-concurrency=1 --test-timeout="$TIMEOUT_MS" "$@" "./$suite/"*.test.mjs
    log "Ảnh chụp màn hình: $SCREENSHOT_DIR/"
  )
  # (Not `( … ) || …`: that would switch errexit off inside the subshell.)
  [ $? -eq 0 ] || failed+=("$suite")
done
set -e
if [ "${#failed[@]}" -gt 0 ]; then
  echo "Kiểm thử trên trình duyệt không đạt: ${failed[*]}" >&2
  exit 1
fi
