//! The documents as people will see them: the .docx opened by LibreOffice
//! and printed to PDF, the certificates rasterised and their QR codes read
//! back with a barcode scanner. These need LibreOffice (Debian
//! `libreoffice-writer-nogui`), poppler (`poppler-utils`) and zbar
//! (`zbar-tools`), so they are ignored by default:
//!
//! ```sh
//! cargo test -p contest-documents -- --ignored
//! ```
//!
//! Outputs (PDF, PNG) are kept under target/tmp/render-* for a look.

use std::path::{Path, PathBuf};
use std::process::Command;

use contest_documents::{
    award_decision, final_report, render_certificates_pdf, render_docx, samples, weekly_notice, Certificate,
};

fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("render-{name}"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs a tool, failing with what to install when it is missing.
fn run(program: &str, args: &[&str]) -> String {
    let package = match program {
        "soffice" => "libreoffice-writer-nogui",
        "zbarimg" => "zbar-tools",
        _ => "poppler-utils",
    };
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} ({e}): install the Debian package {package}"));
    assert!(output.status.success(), "{program} {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A4 in points, within a point.
fn page_size(pdf: &Path) -> (f64, f64) {
    let info = run("pdfinfo", &[pdf.to_str().unwrap()]);
    let line = info.lines().find(|l| l.starts_with("Page size:")).expect("a page size");
    let numbers: Vec<f64> = line.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    (numbers[0], numbers[1])
}

#[test]
#[ignore = "needs LibreOffice, poppler-utils and zbar-tools; run with -- --ignored"]
fn documents_open_in_libreoffice_as_a4_with_their_text() {
    let dir = out_dir("docx");
    let notice = samples::weekly_notice_data();
    let report = samples::final_report_data();
    let decision = samples::award_decision_data();
    let documents = [
        ("van-ban-thong-bao", weekly_notice(&notice)),
        ("van-ban-bao-cao", final_report(&report)),
        ("van-ban-quyet-dinh", award_decision(&decision)),
    ];
    let mut files = Vec::new();
    for (name, document) in &documents {
        let path = dir.join(format!("{name}.docx"));
        std::fs::write(&path, render_docx(document).unwrap()).unwrap();
        files.push(path.to_str().unwrap().to_owned());
    }
    // Its own profile, so a LibreOffice already running elsewhere does not
    // take the conversion over (or lock it).
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let outdir = dir.to_str().unwrap().to_owned();
    let mut args = vec![profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir", outdir.as_str()];
    args.extend(files.iter().map(String::as_str));
    run("soffice", &args);

    for (name, document) in &documents {
        let pdf = dir.join(format!("{name}.pdf"));
        let (width, height) = page_size(&pdf);
        assert!((width - 595.3).abs() < 1.0 && (height - 841.9).abs() < 1.0, "{name}: {width} x {height} pt");
        // Raw order: a name wrapped in a table cell stays in one piece.
        let text = squeeze(&run("pdftotext", &["-raw", "-enc", "UTF-8", pdf.to_str().unwrap(), "-"]));
        for expected in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            document.kind.as_str(),
            "Nơi nhận:",
            document.signature.name.as_str(),
            document.signature.title.as_str(),
        ] {
            assert!(text.contains(expected), "{name}: no {expected:?} in {text}");
        }
        assert!(text.contains(&squeeze(&document.subject)), "{name}: subject");
        // Page 1 as an image, to look at.
        let prefix = dir.join(name);
        run("pdftoppm", &["-png", "-r", "80", "-f", "1", "-l", "1", pdf.to_str().unwrap(), prefix.to_str().unwrap()]);
    }
    let notice_text = squeeze(&run("pdftotext", &["-raw", dir.join("van-ban-thong-bao.pdf").to_str().unwrap(), "-"]));
    for winner in &notice.winners {
        assert!(notice_text.contains(&winner.name), "notice: {}", winner.name);
    }
    let report_text = squeeze(&run("pdftotext", &["-raw", dir.join("van-ban-bao-cao.pdf").to_str().unwrap(), "-"]));
    for unit in &report.units {
        assert!(report_text.contains(&unit.name), "report: {}", unit.name);
    }
    let decision_pdf = dir.join("van-ban-quyet-dinh.pdf");
    let pages: usize = run("pdfinfo", &[decision_pdf.to_str().unwrap()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .unwrap();
    let last_page = pages.to_string();
    let annex =
        squeeze(&run("pdftotext", &["-raw", "-f", &last_page, "-l", &last_page, decision_pdf.to_str().unwrap(), "-"]));
    assert!(annex.contains("DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"), "the annex is on the last page: {annex}");
    for person in &decision.individuals {
        assert!(annex.contains(&person.name), "annex: {}", person.name);
    }
}

/// Rasterises every page and reads its QR code.
fn decoded_qr_codes(pdf: &Path, dir: &Path) -> Vec<String> {
    let prefix = dir.join("page");
    run("pdftoppm", &["-png", "-r", "150", pdf.to_str().unwrap(), prefix.to_str().unwrap()]);
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_str().unwrap().starts_with("page-"))
        .collect();
    pages.sort();
    pages.iter().map(|page| run("zbarimg", &["-q", "--raw", page.to_str().unwrap()]).trim().to_owned()).collect()
}

fn write_pdf(dir: &Path, certificates: &[Certificate]) -> PathBuf {
    for entry in std::fs::read_dir(dir).unwrap() {
        let _ = std::fs::remove_file(entry.unwrap().path());
    }
    let path = dir.join("giay-chung-nhan.pdf");
    std::fs::write(&path, render_certificates_pdf(certificates).unwrap()).unwrap();
    path
}

#[test]
#[ignore = "needs LibreOffice, poppler-utils and zbar-tools; run with -- --ignored"]
fn certificate_qr_codes_scan_to_their_urls_and_names_keep_their_diacritics() {
    let dir = out_dir("certificates");
    let mut certificates = samples::winner_certificates();
    certificates.truncate(2);
    // Typed on a phone that decomposes accents.
    certificates[1].recipient = "Tra\u{0302}\u{0300}n Quo\u{0302}\u{0301}c Huy".into();
    let pdf = write_pdf(&dir, &certificates);
    let (width, height) = page_size(&pdf);
    assert!((width - 841.9).abs() < 1.0 && (height - 595.3).abs() < 1.0, "A4 landscape: {width} x {height}");

    let decoded = decoded_qr_codes(&pdf, &dir);
    let expected: Vec<&str> = certificates.iter().map(|c| c.verify_url.as_str()).collect();
    assert_eq!(decoded, expected);
    for (page, name) in [(1, "Nguyễn Thị Ánh Tuyết"), (2, "Trần Quốc Huy")] {
        let page = page.to_string();
        let text = squeeze(&run("pdftotext", &["-f", &page, "-l", &page, pdf.to_str().unwrap(), "-"]));
        assert!(text.contains(name), "page {page}: {text}");
        assert!(text.contains("Quét mã để kiểm tra giấy chứng nhận"), "page {page}");
    }
}

#[test]
#[ignore = "needs LibreOffice, poppler-utils and zbar-tools; run with -- --ignored"]
fn a_sixty_character_name_and_a_long_title_stay_on_the_page() {
    let dir = out_dir("long-certificate");
    let mut certificate = samples::winner_certificates().remove(0);
    certificate.recipient = "Tôn Nữ Hoàng Thị Phương Thảo Nguyễn Ngọc Bảo Trâm Lê Minh An".into();
    certificate.contest_title = "Cuộc thi trắc nghiệm trực tuyến “Tìm hiểu cải cách hành chính, chuyển đổi số và \
         Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030” dành cho cán bộ, công chức, \
         viên chức thị xã năm 2022"
        .into();
    assert_eq!(certificate.recipient.chars().count(), 60);
    assert!(certificate.contest_title.chars().count() >= 200);
    let pdf = write_pdf(&dir, std::slice::from_ref(&certificate));
    let (width, height) = page_size(&pdf);

    // Every word's box lies inside the inner frame (11.5 mm from the edges).
    let bbox = run("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let frame = 11.5 / 25.4 * 72.0;
    let mut words = Vec::new();
    for line in bbox.lines().filter(|l| l.trim_start().starts_with("<word ")) {
        let attr = |name: &str| -> f64 {
            let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            line[start..].split('"').next().unwrap().parse().unwrap()
        };
        let word = line.split('>').nth(1).unwrap().split('<').next().unwrap().to_owned();
        let (x0, y0, x1, y1) = (attr("xMin"), attr("yMin"), attr("xMax"), attr("yMax"));
        assert!(x0 > frame && x1 < width - frame && y0 > frame && y1 < height - frame, "{word} at {x0},{y0}-{x1},{y1}");
        words.push(word);
    }
    let text = words.join(" ");
    assert!(text.contains(&certificate.recipient), "{text}");
    assert!(text.contains(&squeeze(&certificate.contest_title)), "{text}");
    assert_eq!(decoded_qr_codes(&pdf, &dir), [certificate.verify_url.as_str()]);
}
