#!/usr/bin/env bash
# make soak: the release gateway under a steady mixed load for SOAK_SECONDS
# (default 600) with SOAK_USERS virtual participants (default 40), against
# its own moto; reports errors, latency, memory growth and lost answers.
source "$(dirname "$0")/common.sh"
# Every virtual participant registers from 127.0.0.1: lift the per-address limit.
export REGISTRATIONS_PER_ADDRESS_PER_HOUR=100000000
ensure_venv
log "cargo build --release (gateway, contest, soak)"
cargo build --workspace --release --quiet --bin gateway --bin contest --bin soak
start_demo_store soak
export STATIC_DIR="$ROOT/static-site"
mkdir -p "$ROOT/tests/artifacts"
start_gateway "$ROOT/target/release/gateway" "$(free_port)" "$ROOT/tests/artifacts/soak-gateway.log"
log "Soak ${SOAK_SECONDS:-600} s"
BASE_URL="$BASE_URL" GATEWAY_PID="$GATEWAY_PID" "$ROOT/target/release/soak"
