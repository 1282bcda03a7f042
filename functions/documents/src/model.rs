//! The shape of an administrative document as Decree 30/2020/NĐ-CP lays it
//! out (Phụ lục I): header, number, place and date, kind, subject, body,
//! recipients, signature and annexes. Renderers turn it into bytes; builders
//! fill it from the contest's results. Plain data, so the committee's own
//! texts (bases, evaluations) can be put in without touching the renderer.

use chrono::NaiveDate;

/// A document ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct AdministrativeDocument {
    pub header: IssuingHeader,
    /// The number and code after "Số: ", e.g. "…/TB-BTC". The clerk writes
    /// the number when the document is registered, so drafts keep a blank.
    pub number: String,
    pub place_date: PlaceDate,
    /// The document kind, upper case: "THÔNG BÁO", "BÁO CÁO", "QUYẾT ĐỊNH".
    pub kind: String,
    /// The summary line under the kind ("Kết quả Tuần thi thứ nhất …").
    pub subject: String,
    pub body: Vec<Block>,
    /// Who receives the document, without the leading "- " and the ending
    /// ";": the renderer punctuates. "Lưu: VT, …" is added when missing.
    pub recipients: Vec<String>,
    pub signature: Signature,
    pub annexes: Vec<Annex>,
    /// A draft awaiting signature: marked "DỰ THẢO" at the top right.
    pub draft: bool,
}

/// The issuing body, top left. A line break (`\n`) in a name keeps a long
/// name on the lines the organizers chose ("ỦY BAN NHÂN DÂN\nTHỊ XÃ QUẢNG TRỊ").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IssuingHeader {
    /// The managing body, e.g. "UBND THỊ XÃ QUẢNG TRỊ"; empty when the
    /// issuing body has none to show.
    pub parent_body: String,
    /// The issuing body, e.g. "BAN TỔ CHỨC CUỘC THI".
    pub body: String,
}

/// "Quảng Trị, ngày 14 tháng 11 năm 2022", or with blanks for the day and
/// month when the date is only known at signing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceDate {
    pub place: String,
    pub date: Option<NaiveDate>,
    /// The year printed when `date` is None (a signing date is left blank,
    /// the year is not).
    pub year: i32,
}

impl PlaceDate {
    pub fn on(place: impl Into<String>, date: NaiveDate) -> Self {
        use chrono::Datelike;
        PlaceDate { place: place.into(), date: Some(date), year: date.year() }
    }

    pub fn blank(place: impl Into<String>, year: i32) -> Self {
        PlaceDate { place: place.into(), date: None, year }
    }
}

/// The signature block, bottom right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Signing on behalf of someone: "TM. BAN TỔ CHỨC", "KT. CHỦ TỊCH".
    pub authority: Option<String>,
    /// The signer's position: "TRƯỞNG BAN", "PHÓ CHỦ TỊCH".
    pub title: String,
    pub name: String,
}

/// A piece of the body, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section title, bold: "I. KẾT QUẢ THAM GIA".
    Heading(String),
    /// Running text: justified, first line indented.
    Paragraph(String),
    /// A legal basis or a proposal ("Căn cứ …;", "Theo đề nghị của …"):
    /// like a paragraph, in italics as the decree asks.
    Basis(String),
    /// A bold centred line: the issuing authority of a decision and its
    /// "QUYẾT ĐỊNH:".
    Centered(String),
    /// An article of a decision: "Điều N." in bold, then the text.
    Article {
        number: u32,
        text: String,
    },
    /// Items shown as "- item", one paragraph each.
    Bullets(Vec<String>),
    Table(Table),
}

/// A bordered table with a bold header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// A bold centred line above the table.
    pub caption: Option<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Relative column widths (empty: equal widths). The table fills the
    /// text width.
    pub widths: Vec<u32>,
    /// A bold last row, e.g. ["Tổng cộng", "1.500.000"]. With fewer cells
    /// than columns, its first cell spans the missing ones.
    pub total_row: Option<Vec<String>>,
}

/// An annex on its own page after the signature.
#[derive(Debug, Clone, PartialEq)]
pub struct Annex {
    /// Bold, upper case, centred: "PHỤ LỤC", "DANH SÁCH …".
    pub title: String,
    /// Italic, centred, under the title: "(Kèm theo Quyết định số …)".
    pub subtitle: String,
    pub body: Vec<Block>,
}
