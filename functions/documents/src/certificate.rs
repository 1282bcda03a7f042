//! Certificates: one A4 landscape page each, all in one PDF, with a QR code
//! leading to the public verification page so a printed or forwarded
//! certificate can be checked.
//!
//! Text is placed by hand (printpdf without its HTML layout engine):
//! widths come from the bundled font's advances, long lines wrap at word
//! boundaries and, when the text still does not fit, every line of the
//! middle block is set smaller, so a 60-character name or a 200-character
//! title stays inside the frame.

use printpdf::{
    Color, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point,
    Pt, Rect, Rgb, TextItem,
};
use qrcode::{Color as QrColor, EcLevel, QrCode};

use crate::fonts::{Metrics, SERIF_BOLD, SERIF_ITALIC, SERIF_REGULAR};
use crate::format::place_date_line;
use crate::model::{IssuingHeader, PlaceDate, Signature};
use crate::text::{clean, lines};
use crate::DocumentError;

/// One certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    pub issuing_header: IssuingHeader,
    /// "Cuộc thi trắc nghiệm trực tuyến “Tìm hiểu cải cách hành chính” …".
    pub contest_title: String,
    pub recipient: String,
    pub organization: String,
    /// "GIẢI NHẤT – TUẦN THỨ NHẤT", or "Đã hoàn thành phần thi".
    pub award: String,
    /// "Đạt 20/20 điểm, thời gian làm bài 12 phút 05,3 giây".
    pub detail: String,
    pub place_date: PlaceDate,
    pub signature: Signature,
    /// The verification page for this certificate, e.g.
    /// "https://…/?verify=7K3M9PQ2XW4TR8ZD"; encoded in the QR code.
    pub verify_url: String,
    /// The same code for people who type it: "7K3M-9PQ2-XW4T-R8ZD".
    pub verify_code: String,
}

/// The most certificates one call renders. A round's winners are a
/// handful; every finisher of a round can be thousands, which should be
/// split into batches (measured: see the crate README).
pub const MAX_CERTIFICATES: usize = 2_000;

/// Page size, A4 landscape, in millimetres (width, height).
pub const CERTIFICATE_PAGE_MM: (f32, f32) = (297.0, 210.0);
const PAGE_W: f32 = CERTIFICATE_PAGE_MM.0;
const PAGE_H: f32 = CERTIFICATE_PAGE_MM.1;

/// The QR square including its quiet zone, in millimetres. The symbol
/// itself is at least 26 mm for any accepted URL, which phone cameras read
/// from a printed page at arm's length.
pub const QR_SIDE_MM: f32 = 36.0;
/// The widest symbol accepted (version 10, 57 modules): beyond that the
/// modules would be under 0.6 mm and blur when printed on office printers.
pub const QR_MAX_MODULES: usize = 57;
/// The quiet zone the QR standard asks for, in modules.
const QUIET_ZONE: usize = 4;

pub(crate) const DARK_RED: (f32, f32, f32) = (0.62, 0.09, 0.09);
pub(crate) const BLACK: (f32, f32, f32) = (0.0, 0.0, 0.0);
const WHITE: (f32, f32, f32) = (1.0, 1.0, 1.0);

/// Points to millimetres.
pub(crate) const PT: f32 = 25.4 / 72.0;

/// The module matrix of a verification QR code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Modules per side (17 + 4 × version), without the quiet zone.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether the module at column `x`, row `y` (from the top left) is dark.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }
}

/// The QR code for a verification URL (error correction M, which survives
/// a crease or a smudge), or None when the URL needs a symbol wider than
/// [`QR_MAX_MODULES`].
pub fn verification_qr(url: &str) -> Option<QrMatrix> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    if width > QR_MAX_MODULES {
        return None;
    }
    let dark = code.to_colors().into_iter().map(|c| c == QrColor::Dark).collect();
    Some(QrMatrix { width, dark })
}

