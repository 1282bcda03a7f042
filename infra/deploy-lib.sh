# Shared by scripts/deploy.sh and scripts/deploy-delete.sh. Source it after
# scripts/common.sh; do not run it.
# shellcheck shell=bash

SAMCONFIG="$ROOT/infra/samconfig.toml"
DEPLOY_VENV="$LOCAL/deploy-venv"
DEPLOY_REQUIREMENTS="$ROOT/infra/deploy-requirements.txt"

# common.sh points the AWS SDKs at the local emulator with fake credentials.
# A deployment talks to the real AWS: forget whatever common.sh invented, keep
# what the user set. Call with the values saved BEFORE sourcing common.sh:
#   use_real_aws "${AWS_ACCESS_KEY_ID+set}" "${AWS_SECRET_ACCESS_KEY+set}" "${AWS_REGION+set}"
use_real_aws() {
  [ -n "$1" ] || unset AWS_ACCESS_KEY_ID
  [ -n "$2" ] || unset AWS_SECRET_ACCESS_KEY
  [ -n "$3" ] || unset AWS_REGION
  unset AWS_EC2_METADATA_DISABLED
  if [ -n "${AWS_ENDPOINT_URL:-}" ]; then
    log "Bỏ qua AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL (đó là trình giả lập; triển khai lên AWS thật)"
    unset AWS_ENDPOINT_URL
  fi
  export SAM_CLI_TELEMETRY=0
}

# aws, sam and cargo-lambda: the ones on PATH, or pinned ones from PyPI in
# .local/deploy-venv (cargo-lambda brings zig to cross-compile for arm64).
ensure_deploy_tools() {
  if command -v aws >/dev/null && command -v sam >/dev/null && cargo lambda --version >/dev/null 2>&1; then
    return 0
  fi
  if [ ! -x "$DEPLOY_VENV/bin/sam" ] || ! cmp -s "$DEPLOY_REQUIREMENTS" "$DEPLOY_VENV/.requirements"; then
    log "Cài aws-sam-cli, awscli, cargo-lambda (PyPI) vào $DEPLOY_VENV"
    python3 -m venv "$DEPLOY_VENV"
    "$DEPLOY_VENV/bin/pip" install --quiet --upgrade pip
    "$DEPLOY_VENV/bin/pip" install --quiet -r "$DEPLOY_REQUIREMENTS"
    cp "$DEPLOY_REQUIREMENTS" "$DEPLOY_VENV/.requirements"
  fi
  export PATH="$DEPLOY_VENV/bin:$PATH"
}

# samconfig_value KEY: a value of [default.deploy.parameters] (or
# [default.global.parameters]) in infra/samconfig.toml, empty if none.
samconfig_value() {
  [ -f "$SAMCONFIG" ] || return 0
  python3 - "$SAMCONFIG" "$1" <<'PY' 2>/dev/null || sed -n "s/^$1 *= *\"\\(.*\\)\"/\\1/p" "$SAMCONFIG" | head -n 1
import sys
import tomllib

with open(sys.argv[1], "rb") as f:
    config = tomllib.load(f).get("default", {})
for section in ("deploy", "global"):
    value = config.get(section, {}).get("parameters", {}).get(sys.argv[2])
    if value:
        print(value)
        break
PY
}

# Sets STACK and AWS_REGION: samconfig.toml first, then STACK_NAME /
# AWS_REGION / AWS_DEFAULT_REGION / the CLI profile, then the defaults.
resolve_stack() {
  STACK="$(samconfig_value stack_name)"
  STACK="${STACK:-${STACK_NAME:-cuoc-thi}}"
  local region
  region="$(samconfig_value region)"
  region="${region:-${AWS_REGION:-${AWS_DEFAULT_REGION:-$(aws configure get region 2>/dev/null || true)}}}"
  export AWS_REGION="${region:-ap-southeast-1}"
  export AWS_DEFAULT_REGION="$AWS_REGION"
}

check_credentials() {
  local account
  if ! account="$(aws sts get-caller-identity --query Account --output text 2>&1)"; then
    echo "Không dùng được thông tin đăng nhập AWS ($account)." >&2
    echo "Đặt AWS_PROFILE (aws configure / aws sso login) hoặc AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY rồi chạy lại." >&2
    exit 1
  fi
  log "Tài khoản AWS $account, vùng $AWS_REGION, stack $STACK"
}

stack_exists() {
  aws cloudformation describe-stacks --stack-name "$STACK" >/dev/null 2>&1
}

# stack_output KEY
stack_output() {
  aws cloudformation describe-stacks --stack-name "$STACK" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue | [0]" --output text
}
