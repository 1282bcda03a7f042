#!/usr/bin/env bash
# make bench, cold start and binary sizes: each Lambda binary built in
# release for the host and started under a Lambda Runtime API emulator against
# its own moto, process start → first response, next to a hello-world
# lambda_http binary (bench/src/bin/coldstart.rs); then, unless BENCH_ARM64=0,
# the arm64 build the deployment uses (cargo lambda build --release --arm64),
# timed, and the sizes of both builds.
#
# Environment (all optional):
#   COLDSTART_RUNS     starts per binary (default 20)
#   COLDSTART_ONLY     comma-separated binaries to start (the baselines always run)
#   COLDSTART_WRAPPER  a command to run each binary under, e.g.
#                      "valgrind --tool=callgrind" (stopped with SIGTERM so it
#                      writes its figures; the timings then mean nothing)
#   BENCH_ARM64=0      skip the arm64 build (sizes then show the host build only,
#                      or an earlier arm64 build, marked if older than the host one)
#   BENCH_REPORT_DIR   also write 40-coldstart.md and 45-binary-sizes.md there
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"
cd "$ROOT" || exit 1

LAMBDA_BINS=(registration start-attempt submit ranking organizer organizer_imports organizer_exports close_rounds hello-lambda)
BIN_ARGS=()
for bin in "${LAMBDA_BINS[@]}"; do BIN_ARGS+=(--bin "$bin"); done

ensure_venv
log "cargo build --release (functions, hello-lambda, hello-dynamodb, contest, coldstart)"
# hello-dynamodb, the second baseline, is built for the host only.
cargo build --workspace --release --quiet "${BIN_ARGS[@]}" --bin hello-dynamodb --bin contest --bin coldstart
start_demo_store coldstart

log "Cold start (${COLDSTART_RUNS:-20} runs per binary), token keys as deployed"
"$ROOT/target/release/coldstart"

if [ "${BENCH_ARM64:-1}" != 0 ]; then
  ensure_cargo_lambda
  log "cargo lambda build --release --arm64 (${LAMBDA_BINS[*]})"
  started=$SECONDS
  cargo lambda build --workspace --release --arm64 --quiet "${BIN_ARGS[@]}"
  export BENCH_ARM64_BUILD_SECONDS=$((SECONDS - started))
  log "arm64 build: ${BENCH_ARM64_BUILD_SECONDS} s"
fi
"$ROOT/target/release/coldstart" sizes