/// Renders the certificates as one PDF, a page each, in the given order.
pub fn render_certificates_pdf(certificates: &[Certificate]) -> Result<Vec<u8>, DocumentError> {
    if certificates.is_empty() {
        return Err(DocumentError::NoCertificates);
    }
    if certificates.len() > MAX_CERTIFICATES {
        return Err(DocumentError::TooManyCertificates { requested: certificates.len(), max: MAX_CERTIFICATES });
    }
    // Every QR first: a URL that does not fit fails the call before any
    // page is laid out.
    let codes = certificates
        .iter()
        .map(|c| {
            let url = c.verify_url.trim();
            verification_qr(url)
                .ok_or_else(|| DocumentError::VerifyUrlTooLong { recipient: clean(&c.recipient), length: url.len() })
        })
        .collect::<Result<Vec<_>, _>>()?;

    let mut doc = PdfDocument::new("Giấy chứng nhận");
    doc.metadata.info.creator = "contest-documents".into();
    let faces = Faces {
        regular: Styled::load(&mut doc, SERIF_REGULAR, "Liberation Serif")?,
        bold: Styled::load(&mut doc, SERIF_BOLD, "Liberation Serif Bold")?,
        italic: Styled::load(&mut doc, SERIF_ITALIC, "Liberation Serif Italic")?,
    };
    let pages = certificates
        .iter()
        .zip(&codes)
        .map(|(certificate, qr)| PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), page_ops(&faces, certificate, qr)))
        .collect();
    let mut warnings = Vec::new();
    // `subset_fonts` takes effect with the `subset-fonts` feature only;
    // without it printpdf embeds each face whole, once per file.
    let options = PdfSaveOptions { subset_fonts: true, optimize: true, ..Default::default() };
    Ok(doc.with_pages(pages).save(&options, &mut warnings))
}

/// A face loaded into the document: its metrics and its PDF handle.
pub(crate) struct Styled {
    metrics: Metrics,
    handle: PdfFontHandle,
}

impl Styled {
    pub(crate) fn load(
        doc: &mut PdfDocument,
        bytes: &'static [u8],
        name: &'static str,
    ) -> Result<Styled, DocumentError> {
        let metrics = Metrics::parse(bytes, name)?;
        let font = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).ok_or(DocumentError::Font(name))?;
        let handle = PdfFontHandle::External(doc.add_font(&font));
        Ok(Styled { metrics, handle })
    }

    pub(crate) fn width_mm(&self, text: &str, size: f32) -> f32 {
        self.metrics.width_pt(text, size) * PT
    }
}

pub(crate) struct Faces {
    pub(crate) regular: Styled,
    pub(crate) bold: Styled,
    pub(crate) italic: Styled,
}

pub(crate) fn rgb((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb::new(r, g, b, None))
}

/// Characters the face lacks would print as empty boxes: they are replaced
/// by "?" so the gap is visible and the text length stays honest.
fn printable(styled: &Styled, text: &str) -> String {
    text.chars().map(|c| if c == ' ' || styled.metrics.glyph(c) != 0 { c } else { '?' }).collect()
}

/// One line of text centred on `cx`, baseline at `y` (mm from the bottom).
pub(crate) fn text_centered(
    ops: &mut Vec<Op>,
    styled: &Styled,
    text: &str,
    size: f32,
    cx: f32,
    y: f32,
    color: (f32, f32, f32),
) {
    let x = cx - styled.width_mm(text, size) / 2.0;
    ops.extend([
        Op::SetFillColor { col: rgb(color) },
        Op::StartTextSection,
        Op::SetFont { font: styled.handle.clone(), size: Pt(size) },
        Op::SetTextCursor { pos: Point::new(Mm(x), Mm(y)) },
        Op::ShowText { items: vec![TextItem::Text(text.to_owned())] },
        Op::EndTextSection,
    ]);
}

