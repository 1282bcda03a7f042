//! Renders an [`AdministrativeDocument`] as a Word document laid out as
//! Decree 30/2020/NĐ-CP (Phụ lục I) prescribes, so the committee can edit it
//! and submit it without reformatting: A4, margins 20/20/30/15 mm, Times New
//! Roman, the two-column header with the national motto, the kind and
//! subject centred, a justified body, and the recipients and signature side
//! by side at the end.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BorderType, Docx, Header, LineSpacing, LineSpacingType, PageMargin, PageNum, Paragraph,
    ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, SpecialIndentType, Table as DocxTable,
    TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType,
    WidthType,
};

use crate::fonts::{Metrics, SERIF_BOLD};
use crate::format::place_date_line;
use crate::model::{AdministrativeDocument, Annex, Block, Signature, Table};
use crate::text::{clean, lines};
use crate::DocumentError;

/// The font the decree prescribes. Systems without it (LibreOffice on
/// Linux) substitute Liberation Serif, which has the same metrics, so the
/// pages break the same way.
pub const FONT_NAME: &str = "Times New Roman";

/// A4 portrait, in twentieths of a point.
pub const PAGE_WIDTH: i32 = 11_906;
pub const PAGE_HEIGHT: i32 = 16_838;

/// Twentieths of a point in a millimetre, rounded.
const fn mm(value: i32) -> i32 {
    (value * 1440 * 10 + 127) / 254
}

/// Margins within the decree's ranges (top and bottom 20–25 mm, left
/// 30–35 mm, right 15–20 mm): the smallest, which leaves the most room.
pub const MARGIN_TOP: i32 = mm(20);
pub const MARGIN_BOTTOM: i32 = mm(20);
pub const MARGIN_LEFT: i32 = mm(30);
pub const MARGIN_RIGHT: i32 = mm(15);
const TEXT_WIDTH: i32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;

/// Font sizes in half-points, as Word stores them.
const BODY_SIZE: usize = 28; // 14 pt: body, kind, subject, motto, signature
const HEADER_SIZE: usize = 26; // 13 pt: header lines, "Số:"
const TABLE_SIZE: usize = 24; // 12 pt: tables and "Nơi nhận:"
const RECIPIENT_SIZE: usize = 22; // 11 pt: the recipients list

/// First-line indent of body paragraphs (1.27 cm, the decree allows 1–1.27).
const FIRST_LINE: i32 = 720;
/// Paragraph spacing of at least 6 pt, as the decree asks.
const PARAGRAPH_AFTER: u32 = 120;
/// Line spacing 1.15 (the decree allows single to 1.5), in 240ths of a line.
const LINE_SPACING: i32 = 276;

/// The header's left column (issuing body) and the right one (motto), in
/// twips. The right column fits the motto's first line at 13 pt bold
/// (96 mm) with the cell's own margins.
const HEADER_LEFT: i32 = mm(62);
const HEADER_RIGHT: i32 = TEXT_WIDTH - HEADER_LEFT;
/// Cell margins Word applies left and right by default (0.19 cm each).
const CELL_PADDING: i32 = 108;
/// Recipients (left) and signature (right) at the end.
const CLOSING_LEFT: i32 = mm(78);
const CLOSING_RIGHT: i32 = TEXT_WIDTH - CLOSING_LEFT;

