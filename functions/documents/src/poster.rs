//! A printable A4 poster for ward offices and notice boards: the contest's
//! title and dates, and a large QR code of its link (a unit's variant
//! preselects the unit in the registration form).

use printpdf::{Mm, Op, PdfDocument, PdfPage, PdfSaveOptions};

use crate::certificate::{
    fit_size, flow, qr_ops_sized, rule, stroke_rect, text_centered, verification_qr, Faces, FlowItem, Styled, BLACK,
    DARK_RED,
};
use crate::fonts::{SERIF_BOLD, SERIF_ITALIC, SERIF_REGULAR};
use crate::model::IssuingHeader;
use crate::text::clean;
use crate::DocumentError;

const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
/// Read by a phone held at arm's length from a notice board.
pub const POSTER_QR_SIDE_MM: f32 = 100.0;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Poster {
    pub header: IssuingHeader,
    pub title: String,
    /// "Từ 08:00 ngày 17/10/2022 đến 17:00 ngày 13/11/2022".
    pub period: String,
    /// A unit's variant: "Dành cho cán bộ, công chức UBND Phường 1".
    pub unit: Option<String>,
    /// Where the QR code leads; printed under it too.
    pub url: String,
    /// "Hotline: …" (may be empty).
    pub contact: String,
}