/// The size at which `text` fits `max_width` on one line, at most `size`:
/// single-line items (signature, date, code) shrink rather than wrap.
pub(crate) fn fit_size(styled: &Styled, text: &str, size: f32, max_width: f32) -> f32 {
    let width = styled.width_mm(text, size);
    if width <= max_width || width == 0.0 {
        size
    } else {
        size * max_width / width
    }
}

/// Greedy word wrap to `max_width` mm; a word longer than a line is broken
/// between characters.
pub(crate) fn wrap(styled: &Styled, text: &str, size: f32, max_width: f32) -> Vec<String> {
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if styled.width_mm(&candidate, size) <= max_width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            if styled.width_mm(word, size) <= max_width {
                line = word.to_owned();
                continue;
            }
            for c in word.chars() {
                let mut longer = line.clone();
                longer.push(c);
                if !line.is_empty() && styled.width_mm(&longer, size) > max_width {
                    out.push(std::mem::replace(&mut line, c.to_string()));
                } else {
                    line = longer;
                }
            }
        }
        if !line.is_empty() {
            out.push(line);
        }
    }
    out
}

/// Cuts `lines` to `max` lines, ending the last with "…" that fits.
pub(crate) fn truncate(styled: &Styled, mut lines: Vec<String>, size: f32, max_width: f32, max: usize) -> Vec<String> {
    if lines.len() <= max {
        return lines;
    }
    lines.truncate(max);
    if let Some(last) = lines.last_mut() {
        while !last.is_empty() && styled.width_mm(&format!("{last}…"), size) > max_width {
            last.pop();
        }
        *last = format!("{}…", last.trim_end());
    }
    lines
}

/// A piece of the middle block.
pub(crate) struct FlowItem<'a> {
    pub(crate) styled: &'a Styled,
    pub(crate) text: String,
    pub(crate) size: f32,
    pub(crate) color: (f32, f32, f32),
    pub(crate) max_lines: usize,
    /// Space above, in mm at full scale.
    pub(crate) gap_before: f32,
}

/// Line height as a multiple of the font size.
pub(crate) const LEADING: f32 = 1.22;

/// Lays out the middle block between `top` and `bottom` (mm), centred on
/// `cx` and at most `max_width` wide: the largest scale at which every item
/// wraps within its line budget and the whole fits; at the smallest scale,
/// items are cut to their budget with "…" (never drawn off the page).
pub(crate) fn flow(ops: &mut Vec<Op>, items: &[FlowItem], cx: f32, max_width: f32, top: f32, bottom: f32) {
    const SCALES: [f32; 10] = [1.0, 0.93, 0.87, 0.81, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5];
    let available = top - bottom;
    let lay_out = |scale: f32| -> (Vec<Vec<String>>, f32) {
        let mut height = 0.0;
        let wrapped: Vec<Vec<String>> = items
            .iter()
            .map(|item| {
                let size = item.size * scale;
                let lines = wrap(item.styled, &item.text, size, max_width);
                height += item.gap_before * scale + lines.len() as f32 * size * LEADING * PT;
                lines
            })
            .collect();
        (wrapped, height)
    };
    let mut chosen = None;
    for scale in SCALES {
        let (wrapped, height) = lay_out(scale);
        let within_budget = wrapped.iter().zip(items).all(|(lines, item)| lines.len() <= item.max_lines);
        if within_budget && height <= available {
            chosen = Some((scale, wrapped, height));
            break;
        }
    }
    let (scale, wrapped, height) = chosen.unwrap_or_else(|| {
        let scale = SCALES[SCALES.len() - 1];
        let (wrapped, _) = lay_out(scale);
        let wrapped: Vec<Vec<String>> = wrapped
            .into_iter()
            .zip(items)
            .map(|(lines, item)| truncate(item.styled, lines, item.size * scale, max_width, item.max_lines))
            .collect();
        let height = wrapped
            .iter()
            .zip(items)
            .map(|(lines, item)| item.gap_before * scale + lines.len() as f32 * item.size * scale * LEADING * PT)
            .sum();
        (scale, wrapped, height)
    });

    // Centred vertically in the space left over.
    let mut y = top - ((available - height) / 2.0).max(0.0);
    for (lines, item) in wrapped.iter().zip(items) {
        let size = item.size * scale;
        let line_height = size * LEADING * PT;
        y -= item.gap_before * scale;
        for line in lines {
            // Baseline about 0.9 em under the top of the line box.
            let baseline = y - line_height * 0.78;
            text_centered(ops, item.styled, line, size, cx, baseline, item.color);
            y -= line_height;
        }
    }
}