const MOTTO_COUNTRY: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// Renders the document as .docx bytes.
pub fn render_docx(doc: &AdministrativeDocument) -> Result<Vec<u8>, DocumentError> {
    // Measured with the bold face: the short lines under the issuing body
    // and the subject are a fraction of their text's width, and the one
    // under the motto exactly its width, as the decree draws them.
    let bold = Metrics::parse(SERIF_BOLD, "Liberation Serif Bold")?;

    let fonts = RunFonts::new().ascii(FONT_NAME).hi_ansi(FONT_NAME).cs(FONT_NAME).east_asia(FONT_NAME);
    let mut docx =
        Docx::new()
            .page_size(PAGE_WIDTH as u32, PAGE_HEIGHT as u32)
            .page_margin(
                PageMargin::new()
                    .top(MARGIN_TOP)
                    .bottom(MARGIN_BOTTOM)
                    .left(MARGIN_LEFT)
                    .right(MARGIN_RIGHT)
                    .header(mm(10))
                    .footer(mm(10))
                    .gutter(0),
            )
            .default_fonts(fonts)
            .default_size(BODY_SIZE)
            // Page numbers centred in the top margin from the second page on;
            // the first page has an empty header, as the decree wants.
            .header(Header::new().add_paragraph(
                Paragraph::new().align(AlignmentType::Center).add_page_num(PageNum::new()).size(BODY_SIZE),
            ))
            .first_header(Header::new().add_paragraph(Paragraph::new()));

    if doc.draft {
        docx = docx.add_paragraph(draft_mark());
    }
    docx = docx.add_table(header_table(doc, &bold));
    docx = docx.add_paragraph(centered_bold(&doc.kind.to_uppercase(), BODY_SIZE).line_spacing(spacing(360, 0)));
    let subject_lines = lines(&doc.subject);
    let mut subject = Paragraph::new().align(AlignmentType::Center).line_spacing(spacing(0, 0)).keep_next(true);
    subject = add_lines(subject, &subject_lines, |run| run.bold().size(BODY_SIZE));
    docx = docx.add_paragraph(subject);
    // The line under the subject: 1/3 to 1/2 of its (longest) line; 40 %.
    let widest = subject_lines.iter().map(|l| bold.width_twips(l, BODY_SIZE)).fold(0, i32::max);
    docx = docx.add_paragraph(short_rule(widest.min(TEXT_WIDTH) * 2 / 5, TEXT_WIDTH, 240));

    for block in &doc.body {
        docx = add_block(docx, block)?;
    }
    // Space between the last paragraph and the closing block.
    docx = docx.add_paragraph(Paragraph::new().line_spacing(spacing(0, 120)));
    docx = docx.add_table(closing_table(&doc.recipients, &doc.number, &doc.signature));
    for annex in &doc.annexes {
        docx = add_annex(docx, annex)?;
    }

    let mut buffer = Cursor::new(Vec::new());
    docx.build().pack(&mut buffer).map_err(|e| DocumentError::Docx(e.to_string()))?;
    deflate_package(buffer.into_inner())
}

/// docx-rs stores the package's parts uncompressed (a 29-unit report is
/// ~190 KB). Copying the parts, in order, into a deflated archive makes the
/// file about ten times smaller for downloads and e-mail; zip 9 is the
/// version the workspace already builds for reading spreadsheets.
fn deflate_package(stored: Vec<u8>) -> Result<Vec<u8>, DocumentError> {
    let error = |e: zip::result::ZipError| DocumentError::Docx(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(stored)).map_err(error)?;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).map_err(error)?;
        // Folder entries are not parts of an Open XML package.
        if part.is_dir() {
            continue;
        }
        let name = part.name().map_err(error)?.into_owned();
        writer.start_file(name, options).map_err(error)?;
        std::io::copy(&mut part, &mut writer).map_err(|e| DocumentError::Docx(e.to_string()))?;
    }
    Ok(writer.finish().map_err(error)?.into_inner())
}

impl Metrics {
    /// Width in twips of `text` at `size` half-points.
    fn width_twips(&self, text: &str, size: usize) -> i32 {
        (self.width_pt(text, size as f32 / 2.0) * 20.0).round() as i32
    }
}

fn spacing(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new().before(before).after(after).line(LINE_SPACING).line_rule(LineSpacingType::Auto)
}

/// Lines joined by line breaks in one paragraph, each run styled by `style`.
fn add_lines(mut paragraph: Paragraph, lines: &[String], style: impl Fn(Run) -> Run) -> Paragraph {
    for (index, line) in lines.iter().enumerate() {
        let mut run = style(Run::new());
        if index > 0 {
            run = run.add_break(docx_rs::BreakType::TextWrapping);
        }
        paragraph = paragraph.add_run(run.add_text(line.as_str()));
    }
    paragraph
}

fn centered_bold(text: &str, size: usize) -> Paragraph {
    add_lines(Paragraph::new().align(AlignmentType::Center), &lines(text), |run| run.bold().size(size))
}

fn centered(text: &str, size: usize, style: impl Fn(Run) -> Run) -> Paragraph {
    add_lines(Paragraph::new().align(AlignmentType::Center).line_spacing(spacing(0, 0)), &lines(text), |run| {
        style(run.size(size))
    })
}

