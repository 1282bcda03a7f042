#!/usr/bin/env bash
# make dev: moto, the table and bucket, the demo contest, then the gateway
# serving the API and the site as it ships (scripts/build-site.sh into
# .local/site: bundled, hashed, the demo contest's link-preview tags and
# image). Ctrl+C stops everything. After editing static-site/, restart (or
# run scripts/build-site.sh again: the gateway serves the new files).
source "$(dirname "$0")/common.sh"

MOTO_PORT="${MOTO_PORT:-5055}"
export PORT="${PORT:-8080}"
export TABLE_NAME="${TABLE_NAME:-contest-local}"
export EXPORTS_BUCKET="${EXPORTS_BUCKET:-contest-exports-local}"
export STATIC_DIR="${STATIC_DIR:-$LOCAL/site}"
# SMS verification codes go through moto's SNS: the gateway also logs them,
# so a registration can be finished without a phone.
export LOG_VERIFICATION_CODES=1
# "Quên mật khẩu" sends its code through moto's SES (and the log above).
export EMAIL_SENDER="${EMAIL_SENDER:-Ban Tổ chức <no-reply@cuocthi.local>}"
DEMO_FILE="${DEMO_FILE:-$ROOT/contests/cchc-2022.json}"

ensure_venv
log "Biên dịch (cargo build)"
cargo build --quiet --bin gateway --bin contest
ensure_keys debug
SITE_URL="http://127.0.0.1:$PORT" CONTEST_FILE="$DEMO_FILE" "$ROOT/scripts/build-site.sh" "$STATIC_DIR"
log "Khởi động moto trên 127.0.0.1:$MOTO_PORT"
start_moto "$MOTO_PORT"
"$ROOT/target/debug/contest" init
"$ROOT/target/debug/contest" load --shift-rounds-to-now "$DEMO_FILE"
echo "$AWS_ENDPOINT_URL" > "$LOCAL/dev-endpoint"
log "Mở http://127.0.0.1:$PORT trên trình duyệt"
"$ROOT/target/debug/gateway"
