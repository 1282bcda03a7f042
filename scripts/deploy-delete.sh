#!/usr/bin/env bash
# make deploy-delete: delete the deployed stack. The DynamoDB table and the
# exports bucket have DeletionPolicy: Retain (they are the contest's record:
# participants, attempts, results, winners, exports), so they stay, with the
# signing keys in SSM; their names are saved in .local/retained-<stack>.env.
#
#   scripts/deploy-delete.sh          the stack; keep the table and exports
#   scripts/deploy-delete.sh --all    also the table (deletion protection is
#                                     turned off first), every version in the
#                                     exports bucket and the bucket, the keys
#   --yes                             do not ask for confirmation
_had_key="${AWS_ACCESS_KEY_ID+set}" _had_secret="${AWS_SECRET_ACCESS_KEY+set}" _had_region="${AWS_REGION+set}"
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"
# shellcheck source=SCRIPTDIR/../infra/deploy-lib.sh
source "$ROOT/infra/deploy-lib.sh"
use_real_aws "$_had_key" "$_had_secret" "$_had_region"

ALL=0
YES=0
for arg in "$@"; do
  case "$arg" in
    --all) ALL=1 ;;
    --yes) YES=1 ;;
    *)
      echo "Cách dùng: $0 [--all] [--yes]" >&2
      exit 2
      ;;
  esac
done

ensure_deploy_tools
resolve_stack
check_credentials
RETAINED="$LOCAL/retained-$STACK.env"

if stack_exists; then
  SITE_BUCKET="$(stack_output SiteBucket)"
  TABLE="$(stack_output TableName)"
  EXPORTS="$(stack_output ExportsBucket)"
elif [ "$ALL" = 1 ] && [ -f "$RETAINED" ]; then
  SITE_BUCKET=""
  # shellcheck source=/dev/null
  source "$RETAINED"
else
  echo "Không có stack $STACK ở vùng $AWS_REGION." >&2
  exit 1
fi

if [ "$YES" != 1 ]; then
  if [ ! -t 0 ]; then
    echo "Cần xác nhận: chạy lại với --yes để xóa mà không hỏi." >&2
    exit 1
  fi
  if [ "$ALL" = 1 ]; then
    echo "Sẽ xóa stack $STACK VÀ toàn bộ dữ liệu: bảng $TABLE, bucket $EXPORTS, khóa ký token."
  else
    echo "Sẽ xóa stack $STACK; giữ lại bảng $TABLE và bucket $EXPORTS."
  fi
  read -r -p "Gõ tên stack ($STACK) để xác nhận: " answer
  [ "$answer" = "$STACK" ] || { echo "Không xóa gì."; exit 1; }
fi

if stack_exists; then
  printf 'TABLE=%q\nEXPORTS=%q\n' "$TABLE" "$EXPORTS" >"$RETAINED"
  if [ -n "$SITE_BUCKET" ] && [ "$SITE_BUCKET" != None ]; then
    log "Xóa các tệp của trang trong s3://$SITE_BUCKET (CloudFormation chỉ xóa bucket rỗng)"
    aws s3 rm "s3://$SITE_BUCKET" --recursive --only-show-errors
  fi
  log "Xóa stack $STACK (CloudFront mất vài phút)"
  aws cloudformation delete-stack --stack-name "$STACK"
  aws cloudformation wait stack-delete-complete --stack-name "$STACK"
fi

# delete_all_versions BUCKET: every object version and delete marker.
delete_all_versions() {
  local bucket="$1" kind batch
  for kind in Versions DeleteMarkers; do
    while :; do
      batch="$(aws s3api list-object-versions --bucket "$bucket" --max-items 500 \
        --query "{Objects: ${kind}[].{Key: Key, VersionId: VersionId}, Quiet: \`true\`}" --output json)"
      case "$batch" in *'"Key"'*) ;; *) break ;; esac
      aws s3api delete-objects --bucket "$bucket" --delete "$batch" >/dev/null
    done
  done
}

if [ "$ALL" = 1 ]; then
  if aws dynamodb describe-table --table-name "$TABLE" >/dev/null 2>&1; then
    log "Tắt bảo vệ chống xóa và xóa bảng $TABLE"
    aws dynamodb update-table --table-name "$TABLE" --no-deletion-protection-enabled >/dev/null
    aws dynamodb wait table-exists --table-name "$TABLE"
    aws dynamodb delete-table --table-name "$TABLE" >/dev/null
    aws dynamodb wait table-not-exists --table-name "$TABLE"
  fi
  if aws s3api head-bucket --bucket "$EXPORTS" >/dev/null 2>&1; then
    log "Xóa mọi phiên bản tệp và bucket $EXPORTS"
    delete_all_versions "$EXPORTS"
    aws s3api delete-bucket --bucket "$EXPORTS"
  fi
  log "Xóa khóa ký token /$STACK/jwt/* và /$STACK/origin-secret"
  aws ssm delete-parameters --names "/$STACK/jwt/participant/private-key" "/$STACK/jwt/participant/public-key" \
    "/$STACK/jwt/organizer/private-key" "/$STACK/jwt/organizer/public-key" "/$STACK/origin-secret" >/dev/null
  rm -f "$RETAINED"
  echo "Đã xóa stack $STACK và toàn bộ dữ liệu."
else
  cat <<EOF
Đã xóa stack $STACK. Giữ lại (DeletionPolicy: Retain):
  bảng DynamoDB   $TABLE   (bật bảo vệ chống xóa, có point-in-time recovery)
  bucket kết xuất $EXPORTS
  khóa ký token   /$STACK/jwt/{participant,organizer}/{private,public}-key, /$STACK/origin-secret (SSM)
Xóa nốt về sau: scripts/deploy-delete.sh --all   (tên đã lưu trong $RETAINED)
EOF
fi
