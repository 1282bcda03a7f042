//! The organizing committee's paperwork, generated from the contest's
//! results: the weekly results notice, the final report and the draft award
//! decision as Word documents in the layout of Decree 30/2020/NĐ-CP (the
//! committee edits, signs and registers them), and the certificates as one
//! PDF with a QR code that leads to the verification page.
//!
//! Pure: plain data in, bytes out. No AWS, no clock, no file system; the
//! fonts are compiled in.

mod builders;
mod certificate;
mod docx;
mod fonts;
pub mod format;
mod model;
mod og_image;
mod poster;
pub mod samples;
mod text;

pub use builders::{
    award_decision, final_report, weekly_notice, AwardDecisionData, CollectiveAward, CollectiveResult, FinalReportData,
    IndividualAward, RoundSummary, ScoreBand, UnitParticipation, WeeklyNoticeData, Winner,
};
pub use certificate::{
    render_certificates_pdf, verification_qr, Certificate, QrMatrix, CERTIFICATE_PAGE_MM, MAX_CERTIFICATES,
    QR_MAX_MODULES, QR_SIDE_MM,
};
pub use docx::{render_docx, FONT_NAME, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, PAGE_HEIGHT, PAGE_WIDTH};
pub use model::{AdministrativeDocument, Annex, Block, IssuingHeader, PlaceDate, Signature, Table};
pub use og_image::{render_og_image, OG_IMAGE_HEIGHT, OG_IMAGE_WIDTH};
pub use poster::{render_poster_pdf, Poster, POSTER_QR_SIDE_MM};

/// Why a document could not be produced. Messages are Vietnamese: they
/// reach the committee's screen.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("Bảng «{table}» không đúng cấu trúc: {detail}.")]
    TableShape { table: String, detail: String },
    #[error("Không ghi được tệp Word: {0}")]
    Docx(String),
    #[error("Không đọc được phông chữ {0} đi kèm.")]
    Font(&'static str),
    #[error("Không có giấy chứng nhận nào để in.")]
    NoCertificates,
    #[error("Mỗi lần chỉ in được tối đa {max} giấy chứng nhận (yêu cầu {requested}); hãy chia thành nhiều đợt.")]
    TooManyCertificates { requested: usize, max: usize },
    #[error(
        "Đường dẫn xác thực của giấy chứng nhận cho «{recipient}» quá dài để in thành mã QR đọc được ({length} byte)."
    )]
    VerifyUrlTooLong { recipient: String, length: usize },
    #[error("Không tạo được ảnh PNG: {0}")]
    Image(String),
}
