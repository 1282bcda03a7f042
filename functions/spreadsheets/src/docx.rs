//! Question banks written in Microsoft Word (.docx), the way authors write
//! them; `contests/mau-cau-hoi.docx` is a sample.
//!
//! ```text
//! NGÂN HÀNG CÂU HỎI …                      (anything before the first question is ignored)
//! Câu 1. Nghị quyết nào ban hành …?        ("Câu 1:", "Câu 1 -", "Câu hỏi 1." too; any case)
//! (the text may go on over more paragraphs)
//! A. Nghị quyết 30c/NQ-CP                  ("A)", "a." too; up to F)
//! B. Nghị quyết 76/NQ-CP                   (several on one line: "A. …<tab>B. …")
//! Đáp án: B                                ("Đáp án đúng: B", "ĐA: B"; or the answer in bold
//!                                           or underlined, every character of it)
//! Chủ đề: …   Nguồn: …   Tuần thi: Tuần 1, Tuần 2   Xáo trộn phương án: không   (optional)
//! Giải thích: … / Ghi chú: …               (allowed, not imported)
//! ```
//!
//! Each question becomes one [`QuestionRow`] whose `row` is its number as
//! written ("Câu 7" → 7), even when numbers repeat or skip, so that the
//! checks' messages ("7: đáp án: thiếu đáp án") point at «Câu 7»; the
//! organizer's page should label these numbers «Câu», not «Dòng». The
//! domain's `check_rows` does every content check: this module only reads.
//!
//! Choices:
//! * An explicit «Đáp án» line wins over formatting. Without one, the
//!   option whose whole text (its letter aside) is bold or underlined is the
//!   answer; several such options give the answer "A, C", which the checks
//!   reject as naming more than one option; none leaves it empty ("thiếu đáp
//!   án"). Formatting is read from the runs themselves (`w:b`, `w:u`, with
//!   `w:val="0"`/`"false"`/`"none"` meaning off), not from styles.
//! * Word's automatic numbering is read as the text Word shows (see
//!   `numbering`), so «Câu %1:» lists and lettered option lists work like
//!   typed labels.
//! * Tables are read cell by cell, in order: options laid out in a table
//!   ("A. …" | "B. …", or "A." | "Hà Nội") work; a cell's text continues the
//!   row's previous cell the way a line break does.
//! * A paragraph after the options that is neither an option nor a known
//!   line is an error naming it, rather than silently becoming part of an
//!   option; after a line break (or in the next cell) it continues the
//!   option instead. Such layout errors, and two options with the same
//!   letter or two different «Đáp án» lines, are reported for the whole file
//!   ([`ImportError::DocxLayout`]), up to 20 at a time.
//! * Texts and options are stored with whitespace (tabs, line breaks,
//!   non-breaking spaces) collapsed to single spaces, in Unicode NFC: authors'
//!   Vietnamese is often decomposed (NFD), which matching also tolerates.
//! * Not read: images and equations, text boxes' duplicates for old readers
//!   (`mc:Fallback`), hidden text, deleted or moved-away tracked changes,
//!   headers, footers, footnotes and comments. Parts are found by the names
//!   Word, LibreOffice and Google Docs give them (`word/document.xml`, …),
//!   not through the package's relationships.
//!
//! Hostile files are bounded: at most [`MAX_DOCX_BYTES`] in and
//! [`MAX_ENTRIES`] archive entries; `word/document.xml` is decompressed up to
//! [`MAX_DOCUMENT_BYTES`] and `word/styles.xml`/`word/numbering.xml` up to
//! [`MAX_PART_BYTES`] each (beyond that: an error, never a silent cut); the
//! XML is streamed with quick-xml (no tree is built, no DTD or entity is
//! expanded), everything after is linear in its size, and at most
//! [`MAX_ROWS`](crate::import::MAX_ROWS) questions are read.

mod document;
mod numbering;
mod questions;
mod xml;