/// A solid line `width` twips long centred in `available`: an empty
/// paragraph of exactly 6 pt whose top border is the line. Word draws the
/// decree's short lines as shapes; a border needs no drawing support, stays
/// in place when text is edited, and prints the same in LibreOffice.
fn short_rule(width: i32, available: i32, after: u32) -> Paragraph {
    let side = ((available - width) / 2).max(0);
    // The spacing before lies outside the border: it keeps the line from
    // touching the descenders of the text above.
    let mut paragraph = Paragraph::new()
        .indent(Some(side), None, Some(side), None)
        .line_spacing(LineSpacing::new().before(40).after(after).line(120).line_rule(LineSpacingType::Exact))
        .add_run(Run::new().size(4));
    paragraph.property = paragraph.property.set_borders(ParagraphBorders::with_empty().set(
        ParagraphBorder::new(ParagraphBorderPosition::Top).val(BorderType::Single).size(6).space(0).color("000000"),
    ));
    paragraph
}

/// "DỰ THẢO" boxed at the top right: a draft must not be mistaken for the
/// signed document.
fn draft_mark() -> Paragraph {
    let box_width = mm(32);
    let mut paragraph = Paragraph::new()
        .align(AlignmentType::Center)
        .indent(Some(TEXT_WIDTH - box_width), None, None, None)
        .line_spacing(LineSpacing::new().before(0).after(120))
        .add_run(Run::new().add_text("DỰ THẢO").bold().size(HEADER_SIZE));
    let side = |position| ParagraphBorder::new(position).val(BorderType::Single).size(8).space(2).color("000000");
    paragraph.property = paragraph.property.set_borders(
        ParagraphBorders::with_empty()
            .set(side(ParagraphBorderPosition::Top))
            .set(side(ParagraphBorderPosition::Bottom))
            .set(side(ParagraphBorderPosition::Left))
            .set(side(ParagraphBorderPosition::Right)),
    );
    paragraph
}

fn bare_cell(width: i32) -> TableCell {
    TableCell::new().width(width as usize, WidthType::Dxa).clear_all_border()
}

