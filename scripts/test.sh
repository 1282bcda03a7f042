#!/usr/bin/env bash
# make test: every test. Integration tests run against a real DynamoDB API
# (moto on its own port, so a running `make dev` is not disturbed), then the
# browser tests of the web page. Arguments (a test-name filter) run only the
# matching cargo tests.
source "$(dirname "$0")/common.sh"

ensure_venv
MOTO_PORT="${TEST_MOTO_PORT:-5056}"
log "Khởi động moto cho kiểm thử trên 127.0.0.1:$MOTO_PORT"
start_moto "$MOTO_PORT"
export TEST_AWS_ENDPOINT="$AWS_ENDPOINT_URL"
SUMMARY="$ROOT/tests/artifacts/reliability-summary.txt"
rm -f "$SUMMARY"
log "cargo test (every crate but the benchmarks)"
cargo test --quiet "$@"
if [ -f "$SUMMARY" ]; then
  log "Tóm tắt độ tin cậy (reliability summary)"
  sort "$SUMMARY"
  echo "property-based fuzzing: ${PROPTEST_CASES:-256} cases per property (make fuzz runs more)"
fi
if [ $# -eq 0 ]; then
  # The browser tests start their own stack (moto on a free port).
  kill "$MOTO_PID" 2>/dev/null || true
  log "Hạ tầng: infra/template.yaml so với mã nguồn (scripts/infra-check.sh)"
  "$ROOT/scripts/infra-check.sh"
  log "Kiểm tra phụ thuộc: RustSec và JavaScript phát hành (scripts/audit.sh)"
  "$ROOT/scripts/audit.sh"
  log "API: schemathesis theo api/openapi.json (scripts/api-fuzz.sh)"
  "$ROOT/scripts/api-fuzz.sh"
  log "Kiểm thử trên trình duyệt: trang dự thi và trang Ban Tổ chức (scripts/browser-test.sh)"
  "$ROOT/scripts/browser-test.sh"
fi
