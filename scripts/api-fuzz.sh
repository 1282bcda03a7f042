#!/usr/bin/env bash
# Property-based API tests: schemathesis (pinned in
# tools/api-fuzz-requirements.txt, own venv in .local/api-fuzz-venv) reads
# api/openapi.json and sends generated requests — valid and invalid — to every
# documented operation of a local stack this script starts itself (moto on a
# free port, the demo contest, an organizer account, the gateway). Each
# response must not be a 5xx and must match the document (status code,
# content type, headers, body schema); invalid requests must be refused.
# Bounded: API_FUZZ_EXAMPLES examples per operation (default 20), a fixed
# seed (API_FUZZ_SEED), and API_FUZZ_TIMEOUT seconds at most for the run (default 600: the document and PDF routes are slow in a debug build on a busy 2-core machine).
# Prints "schemathesis: N operations, M test cases, K failures".
#   bash scripts/api-fuzz.sh [extra schemathesis run arguments, e.g. --include-tag ranking]
source "$(dirname "$0")/common.sh"

FUZZ_VENV="$LOCAL/api-fuzz-venv"
FUZZ_REQUIREMENTS="$ROOT/tools/api-fuzz-requirements.txt"
FUZZ_DIR="$LOCAL/api-fuzz"


ensure_venv
if [ ! -x "$FUZZ_VENV/bin/schemathesis" ] || ! cmp -s "$FUZZ_REQUIREMENTS" "$FUZZ_VENV/.requirements"; then
  log "Cài schemathesis vào $FUZZ_VENV"
  python3 -m venv "$FUZZ_VENV"
  "$FUZZ_VENV/bin/pip" install --quiet --upgrade pip
  "$FUZZ_VENV/bin/pip" install --quiet -r "$FUZZ_REQUIREMENTS"
  cp "$FUZZ_REQUIREMENTS" "$FUZZ_VENV/.requirements"
fi

log "Biên dịch (cargo build)"
cargo build --quiet --bin gateway --bin contest
ensure_keys debug

export TABLE_NAME="contest-api-fuzz"
export EXPORTS_BUCKET="contest-exports-api-fuzz"
export STATIC_DIR="$ROOT/static-site"
# Every registration comes from 127.0.0.1: the per-address limit has tests of its own.
export REGISTRATIONS_PER_ADDRESS_PER_HOUR=100000
MOTO_PORT="${API_FUZZ_MOTO_PORT:-$(free_port)}"
log "Khởi động moto cho kiểm thử API trên 127.0.0.1:$MOTO_PORT"
start_moto "$MOTO_PORT"

mkdir -p "$FUZZ_DIR"
"$ROOT/target/debug/contest" init >/dev/null
"$ROOT/target/debug/contest" load --shift-rounds-to-now "$ROOT/contests/cchc-2022.json" >/dev/null
ORGANIZER=fuzz
ORGANIZER_PASSWORD="fuzz-$(python3 -c 'import secrets; print(secrets.token_hex(8))')"
printf '%s\n' "$ORGANIZER_PASSWORD" | "$ROOT/target/debug/contest" organizer add --username "$ORGANIZER" >/dev/null

start_gateway "$ROOT/target/debug/gateway" "${API_FUZZ_PORT:-$(free_port)}" "$FUZZ_DIR/gateway.log"

log "schemathesis với $BASE_URL (api/openapi.json)"
status=0
"$FUZZ_VENV/bin/python" "$ROOT/tools/schemathesis_run.py" \
  --base-url "$BASE_URL" --organizer "$ORGANIZER" --organizer-password "$ORGANIZER_PASSWORD" \
  --report-dir "$FUZZ_DIR" "$@" || status=$?
if ! kill -0 "$GATEWAY_PID" 2>/dev/null; then
  echo "gateway đã dừng giữa chừng (xem $FUZZ_DIR/gateway.log)" >&2
  status=1
fi
if grep -q "panicked" "$FUZZ_DIR/gateway.log"; then
  echo "gateway panicked (xem $FUZZ_DIR/gateway.log):" >&2
  grep -m5 "panicked" "$FUZZ_DIR/gateway.log" >&2
  status=1
fi
exit "$status"
