#!/usr/bin/env bash
# make organizer USERNAME=...: creates an organizer account in the running
# `make dev` stack; the password is read from standard input.
source "$(dirname "$0")/common.sh"
USERNAME="${1:?Cách dùng: make organizer USERNAME=ten-dang-nhap  (mật khẩu nhập từ bàn phím)}"
use_dev_stack
if [ -t 0 ]; then
  read -r -s -p "Mật khẩu cho $USERNAME: " PASSWORD; echo
  printf '%s\n' "$PASSWORD" | "$ROOT/target/debug/contest" organizer add --username "$USERNAME"
else
  "$ROOT/target/debug/contest" organizer add --username "$USERNAME"
fi
