#!/usr/bin/env bash
# make bench: release build, a moto server of its own, then the benchmark.
source "$(dirname "$0")/common.sh"
ensure_venv
log "cargo build --release (bench)"
cargo build --release --quiet -p contest-tests --bin bench --bin export_bench
start_moto "${BENCH_MOTO_PORT:-5057}"
export TEST_AWS_ENDPOINT="$AWS_ENDPOINT_URL"
"$ROOT/target/release/bench"
"$ROOT/target/release/export_bench"