fn borderless(rows: Vec<TableRow>, widths: [i32; 2]) -> DocxTable {
    DocxTable::without_borders(rows)
        .set_grid(widths.iter().map(|w| *w as usize).collect())
        .width(TEXT_WIDTH as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
}

/// The header: issuing body and number on the left, the national motto and
/// the place and date on the right. "Số:" and the date share the second
/// row, so they sit on one line whatever the number of header lines.
fn header_table(doc: &AdministrativeDocument, bold: &Metrics) -> DocxTable {
    let left_text = HEADER_LEFT - 2 * CELL_PADDING;
    let right_text = HEADER_RIGHT - 2 * CELL_PADDING;

    let mut left = bare_cell(HEADER_LEFT);
    for line in lines(&doc.header.parent_body).iter().filter(|l| !l.is_empty()) {
        left = left.add_paragraph(centered(&line.to_uppercase(), HEADER_SIZE, |run| run));
    }
    let body_lines: Vec<String> = lines(&doc.header.body).iter().map(|l| l.to_uppercase()).collect();
    for line in &body_lines {
        left = left.add_paragraph(centered(line, HEADER_SIZE, |run| run.bold()));
    }
    // The line under the issuing body: 1/3 to 1/2 of its text; 40 %.
    let body_width = body_lines.iter().map(|l| bold.width_twips(l, HEADER_SIZE)).fold(0, i32::max);
    left = left.add_paragraph(short_rule(body_width.min(left_text) * 2 / 5, left_text, 0));

    let mut right = bare_cell(HEADER_RIGHT)
        .add_paragraph(centered(MOTTO_COUNTRY, HEADER_SIZE, |run| run.bold()))
        .add_paragraph(centered(MOTTO, BODY_SIZE, |run| run.bold()));
    // The line under the motto is as long as the motto.
    right = right.add_paragraph(short_rule(bold.width_twips(MOTTO, BODY_SIZE), right_text, 0));

    let number = format!("Số: {}", clean(doc.number.trim()));
    let number_cell =
        bare_cell(HEADER_LEFT).add_paragraph(centered(&number, HEADER_SIZE, |run| run).line_spacing(spacing(60, 0)));
    let date_line = place_date_line(&doc.place_date);
    let date_cell = bare_cell(HEADER_RIGHT)
        .add_paragraph(centered(&date_line, BODY_SIZE, |run| run.italic()).line_spacing(spacing(60, 0)));

    borderless(
        vec![
            TableRow::new(vec![left.vertical_align(VAlignType::Top), right.vertical_align(VAlignType::Top)])
                .cant_split(),
            TableRow::new(vec![number_cell, date_cell]).cant_split(),
        ],
        [HEADER_LEFT, HEADER_RIGHT],
    )
}

fn body_paragraph(text: &str, style: impl Fn(Run) -> Run) -> Paragraph {
    add_lines(
        Paragraph::new()
            .align(AlignmentType::Both)
            .indent(None, Some(SpecialIndentType::FirstLine(FIRST_LINE)), None, None)
            .line_spacing(spacing(0, PARAGRAPH_AFTER)),
        &lines(text),
        |run| style(run.size(BODY_SIZE)),
    )
}

fn add_block(docx: Docx, block: &Block) -> Result<Docx, DocumentError> {
    Ok(match block {
        Block::Heading(text) => docx.add_paragraph(body_paragraph(text, |run| run.bold()).keep_next(true)),
        Block::Paragraph(text) => docx.add_paragraph(body_paragraph(text, |run| run)),
        Block::Basis(text) => docx.add_paragraph(body_paragraph(text, |run| run.italic())),
        Block::Centered(text) => {
            docx.add_paragraph(centered_bold(text, BODY_SIZE).line_spacing(spacing(120, 120)).keep_next(true))
        }
        Block::Article { number, text } => docx.add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Both)
                .indent(None, Some(SpecialIndentType::FirstLine(FIRST_LINE)), None, None)
                .line_spacing(spacing(0, PARAGRAPH_AFTER))
                .add_run(Run::new().add_text(format!("Điều {number}. ")).bold().size(BODY_SIZE))
                .add_run(Run::new().add_text(clean(text).replace('\n', " ")).size(BODY_SIZE)),
        ),
        Block::Bullets(items) => items
            .iter()
            .map(|item| item.trim().trim_start_matches('-').trim_start())
            .filter(|item| !item.is_empty())
            .fold(docx, |docx, item| docx.add_paragraph(body_paragraph(&format!("- {item}"), |run| run))),
        Block::Table(table) => add_table(docx, table)?,
    })
}

/// Columns whose every filled cell starts with a digit (numbers, amounts,
/// percentages, times, "20/20") are centred, the rest left-aligned: what a
/// clerk would do by hand, without the data having to say so. A lone dash
/// (no figure) does not make a column textual.
fn numeric_columns(table: &Table, columns: usize) -> Vec<bool> {
    (0..columns)
        .map(|column| {
            let mut filled = table
                .rows
                .iter()
                .filter_map(|row| row.get(column))
                .map(|cell| cell.trim())
                .filter(|cell| !cell.is_empty() && *cell != "-")
                .peekable();
            filled.peek().is_some() && filled.all(|cell| cell.starts_with(|c: char| c.is_ascii_digit()))
        })
        .collect()
}

/// Tables up to this many rows are kept on one page with their caption;
/// longer ones may break, but never right after the header row.
const KEEP_TOGETHER_ROWS: usize = 25;

/// Cell margins left and right in tables (1.5 mm instead of Word's 1.9):
/// narrow columns such as "STT" keep their header on one line.
const TABLE_CELL_MARGIN: usize = 85;

fn table_cell(width: i32, text: &str, bold: bool, align: AlignmentType, keep_with_next: bool) -> TableCell {
    let paragraph = add_lines(
        Paragraph::new().align(align).line_spacing(LineSpacing::new().before(40).after(40)).keep_next(keep_with_next),
        &lines(text),
        |run| if bold { run.bold().size(TABLE_SIZE) } else { run.size(TABLE_SIZE) },
    );
    TableCell::new().width(width as usize, WidthType::Dxa).vertical_align(VAlignType::Center).add_paragraph(paragraph)
}

