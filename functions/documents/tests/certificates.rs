//! Certificates without external tools: the PDF's structure (one landscape
//! A4 page per certificate, the fonts embedded, the text extractable) and
//! the limits of a call.

use contest_documents::{
    render_certificates_pdf, samples, verification_qr, DocumentError, CERTIFICATE_PAGE_MM, MAX_CERTIFICATES,
};

fn load(bytes: &[u8]) -> lopdf::Document {
    lopdf::Document::load_mem(bytes).expect("a PDF lopdf can read")
}

#[test]
fn one_landscape_a4_page_per_certificate() {
    let certificates = samples::winner_certificates();
    let bytes = render_certificates_pdf(&certificates).expect("renders");
    assert!(bytes.starts_with(b"%PDF-"), "a PDF header");
    assert!(bytes.trim_ascii_end().ends_with(b"%%EOF"), "a PDF trailer");
    let pdf = load(&bytes);
    let pages = pdf.get_pages();
    assert_eq!(pages.len(), certificates.len());
    let points = |mm: f32| mm / 25.4 * 72.0;
    for (number, id) in pages {
        let page = pdf.get_dictionary(id).unwrap();
        let media_box: Vec<f32> =
            page.get(b"MediaBox").unwrap().as_array().unwrap().iter().map(|v| v.as_float().unwrap()).collect();
        let (width, height) = (media_box[2] - media_box[0], media_box[3] - media_box[1]);
        assert!((width - points(CERTIFICATE_PAGE_MM.0)).abs() < 1.0, "page {number}: width {width} pt");
        assert!((height - points(CERTIFICATE_PAGE_MM.1)).abs() < 1.0, "page {number}: height {height} pt");
        assert!(width > height, "landscape");
    }
}

#[test]
fn the_text_of_each_page_names_its_recipient() {
    let mut certificates = samples::winner_certificates();
    certificates.truncate(2);
    // The second name arrives decomposed, as some phones type it.
    certificates[1].recipient = "Tra\u{0302}\u{0300}n Quo\u{0302}\u{0301}c Huy".into();
    let pdf = load(&render_certificates_pdf(&certificates).expect("renders"));
    for (page, expected) in [(1, "Nguyễn Thị Ánh Tuyết"), (2, "Trần Quốc Huy")] {
        let text = pdf.extract_text(&[page]).expect("extractable text");
        let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains(expected), "page {page}: {text}");
        assert!(text.contains("GIẤY CHỨNG NHẬN"), "page {page}: {text}");
        let code = &certificates[page as usize - 1].verify_code;
        assert!(text.contains(&format!("Mã xác thực: {code}")), "page {page}: {text}");
    }
}

#[test]
fn every_sample_url_fits_a_small_qr_symbol() {
    for certificate in samples::winner_certificates() {
        let qr = verification_qr(&certificate.verify_url).expect("fits");
        assert!(qr.width() <= 33, "{} needs {} modules", certificate.verify_url, qr.width());
    }
}

#[test]
fn empty_and_oversized_batches_and_unprintable_urls_are_refused() {
    assert!(matches!(render_certificates_pdf(&[]), Err(DocumentError::NoCertificates)));
    let one = samples::winner_certificates().remove(0);
    let too_many = vec![one.clone(); MAX_CERTIFICATES + 1];
    match render_certificates_pdf(&too_many) {
        Err(DocumentError::TooManyCertificates { requested, max }) => {
            assert_eq!((requested, max), (MAX_CERTIFICATES + 1, MAX_CERTIFICATES))
        }
        other => panic!("{:?}", other.map(|b| b.len())),
    }
    let mut long = one;
    long.verify_url = format!("https://cuocthi.example.vn/?verify={}", "7K3M".repeat(100));
    match render_certificates_pdf(&[long.clone()]) {
        Err(error @ DocumentError::VerifyUrlTooLong { .. }) => assert!(error.to_string().contains(&long.recipient)),
        other => panic!("{:?}", other.map(|b| b.len())),
    }
}

/// With `subset-fonts` (the default) each face carries only the glyphs the
/// pages use: a PDF of a round's winners stays far smaller than one whole
/// face. printpdf silently embeds whole faces when its `text_layout`
/// feature is missing; this catches that.
#[test]
#[cfg(feature = "subset-fonts")]
fn embedded_fonts_are_subsets() {
    let bytes = render_certificates_pdf(&samples::winner_certificates()).expect("renders");
    let face = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/LiberationSerif-Regular.ttf")).unwrap();
    assert!(bytes.len() < face.len() / 2, "{} bytes for nine pages; one whole face is {}", bytes.len(), face.len());
    let pdf = load(&bytes);
    let mut names = Vec::new();
    for object in pdf.objects.values() {
        if let Ok(dict) = object.as_dict() {
            if dict.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor".as_slice()) {
                names.push(String::from_utf8_lossy(dict.get(b"FontName").unwrap().as_name().unwrap()).into_owned());
            }
        }
    }
    assert_eq!(names.len(), 3, "{names:?}");
    // A subset's name starts with a six-letter tag and "+" (PDF 32000, 9.6.4).
    assert!(names.iter().all(|n| n.len() > 7 && n.as_bytes()[6] == b'+' && n.contains("LiberationSerif")), "{names:?}");
}