use contest_domain::import::QuestionRow;
use std::io::{Cursor, Read};
use zip::ZipArchive;

use crate::import::ImportError;

/// The organizer's upload limit (`organizer::MAX_UPLOAD_BYTES`); checked
/// again here so that no caller can hand over more.
pub const MAX_DOCX_BYTES: usize = 4 * 1024 * 1024;
/// A question bank has a dozen parts, a few hundred with many images.
pub const MAX_ENTRIES: usize = 1_000;
/// The document's XML, decompressed: text of a few thousand questions is a
/// few MiB even with Word's verbose markup.
pub const MAX_DOCUMENT_BYTES: u64 = 16 * 1024 * 1024;
/// `word/styles.xml` and `word/numbering.xml`, each.
pub const MAX_PART_BYTES: u64 = 4 * 1024 * 1024;

fn unreadable(reason: impl Into<String>) -> ImportError {
    ImportError::Docx(reason.into())
}

/// Question rows from a Word document, in document order.
pub fn question_rows_from_docx(bytes: &[u8]) -> Result<Vec<QuestionRow>, ImportError> {
    if bytes.len() > MAX_DOCX_BYTES {
        return Err(unreadable(format!("tệp lớn hơn {} MiB", MAX_DOCX_BYTES / (1024 * 1024))));
    }
    // Old .doc files and password-protected documents are not ZIP archives.
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
        unreadable(
            "tệp không phải định dạng .docx. Tệp .doc cũ hoặc có đặt mật khẩu: mở bằng Word rồi «Lưu thành» \
             Word Document (.docx), không đặt mật khẩu",
        )
    })?;
    if archive.len() > MAX_ENTRIES {
        return Err(unreadable(format!(
            "tệp nén có {} thành phần, nhiều hơn mức cho phép ({MAX_ENTRIES})",
            archive.len()
        )));
    }
    let document = read_part(&mut archive, "word/document.xml", MAX_DOCUMENT_BYTES)?
        .ok_or_else(|| unreadable("thiếu phần nội dung word/document.xml; tệp không phải tài liệu Word"))?;
    let mut numbering = numbering::Numbering::default();
    if let Some(styles) = read_part(&mut archive, "word/styles.xml", MAX_PART_BYTES)? {
        numbering.read_styles(&styles).map_err(unreadable)?;
    }
    if let Some(lists) = read_part(&mut archive, "word/numbering.xml", MAX_PART_BYTES)? {
        numbering.read_numbering(&lists).map_err(unreadable)?;
    }
    let mut parser = questions::QuestionParser::default();
    document::read_lines(&document, &mut numbering, |line| parser.push(line))?;
    parser.finish()
}

