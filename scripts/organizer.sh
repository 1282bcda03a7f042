#!/usr/bin/env bash
# make organizer USERNAME=...: creates an organizer account in the running
# `make dev` stack; the password is read from standard input.
source "$(dirname "$0")/common.sh"
USERNAME="${1:?Cách dùng: make organizer USERNAME=ten-dang-nhap  (mật khẩu nhập từ bàn phím)}"
if [ ! -f "$LOCAL/dev-endpoint" ]; then
  echo "Chưa thấy hệ thống cục bộ: chạy 'make dev' ở một cửa sổ khác trước." >&2
  exit 1
fi
export AWS_ENDPOINT_URL="$(cat "$LOCAL/dev-endpoint")"
export TABLE_NAME="${TABLE_NAME:-contest-local}"
export EXPORTS_BUCKET="${EXPORTS_BUCKET:-contest-exports-local}"
cargo build --quiet --bin contest
if [ -t 0 ]; then
  read -r -s -p "Mật khẩu cho $USERNAME: " PASSWORD; echo
  printf '%s\n' "$PASSWORD" | "$ROOT/target/debug/contest" organizer add --username "$USERNAME"
else
  "$ROOT/target/debug/contest" organizer add --username "$USERNAME"
fi
