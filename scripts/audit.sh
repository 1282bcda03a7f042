#!/usr/bin/env bash
# make audit: the dependency audit, offline. Part of `make test`.
#
# 1. Rust: cargo-audit (pinned; installed from crates.io into .local/tools on
#    first use) against a copy of the RustSec advisory database snapshot in
#    ../shared/advisory-db (ADVISORY_DB to use another), without fetching.
#    Every advisory that applies to Cargo.lock (vulnerabilities, and the
#    unmaintained/unsound/notice warnings) fails the audit unless audit.toml
#    accepts it with a written reason.
# 2. JavaScript: what static-site/ ships. It has no npm dependency (no
#    package.json): every script is the project's own ES module, listed with
#    its size and SHA-256. Should a package.json appear, `npm audit
#    --omit=dev` would be needed, which cannot run offline: the audit fails
#    and says so. (tests/browser has an npm project for the browser tests
#    only; nothing of it is shipped.)
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

AUDIT_VERSION="0.22.2"
TOOLS="$LOCAL/tools"
if ! "$TOOLS/bin/cargo-audit" --version 2>/dev/null | grep -qF "$AUDIT_VERSION"; then
  log "Cài cargo-audit $AUDIT_VERSION (crates.io) vào $TOOLS"
  cargo install --quiet --locked --root "$TOOLS" cargo-audit --version "$AUDIT_VERSION"
fi

SOURCE_DB="${ADVISORY_DB:-$ROOT/../shared/advisory-db}"
if [ ! -d "$SOURCE_DB/crates" ]; then
  echo "Không thấy cơ sở dữ liệu RustSec tại $SOURCE_DB (đặt ADVISORY_DB=đường-dẫn)." >&2
  exit 1
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# A copy: cargo-audit wants a git repository it may write into; the
# snapshot is shared and read-only.
cp -R "$SOURCE_DB" "$WORK/advisory-db"
chmod -R u+w "$WORK/advisory-db"
(
  cd "$WORK/advisory-db" && rm -rf .git && git init -q && git add -A &&
    git -c user.name=audit -c user.email=audit@localhost commit -q -m snapshot
)

log "cargo audit (RustSec, bản chụp $(grep -o 'commit [0-9a-f]*' "$SOURCE_DB/SNAPSHOT.md" | head -1 || echo '?'))"
set +e
"$TOOLS/bin/cargo-audit" audit --db "$WORK/advisory-db" --no-fetch --json --file "$ROOT/Cargo.lock" >"$WORK/report.json" 2>"$WORK/stderr"
status=$?
set -e
if [ ! -s "$WORK/report.json" ]; then
  cat "$WORK/stderr" >&2
  echo "cargo audit không chạy được (mã $status)." >&2
  exit 1
fi
python3 "$ROOT/tools/audit_report.py" "$WORK/report.json" "$ROOT/audit.toml"

log "JavaScript được phát hành (static-site/)"
if find "$ROOT/static-site" -name package.json -o -name package-lock.json -o -name node_modules | grep -q .; then
  echo "static-site/ có phụ thuộc npm: cần 'npm audit --omit=dev', không chạy được khi không có mạng." >&2
  exit 1
fi
# Comment lines do not load anything (embed.js shows the portal's snippet in one).
if grep -rEn "from ['\"](https?:)?//|<script[^>]+src=['\"](https?:)?//" "$ROOT/static-site" --include=*.js --include=*.html \
  | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(\*|//)'; then
  echo "static-site/ nạp mã JavaScript từ nơi khác: cần kiểm tra phiên bản và lỗ hổng của nó." >&2
  exit 1
fi
count=0
while IFS= read -r file; do
  printf '  %-40s %7s B  sha256 %s\n' "${file#"$ROOT"/}" "$(wc -c <"$file" | tr -d ' ')" "$(sha256sum "$file" | cut -c1-16)"
  count=$((count + 1))
done < <(find "$ROOT/static-site" -name '*.js' | sort)
echo "  $count tệp JavaScript, đều là mã của dự án: không có thư viện bên thứ ba, không có phụ thuộc npm (không có package.json) — npm audit không có gì để kiểm tra."
echo "audit: 0 lỗ hổng chưa được chấp nhận"
