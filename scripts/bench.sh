#!/usr/bin/env bash
# make bench: every benchmark in one run — requests and latency against the
# storage floor, ranking/export at 100,000 results, the load of N virtual
# participants, cold starts and binary sizes, the cost model, the site's
# Lighthouse scores and bytes per attempt (bench-web.sh) — printed with
# targets and PASS/MISS, and gathered into BENCHMARKS.md.
source "$(dirname "$0")/common.sh"
bench_started=$(date +%s)
ensure_venv
export BENCH_REPORT_DIR="$LOCAL/bench-report"
# Every virtual participant registers from 127.0.0.1: the per-address limit
# (a brake on scripted registrations, tested on its own) would stop them.
export REGISTRATIONS_PER_ADDRESS_PER_HOUR=100000000
rm -rf "$BENCH_REPORT_DIR"
mkdir -p "$BENCH_REPORT_DIR"

log "cargo build --release (gateway, functions, benchmarks)"
cargo build --workspace --release --quiet \
  --bin gateway --bin contest --bin bench --bin export_bench --bin load_test --bin coldstart \
  --bin registration --bin start-attempt --bin submit --bin ranking --bin organizer --bin organizer_imports --bin organizer_exports --bin close_rounds --bin hello-lambda --bin hello-dynamodb

log "Requests per operation, latency against the storage floor, cost"
(
  start_moto "$(free_port)"
  TEST_AWS_ENDPOINT="$AWS_ENDPOINT_URL" "$ROOT/target/release/bench"
)
log "Ranking and export of 100,000 results"
"$ROOT/target/release/export_bench"
log "Load: ${LOAD_PARTICIPANTS:-2000} virtual participants"
"$ROOT/scripts/bench-load.sh"
log "Cold start and binary sizes"
"$ROOT/scripts/bench-coldstart.sh"
log "Trang web: Lighthouse (/ và /admin/), số byte của một lượt thi"
"$ROOT/scripts/bench-web.sh"

python3 "$ROOT/tools/assemble_benchmarks.py" "$BENCH_REPORT_DIR" "$ROOT/BENCHMARKS.md" "$(( $(date +%s) - bench_started ))"
log "BENCHMARKS.md written"
