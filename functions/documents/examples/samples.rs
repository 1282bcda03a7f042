//! Writes the sample documents (three .docx and the certificates PDF) into
//! a directory: `cargo run -p contest-documents --example samples -- OUTDIR`.
//! scripts/render-documents.sh turns them into the PNGs in docs/screenshots.
//!
//! With a count after the directory (`-- OUTDIR 500`), also renders that
//! many certificates into one PDF and reports its size and the time taken:
//! how a batch of every finisher of a round would fare in one call.

use std::path::PathBuf;
use std::time::Instant;

use contest_documents::{award_decision, final_report, render_certificates_pdf, render_docx, samples, weekly_notice};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::args().nth(1).ok_or("usage: samples OUTDIR")?);
    std::fs::create_dir_all(&out)?;
    let documents = [
        ("van-ban-thong-bao.docx", weekly_notice(&samples::weekly_notice_data())),
        ("van-ban-bao-cao.docx", final_report(&samples::final_report_data())),
        ("van-ban-quyet-dinh.docx", award_decision(&samples::award_decision_data())),
    ];
    for (name, document) in documents {
        let started = Instant::now();
        let bytes = render_docx(&document)?;
        std::fs::write(out.join(name), &bytes)?;
        eprintln!("{name}: {} bytes in {:.1?}", bytes.len(), started.elapsed());
    }
    let certificates = samples::winner_certificates();
    let started = Instant::now();
    let pdf = render_certificates_pdf(&certificates)?;
    std::fs::write(out.join("giay-chung-nhan.pdf"), &pdf)?;
    eprintln!(
        "giay-chung-nhan.pdf: {} certificates, {} bytes in {:.1?}",
        certificates.len(),
        pdf.len(),
        started.elapsed()
    );

    if let Some(count) = std::env::args().nth(2) {
        let count: usize = count.parse()?;
        let batch: Vec<_> = certificates.iter().cycle().take(count).cloned().collect();
        let started = Instant::now();
        let pdf = render_certificates_pdf(&batch)?;
        let elapsed = started.elapsed();
        let name = format!("giay-chung-nhan-{count}.pdf");
        std::fs::write(out.join(&name), &pdf)?;
        eprintln!(
            "{name}: {count} certificates, {} bytes ({} bytes each) in {elapsed:.2?}",
            pdf.len(),
            pdf.len() / count.max(1)
        );
    }
    Ok(())
}