fn add_table(mut docx: Docx, table: &Table) -> Result<Docx, DocumentError> {
    let columns = table.header.len();
    let name = || table.caption.clone().unwrap_or_else(|| table.header.join(" | "));
    if columns == 0 {
        return Err(DocumentError::TableShape { table: name(), detail: "bảng không có cột nào".into() });
    }
    if !table.widths.is_empty() && table.widths.len() != columns {
        return Err(DocumentError::TableShape {
            table: name(),
            detail: format!("có {} độ rộng cột cho {columns} cột", table.widths.len()),
        });
    }
    if let Some(index) = table.rows.iter().position(|row| row.len() != columns) {
        return Err(DocumentError::TableShape {
            table: name(),
            detail: format!("dòng {} có {} ô, bảng có {columns} cột", index + 1, table.rows[index].len()),
        });
    }
    if let Some(total) = &table.total_row {
        if total.is_empty() || total.len() > columns {
            return Err(DocumentError::TableShape {
                table: name(),
                detail: format!("dòng tổng có {} ô, bảng có {columns} cột", total.len()),
            });
        }
    }

    // Relative widths scaled to the text width; the last column takes the
    // rounding so the table ends exactly at the right margin.
    let relative: Vec<u64> = if table.widths.is_empty() {
        vec![1; columns]
    } else {
        table.widths.iter().map(|w| u64::from(*w).max(1)).collect()
    };
    let sum: u64 = relative.iter().sum();
    let mut widths: Vec<i32> = relative.iter().map(|w| (w * TEXT_WIDTH as u64 / sum) as i32).collect();
    let used: i32 = widths[..columns - 1].iter().sum();
    widths[columns - 1] = TEXT_WIDTH - used;

    if let Some(caption) = &table.caption {
        docx = docx.add_paragraph(centered_bold(caption, HEADER_SIZE).line_spacing(spacing(60, 60)).keep_next(true));
    }
    let numeric = numeric_columns(table, columns);
    // "Keep with next" on every row but the last keeps a short table on one
    // page; a long one keeps its header with the first two rows.
    let row_count = 1 + table.rows.len() + usize::from(table.total_row.is_some());
    let keep = |index: usize| index + 1 < row_count && (row_count <= KEEP_TOGETHER_ROWS || index < 3);
    let mut rows = vec![TableRow::new(
        table
            .header
            .iter()
            .zip(&widths)
            .map(|(text, w)| table_cell(*w, text, true, AlignmentType::Center, keep(0)))
            .collect(),
    )
    .cant_split()];
    for (index, row) in table.rows.iter().enumerate() {
        rows.push(
            TableRow::new(
                row.iter()
                    .enumerate()
                    .map(|(i, text)| {
                        let align = if numeric[i] { AlignmentType::Center } else { AlignmentType::Left };
                        table_cell(widths[i], text, false, align, keep(index + 1))
                    })
                    .collect(),
            )
            .cant_split(),
        );
    }
    if let Some(total) = &table.total_row {
        // The first cell ("Tổng cộng") spans the columns the row leaves out.
        let span = columns - total.len() + 1;
        let first_width: i32 = widths[..span].iter().sum();
        let mut cells = vec![table_cell(first_width, &total[0], true, AlignmentType::Center, false).grid_span(span)];
        for (offset, text) in total[1..].iter().enumerate() {
            let column = span + offset;
            let align = if numeric[column] { AlignmentType::Center } else { AlignmentType::Left };
            cells.push(table_cell(widths[column], text, true, align, false));
        }
        rows.push(TableRow::new(cells).cant_split());
    }

    let mut borders = TableBorders::new();
    for position in [
        TableBorderPosition::Top,
        TableBorderPosition::Bottom,
        TableBorderPosition::Left,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ] {
        borders = borders.set(TableBorder::new(position).border_type(BorderType::Single).size(4).color("000000"));
    }
    let grid = widths.iter().map(|w| *w as usize).collect();
    docx = docx.add_table(
        DocxTable::new(rows)
            .set_grid(grid)
            .width(TEXT_WIDTH as usize, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(0, TABLE_CELL_MARGIN, 0, TABLE_CELL_MARGIN))
            .set_borders(borders),
    );
    // Word needs a paragraph between two tables; it also spaces the table
    // from what follows.
    Ok(docx.add_paragraph(Paragraph::new().line_spacing(LineSpacing::new().before(0).after(0)).size(TABLE_SIZE)))
}

