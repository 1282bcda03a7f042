#!/usr/bin/env bash
# make soak: the release gateway under a steady mixed load for SOAK_SECONDS
# (default 600) with SOAK_USERS virtual participants (default 40), against
# its own moto; reports errors, latency, memory growth and lost answers.
source "$(dirname "$0")/common.sh"
ensure_venv
log "cargo build --release (gateway, contest, soak)"
cargo build --release --quiet --bin gateway --bin contest --bin soak
ensure_keys release
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
start_moto "$(free_port)"
export TABLE_NAME=contest-soak EXPORTS_BUCKET=contest-exports-soak STATIC_DIR="$ROOT/static-site"
"$ROOT/target/release/contest" init >/dev/null
"$ROOT/target/release/contest" load --shift-rounds-to-now "$ROOT/contests/cchc-2022.json" >/dev/null
export PORT="$(free_port)" HOST=127.0.0.1
mkdir -p "$ROOT/tests/artifacts"
${SOAK_GATEWAY_ENV:-} "$ROOT/target/release/gateway" >"$ROOT/tests/artifacts/soak-gateway.log" 2>&1 &
GATEWAY_PID=$!
previous_trap="$(trap -p EXIT | sed -E "s/^trap -- '(.*)' EXIT$/\1/")"
trap "kill $GATEWAY_PID 2>/dev/null || true; ${previous_trap:-true}" EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break; sleep 0.1; done
log "Soak ${SOAK_SECONDS:-600} s"
BASE_URL="http://127.0.0.1:$PORT" GATEWAY_PID="$GATEWAY_PID" "$ROOT/target/release/soak"