/// A part's bytes, decompressed up to `limit` (more is an error); None when
/// the archive has no such part.
fn read_part(archive: &mut ZipArchive<Cursor<&[u8]>>, name: &str, limit: u64) -> Result<Option<Vec<u8>>, ImportError> {
    let Some(index) = archive.index_for_name(name) else { return Ok(None) };
    let too_large = || unreadable(format!("phần {name} lớn hơn {} MiB khi giải nén", limit / (1024 * 1024)));
    let file = archive.by_index(index).map_err(|_| unreadable(format!("không mở được phần {name} trong tệp nén")))?;
    // The declared size may lie; `take` is what bounds the work.
    if file.size() > limit {
        return Err(too_large());
    }
    let mut data = Vec::with_capacity(usize::try_from(file.size()).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut data)
        .map_err(|_| unreadable(format!("phần {name} trong tệp nén bị hỏng")))?;
    if data.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(Some(data))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::import::MAX_ROWS;
    use contest_domain::contest::QuestionStatus;
    use contest_domain::import::check_rows;
    use std::io::Write;
    use std::time::{Duration, Instant};
    use unicode_normalization::UnicodeNormalization;
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    /// A ZIP archive of `parts` (name, content), deflated.
    fn archive(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        for (name, content) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(content).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    /// The smallest document Word-like readers accept: `body` is the
    /// paragraphs' XML; `extra` adds parts such as word/numbering.xml.
    pub(crate) fn docx_with(body: &str, extra: &[(&str, &str)]) -> Vec<u8> {
        let content_types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
        let document = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#
        );
        let mut parts: Vec<(&str, &[u8])> =
            vec![("[Content_Types].xml", content_types.as_bytes()), ("word/document.xml", document.as_bytes())];
        parts.extend(extra.iter().map(|(name, content)| (*name, content.as_bytes())));
        archive(&parts)
    }

    fn docx(body: &str) -> Vec<u8> {
        docx_with(body, &[])
    }

    /// A paragraph of runs, each (run properties' XML, text).
    fn runs(runs: &[(&str, &str)]) -> String {
        let runs: String = runs
            .iter()
            .map(|(properties, text)| {
                let text = quick_xml::escape::escape(*text);
                format!(r#"<w:r><w:rPr>{properties}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>"#)
            })
            .collect();
        format!("<w:p>{runs}</w:p>")
    }

    /// Plain paragraphs, one per line of `text`.
    fn paragraphs(text: &str) -> String {
        text.lines().map(|line| runs(&[("", line)])).collect()
    }

    fn rows(body: &str) -> Vec<QuestionRow> {
        question_rows_from_docx(&docx(body)).unwrap()
    }

    fn errors_of(rows: Vec<QuestionRow>) -> Vec<(usize, String)> {
        let (_, errors) = check_rows(rows, &[], QuestionStatus::Approved, &[]);
        errors.into_iter().map(|e| (e.row, e.message)).collect()
    }

    #[test]
    fn the_sample_reads_as_written() {
        let sample = include_bytes!("../../../contests/mau-cau-hoi.docx");
        let rows = question_rows_from_docx(sample).unwrap();
        let nq76 = "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ";
        let nd61 = "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ";
        let nd42 = "Nghị định số 42/2022/NĐ-CP ngày 24/6/2022 của Chính phủ";
        let programme = "Chương trình tổng thể cải cách hành chính";
        let row = |row: usize, text: &str, options: &[&str], answer: &str, topic: &str, source: &str| QuestionRow {
            row,
            text: text.into(),
            options: options.iter().map(|o| o.to_string()).collect(),
            answer: answer.into(),
            topic: topic.into(),
            source: source.into(),
            ..Default::default()
        };
        let expected = vec![
            QuestionRow {
                rounds: vec!["Tuần 1".into()],
                ..row(
                    1,
                    "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030 được ban hành kèm theo văn bản nào?",
                    &["Nghị quyết số 30c/NQ-CP ngày 08/11/2011 của Chính phủ", nq76, nd61, nd42],
                    "B", // bold
                    programme,
                    nq76,
                )
            },
            row(
                2,
                "Theo Nghị quyết số 76/NQ-CP, Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030 gồm bao nhiêu nội dung cải cách?",
                &["4 nội dung", "5 nội dung", "6 nội dung", "7 nội dung"], // two per line
                "C", // underlined
                programme,
                nq76,
            ),
            QuestionRow {
                shuffle_options: "không".into(),
                ..row(
                    3,
                    "Nội dung nào sau đây thuộc Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030?",
                    &["Cải cách chế độ công vụ", "Cải cách tài chính công", "Cả A và B đều đúng", "Cả A và B đều sai"],
                    "C",
                    programme,
                    nq76,
                )
            },
            row(
                4,
                "Nội dung nào sau đây KHÔNG thuộc sáu nội dung cải cách của Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030?",
                &[
                    "Cải cách thể chế",
                    "Cải cách tổ chức bộ máy hành chính nhà nước",
                    "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
                    "Cải cách tư pháp",
                ],
                "D",
                programme,
                nq76,
            ),
            row(
                5,
                "Văn bản nào quy định về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính?",
                &["Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ", nd61, "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ", nd42],
                "B", // «Đáp án: B»
                "Cơ chế một cửa, một cửa liên thông",
                nd61,
            ),
            row(
                6,
                "Chọn cụm từ thích hợp điền vào chỗ trống (…): Theo Nghị định số 61/2018/NĐ-CP của Chính phủ, cơ chế một cửa, một cửa liên thông được thực hiện trong (…) cho tổ chức, cá nhân.",
                &["tuyển dụng công chức", "giải quyết thủ tục hành chính", "xét xử các vụ án hành chính", "lập dự toán ngân sách nhà nước"],
                "B",
                "Cơ chế một cửa, một cửa liên thông",
                nd61,
            ),
            row(
                7,
                "Theo Nghị định số 42/2022/NĐ-CP, dịch vụ công trực tuyến được phân thành những loại nào?",
                &[
                    "Dịch vụ công trực tuyến mức độ 1, 2, 3 và 4",
                    "Dịch vụ công trực tuyến toàn trình và dịch vụ công trực tuyến một phần",
                    "Dịch vụ công trực tuyến cấp tỉnh và dịch vụ công trực tuyến cấp xã",
                    "Dịch vụ công trực tuyến có thu phí và dịch vụ công trực tuyến không thu phí",
                ],
                "B",
                "Dịch vụ công trực tuyến",
                nd42,
            ),
        ];
        assert_eq!(rows.len(), expected.len());
        for (read, expected) in rows.iter().zip(&expected) {
            assert_eq!(read, expected);
        }
        // And the checks take every question, in the contest's round.
        let round: contest_domain::contest::Round = serde_json::from_str(
            r#"{"id":"tuan-1","name":"Tuần 1","opens_at":"2025-01-06T08:00:00+07:00","closes_at":"2025-01-12T20:00:00+07:00"}"#,
        )
        .unwrap();
        let (questions, errors) = check_rows(rows, &[], QuestionStatus::Approved, &[round]);
        assert_eq!((questions.len(), errors), (7, vec![]));
        assert_eq!(questions[0].rounds.iter().map(|r| r.as_str()).collect::<Vec<_>>(), vec!["tuan-1"]);
        assert!(!questions[2].shuffle_options && questions[1].shuffle_options);
        assert_eq!(questions.iter().map(|q| q.answer_index).collect::<Vec<_>>(), vec![1, 2, 2, 3, 1, 1, 1]);
    }

    #[test]
    fn reads_questions_in_dot_and_colon_forms_ignoring_the_title() {
        let body = paragraphs(
            "NGÂN HÀNG CÂU HỎI\nCâu 1 sau đây là ví dụ.\nA. Không phải phương án\n\
             Câu 1. Thủ đô của Việt Nam là\nthành phố nào?\nA. Hà Nội\nB. Huế\nĐáp án: A\n\
             Câu 2: Số tỉnh, thành phố?\na) 34\nb) 63\nĐA: a\nChủ đề: Địa lý\nNguồn: Nghị quyết 202/2025/QH15\n\
             Tuần thi: Tuần 1; tuan-2\nXáo trộn phương án: không\nGiải thích: từ ngày 12/6/2025.\n\
             CÂU 7 - Câu hỏi số bảy?\nA. Có\nB. Không\nĐáp án đúng: B",
        );
        let rows = rows(&body);
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[0],
            QuestionRow {
                row: 1,
                text: "Thủ đô của Việt Nam là thành phố nào?".into(),
                options: vec!["Hà Nội".into(), "Huế".into()],
                answer: "A".into(),
                ..Default::default()
            }
        );
        assert_eq!(
            rows[1],
            QuestionRow {
                row: 2,
                text: "Số tỉnh, thành phố?".into(),
                options: vec!["34".into(), "63".into()],
                answer: "A".into(),
                topic: "Địa lý".into(),
                source: "Nghị quyết 202/2025/QH15".into(),
                rounds: vec!["Tuần 1".into(), "tuan-2".into()],
                shuffle_options: "không".into(),
            }
        );
        assert_eq!((rows[2].row, rows[2].text.as_str(), rows[2].answer.as_str()), (7, "Câu hỏi số bảy?", "B"));
        // A contest without that round: the checks name the question.
        assert_eq!(errors_of(rows), vec![(2, "tuần thi: tuần thi «Tuần 1» không có trong cuộc thi".to_owned())]);
    }

    #[test]
    fn decomposed_vietnamese_reads_as_composed() {
        let body = paragraphs(
            &"Câu 3. Đâu là cơ chế một cửa?\nA. Một cửa liên thông\nB. Hai cửa\nĐáp án: A".nfd().collect::<String>(),
        );
        let rows = rows(&body);
        assert_eq!(rows[0].row, 3);
        assert_eq!(rows[0].text, "Đâu là cơ chế một cửa?");
        assert_eq!(rows[0].options[0], "Một cửa liên thông");
        assert_eq!(rows[0].answer, "A");
        // A letter and its accent in two runs (Word splits runs anywhere).
        let split =
            [runs(&[("", "Ca"), ("", "\u{302}u 8: Hỏi?")]), paragraphs("A. X\nB. Y\nĐa\u{301}p a\u{301}n: B")].concat();
        let rows = question_rows_from_docx(&docx(&split)).unwrap();
        assert_eq!((rows[0].row, rows[0].text.as_str(), rows[0].answer.as_str()), (8, "Hỏi?", "B"));
    }

    #[test]
    fn a_question_without_answer_is_reported_with_its_number() {
        let rows = rows(&paragraphs("Câu 5. Hỏi?\nA. Có\nB. Không\nCâu 6. Hỏi khác?\nA. Có\nB. Không\nĐáp án: B"));
        assert_eq!(rows[0].answer, "");
        assert_eq!(errors_of(rows), vec![(5, "đáp án: thiếu đáp án".to_owned())]);
    }

    #[test]
    fn the_answer_is_the_option_in_bold_or_underlined() {
        let bold = "<w:b/>";
        let underline = r#"<w:u w:val="single"/>"#;
        let body = [
            paragraphs("Câu 1. In đậm?"),
            runs(&[("", "A. Không")]),
            runs(&[("", "B. "), (bold, "Có"), ("", " ")]),
            paragraphs("Câu 2. Gạch chân?"),
            runs(&[(underline, "A. Có")]),
            runs(&[(r#"<w:b w:val="0"/><w:u w:val="none"/>"#, "B. Không")]),
            // Only part of the option in bold: not the answer.
            paragraphs("Câu 3. Một phần?"),
            runs(&[("", "A. Cải cách "), (bold, "thể chế")]),
            runs(&[("", "B. Không")]),
            // An explicit line wins over formatting.
            paragraphs("Câu 4. Cả hai?"),
            runs(&[(bold, "A. Có")]),
            runs(&[("", "B. Không")]),
            paragraphs("Đáp án: B"),
        ]
        .concat();
        let rows = rows(&body);
        let answers: Vec<&str> = rows.iter().map(|r| r.answer.as_str()).collect();
        assert_eq!(answers, vec!["B", "A", "", "B"]);
        assert_eq!(rows[0].options, vec!["Không", "Có"]);
    }

    #[test]
    fn several_marked_options_are_rejected_clearly() {
        let body =
            [paragraphs("Câu 9. Hai đáp án?"), runs(&[("<w:b/>", "A. Có")]), runs(&[("<w:u/>", "B. Không")])].concat();
        let rows = rows(&body);
        assert_eq!(rows[0].answer, "A, B");
        let errors = errors_of(rows);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].0, 9);
        assert!(errors[0].1.contains("nhiều hơn một phương án"), "{errors:?}");
    }

    #[test]
    fn options_may_share_a_line_or_a_table_row() {
        let tab = r#"<w:r><w:tab/></w:r>"#;
        let cell = |text: &str| format!("<w:tc>{}</w:tc>", paragraphs(text));
        let body = [
            paragraphs("Câu 1. Tab?"),
            format!(
                "<w:p><w:r><w:t>A. Một</w:t></w:r>{tab}<w:r><w:t>B. Hai</w:t></w:r>{tab}<w:r><w:rPr><w:b/></w:rPr><w:t>C. Ba</w:t></w:r></w:p>"
            ),
            paragraphs("Câu 2. Xuống dòng?"),
            "<w:p><w:r><w:t>A. Một</w:t><w:br/><w:t>B. Hai</w:t><w:br/><w:t>dài</w:t></w:r></w:p>".to_owned(),
            paragraphs("Đáp án: B\nCâu 3. Bảng?"),
            format!("<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>", cell("A."), cell("Một"), cell("B."), cell("Hai")),
            paragraphs("Đáp án: A"),
        ]
        .concat();
        let rows = rows(&body);
        assert_eq!(
            (rows[0].options.clone(), rows[0].answer.as_str()),
            (vec!["Một".into(), "Hai".into(), "Ba".into()], "C")
        );
        assert_eq!(rows[1].options, vec!["Một", "Hai dài"]);
        assert_eq!(rows[2].options, vec!["Một", "Hai"]);
        assert_eq!(rows[2].answer, "A");
    }

    #[test]
    fn layout_mistakes_are_named() {
        let stray = question_rows_from_docx(&docx(&paragraphs(
            "Câu 1. Hỏi?\nA. Có\nB. Không\nĐáp án: A\nPHẦN II. THỦ TỤC HÀNH CHÍNH\nCâu 2. Hỏi?\nA. X\nB. Y\nB. Z\nĐáp án: A\nĐáp án: B",
        )))
        .unwrap_err();
        let ImportError::DocxLayout(message) = &stray else { panic!("{stray:?}") };
        assert!(message.starts_with("Câu 1: đoạn «PHẦN II. THỦ TỤC HÀNH CHÍNH» nằm sau các phương án"), "{message}");
        assert!(message.contains("Câu 2: có hai phương án B"), "{message}");
        assert!(message.contains("Câu 2: có hai dòng «Đáp án» khác nhau"), "{message}");
        assert!(stray.to_string().starts_with("Tệp Word chưa đúng mẫu câu hỏi: Câu 1:"));
        let nothing = question_rows_from_docx(&docx(&paragraphs("Chỉ có tiêu đề"))).unwrap_err();
        assert!(matches!(nothing, ImportError::DocxLayout(m) if m.contains("không thấy câu hỏi nào")));
    }

    #[test]
    fn a_skipped_letter_is_an_empty_option_for_the_checks() {
        let rows = rows(&paragraphs("Câu 4. Hỏi?\nA. X\nB. Y\nD. Z\nĐáp án: D"));
        assert_eq!(rows[0].options, vec!["X", "Y", "", "Z"]);
        assert_eq!(errors_of(rows), vec![(4, "phương án C: không được để trống".to_owned())]);
    }

    #[test]
    fn automatic_numbering_reads_as_word_shows_it() {
        // A two-level list: "Câu %1:" for questions, "%2." in capitals for
        // options (restarting at A under each question); a second numbering
        // of the same list continues it, as in Word.
        let numbering = format!(
            r#"<w:numbering xmlns:w="{W}">
              <w:abstractNum w:abstractNumId="4">
                <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Câu %1:"/></w:lvl>
                <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%2."/></w:lvl>
              </w:abstractNum>
              <w:abstractNum w:abstractNumId="5">
                <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
              </w:abstractNum>
              <w:num w:numId="1"><w:abstractNumId w:val="4"/></w:num>
              <w:num w:numId="2"><w:abstractNumId w:val="4"/></w:num>
              <w:num w:numId="3"><w:abstractNumId w:val="5"/></w:num>
            </w:numbering>"#
        );
        let styles = format!(
            r#"<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="CauHoi"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
               <w:style w:type="paragraph" w:styleId="CauHoiDam"><w:basedOn w:val="CauHoi"/></w:style></w:styles>"#
        );
        let numbered = |num: u32, level: u32, text: &str| {
            let text = quick_xml::escape::escape(text);
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let styled = |style: &str, text: &str| {
            format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
        };
        let body = [
            numbered(3, 0, "Hướng dẫn: gạch đầu dòng không phải câu hỏi"),
            numbered(1, 0, "Hỏi một?"),
            numbered(1, 1, "Có"),
            numbered(1, 1, "Không"),
            paragraphs("Đáp án: B"),
            styled("CauHoiDam", "Hỏi hai?"),
            numbered(2, 1, "Đúng"),
            numbered(2, 1, "Sai"),
            numbered(2, 1, "Chưa rõ"),
            paragraphs("Đáp án: C"),
        ]
        .concat();
        let rows = question_rows_from_docx(&docx_with(
            &body,
            &[("word/numbering.xml", numbering.as_str()), ("word/styles.xml", styles.as_str())],
        ))
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].row, rows[0].text.as_str()), (1, "Hỏi một?"));
        assert_eq!(rows[0].options, vec!["Có", "Không"]);
        assert_eq!((rows[1].row, rows[1].text.as_str()), (2, "Hỏi hai?"));
        assert_eq!(rows[1].options, vec!["Đúng", "Sai", "Chưa rõ"]);
        assert_eq!(rows[1].answer, "C");
    }

    #[test]
    fn restarted_option_lists_start_again_at_a() {
        let numbering = format!(
            r#"<w:numbering xmlns:w="{W}">
              <w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
              <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
              <w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
            </w:numbering>"#
        );
        let option = |num: u32, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let body = [
            paragraphs("Câu 1. Một?"),
            option(1, "X"),
            option(1, "Y"),
            paragraphs("Đáp án: A\nCâu 2. Hai?"),
            option(2, "Z"),
            option(2, "W"),
            paragraphs("Đáp án: B\nCâu 3. Quên đặt lại đánh số?"),
            option(2, "P"),
            option(2, "Q"),
            paragraphs("Đáp án: D"),
        ]
        .concat();
        let rows = question_rows_from_docx(&docx_with(&body, &[("word/numbering.xml", numbering.as_str())])).unwrap();
        assert_eq!(rows[0].options, vec!["X", "Y"]);
        assert_eq!(rows[1].options, vec!["Z", "W"]);
        // Word shows "C." and "D." here; so do we, and the checks say so.
        assert_eq!(rows[2].options, vec!["", "", "P", "Q"]);
        let errors = errors_of(rows);
        assert_eq!(errors[0], (3, "phương án A: không được để trống".to_owned()));
    }

    #[test]
    fn text_box_fallbacks_deleted_and_hidden_text_are_skipped() {
        let body = [
            paragraphs("Câu 1. Hỏi?"),
            r#"<w:p xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:r><w:t>A. Có</w:t></w:r>
               <mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t xml:space="preserve"> thật</w:t></w:r></mc:Choice>
               <mc:Fallback><w:r><w:t xml:space="preserve"> thật</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>"#
                .to_owned(),
            r#"<w:p><w:r><w:t>B. Không</w:t></w:r><w:del><w:r><w:delText> xoá</w:delText></w:r></w:del><w:r><w:rPr><w:vanish/></w:rPr><w:t> ẩn</w:t></w:r></w:p>"#.to_owned(),
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:t>Đáp án: &#65;</w:t></w:r></w:p>"#.to_owned(),
        ]
        .concat();
        let rows = rows(&body);
        assert_eq!(rows[0].options, vec!["Có thật", "Không"]);
        assert_eq!(rows[0].answer, "A");
    }

    #[test]
    fn at_most_max_rows_questions() {
        let body: String =
            (1..=MAX_ROWS + 1).map(|n| format!("<w:p><w:r><w:t>Câu {n}. Hỏi?</w:t></w:r></w:p>")).collect();
        assert_eq!(question_rows_from_docx(&docx(&body)).unwrap_err(), ImportError::TooManyRows(MAX_ROWS));
    }

    /// Hostile files fail, and fail fast (the bound is generous for debug
    /// builds on a busy machine).
    fn fails_quickly(bytes: &[u8]) -> ImportError {
        let started = Instant::now();
        let error = question_rows_from_docx(bytes).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
        error
    }

    fn is_unreadable(error: &ImportError, reason: &str) -> bool {
        matches!(error, ImportError::Docx(message) if message.contains(reason))
    }

    #[test]
    fn a_zip_bomb_is_refused() {
        // 24 MiB of one character in a document.xml that compresses to ~24 KiB
        // (more would only slow the test down: the limit is 16 MiB).
        let mut document = format!(r#"<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>"#).into_bytes();
        document.resize(document.len() + 24 * 1024 * 1024, b'a');
        document.extend_from_slice(b"</w:t></w:r></w:p></w:body></w:document>");
        let bomb = archive(&[("word/document.xml", &document)]);
        assert!(bomb.len() < 1024 * 1024, "{}", bomb.len());
        let error = fails_quickly(&bomb);
        assert!(is_unreadable(&error, "lớn hơn 16 MiB khi giải nén"), "{error:?}");
        // The same archive lying about the size in its headers: the zip
        // reader stops at the stated size and the checksum fails (were it
        // to read on, `read_part`'s own limit would stop it).
        let lying = understate_sizes(bomb);
        let error = fails_quickly(&lying);
        assert!(is_unreadable(&error, "bị hỏng"), "{error:?}");
    }

    /// Rewrites every uncompressed size in the archive's headers to 1 KiB.
    fn understate_sizes(mut zip: Vec<u8>) -> Vec<u8> {
        for at in 0..zip.len().saturating_sub(30) {
            let offset = match &zip[at..at + 4] {
                [0x50, 0x4b, 0x03, 0x04] => 22, // local file header
                [0x50, 0x4b, 0x01, 0x02] => 24, // central directory entry
                _ => continue,
            };
            zip[at + offset..at + offset + 4].copy_from_slice(&1024u32.to_le_bytes());
        }
        zip
    }

    #[test]
    fn what_is_not_a_docx_is_refused() {
        assert!(is_unreadable(&fails_quickly(b"Hello, not a zip"), "không phải định dạng .docx"));
        assert!(is_unreadable(
            &fails_quickly(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old .doc"),
            "không phải định dạng .docx"
        ));
        let no_document = archive(&[("word/other.xml", b"<x/>")]);
        assert!(is_unreadable(&fails_quickly(&no_document), "thiếu phần nội dung word/document.xml"));
        let too_big = vec![0u8; MAX_DOCX_BYTES + 1];
        assert!(is_unreadable(&fails_quickly(&too_big), "tệp lớn hơn 4 MiB"));
        let names: Vec<String> = (0..=MAX_ENTRIES).map(|i| format!("x/{i}")).collect();
        let crowded = archive(&names.iter().map(|n| (n.as_str(), &b""[..])).collect::<Vec<_>>());
        assert!(is_unreadable(&fails_quickly(&crowded), "thành phần"));
    }

    #[test]
    fn malformed_xml_is_refused() {
        let cases: [&[u8]; 6] = [
            b"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p>",
            b"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"></w:body>",
            b"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:t>&bomb;</w:t></w:document>",
            b"\xff\xfe<\x00w\x00",
            b"",
            b"<html><body>Not Word</body></html>",
        ];
        for case in cases {
            let error = fails_quickly(&archive(&[("word/document.xml", case)]));
            assert!(matches!(error, ImportError::Docx(_)), "{case:?}: {error:?}");
        }
        let bad_numbering = docx_with(&paragraphs("Câu 1. Hỏi?"), &[("word/numbering.xml", "<w:numbering><w:num>")]);
        assert!(matches!(fails_quickly(&bad_numbering), ImportError::Docx(m) if m.contains("word/numbering.xml")));
    }
}
