#!/usr/bin/env bash
# make infra-check: offline, no AWS credentials. cfn-lint on infra/template.yaml,
# translate it with aws-sam-translator, compare it with the code's route
# manifest (routes, per-function IAM, table, buckets, CloudFront, ...), create
# it on a moto server on a free port, then prove the checker bites
# (--self-test). Arguments go to tools/infra_check.py (e.g. --skip-moto).
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

INFRA_VENV="$LOCAL/infra-venv"
REQUIREMENTS="$ROOT/tools/infra-requirements.txt"
if [ ! -x "$INFRA_VENV/bin/cfn-lint" ] || ! cmp -s "$REQUIREMENTS" "$INFRA_VENV/.requirements"; then
  log "Cài cfn-lint, aws-sam-translator, moto vào $INFRA_VENV"
  python3 -m venv "$INFRA_VENV"
  "$INFRA_VENV/bin/pip" install --quiet --upgrade pip
  "$INFRA_VENV/bin/pip" install --quiet -r "$REQUIREMENTS"
  cp "$REQUIREMENTS" "$INFRA_VENV/.requirements"
fi

cd "$ROOT" || exit 1
log "Kiểm tra hạ tầng (infra/template.yaml) so với mã nguồn"
"$INFRA_VENV/bin/python" tools/infra_check.py "$@"
if [ $# -eq 0 ]; then
  log "Tự kiểm tra: bộ kiểm tra phải bắt được tuyến thiếu và quyền '*'"
  "$INFRA_VENV/bin/python" tools/infra_check.py --self-test
fi
