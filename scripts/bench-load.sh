#!/usr/bin/env bash
# The load part of `make bench` (issue 7): LOAD_PARTICIPANTS virtual
# participants (default 2000) register, all start a round at the same
# instant, answer as the page autosaves and all submit at the same instant,
# against the release gateway and a moto of its own; then every answer is
# audited and the same store calls are replayed without the gateway to show
# who limits the throughput. Settings: LOAD_CONCURRENCY (64),
# LOAD_THINK_MS_MIN/MAX (100/800), LOAD_TIMEOUT_SECONDS (600),
# LOAD_CEILING_PARTICIPANTS (200), LOAD_MOTO_MAX_RSS_MB (4096: the run stops
# if moto grows past it); BENCH_REPORT_DIR to also write 30-load.md.
source "$(dirname "$0")/common.sh"
ensure_venv
log "cargo build --release (gateway, contest, load_test)"
cargo build --workspace --release --quiet --bin gateway --bin contest --bin load_test
start_demo_store load
export STATIC_DIR="$ROOT/static-site"
CONTEST_FILE="$BENCH_CONTEST_FILE"
mkdir -p "$ROOT/tests/artifacts"
# The round-closing job runs once at start-up only. In AWS it is a function
# of its own whose index queries cost DynamoDB little; moto answers each by
# sorting the whole table while every other request waits, which would put
# seconds of stall into the run every minute.
export CLOSING_JOB_SECONDS=86400
start_gateway "$ROOT/target/release/gateway" "$(free_port)" "$ROOT/tests/artifacts/load-gateway.log"
log "Load: ${LOAD_PARTICIPANTS:-2000} participants, at most ${LOAD_CONCURRENCY:-64} requests in flight"
BASE_URL="$BASE_URL" GATEWAY_PID="$GATEWAY_PID" MOTO_PID="$MOTO_PID" CLK_TCK="$(getconf CLK_TCK)" \
  LOAD_CONTEST_FILE="$CONTEST_FILE" "$ROOT/target/release/load_test"
