//! Hostile workbooks are refused before calamine loads them, quickly and
//! within a small memory budget: a two-cell workbook whose cells are A1 and
//! XFD1048576 (calamine would allocate ~1.7×10¹⁰ cells), and zip bombs.
//! This test binary counts every allocation, so "the process stays under
//! 200 MB" is measured, not assumed.

use spreadsheets::import::{organization_rows, question_rows, Format, ImportError};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MEMORY_BUDGET: usize = 200 * 1024 * 1024;
const TIME_BUDGET: Duration = Duration::from_secs(2);

/// A workbook with one cell in A1 and one in XFD1048576, as Excel or
/// rust_xlsxwriter write it (`<dimension ref="A1:XFD1048576"/>`).
pub fn two_cell_workbook() -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "Câu hỏi").unwrap();
    sheet.write_string(1_048_575, 16_383, "xa").unwrap();
    workbook.save_to_buffer().unwrap()
}

/// A raw DEFLATE stream (fixed Huffman codes) of `prefix`, then `fill`
/// repeated `repeats` × 258 + 1 times, then `suffix`: a few bytes per
/// kilobyte of output, the way zip bombs are made.
fn deflate_run(prefix: &[u8], fill: u8, repeats: usize, suffix: &[u8]) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        fn put(&mut self, value: u64, count: u32) {
            self.acc |= value << self.n;
            self.n += count;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// Huffman codes go most significant bit first.
        fn code(&mut self, code: u64, count: u32) {
            let reversed = (0..count).fold(0, |r, i| r | (((code >> i) & 1) << (count - 1 - i)));
            self.put(reversed, count);
        }
        fn literal(&mut self, byte: u8) {
            assert!(byte < 144, "ASCII only");
            self.code(0x30 + u64::from(byte), 8);
        }
    }
    let mut bits = Bits { out: Vec::new(), acc: 0, n: 0 };
    bits.put(1, 1); // last block
    bits.put(1, 2); // fixed Huffman codes
    prefix.iter().for_each(|b| bits.literal(*b));
    bits.literal(fill);
    for _ in 0..repeats {
        bits.code(0xC5, 8); // length 258 (symbol 285)
        bits.code(0, 5); // distance 1
    }
    suffix.iter().for_each(|b| bits.literal(*b));
    bits.code(0, 7); // end of block
    bits.put(0, 7); // flush
    bits.out
}

/// A zip archive of deflated entries, written by hand so that the sizes it
/// declares can be anything.
fn zip_archive(entries: &[(&str, Vec<u8>, u64)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data, declared_size) in entries {
        let offset = out.len() as u32;
        let header = |signature: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(signature.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes()); // made by
            }
            h.extend(20u16.to_le_bytes()); // needed
            h.extend(0u16.to_le_bytes()); // flags
            h.extend(8u16.to_le_bytes()); // deflate
            h.extend(0u32.to_le_bytes()); // time, date
            h.extend(0u32.to_le_bytes()); // crc (never reached)
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((*declared_size as u32).to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend([0u8; 6]); // comment, disk, internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend(data);
        central.extend(header(0x0201_4b50, true));
    }
    let directory_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(directory_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// A shared-strings part holding one string of ~300 MB ('a' repeated), in
/// an upload of about 2 MB; `honest` declares its real size, otherwise it
/// claims 1 KB.
pub fn zip_bomb(honest: bool) -> Vec<u8> {
    let (prefix, suffix) = (br#"<sst xmlns="x"><si><t>"#.as_slice(), b"</t></si></sst>".as_slice());
    let repeats = 300 * 1024 * 1024 / 258;
    let size = (prefix.len() + 1 + repeats * 258 + suffix.len()) as u64;
    let bomb = deflate_run(prefix, b'a', repeats, suffix);
    let small = |text: &str| (deflate_run(text.as_bytes(), b' ', 0, b""), text.len() as u64 + 1);
    let (types, types_size) = small(r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#);
    zip_archive(&[
        ("xl/sharedStrings.xml", bomb, if honest { size } else { 1024 }),
        ("[Content_Types].xml", types, types_size),
    ])
}

fn refused_quickly_and_small(name: &str, bytes: &[u8]) -> ImportError {
    let before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let started = Instant::now();
    let questions = question_rows(bytes, Format::Xlsx).expect_err("refused");
    let organizations = organization_rows(bytes, Format::Xlsx).expect_err("refused");
    let (elapsed, peak) = (started.elapsed() / 2, PEAK.load(Ordering::Relaxed) - before);
    println!("{name}: refused in {elapsed:?}, peak {:.1} MB allocated", peak as f64 / 1048576.0);
    assert!(elapsed < TIME_BUDGET, "{name}: {elapsed:?}");
    assert!(peak < MEMORY_BUDGET, "{name}: {peak} bytes");
    assert_eq!(questions, organizations);
    questions
}

#[test]
fn a_two_cell_workbook_spanning_the_whole_sheet_is_refused_before_loading() {
    let bytes = two_cell_workbook();
    assert!(bytes.len() < 10_000);
    let err = refused_quickly_and_small("two cells, A1 and XFD1048576", &bytes);
    assert!(matches!(err, ImportError::TooLarge(_)), "{err:?}");
    assert!(err.to_string().contains("1048576 dòng × 16384 cột"), "{err}");
}

#[test]
fn zip_bombs_are_refused_before_inflating() {
    for honest in [true, false] {
        let bytes = zip_bomb(honest);
        assert!(bytes.len() < 4 * 1024 * 1024, "fits an upload: {}", bytes.len());
        let err = refused_quickly_and_small(if honest { "zip bomb" } else { "zip bomb, lying header" }, &bytes);
        assert!(matches!(err, ImportError::TooLarge(_)), "{err:?}");
    }
}

#[test]
fn an_ordinary_workbook_still_reads() {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (column, title) in ["Tên đơn vị", "Nhóm", "Số người"].iter().enumerate() {
        sheet.write_string(0, column as u16, *title).unwrap();
    }
    for row in 1..=200u32 {
        sheet.write_string(row, 0, format!("Phường {row}")).unwrap();
        sheet.write_string(row, 1, "Phường, xã").unwrap();
        sheet.write_number(row, 2, 35).unwrap();
    }
    let rows = organization_rows(&workbook.save_to_buffer().unwrap(), Format::Xlsx).expect("reads");
    assert_eq!(rows.len(), 200);
}
