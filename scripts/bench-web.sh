#!/usr/bin/env bash
# The site on a slow network (make bench's «Trang web» section): Lighthouse
# scores, LCP and CLS of / and /admin/ (bench/web/lighthouse.mjs), and the
# bytes over the wire of one whole attempt (bench/web/attempt-bytes.mjs),
# against a stack of its own: moto, the demo contest with its first round
# open, and the gateway serving the built site (scripts/build-site.sh), as
# `make dev` does. Node packages pinned in bench/web/package-lock.json.
#   PROFILE            release (default, what make bench built) or debug
#   RUNS               Lighthouse runs per page (default 3; the median is kept)
#   BENCH_REPORT_DIR   also write 50-web.md there
source "$(dirname "$0")/common.sh"
cd "$ROOT" || exit 1
PROFILE="${PROFILE:-release}"
WEB_DIR="$ROOT/bench/web"
OUT="$LOCAL/bench-web"
mkdir -p "$OUT"

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  log "Cài Chromium (gói Debian)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
if [ ! -d "$WEB_DIR/node_modules/lighthouse" ] || [ "$WEB_DIR/package-lock.json" -nt "$WEB_DIR/node_modules/.package-lock.json" ]; then
  log "npm ci (lighthouse, playwright-core) trong bench/web"
  (cd "$WEB_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi
ensure_venv
if [ "$PROFILE" = debug ]; then cargo build --quiet --bin gateway --bin contest; fi
ensure_keys "$PROFILE"

export STATIC_DIR="$LOCAL/bench-site" TABLE_NAME=contest-bench-web EXPORTS_BUCKET=contest-exports-bench-web
export REGISTRATIONS_PER_ADDRESS_PER_HOUR=100000
PORT="$(free_port)"
SITE_URL="http://127.0.0.1:$PORT" CONTEST_BIN="$ROOT/target/$PROFILE/contest" "$ROOT/scripts/build-site.sh" "$STATIC_DIR"
start_moto "$(free_port)"
"$ROOT/target/$PROFILE/contest" init >/dev/null
"$ROOT/target/$PROFILE/contest" load --shift-rounds-to-now "$ROOT/contests/cchc-2022.json" >/dev/null
start_gateway "$ROOT/target/$PROFILE/gateway" "$PORT" "$OUT/gateway.log"

log "Lighthouse (mobile, ${RUNS:-3} lần mỗi trang) trên $BASE_URL/ và $BASE_URL/admin/"
BASE_URL="$BASE_URL" node "$WEB_DIR/lighthouse.mjs" / /admin/ >"$OUT/lighthouse.json"
log "Số byte của một lượt thi trọn vẹn"
BASE_URL="$BASE_URL" node "$WEB_DIR/attempt-bytes.mjs" >"$OUT/attempt-bytes.json"
node "$WEB_DIR/report.mjs" "$OUT/lighthouse.json" "$OUT/attempt-bytes.json" >"$OUT/50-web.md"
cat "$OUT/50-web.md"
if [ -n "${BENCH_REPORT_DIR:-}" ]; then cp "$OUT/50-web.md" "$BENCH_REPORT_DIR/"; fi
