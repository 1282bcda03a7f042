# Shared by the dev, test and bench scripts. Source it; do not run it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="$ROOT/.local"
VENV="$LOCAL/venv"

# Credentials and region for the emulator only; moto accepts anything.
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-testing}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-testing}"
export AWS_REGION="${AWS_REGION:-ap-southeast-1}"
export AWS_EC2_METADATA_DISABLED=true

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_venv() {
  if [ ! -x "$VENV/bin/moto_server" ] || ! cmp -s "$ROOT/tools/requirements.txt" "$VENV/.requirements"; then
    log "Cài moto (trình giả lập DynamoDB/S3) vào $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip
    "$VENV/bin/pip" install --quiet -r "$ROOT/tools/requirements.txt"
    cp "$ROOT/tools/requirements.txt" "$VENV/.requirements"
  fi
}

# start_moto PORT: starts moto (tools/moto_server.py) on 127.0.0.1:PORT, stops it on exit.
start_moto() {
  local port="$1"
  if curl -fsS "http://127.0.0.1:$port/moto-api/" >/dev/null 2>&1; then
    echo "Cổng $port đã có moto khác đang chạy; dừng nó trước (hoặc đặt MOTO_PORT khác)." >&2
    exit 1
  fi
  mkdir -p "$LOCAL"
  "$VENV/bin/python" "$ROOT/tools/moto_server.py" 127.0.0.1 "$port" >"$LOCAL/moto-$port.log" 2>&1 &
  MOTO_PID=$!
  trap 'kill $MOTO_PID 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:$port/moto-api/" >/dev/null 2>&1; then
      export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
      return 0
    fi
    kill -0 "$MOTO_PID" 2>/dev/null || { cat "$LOCAL/moto-$port.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "moto không khởi động được trên cổng $port" >&2
  exit 1
}

# ensure_cargo_lambda: cargo-lambda, and the Rust target it builds the
# functions for (arm64, Graviton). The one on PATH, else the version pinned in
# tools/lambda-requirements.txt from PyPI into .local/lambda-venv (it brings
# zig, so no cross toolchain and no Docker are needed).
ensure_cargo_lambda() {
  local venv="$LOCAL/lambda-venv" requirements="$ROOT/tools/lambda-requirements.txt"
  if ! cargo lambda --version >/dev/null 2>&1; then
    if [ ! -x "$venv/bin/cargo-lambda" ] || ! cmp -s "$requirements" "$venv/.requirements"; then
      log "Cài cargo-lambda (PyPI) vào $venv"
      python3 -m venv "$venv"
      "$venv/bin/pip" install --quiet --upgrade pip
      "$venv/bin/pip" install --quiet -r "$requirements"
      cp "$requirements" "$venv/.requirements"
    fi
    export PATH="$venv/bin:$PATH"
  fi
  if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx aarch64-unknown-linux-gnu; then
    log "rustup target add aarch64-unknown-linux-gnu"
    rustup target add aarch64-unknown-linux-gnu
  fi
}

# ensure_keys debug|release: the two token key pairs in .local/keys
# (participant/ and organizer/), made on first use. The local gateway runs
# every function in one process, so it is given all four keys; in AWS each
# function gets only its own (infra/template.yaml).
ensure_keys() {
  "$ROOT/target/$1/contest" keygen --dir "$LOCAL/keys" >/dev/null
  export JWT_PARTICIPANT_PRIVATE_KEY_FILE="$LOCAL/keys/participant/private.pem"
  export JWT_PARTICIPANT_PUBLIC_KEY_FILE="$LOCAL/keys/participant/public.pem"
  export JWT_ORGANIZER_PRIVATE_KEY_FILE="$LOCAL/keys/organizer/private.pem"
  export JWT_ORGANIZER_PUBLIC_KEY_FILE="$LOCAL/keys/organizer/public.pem"
  export CHALLENGE_HMAC_KEY_FILE="$LOCAL/keys/challenge-hmac.key"
}

# start_demo_store NAME: release keys, a moto of its own on a free port, and
# table contest-NAME / bucket contest-exports-NAME holding the demo contest
# with its first round open. For the benchmark and soak scripts: thousands
# of virtual participants register from one address, so the contest's
# registration challenge is off (BENCH_CONTEST_FILE, a copy of the demo) and
# the per-address limit is lifted.
start_demo_store() {
  ensure_keys release
  start_moto "$(free_port)"
  export TABLE_NAME="contest-$1" EXPORTS_BUCKET="contest-exports-$1"
  export REGISTRATIONS_PER_ADDRESS_PER_HOUR=100000000
  BENCH_CONTEST_FILE="$LOCAL/bench-contest.json"
  python3 -c 'import json, sys; c = json.load(open(sys.argv[1])); c["registration_challenge"] = False; json.dump(c, open(sys.argv[2], "w"), ensure_ascii=False)' \
    "$ROOT/contests/cchc-2022.json" "$BENCH_CONTEST_FILE"
  "$ROOT/target/release/contest" init >/dev/null
  "$ROOT/target/release/contest" load --shift-rounds-to-now "$BENCH_CONTEST_FILE" >/dev/null
}

# use_dev_stack: points the contest command at the running `make dev` stack.
use_dev_stack() {
  if [ ! -f "$LOCAL/dev-endpoint" ]; then
    echo "Chưa thấy hệ thống cục bộ: chạy 'make dev' ở một cửa sổ khác trước." >&2
    exit 1
  fi
  AWS_ENDPOINT_URL="$(cat "$LOCAL/dev-endpoint")"
  export AWS_ENDPOINT_URL
  export TABLE_NAME="${TABLE_NAME:-contest-local}"
  export EXPORTS_BUCKET="${EXPORTS_BUCKET:-contest-exports-local}"
  cargo build --quiet --bin contest
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_gateway BINARY PORT LOG: runs the gateway in the background on
# 127.0.0.1:PORT, stops it on exit (keeping the EXIT trap start_moto set),
# and waits for /api/health. Sets GATEWAY_PID and BASE_URL.
start_gateway() {
  local binary="$1" port="$2" log_file="$3" previous_trap
  PORT="$port" HOST=127.0.0.1 "$binary" >"$log_file" 2>&1 &
  GATEWAY_PID=$!
  previous_trap="$(trap -p EXIT | sed -E "s/^trap -- '(.*)' EXIT$/\1/")"
  # shellcheck disable=SC2064 # expand now: the PID is known now
  trap "kill $GATEWAY_PID 2>/dev/null || true; ${previous_trap:-true}" EXIT
  BASE_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    curl -fsS "$BASE_URL/api/health" >/dev/null 2>&1 && return 0
    kill -0 "$GATEWAY_PID" 2>/dev/null || { cat "$log_file" >&2; exit 1; }
    sleep 0.1
  done
  echo "gateway không trả lời tại $BASE_URL" >&2
  cat "$log_file" >&2
  exit 1
}