pub(crate) fn stroke_rect(ops: &mut Vec<Op>, x: f32, y: f32, w: f32, h: f32, thickness: f32, color: (f32, f32, f32)) {
    let mut rect = Rect::from_xywh(Mm(x).into(), Mm(y).into(), Mm(w).into(), Mm(h).into());
    rect.mode = Some(PaintMode::Stroke);
    ops.extend([
        Op::SetOutlineColor { col: rgb(color) },
        Op::SetOutlineThickness { pt: Pt(thickness) },
        Op::DrawRectangle { rectangle: rect },
    ]);
}

pub(crate) fn fill_rect(ops: &mut Vec<Op>, x: f32, y: f32, w: f32, h: f32) {
    let mut rect = Rect::from_xywh(Mm(x).into(), Mm(y).into(), Mm(w).into(), Mm(h).into());
    rect.mode = Some(PaintMode::Fill);
    ops.push(Op::DrawRectangle { rectangle: rect });
}

/// A horizontal rule from `x1` to `x2` at height `y`.
pub(crate) fn rule(ops: &mut Vec<Op>, x1: f32, x2: f32, y: f32, thickness: f32) {
    let point = |x: f32| LinePoint { p: Point::new(Mm(x), Mm(y)), bezier: false };
    ops.extend([
        Op::SetOutlineColor { col: rgb(BLACK) },
        Op::SetOutlineThickness { pt: Pt(thickness) },
        Op::DrawLine { line: Line { points: vec![point(x1), point(x2)], is_closed: false } },
    ]);
}

/// The decorative frame: a thick and a thin rectangle, with small squares
/// joining them at the corners.
fn frame(ops: &mut Vec<Op>) {
    ops.push(Op::SaveGraphicsState);
    stroke_rect(ops, 8.0, 8.0, PAGE_W - 16.0, PAGE_H - 16.0, 2.4, DARK_RED);
    stroke_rect(ops, 11.5, 11.5, PAGE_W - 23.0, PAGE_H - 23.0, 0.8, DARK_RED);
    ops.push(Op::SetFillColor { col: rgb(DARK_RED) });
    for (x, y) in [(8.0, 8.0), (PAGE_W - 14.0, 8.0), (8.0, PAGE_H - 14.0), (PAGE_W - 14.0, PAGE_H - 14.0)] {
        fill_rect(ops, x, y, 6.0, 6.0);
    }
    ops.push(Op::RestoreGraphicsState);
}

/// Lines of a header column, centred on `cx` from baseline `y` down; each
/// line shrinks to the column if needed. Returns the next baseline.
fn header_lines(
    ops: &mut Vec<Op>,
    styled: &Styled,
    texts: &[String],
    size: f32,
    cx: f32,
    width: f32,
    mut y: f32,
) -> (f32, f32) {
    let mut widest: f32 = 0.0;
    for text in texts {
        let fitted = fit_size(styled, text, size, width);
        text_centered(ops, styled, text, fitted, cx, y, BLACK);
        widest = widest.max(styled.width_mm(text, fitted));
        y -= size * LEADING * PT;
    }
    (y, widest)
}

