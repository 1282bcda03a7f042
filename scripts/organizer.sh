#!/usr/bin/env bash
# make organizer USERNAME=... [ROLE=viewer] [CONTEST=cid]: creates an
# organizer account in the running `make dev` stack, or sets a new password
# (revoking every token issued before); the password is read from standard
# input. ROLE is admin (default) or viewer; CONTEST limits the account to
# contests (space- or comma-separated ids).
source "$(dirname "$0")/common.sh"
USERNAME="${1:?Cách dùng: make organizer USERNAME=ten-dang-nhap [ROLE=viewer] [CONTEST=ma-cuoc-thi]  (mật khẩu nhập từ bàn phím)}"
ROLE="${2:-admin}"
CONTESTS="${3:-}"
use_dev_stack
args=(organizer add --username "$USERNAME" --role "$ROLE")
for cid in ${CONTESTS//,/ }; do
  args+=(--contest "$cid")
done
if [ -t 0 ]; then
  read -r -s -p "Mật khẩu cho $USERNAME: " PASSWORD; echo
  printf '%s\n' "$PASSWORD" | "$ROOT/target/debug/contest" "${args[@]}"
else
  "$ROOT/target/debug/contest" "${args[@]}"
fi