pub fn render_poster_pdf(poster: &Poster) -> Result<Vec<u8>, DocumentError> {
    let url = poster.url.trim();
    let qr = verification_qr(url)
        .ok_or(DocumentError::VerifyUrlTooLong { recipient: clean(&poster.title), length: url.len() })?;
    let mut doc = PdfDocument::new(&clean(&poster.title));
    doc.metadata.info.creator = "contest-documents".into();
    let faces = Faces {
        regular: Styled::load(&mut doc, SERIF_REGULAR, "Liberation Serif")?,
        bold: Styled::load(&mut doc, SERIF_BOLD, "Liberation Serif Bold")?,
        italic: Styled::load(&mut doc, SERIF_ITALIC, "Liberation Serif Italic")?,
    };
    let mut ops: Vec<Op> = Vec::new();
    ops.push(Op::SaveGraphicsState);
    stroke_rect(&mut ops, 10.0, 10.0, PAGE_W - 20.0, PAGE_H - 20.0, 2.4, DARK_RED);
    stroke_rect(&mut ops, 13.0, 13.0, PAGE_W - 26.0, PAGE_H - 26.0, 0.8, DARK_RED);
    ops.push(Op::RestoreGraphicsState);

    let cx = PAGE_W / 2.0;
    let width = PAGE_W - 40.0;
    let mut y = PAGE_H - 28.0;
    for (text, styled, size) in [
        (clean(&poster.header.parent_body).to_uppercase(), &faces.regular, 12.0),
        (clean(&poster.header.body).to_uppercase(), &faces.bold, 12.0),
    ] {
        if text.is_empty() {
            continue;
        }
        let fitted = fit_size(styled, &text, size, width);
        text_centered(&mut ops, styled, &text, fitted, cx, y, BLACK);
        y -= 6.0;
    }
    rule(&mut ops, cx - 25.0, cx + 25.0, y + 3.0, 0.6);

    // The QR's square, above the link and the contact line.
    let qr_y = 52.0;
    let items = [
        FlowItem {
            styled: &faces.bold,
            text: "CUỘC THI TRỰC TUYẾN".into(),
            size: 20.0,
            color: DARK_RED,
            max_lines: 1,
            gap_before: 0.0,
        },
        FlowItem {
            styled: &faces.bold,
            text: clean(&poster.title).to_uppercase(),
            size: 24.0,
            color: DARK_RED,
            max_lines: 4,
            gap_before: 3.0,
        },
        FlowItem {
            styled: &faces.italic,
            text: clean(&poster.period),
            size: 14.0,
            color: BLACK,
            max_lines: 2,
            gap_before: 4.0,
        },
        FlowItem {
            styled: &faces.bold,
            text: poster.unit.as_deref().map(clean).unwrap_or_default(),
            size: 15.0,
            color: BLACK,
            max_lines: 2,
            gap_before: 3.0,
        },
    ];
    let items: Vec<FlowItem> = items.into_iter().filter(|item| !item.text.is_empty()).collect();
    flow(&mut ops, &items, cx, width, y - 2.0, qr_y + POSTER_QR_SIDE_MM + 12.0);
    text_centered(
        &mut ops,
        &faces.bold,
        "Quét mã QR bằng điện thoại để đăng ký và dự thi",
        fit_size(&faces.bold, "Quét mã QR bằng điện thoại để đăng ký và dự thi", 15.0, width),
        cx,
        qr_y + POSTER_QR_SIDE_MM + 5.0,
        BLACK,
    );
    qr_ops_sized(&mut ops, &qr, cx - POSTER_QR_SIDE_MM / 2.0, qr_y, POSTER_QR_SIDE_MM);
    let link_size = fit_size(&faces.regular, url, 12.0, width);
    text_centered(&mut ops, &faces.regular, url, link_size, cx, qr_y - 8.0, BLACK);
    let contact = clean(&poster.contact);
    if !contact.is_empty() {
        text_centered(
            &mut ops,
            &faces.italic,
            &contact,
            fit_size(&faces.italic, &contact, 12.0, width),
            cx,
            qr_y - 16.0,
            BLACK,
        );
    }
    let page = PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), ops);
    let options = PdfSaveOptions { subset_fonts: true, optimize: true, ..Default::default() };
    Ok(doc.with_pages(vec![page]).save(&options, &mut Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_poster_is_one_a4_page_with_its_texts() {
        let poster = Poster {
            header: IssuingHeader {
                parent_body: "UBND thị xã Quảng Trị".into(), body: "Ban Tổ chức Cuộc thi".into()
            },
            title: "Tìm hiểu cải cách hành chính năm 2022".into(),
            period: "Từ 08:00 ngày 17/10/2022 đến 17:00 ngày 06/11/2022".into(),
            unit: Some("Dành cho cán bộ, công chức UBND Phường 1".into()),
            url: "https://cuocthi.quangtri.gov.vn/?contest=cchc-2022&don-vi=phuong-1".into(),
            contact: "Hotline: 0233 3 861 xxx".into(),
        };
        let pdf = render_poster_pdf(&poster).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        let document = lopdf::Document::load_mem(&pdf).unwrap();
        let pages = document.get_pages();
        assert_eq!(pages.len(), 1);
        let page = document.get_dictionary(pages[&1]).unwrap();
        let media_box: Vec<f32> =
            page.get(b"MediaBox").unwrap().as_array().unwrap().iter().map(|v| v.as_float().unwrap()).collect();
        let points = |mm: f32| mm / 25.4 * 72.0;
        assert!(
            (media_box[2] - points(PAGE_W)).abs() < 1.0 && (media_box[3] - points(PAGE_H)).abs() < 1.0,
            "A4 portrait"
        );
        let text: String = document.extract_text(&[1]).unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
        for needle in
            ["CUỘC THI TRỰC TUYẾN", "Dành cho cán bộ, công chức UBND Phường 1", "Quét mã QR", "don-vi=phuong-1"]
        {
            assert!(text.contains(needle), "{needle} missing: {text}");
        }
    }

    #[test]
    fn a_link_too_long_for_a_readable_code_is_refused() {
        let poster = Poster {
            header: IssuingHeader::default(),
            title: "Cuộc thi".into(),
            period: String::new(),
            unit: None,
            url: format!("https://example.vn/?{}", "x".repeat(2000)),
            contact: String::new(),
        };
        assert!(render_poster_pdf(&poster).is_err());
    }
}
