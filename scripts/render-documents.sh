#!/usr/bin/env bash
# The committee's documents as people see them: renders the sample notice,
# report, draft decision (.docx, through LibreOffice) and certificates (PDF)
# of functions/documents and writes page 1 of each into docs/screenshots/:
#   van-ban-thong-bao.png  van-ban-bao-cao.png  van-ban-quyet-dinh.png
#   giay-chung-nhan.png
# Needs LibreOffice (Debian libreoffice-writer-nogui) and poppler-utils. The
# same tools check the documents in `cargo test -p contest-documents --
# --ignored` (functions/documents/tests/render.rs).
#   bash scripts/render-documents.sh [OUTDIR]   (default docs/screenshots)
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

OUT="${1:-$ROOT/docs/screenshots}"
for tool in soffice:libreoffice-writer-nogui pdftoppm:poppler-utils; do
  if ! command -v "${tool%%:*}" >/dev/null; then
    echo "Thiếu ${tool%%:*}: cài gói Debian ${tool##*:}." >&2
    exit 1
  fi
done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"

log "Tạo văn bản mẫu (cargo run --example samples)"
(cd "$ROOT" && cargo run --quiet -p contest-documents --example samples -- "$WORK")

log "Chuyển .docx sang PDF bằng LibreOffice"
# Its own profile: a LibreOffice already open would otherwise take the
# conversion over.
soffice "-env:UserInstallation=file://$WORK/profile" --headless --convert-to pdf --outdir "$WORK" \
  "$WORK/van-ban-thong-bao.docx" "$WORK/van-ban-bao-cao.docx" "$WORK/van-ban-quyet-dinh.docx" >/dev/null

log "Trang 1 của mỗi văn bản vào $OUT"
# 70 dpi keeps each image around 100 KB; the documents are black on white,
# so grey scale loses nothing.
for name in van-ban-thong-bao van-ban-bao-cao van-ban-quyet-dinh; do
  pdftoppm -png -gray -r 70 -f 1 -l 1 -singlefile "$WORK/$name.pdf" "$OUT/$name"
done
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$WORK/giay-chung-nhan.pdf" "$OUT/giay-chung-nhan"
for name in van-ban-thong-bao van-ban-bao-cao van-ban-quyet-dinh giay-chung-nhan; do
  printf '  %-26s %7s B\n' "$name.png" "$(wc -c <"$OUT/$name.png" | tr -d ' ')"
done
