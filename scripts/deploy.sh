#!/usr/bin/env bash
# make deploy: build the functions for arm64 with cargo-lambda, deploy
# infra/template.yaml with AWS SAM (guided the first time, then from
# infra/samconfig.toml), create the token signing keys in SSM Parameter Store
# if missing, upload static-site/ with a config.js for the deployed site,
# invalidate CloudFront and print the address. See docs/deployment.md.
#
# Environment (all optional):
#   AWS_PROFILE / AWS_ACCESS_KEY_ID...  the AWS account to deploy to
#   AWS_REGION        first deployment only (default ap-southeast-1, Singapore)
#   STACK_NAME        first deployment only (default cuoc-thi)
#   GUIDED=1          ask the deployment questions again
#   DEFAULT_CONTEST   contest id the page opens without ?contest= (default: static-site/config.js's)
#   SKIP_INFRA_CHECK=1  do not run the offline template check first
_had_key="${AWS_ACCESS_KEY_ID+set}" _had_secret="${AWS_SECRET_ACCESS_KEY+set}" _had_region="${AWS_REGION+set}"
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"
# shellcheck source=SCRIPTDIR/../infra/deploy-lib.sh
source "$ROOT/infra/deploy-lib.sh"
use_real_aws "$_had_key" "$_had_secret" "$_had_region"

cd "$ROOT" || exit 1
if [ "${SKIP_INFRA_CHECK:-}" != 1 ]; then
  log "Kiểm tra mẫu hạ tầng khớp với mã nguồn (không cần AWS)"
  "$ROOT/scripts/infra-check.sh" --skip-moto
fi

ensure_cargo_lambda
ensure_deploy_tools
resolve_stack
check_credentials

# ensure_jwt_keys: one Ed25519 key pair per token role (participant,
# organizer), and the CDN's origin secret. Created once per stack; never in
# the template, never on disk after.
ensure_jwt_keys() {
  local role dir
  for role in participant organizer; do
    local prefix="/$STACK/jwt/$role"
    if aws ssm get-parameter --name "$prefix/private-key" >/dev/null 2>&1 &&
      aws ssm get-parameter --name "$prefix/public-key" >/dev/null 2>&1; then
      continue
    fi
    log "Tạo cặp khóa ký token ($role) trong SSM Parameter Store: $prefix/private-key (SecureString), $prefix/public-key"
    cargo build --quiet --release --bin contest
    dir="$(mktemp -d)"
    (umask 077 && "$ROOT/target/release/contest" keygen --dir "$dir/keys" >/dev/null)
    aws ssm put-parameter --name "$prefix/private-key" --type SecureString --overwrite \
      --description "Token signing key ($role, Ed25519 PEM) of stack $STACK" \
      --value "file://$dir/keys/$role/private.pem" >/dev/null
    aws ssm put-parameter --name "$prefix/public-key" --type String --overwrite \
      --description "Token verification key ($role, Ed25519 PEM) of stack $STACK" \
      --value "file://$dir/keys/$role/public.pem" >/dev/null
    rm -rf "$dir"
  done
  if ! aws ssm get-parameter --name "/$STACK/origin-secret" >/dev/null 2>&1; then
    log "Tạo mã bí mật giữa CloudFront và API trong SSM Parameter Store: /$STACK/origin-secret"
    aws ssm put-parameter --name "/$STACK/origin-secret" --type String --overwrite \
      --description "Secret CloudFront sends the API in X-Origin-Verify, stack $STACK" \
      --value "$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')" >/dev/null
  fi
}

# ensure_challenge_key: the HMAC key of the registration's proof-of-work
# challenge (registration only reads it). Created once per stack.
ensure_challenge_key() {
  local name="/$STACK/challenge/hmac-key"
  if aws ssm get-parameter --name "$name" >/dev/null 2>&1; then
    return 0
  fi
  log "Tạo khóa HMAC của thử thách chống đăng ký tự động trong SSM: $name (SecureString)"
  aws ssm put-parameter --name "$name" --type SecureString --overwrite \
    --description "Registration challenge HMAC key of stack $STACK" \
    --value "$(python3 -c 'import secrets; print(secrets.token_hex(32))')" >/dev/null
}

# The site's public address, printed on certificates and in units'
# follow-up links. The CloudFront address is known only after the first
# deployment: until then a placeholder, replaced (and deployed again) below.
ensure_site_url_parameter() {
  local name="/$STACK/site-url"
  if aws ssm get-parameter --name "$name" >/dev/null 2>&1; then
    return 0
  fi
  aws ssm put-parameter --name "$name" --type String --overwrite \
    --description "Public address of stack $STACK's site" --value "${PUBLIC_SITE_URL:-https://example.invalid}" >/dev/null
}

# Before the first deployment, so no function ever starts without its keys.
ensure_jwt_keys
ensure_challenge_key
ensure_site_url_parameter

cd "$ROOT/infra" || exit 1
log "sam build (cargo-lambda, arm64, release)"
SAM_CLI_BETA_RUST_CARGO_LAMBDA=1 sam build --beta-features --template-file template.yaml