/// The recipients as the decree punctuates them: "- …;" each, the last
/// "- Lưu: VT, …." (the archive copy, added when missing; the unit after
/// "VT" is the code after the dash of the document number, e.g. BTC).
fn recipient_lines(recipients: &[String], number: &str) -> Vec<String> {
    let mut items: Vec<String> = recipients
        .iter()
        .map(|r| {
            clean(r)
                .replace('\n', " ")
                .trim()
                .trim_start_matches('-')
                .trim()
                .trim_end_matches([';', '.', ','])
                .to_owned()
        })
        .filter(|r| !r.is_empty())
        .collect();
    let is_archive = |r: &String| r.to_lowercase().starts_with("lưu");
    if let Some(position) = items.iter().position(is_archive) {
        let archive = items.remove(position);
        items.push(archive);
    } else {
        let unit = number.rsplit_once('-').map(|(_, unit)| unit.trim()).filter(|u| !u.is_empty());
        items.push(match unit {
            Some(unit) => format!("Lưu: VT, {unit}"),
            None => "Lưu: VT".to_owned(),
        });
    }
    let last = items.len() - 1;
    items.into_iter().enumerate().map(|(i, r)| format!("- {r}{}", if i == last { "." } else { ";" })).collect()
}

fn closing_table(recipients: &[String], number: &str, signature: &Signature) -> DocxTable {
    let tight = || LineSpacing::new().before(0).after(0);
    let mut left = bare_cell(CLOSING_LEFT).add_paragraph(
        Paragraph::new()
            .line_spacing(tight())
            .add_run(Run::new().add_text("Nơi nhận:").bold().italic().size(TABLE_SIZE)),
    );
    for line in recipient_lines(recipients, number) {
        left = left.add_paragraph(
            Paragraph::new().line_spacing(tight()).add_run(Run::new().add_text(line).size(RECIPIENT_SIZE)),
        );
    }

    let mut right = bare_cell(CLOSING_RIGHT);
    if let Some(authority) = signature.authority.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        right = right.add_paragraph(centered(&authority.to_uppercase(), BODY_SIZE, |run| run.bold()));
    }
    right = right.add_paragraph(centered(&signature.title.to_uppercase(), BODY_SIZE, |run| run.bold()));
    // Room for the signature and the seal.
    for _ in 0..4 {
        right = right.add_paragraph(Paragraph::new().line_spacing(spacing(0, 0)).add_run(Run::new().size(BODY_SIZE)));
    }
    right = right.add_paragraph(centered(&signature.name, BODY_SIZE, |run| run.bold()));

    borderless(vec![TableRow::new(vec![left, right]).cant_split()], [CLOSING_LEFT, CLOSING_RIGHT])
}

fn add_annex(mut docx: Docx, annex: &Annex) -> Result<Docx, DocumentError> {
    docx = docx.add_paragraph(centered_bold(&annex.title.to_uppercase(), BODY_SIZE).page_break_before(true));
    if !annex.subtitle.trim().is_empty() {
        docx = docx.add_paragraph(centered(&annex.subtitle, BODY_SIZE, |run| run.italic()));
    }
    docx = docx.add_paragraph(Paragraph::new().line_spacing(LineSpacing::new().before(0).after(120)));
    for block in &annex.body {
        docx = add_block(docx, block)?;
    }
    Ok(docx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_end_with_the_archive_copy() {
        let given = vec!["Như trên;".to_owned(), "- Lưu: VT, BTC.".to_owned(), "UBND các phường, xã".to_owned()];
        assert_eq!(recipient_lines(&given, "…/TB-BTC"), ["- Như trên;", "- UBND các phường, xã;", "- Lưu: VT, BTC."]);
        let without = vec!["Thường trực Thị ủy".to_owned()];
        assert_eq!(recipient_lines(&without, "…/TB-BTC"), ["- Thường trực Thị ủy;", "- Lưu: VT, BTC."]);
        assert_eq!(recipient_lines(&[], ""), ["- Lưu: VT."]);
    }
}
