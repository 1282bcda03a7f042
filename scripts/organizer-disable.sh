#!/usr/bin/env bash
# make organizer-disable USERNAME=...: disables an organizer account in the
# running `make dev` stack; its tokens stop working at once.
source "$(dirname "$0")/common.sh"
USERNAME="${1:?Cách dùng: make organizer-disable USERNAME=ten-dang-nhap}"
use_dev_stack
"$ROOT/target/debug/contest" organizer disable --username "$USERNAME"
