#!/usr/bin/env bash
# make load FILE=...: loads a contest file into the running `make dev` stack.
source "$(dirname "$0")/common.sh"
FILE="${1:?Cách dùng: make load FILE=duong-dan/cuoc-thi.json}"
if [ ! -f "$LOCAL/dev-endpoint" ]; then
  echo "Chưa thấy hệ thống cục bộ: chạy 'make dev' ở một cửa sổ khác trước." >&2
  exit 1
fi
export AWS_ENDPOINT_URL="$(cat "$LOCAL/dev-endpoint")"
export TABLE_NAME="${TABLE_NAME:-contest-local}"
export EXPORTS_BUCKET="${EXPORTS_BUCKET:-contest-exports-local}"
cargo build --quiet --bin contest
"$ROOT/target/debug/contest" load "$FILE"
