//! Writes the sample documents (three .docx) into a directory:
//! `cargo run -p contest-documents --example samples -- OUTDIR`.

use std::path::PathBuf;
use std::time::Instant;

use contest_documents::{award_decision, final_report, render_docx, samples, weekly_notice};

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
    Ok(())
}