/// The QR code as black rectangles (one per run of dark modules in a row)
/// on a white square that includes the quiet zone; (x, y) is the lower left
/// corner of that square.
fn qr_ops(ops: &mut Vec<Op>, qr: &QrMatrix, x: f32, y: f32) {
    qr_ops_sized(ops, qr, x, y, QR_SIDE_MM);
}

/// [`qr_ops`] at any size (a poster's QR is read from across a room).
pub(crate) fn qr_ops_sized(ops: &mut Vec<Op>, qr: &QrMatrix, x: f32, y: f32, side: f32) {
    let module = side / (qr.width + 2 * QUIET_ZONE) as f32;
    ops.push(Op::SaveGraphicsState);
    ops.push(Op::SetFillColor { col: rgb(WHITE) });
    fill_rect(ops, x, y, side, side);
    ops.push(Op::SetFillColor { col: rgb(BLACK) });
    for row in 0..qr.width {
        let mut col = 0;
        while col < qr.width {
            if !qr.is_dark(col, row) {
                col += 1;
                continue;
            }
            let start = col;
            while col < qr.width && qr.is_dark(col, row) {
                col += 1;
            }
            // PDF y grows upwards; row 0 is the top row.
            fill_rect(
                ops,
                x + (QUIET_ZONE + start) as f32 * module,
                y + side - (QUIET_ZONE + row + 1) as f32 * module,
                (col - start) as f32 * module,
                module,
            );
        }
    }
    ops.push(Op::RestoreGraphicsState);
}

