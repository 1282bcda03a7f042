//! What an XLSX file may ask of the reader, checked before calamine opens
//! it. calamine allocates a sheet's whole used range before any row limit
//! applies: a workbook with two cells, in A1 and XFD1048576, asks for about
//! 1.7×10¹⁰ cells. And an archive can inflate far beyond its upload size (a
//! zip bomb). So the archive is walked first, streaming: each entry's
//! declared and actual uncompressed size are bounded, and each worksheet's
//! extent (its `<dimension>`, then every row and cell reference) must stay
//! under a cell budget. Nothing is kept in memory but counters.

use quick_xml::events::{BytesStart, Event};
use std::io::{Cursor, Read};

use crate::import::ImportError;

/// At most this many entries in the archive.
pub const MAX_ENTRIES: usize = 1_000;
/// At most this many bytes in one entry, uncompressed (declared or actual).
pub const MAX_ENTRY_BYTES: u64 = 16 * 1024 * 1024;
/// At most this many bytes in the whole archive, uncompressed.
pub const MAX_TOTAL_BYTES: u64 = 48 * 1024 * 1024;
/// At most this many cells in a sheet's used range (rows × columns): a
/// bank of 5,000 questions in ten columns uses 50,010.
pub const MAX_SHEET_CELLS: u64 = 1_000_000;

fn too_large(what: impl Into<String>) -> ImportError {
    ImportError::TooLarge(what.into())
}

/// Checks an XLSX upload before it is read.
pub fn check_xlsx(bytes: &[u8]) -> Result<(), ImportError> {
    let unreadable = |e: zip::result::ZipError| ImportError::Workbook(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    if archive.len() > MAX_ENTRIES {
        return Err(too_large(format!("tệp có {} thành phần (tối đa {MAX_ENTRIES})", archive.len())));
    }
    // Declared sizes first: an honest archive that is too big is refused
    // without inflating anything.
    let mut declared = 0u64;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(unreadable)?;
        if entry.size() > MAX_ENTRY_BYTES {
            return Err(too_large("một thành phần của tệp khi giải nén vượt quá 16 MB"));
        }
        declared = declared.saturating_add(entry.size());
    }
    if declared > MAX_TOTAL_BYTES {
        return Err(too_large("tệp khi giải nén vượt quá 48 MB"));
    }
    // Then what the entries really inflate to (a header can lie), and each
    // worksheet's extent.
    let mut budget = MAX_TOTAL_BYTES;
    for index in 0..archive.len() {
        let entry = archive.by_index(index).map_err(unreadable)?;
        let name = entry.name().map_err(unreadable)?.into_owned();
        let limit = MAX_ENTRY_BYTES.min(budget);
        let mut reader = Bounded { inner: entry, left: limit, exceeded: false };
        let result = if name.starts_with("xl/worksheets/") && name.ends_with(".xml") {
            check_sheet(&mut reader)
        } else {
            std::io::copy(&mut reader, &mut std::io::sink())
                .map(|_| ())
                .map_err(|e| ImportError::Workbook(e.to_string()))
        };
        // Ours, or the archive reader's own refusal to inflate an entry past
        // the size its header declares.
        let overran =
            |err: &ImportError| matches!(err, ImportError::Workbook(m) if m.contains("larger than its declared"));
        if reader.exceeded || result.as_ref().is_err_and(overran) {
            return Err(too_large("tệp khi giải nén vượt quá giới hạn cho phép"));
        }
        result?;
        budget -= limit - reader.left;
    }
    Ok(())
}

/// A reader that fails once more than `left` bytes have come through.
struct Bounded<R> {
    inner: R,
    left: u64,
    exceeded: bool,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            // One byte more than allowed means the entry is too large.
            let mut probe = [0u8; 1];
            if self.inner.read(&mut probe)? > 0 {
                self.exceeded = true;
                return Err(std::io::Error::other("entry too large"));
            }
            return Ok(0);
        }
        let wanted = buf.len().min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let read = self.inner.read(&mut buf[..wanted])?;
        self.left -= read as u64;
        Ok(read)
    }
}

/// `A1` → (row 1, column 1); `XFD1048576` → (1048576, 16384). Columns of
/// more than three letters are clamped (Excel has at most XFD).
fn cell_position(reference: &[u8]) -> Option<(u64, u64)> {
    let letters = reference.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (column, row) = reference.split_at(letters);
    if letters == 0 || row.is_empty() || !row.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let column = column.iter().take(4).fold(0u64, |n, b| n * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1));
    let row = std::str::from_utf8(row).ok()?.parse::<u64>().ok()?;
    Some((row, column))
}

fn attribute(element: &BytesStart<'_>, name: &str) -> Option<Vec<u8>> {
    let value = element.attributes().flatten().find(|a| a.key.as_ref() == name)?.value;
    Some(value.as_bytes().to_vec())
}

fn check_extent(rows: u64, columns: u64) -> Result<(), ImportError> {
    if rows.saturating_mul(columns) > MAX_SHEET_CELLS {
        return Err(too_large(format!(
            "trang tính trải trên {rows} dòng × {columns} cột (tối đa {MAX_SHEET_CELLS} ô); hãy xóa các ô thừa ở xa bảng dữ liệu"
        )));
    }
    Ok(())
}

/// Streams a worksheet's XML, keeping only the largest row and column
/// seen, and refuses it as soon as their product passes the budget.
fn check_sheet(reader: &mut impl Read) -> Result<(), ImportError> {
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(reader));
    let mut buffer = Vec::new();
    let (mut max_row, mut max_column) = (0u64, 0u64);
    let (mut row, mut column) = (0u64, 0u64);
    loop {
        let event = xml.read_event_into(&mut buffer).map_err(|e| ImportError::Workbook(e.to_string()))?;
        match &event {
            Event::Start(element) | Event::Empty(element) => match element.local_name().as_ref() {
                "dimension" => {
                    let reference = attribute(element, "ref").unwrap_or_default();
                    let last = reference.rsplit(|b| *b == b':').next().unwrap_or_default();
                    if let Some((rows, columns)) = cell_position(last) {
                        check_extent(rows, columns)?;
                    }
                }
                "row" => {
                    row = attribute(element, "r")
                        .and_then(|r| std::str::from_utf8(&r).ok()?.parse().ok())
                        .unwrap_or(row + 1);
                    column = 0;
                    max_row = max_row.max(row);
                }
                "c" => {
                    (row, column) =
                        attribute(element, "r").and_then(|r| cell_position(&r)).unwrap_or((row.max(1), column + 1));
                    max_row = max_row.max(row);
                    max_column = max_column.max(column);
                    check_extent(max_row, max_column)?;
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    check_extent(max_row, max_column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_parse() {
        assert_eq!(cell_position(b"A1"), Some((1, 1)));
        assert_eq!(cell_position(b"XFD1048576"), Some((1_048_576, 16_384)));
        assert_eq!(cell_position(b"AA10"), Some((10, 27)));
        assert_eq!(cell_position(b"1A"), None);
    }
}
