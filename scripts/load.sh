#!/usr/bin/env bash
# make load FILE=...: loads a contest file into the running `make dev` stack.
source "$(dirname "$0")/common.sh"
FILE="${1:?Cách dùng: make load FILE=duong-dan/cuoc-thi.json}"
use_dev_stack
"$ROOT/target/debug/contest" load "$FILE"