if [ ! -f "$SAMCONFIG" ] || [ "${GUIDED:-}" = 1 ]; then
  log "sam deploy --guided: trả lời các câu hỏi; câu trả lời được lưu vào infra/samconfig.toml"
  guided_failed=0
  sam deploy --guided --stack-name "$STACK" --region "$AWS_REGION" || guided_failed=1
  resolve_stack
  # The template resolves the public key from SSM at deployment: if the
  # questions changed the stack name, that stack's keys did not exist yet and
  # CloudFormation stopped. Create them and deploy again with the saved answers.
  ensure_jwt_keys
  ensure_challenge_key
  ensure_site_url_parameter
  if [ "$guided_failed" = 1 ]; then
    log "sam deploy (infra/samconfig.toml), với khóa của stack $STACK"
    sam deploy --no-fail-on-empty-changeset
  fi
else
  log "sam deploy (infra/samconfig.toml)"
  sam deploy --no-fail-on-empty-changeset
fi
cd "$ROOT" || exit 1

SITE_URL="${PUBLIC_SITE_URL:-$(stack_output SiteUrl)}"
if [ "$(aws ssm get-parameter --name "/$STACK/site-url" --query Parameter.Value --output text)" != "$SITE_URL" ]; then
  log "Địa chỉ công khai của trang: $SITE_URL (ghi vào /$STACK/site-url, triển khai lại để các hàm dùng địa chỉ này)"
  aws ssm put-parameter --name "/$STACK/site-url" --type String --overwrite --value "$SITE_URL" >/dev/null
  (cd "$ROOT/infra" && sam deploy --no-fail-on-empty-changeset)
fi
SITE_BUCKET="$(stack_output SiteBucket)"
DISTRIBUTION="$(stack_output DistributionId)"
TABLE="$(stack_output TableName)"
EXPORTS="$(stack_output ExportsBucket)"

# The page calls the API on its own origin (CloudFront sends /api/* to it):
# apiBase stays empty. The site as it ships (scripts/build-site.sh): bundled,
# hashed, and the link-preview tags and og-image.png of DEFAULT_CONTEST, read
# from the stack's table (`contest public-info`), with the public address.
DEFAULT_CONTEST="${DEFAULT_CONTEST:-$(sed -n "s/.*defaultContest: *'\([^']*\)'.*/\1/p" static-site/config.js | head -n 1)}"
SITE_DIR="$LOCAL/site-dist"
cargo build --release --quiet --bin contest
if TABLE_NAME="$TABLE" EXPORTS_BUCKET="$EXPORTS" "$ROOT/target/release/contest" public-info --contest "$DEFAULT_CONTEST" >/dev/null 2>&1; then
  PREVIEW=(CONTEST_ID="$DEFAULT_CONTEST")
else
  # Not loaded yet (first deployment): the contest file of that id, if any.
  log "Cuộc thi $DEFAULT_CONTEST chưa có trong bảng $TABLE: thẻ xem trước lấy từ contests/$DEFAULT_CONTEST.json (triển khai lại sau khi nạp)"
  PREVIEW=(CONTEST_FILE="$ROOT/contests/$DEFAULT_CONTEST.json")
fi
env "${PREVIEW[@]}" TABLE_NAME="$TABLE" EXPORTS_BUCKET="$EXPORTS" SITE_URL="$SITE_URL" \
  DEFAULT_CONTEST="$DEFAULT_CONTEST" API_BASE='' CONTEST_BIN="$ROOT/target/release/contest" \
  "$ROOT/scripts/build-site.sh" "$SITE_DIR"

log "Tải trang lên s3://$SITE_BUCKET"
# Content-hashed files never change: browsers and CloudFront keep them a
# year (their .br/.gz copies are for the local gateway: CloudFront
# compresses by itself); old ones are kept (no --delete): a page loaded before this deployment
# may still ask for them. Assets first, so a new page never names a missing
# file. Everything else (HTML, og-image.png, the worker) is revalidated
# (cheap 304s), so a fix reaches everyone at once.
aws s3 sync "$SITE_DIR/assets" "s3://$SITE_BUCKET/assets" --exclude '*.br' --exclude '*.gz' --only-show-errors \
  --cache-control 'public, max-age=31536000, immutable'
aws s3 sync "$SITE_DIR" "s3://$SITE_BUCKET" --delete --exclude 'assets/*' --exclude embed.js --only-show-errors --cache-control 'no-cache'
# The portals' one-line embed loads /embed.js by its address: a short cache.
if [ -f "$SITE_DIR/embed.js" ]; then
  aws s3 cp "$SITE_DIR/embed.js" "s3://$SITE_BUCKET/embed.js" --only-show-errors \
    --content-type 'text/javascript; charset=utf-8' --cache-control 'public, max-age=300'
fi

log "Làm mới bộ đệm CloudFront ($DISTRIBUTION)"
aws cloudfront create-invalidation --distribution-id "$DISTRIBUTION" --paths '/*' \
  --query Invalidation.Id --output text >/dev/null

cat <<EOF

Đã triển khai stack $STACK ($AWS_REGION).
  Trang dự thi:     $SITE_URL/
  Trang Ban Tổ chức: $SITE_URL/admin/
  Bảng DynamoDB:    $TABLE
  Bucket kết xuất:  $EXPORTS

Tiếp theo (docs/deployment.md):
  export TABLE_NAME=$TABLE EXPORTS_BUCKET=$EXPORTS AWS_REGION=$AWS_REGION
  cargo build --release --bin contest
  target/release/contest load contests/cchc-2022.json
  printf '%s\n' 'mật-khẩu-mạnh' | target/release/contest organizer add --username btc
EOF
