#!/usr/bin/env bash
# make dev: moto, the table and bucket, the demo contest, then the gateway
# serving the API and the site. Ctrl+C stops everything.
source "$(dirname "$0")/common.sh"

MOTO_PORT="${MOTO_PORT:-5055}"
export PORT="${PORT:-8080}"
export TABLE_NAME="${TABLE_NAME:-contest-local}"
export EXPORTS_BUCKET="${EXPORTS_BUCKET:-contest-exports-local}"
export STATIC_DIR="$ROOT/static-site"
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
log "Khởi động moto trên 127.0.0.1:$MOTO_PORT"
start_moto "$MOTO_PORT"
"$ROOT/target/debug/contest" init
"$ROOT/target/debug/contest" load --shift-rounds-to-now "$DEMO_FILE"
echo "$AWS_ENDPOINT_URL" > "$LOCAL/dev-endpoint"
log "Mở http://127.0.0.1:$PORT trên trình duyệt"
"$ROOT/target/debug/gateway"