fn page_ops(faces: &Faces, certificate: &Certificate, qr: &QrMatrix) -> Vec<Op> {
    let mut ops = Vec::new();
    frame(&mut ops);
    let text = |s: &str| clean(s).split_whitespace().collect::<Vec<_>>().join(" ");

    // Header, as on the committee's documents: issuing body on the left,
    // the national motto on the right, each with its short line.
    let (left_cx, left_w) = (74.0, 104.0);
    let (right_cx, right_w) = (212.0, 118.0);
    let top = 184.0;
    let parent: Vec<String> = lines(&certificate.issuing_header.parent_body)
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| printable(&faces.regular, &l.to_uppercase()))
        .collect();
    let body: Vec<String> = lines(&certificate.issuing_header.body)
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| printable(&faces.bold, &l.to_uppercase()))
        .collect();
    let (y, _) = header_lines(&mut ops, &faces.regular, &parent, 12.0, left_cx, left_w, top);
    let (y, body_width) = header_lines(&mut ops, &faces.bold, &body, 12.0, left_cx, left_w, y);
    let line = body_width * 0.4;
    rule(&mut ops, left_cx - line / 2.0, left_cx + line / 2.0, y + 2.2, 0.6);
    let motto = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".to_owned()];
    let (y, _) = header_lines(&mut ops, &faces.bold, &motto, 12.0, right_cx, right_w, top);
    let (y, motto_width) =
        header_lines(&mut ops, &faces.bold, &["Độc lập - Tự do - Hạnh phúc".to_owned()], 13.0, right_cx, right_w, y);
    rule(&mut ops, right_cx - motto_width / 2.0, right_cx + motto_width / 2.0, y + 2.4, 0.6);

    let cx = PAGE_W / 2.0;
    text_centered(&mut ops, &faces.bold, "GIẤY CHỨNG NHẬN", 34.0, cx, 143.0, DARK_RED);

    // The middle block: who, from where, what for.
    let mut items = vec![FlowItem {
        styled: &faces.bold,
        text: printable(&faces.bold, &text(&certificate.recipient)),
        size: 26.0,
        color: DARK_RED,
        max_lines: 2,
        gap_before: 0.0,
    }];
    let organization = text(&certificate.organization);
    if !organization.is_empty() {
        items.push(FlowItem {
            styled: &faces.regular,
            text: printable(&faces.regular, &format!("Đơn vị: {organization}")),
            size: 15.0,
            color: BLACK,
            max_lines: 2,
            gap_before: 1.0,
        });
    }
    items.push(FlowItem {
        styled: &faces.bold,
        text: printable(&faces.bold, &text(&certificate.award)),
        size: 19.0,
        color: BLACK,
        max_lines: 2,
        gap_before: 4.0,
    });
    items.push(FlowItem {
        styled: &faces.bold,
        text: printable(&faces.bold, &text(&certificate.contest_title)),
        size: 15.0,
        color: BLACK,
        max_lines: 4,
        gap_before: 1.5,
    });
    let detail = text(&certificate.detail);
    if !detail.is_empty() {
        items.push(FlowItem {
            styled: &faces.italic,
            text: printable(&faces.italic, &detail),
            size: 14.0,
            color: BLACK,
            max_lines: 2,
            gap_before: 1.5,
        });
    }
    flow(&mut ops, &items, cx, 236.0, 134.0, 68.0);

    // Signature block, bottom right.
    let (sign_cx, sign_w) = (212.0, 112.0);
    let date = printable(&faces.italic, &place_date_line(&certificate.place_date));
    text_centered(&mut ops, &faces.italic, &date, fit_size(&faces.italic, &date, 14.0, sign_w), sign_cx, 61.0, BLACK);
    let mut y = 54.5;
    let signature = &certificate.signature;
    let positions = signature.authority.iter().chain(std::iter::once(&signature.title));
    for position in positions.map(|p| text(p).to_uppercase()).filter(|p| !p.is_empty()) {
        let position = printable(&faces.bold, &position);
        text_centered(
            &mut ops,
            &faces.bold,
            &position,
            fit_size(&faces.bold, &position, 13.0, sign_w),
            sign_cx,
            y,
            BLACK,
        );
        y -= 6.0;
    }
    let name = printable(&faces.bold, &text(&signature.name));
    text_centered(&mut ops, &faces.bold, &name, fit_size(&faces.bold, &name, 15.0, sign_w), sign_cx, 22.0, BLACK);

    // QR code, bottom left, with the code for people who type it.
    let (qr_x, qr_y) = (22.0, 22.0);
    qr_ops(&mut ops, qr, qr_x, qr_y);
    let qr_cx = qr_x + QR_SIDE_MM / 2.0;
    let code = printable(&faces.regular, &format!("Mã xác thực: {}", text(&certificate.verify_code)));
    text_centered(&mut ops, &faces.regular, &code, fit_size(&faces.regular, &code, 9.0, 58.0), qr_cx, 18.0, BLACK);
    let hint = "Quét mã để kiểm tra giấy chứng nhận";
    text_centered(&mut ops, &faces.italic, hint, fit_size(&faces.italic, hint, 8.5, 58.0), qr_cx, 14.2, BLACK);
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_for_a_verification_url_is_a_sane_symbol() {
        let url = "https://thi.thixaquangtri.gov.vn/?verify=7K3M9PQ2XW4TR8ZD";
        let qr = verification_qr(url).expect("a verification URL fits");
        let version = (qr.width() - 17) / 4;
        assert_eq!(qr.width(), 17 + 4 * version, "a QR symbol is 17 + 4 × version modules wide");
        assert!((2..=5).contains(&version), "{url} needs version {version}");
        // The three finder patterns: a dark 7×7 ring around a light ring
        // around a dark 3×3 centre, at the top left, top right, bottom left.
        let n = qr.width();
        for (ox, oy) in [(0, 0), (n - 7, 0), (0, n - 7)] {
            for dy in 0..7 {
                for dx in 0..7 {
                    let ring = dx == 0 || dy == 0 || dx == 6 || dy == 6;
                    let centre = (2..=4).contains(&dx) && (2..=4).contains(&dy);
                    assert_eq!(qr.is_dark(ox + dx, oy + dy), ring || centre, "finder at ({ox}, {oy}) + ({dx}, {dy})");
                }
            }
        }
        // The symbol is printed at least 25 mm wide.
        let symbol_mm = QR_SIDE_MM * n as f32 / (n + 2 * QUIET_ZONE) as f32;
        assert!(symbol_mm >= 25.0, "{symbol_mm} mm");
    }

    #[test]
    fn over_long_urls_are_refused_and_the_largest_symbol_is_still_printed_large_enough() {
        let long = format!("https://thi.example.vn/?verify={}", "A".repeat(400));
        assert_eq!(verification_qr(&long), None);
        let smallest_module = QR_SIDE_MM / (QR_MAX_MODULES + 2 * QUIET_ZONE) as f32;
        assert!(smallest_module >= 0.5, "{smallest_module} mm modules");
        assert!(QR_SIDE_MM * QR_MAX_MODULES as f32 / (QR_MAX_MODULES + 8) as f32 >= 25.0);
    }

    /// A drawn line of text: font, size (pt), left end and baseline (mm).
    struct Drawn {
        face: usize,
        size: f32,
        x: f32,
        y: f32,
        text: String,
    }

    /// Replays the text operations of a page: where each line starts, in
    /// which face and size.
    fn drawn(ops: &[Op], faces: &Faces) -> Vec<Drawn> {
        let handles = [&faces.regular.handle, &faces.bold.handle, &faces.italic.handle];
        let (mut face, mut size, mut x, mut y) = (usize::MAX, 0.0, 0.0, 0.0);
        let mut out = Vec::new();
        for op in ops {
            match op {
                Op::SetFont { font, size: Pt(pt) } => {
                    face = handles.iter().position(|h| *h == font).expect("one of the three faces");
                    size = *pt;
                }
                Op::SetTextCursor { pos } => (x, y) = (pos.x.0 * PT, pos.y.0 * PT),
                Op::ShowText { items } => {
                    for item in items {
                        if let TextItem::Text(text) = item {
                            out.push(Drawn { face, size, x, y, text: text.clone() });
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn test_faces() -> Faces {
        let mut doc = PdfDocument::new("t");
        Faces {
            regular: Styled::load(&mut doc, SERIF_REGULAR, "regular").unwrap(),
            bold: Styled::load(&mut doc, SERIF_BOLD, "bold").unwrap(),
            italic: Styled::load(&mut doc, SERIF_ITALIC, "italic").unwrap(),
        }
    }

    fn certificate(recipient: &str, contest_title: &str) -> Certificate {
        Certificate {
            issuing_header: IssuingHeader {
                parent_body: String::new(),
                body: "ỦY BAN NHÂN DÂN\nTHỊ XÃ QUẢNG TRỊ".into(),
            },
            contest_title: contest_title.into(),
            recipient: recipient.into(),
            organization: "Trung tâm Văn hóa Thông tin – Thể dục Thể thao thị xã".into(),
            award: "GIẢI NHẤT – TUẦN THI THỨ NHẤT".into(),
            detail: "Trả lời đúng 20/20 câu hỏi, thời gian làm bài 6 phút 42,3 giây".into(),
            place_date: PlaceDate::blank("Quảng Trị", 2022),
            signature: Signature {
                authority: Some("KT. CHỦ TỊCH".into()),
                title: "PHÓ CHỦ TỊCH".into(),
                name: "Lê Quang Hưng".into(),
            },
            verify_url: "https://cuocthi.example.vn/?verify=7K3M9PQ2XW4TR8ZD".into(),
            verify_code: "7K3M-9PQ2-XW4T-R8ZD".into(),
        }
    }

    #[test]
    fn long_names_and_titles_stay_inside_the_frame_and_above_the_signature() {
        let faces = test_faces();
        let name = "Tôn Nữ Hoàng Thị Phương Thảo Nguyễn Ngọc Bảo Trâm Lê Minh An"; // 60 characters
        assert_eq!(name.chars().count(), 60);
        let title = "Cuộc thi trắc nghiệm trực tuyến “Tìm hiểu cải cách hành chính, chuyển đổi số và \
                     Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030” dành cho cán bộ, \
                     công chức, viên chức thị xã năm 2022";
        assert!(title.chars().count() >= 200, "{}", title.chars().count());
        let cert = certificate(name, title);
        let qr = verification_qr(&cert.verify_url).unwrap();
        let lines = drawn(&page_ops(&faces, &cert, &qr), &faces);
        let styled = [&faces.regular, &faces.bold, &faces.italic];
        // Inside the thin inner frame (11.5 mm from the edges) with a margin.
        for line in &lines {
            let width = styled[line.face].width_mm(&line.text, line.size);
            assert!(
                line.x >= 13.0 && line.x + width <= PAGE_W - 13.0,
                "{:?} spans {:.1}..{:.1} mm",
                line.text,
                line.x,
                line.x + width
            );
            assert!(line.y >= 13.0 && line.y + line.size * PT <= PAGE_H - 13.0, "{:?} at {:.1} mm", line.text, line.y);
        }
        // Nothing of the name or the title is cut, and both lie above the
        // date line and the QR code.
        let words_of = |text: &str| text.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        for expected in [name, title] {
            let first = words_of(expected)[0].clone();
            let start = lines.iter().position(|l| l.text.starts_with(&first)).expect("drawn");
            let mut drawn_words = Vec::new();
            for line in &lines[start..] {
                if drawn_words.len() >= words_of(expected).len() {
                    break;
                }
                assert!(line.y > 64.0, "{:?} at {:.1} mm runs into the signature block", line.text, line.y);
                drawn_words.extend(words_of(&line.text));
            }
            assert_eq!(drawn_words, words_of(expected));
        }
        // The name wrapped or shrank rather than run off the page.
        let name_lines: Vec<_> = lines.iter().filter(|l| name.contains(l.text.as_str()) && l.face == 1).collect();
        assert!(!name_lines.is_empty());
        assert!(name_lines.len() > 1 || name_lines[0].size < 26.0);
    }

    #[test]
    fn decomposed_names_are_drawn_composed() {
        let faces = test_faces();
        let cert = certificate("Nguye\u{0302}\u{0303}n Thi\u{0323} A\u{0301}nh Tuye\u{0302}\u{0301}t", "Cuộc thi");
        let qr = verification_qr(&cert.verify_url).unwrap();
        let lines = drawn(&page_ops(&faces, &cert, &qr), &faces);
        assert!(lines.iter().any(|l| l.text == "Nguyễn Thị Ánh Tuyết"));
        assert!(lines.iter().all(|l| !l.text.chars().any(|c| ('\u{0300}'..='\u{036F}').contains(&c))));
    }

    #[test]
    fn wrapping_keeps_every_line_within_the_width() {
        let faces = test_faces();
        let styled = &faces.bold;
        let title =
            "Cuộc thi trắc nghiệm trực tuyến “Tìm hiểu cải cách hành chính” thị xã Quảng Trị năm 2022 ".repeat(3);
        let lines = wrap(styled, &title, 15.0, 120.0);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| styled.width_mm(l, 15.0) <= 120.0));
        assert_eq!(lines.join(" "), title.trim(), "no word is lost");
        let word = "Nguyễn".repeat(30);
        let broken = wrap(styled, &word, 26.0, 100.0);
        assert!(broken.len() > 1 && broken.iter().all(|l| styled.width_mm(l, 26.0) <= 100.0));
        assert_eq!(broken.concat(), word);
        let cut = truncate(styled, broken, 26.0, 100.0, 1);
        assert_eq!(cut.len(), 1);
        assert!(cut[0].ends_with('…') && styled.width_mm(&cut[0], 26.0) <= 100.0);
    }
}
